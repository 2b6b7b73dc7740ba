/**
 * One EEGDash replica and one gateway pointed at it for a test file, with the request log, the
 * fault switches and the rate limiter reset before every test.
 */
import { startEegdashReplica, type EegdashReplica } from '../../replicas/eegdash/server.ts';
import { type ReplicaStack, useReplicaStack } from './gateway.ts';

export type EegdashStack = ReplicaStack<'eeg', EegdashReplica>;

export const useEegdashStack = (): EegdashStack =>
  useReplicaStack(
    'eeg',
    startEegdashReplica,
    (r) => ({ eegdashApiUrl: r.apiUrl }),
    (r) => {
      r.log.clear();
      r.faults.reset();
      r.rateLimit.disable();
    },
  );
