/**
 * All three replicas and one gateway pointed at them for a test file; logs and faults are
 * cleared before every test.
 */
import { startReplicas, type Replicas } from '../../replicas/start-all.ts';
import { useReplicaStack, type TestGateway } from './gateway.ts';

export interface CrossStack {
  readonly replicas: Replicas;
  readonly gw: TestGateway;
  /** Requests each replica logged since the last reset. */
  counts(): { dandi: number; eegdash: number; brainstem: number };
}

export function useAllReplicas(env: Record<string, string> = {}): CrossStack {
  const stack = useReplicaStack(
    () => startReplicas(),
    (r) => ({
      dandiApiUrl: r.env.DANDI_API_URL,
      eegdashApiUrl: r.env.EEGDASH_API_URL,
      brainstemApiUrl: r.env.BRAINSTEM_API_URL,
      env,
    }),
    (r) => {
      for (const replica of [r.dandi, r.eegdash, r.brainstem]) {
        replica.log.clear();
        replica.faults.reset();
      }
    },
  );
  return {
    get replicas() {
      return stack.replica;
    },
    get gw() {
      return stack.gw;
    },
    counts: () => ({
      dandi: stack.replica.dandi.log.count(),
      eegdash: stack.replica.eegdash.log.count(),
      brainstem: stack.replica.brainstem.log.count(),
    }),
  };
}
