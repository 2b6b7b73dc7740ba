/**
 * All three replicas and one gateway pointed at them for a test file; logs and faults are
 * cleared before every test.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startReplicas, type Replicas } from '../../src/replicas/start-all.ts';
import { startGateway, type TestGateway } from './gateway.ts';

export interface CrossStack {
  replicas: Replicas;
  gw: TestGateway;
  /** Requests each replica logged since the last reset. */
  counts(): { dandi: number; eegdash: number; brainstem: number };
}

export function useAllReplicas(env: Record<string, string> = {}): CrossStack {
  const stack = {} as CrossStack;
  beforeAll(async () => {
    stack.replicas = await startReplicas();
    const { DANDI_API_URL, EEGDASH_API_URL, BRAINSTEM_API_URL } = stack.replicas.env;
    stack.gw = await startGateway({ dandiApiUrl: DANDI_API_URL, eegdashApiUrl: EEGDASH_API_URL, brainstemApiUrl: BRAINSTEM_API_URL, env });
    stack.counts = () => ({
      dandi: stack.replicas.dandi.log.count(),
      eegdash: stack.replicas.eegdash.log.count(),
      brainstem: stack.replicas.brainstem.log.count(),
    });
  });
  afterAll(async () => {
    await stack.gw?.close();
    await stack.replicas?.close();
  });
  beforeEach(() => {
    for (const r of [stack.replicas.dandi, stack.replicas.eegdash, stack.replicas.brainstem]) {
      r.log.clear();
      r.faults.reset();
    }
  });
  return stack;
}
