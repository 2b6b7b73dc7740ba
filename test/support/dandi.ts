/**
 * One DANDI replica and one gateway pointed at it for a test file, with the request log and the
 * fault switches cleared before every test.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startDandiReplica, type DandiReplica } from '../../src/replicas/dandi/server.ts';
import { startGateway, type TestGateway } from './gateway.ts';

export interface DandiStack {
  dandi: DandiReplica;
  gw: TestGateway;
}

export function useDandiStack(): DandiStack {
  const stack = {} as DandiStack;
  beforeAll(async () => {
    stack.dandi = await startDandiReplica();
    stack.gw = await startGateway({ dandiApiUrl: stack.dandi.apiUrl });
  });
  afterAll(async () => {
    await stack.gw?.close();
    await stack.dandi?.close();
  });
  beforeEach(() => {
    stack.dandi.log.clear();
    stack.dandi.faults.reset();
  });
  return stack;
}
