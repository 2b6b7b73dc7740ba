/**
 * One EEGDash replica and one gateway pointed at it for a test file, with the request log, the
 * fault switches and the rate limiter reset before every test.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startEegdashReplica, type EegdashReplica } from '../../src/replicas/eegdash/server.ts';
import { startGateway, type TestGateway } from './gateway.ts';

export interface EegdashStack {
  eeg: EegdashReplica;
  gw: TestGateway;
}

export function useEegdashStack(): EegdashStack {
  const stack = {} as EegdashStack;
  beforeAll(async () => {
    stack.eeg = await startEegdashReplica();
    stack.gw = await startGateway({ eegdashApiUrl: stack.eeg.apiUrl });
  });
  afterAll(async () => {
    await stack.gw?.close();
    await stack.eeg?.close();
  });
  beforeEach(() => {
    stack.eeg.log.clear();
    stack.eeg.faults.reset();
    stack.eeg.rateLimit.disable();
  });
  return stack;
}
