/**
 * One EEGDash replica and one gateway pointed at it for a test file, with the request log, the
 * fault switches and the rate limiter reset before every test.
 */
import { startEegdashReplica, type EegdashReplica } from '../../replicas/eegdash/server.ts';
import { useReplicaStack, type TestGateway } from './gateway.ts';

export interface EegdashStack {
  readonly eeg: EegdashReplica;
  readonly gw: TestGateway;
}

export function useEegdashStack(): EegdashStack {
  const stack = useReplicaStack(
    () => startEegdashReplica(),
    (r) => ({ eegdashApiUrl: r.apiUrl }),
    (r) => {
      r.log.clear();
      r.faults.reset();
      r.rateLimit.disable();
    },
  );
  return {
    get eeg() {
      return stack.replica;
    },
    get gw() {
      return stack.gw;
    },
  };
}
