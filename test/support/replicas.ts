/**
 * All three replicas and one gateway pointed at them for a test file; logs and faults are
 * cleared before every test.
 */
import { startReplicas, type Replicas } from '../../replicas/start-all.ts';
import { type ReplicaStack, useReplicaStack } from './gateway.ts';

export type CrossStack = ReplicaStack<'replicas', Replicas> & {
  /** Requests each replica logged since the last reset. */
  counts(): { dandi: number; eegdash: number; brainstem: number };
};

export function useAllReplicas(env: Record<string, string> = {}): CrossStack {
  const stack = useReplicaStack(
    'replicas',
    startReplicas,
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
  return Object.assign(stack, {
    counts: () => ({
      dandi: stack.replicas.dandi.log.count(),
      eegdash: stack.replicas.eegdash.log.count(),
      brainstem: stack.replicas.brainstem.log.count(),
    }),
  });
}
