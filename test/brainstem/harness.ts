/**
 * What every BrainSTEM gateway test file needs: a replica, a gateway pointed at it, and a
 * pristine seed (and empty request log) for each test.
 */
import { type ReplicaStack, useReplicaStack } from '../support/gateway.ts';
import {
  BRAINSTEM_REPLICA_TOKENS,
  startBrainstemReplica,
  type BrainstemReplica,
} from '../../replicas/brainstem/server.ts';

export type BrainstemHarness = ReplicaStack<'bs', BrainstemReplica>;

export const useBrainstem = (): BrainstemHarness =>
  useReplicaStack(
    'bs',
    startBrainstemReplica,
    (r) => ({ brainstemApiUrl: r.apiUrl }),
    (r) => {
      r.reset();
      r.log.clear();
    },
  );

/** Request headers of a seeded user. */
export const as = (who: keyof typeof BRAINSTEM_REPLICA_TOKENS): Record<string, string> => ({
  'x-brainstem-token': BRAINSTEM_REPLICA_TOKENS[who],
});
