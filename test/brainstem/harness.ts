/**
 * What every BrainSTEM gateway test file needs: a replica, a gateway pointed at it, and a
 * pristine seed (and empty request log) for each test.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { BRAINSTEM_REPLICA_TOKENS, startBrainstemReplica, type BrainstemReplica } from '../../src/replicas/brainstem/server.ts';

export interface BrainstemHarness {
  bs: BrainstemReplica;
  gw: TestGateway;
}

export function useBrainstem(): BrainstemHarness {
  const h = {} as BrainstemHarness;
  beforeAll(async () => {
    h.bs = await startBrainstemReplica();
    h.gw = await startGateway({ brainstemApiUrl: h.bs.apiUrl });
  });
  afterAll(async () => {
    await h.gw?.close();
    await h.bs?.close();
  });
  afterEach(() => {
    h.bs.reset();
    h.bs.log.clear();
  });
  return h;
}

/** Request headers of a seeded user. */
export const as = (who: keyof typeof BRAINSTEM_REPLICA_TOKENS): Record<string, string> => ({ 'x-brainstem-token': BRAINSTEM_REPLICA_TOKENS[who] });
