/**
 * What every BrainSTEM gateway test file needs: a replica, a gateway pointed at it, and a
 * pristine seed (and empty request log) for each test.
 */
import { useReplicaStack, type TestGateway } from '../support/gateway.ts';
import {
  BRAINSTEM_REPLICA_TOKENS,
  startBrainstemReplica,
  type BrainstemReplica,
} from '../../replicas/brainstem/server.ts';

export interface BrainstemHarness {
  readonly bs: BrainstemReplica;
  readonly gw: TestGateway;
}

export function useBrainstem(): BrainstemHarness {
  const stack = useReplicaStack(
    () => startBrainstemReplica(),
    (r) => ({ brainstemApiUrl: r.apiUrl }),
    (r) => {
      r.reset();
      r.log.clear();
    },
  );
  return {
    get bs() {
      return stack.replica;
    },
    get gw() {
      return stack.gw;
    },
  };
}

/** Request headers of a seeded user. */
export const as = (who: keyof typeof BRAINSTEM_REPLICA_TOKENS): Record<string, string> => ({
  'x-brainstem-token': BRAINSTEM_REPLICA_TOKENS[who],
});
