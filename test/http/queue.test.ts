/**
 * Waiting for a pooled connection is not the archive being slow: UPSTREAM_TIMEOUT_MS starts when
 * a request is written, and the wait for a connection has its own bound, UPSTREAM_QUEUE_TIMEOUT_MS,
 * ending in ARCHIVE_BUSY for a request that was never sent.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDandiReplica, type DandiReplica } from '../../replicas/dandi/server.ts';
import { errorCodes, startGateway, type TestGateway } from '../support/gateway.ts';

let dandi: DandiReplica;
const gateways: TestGateway[] = [];

beforeAll(async () => {
  dandi = await startDandiReplica();
});
afterAll(async () => {
  await Promise.all(gateways.map((g) => g.close()));
  await dandi?.close();
});
beforeEach(() => {
  dandi.log.clear();
  dandi.faults.reset();
});

async function gateway(env: Record<string, string>): Promise<TestGateway> {
  const gw = await startGateway({ dandiApiUrl: dandi.apiUrl, env });
  gateways.push(gw);
  return gw;
}

/** `n` lookups of distinct dandisets, each its own GraphQL request, all at once. */
function lookups(gw: TestGateway, n: number) {
  const ids = dandi.store.dandisets
    .filter((d) => d.embargoStatus === 'OPEN')
    .slice(0, n)
    .map((d) => d.identifier);
  return Promise.all(ids.map((id) => gw.post({ query: `{ dandiset(identifier: "${id}") { identifier created } }` })));
}

describe('the per-attempt timeout', () => {
  it('does not count the wait for a connection', async () => {
    // 10 lookups through 2 connections to a 1 s archive: the last one waits ~4 s for a connection,
    // far past the 1.5 s timeout, but each is answered 1 s after it is written.
    const gw = await gateway({ UPSTREAM_CONNECTIONS: '2', UPSTREAM_TIMEOUT_MS: '1500' });
    dandi.faults.set({ latencyMs: 1_000 });
    const results = await lookups(gw, 10);

    const codes = results.flatMap((r) => errorCodes(r.json));
    expect(codes).toEqual([]);
    expect(results.every((r) => r.json.data.dandiset.created)).toBe(true);
    expect(dandi.log.count()).toBe(10);
  });

  it('still fires for an archive that is slow once the request is written', async () => {
    const gw = await gateway({ UPSTREAM_CONNECTIONS: '2', UPSTREAM_TIMEOUT_MS: '300' });
    dandi.faults.set({ latencyMs: 1_000 });
    const [res] = await lookups(gw, 1);
    expect(errorCodes(res!.json)).toEqual(['ARCHIVE_TIMEOUT']);
    expect(dandi.log.count()).toBe(1);
  });
});

describe('the queue timeout', () => {
  it('gives ARCHIVE_BUSY for a request that never got a connection, and sends nothing for it', async () => {
    const gw = await gateway({ UPSTREAM_CONNECTIONS: '1', UPSTREAM_QUEUE_TIMEOUT_MS: '300' });
    dandi.faults.set({ latencyMs: 1_000 });
    const results = await lookups(gw, 2);

    // Whichever lookup reached the gateway first got the one connection.
    const served = results.filter((r) => r.json.data.dandiset !== null);
    const busy = results.filter((r) => r.json.data.dandiset === null);
    expect(served).toHaveLength(1);
    expect(errorCodes(served[0]!.json)).toEqual([]);
    expect(busy).toHaveLength(1);
    expect(errorCodes(busy[0]!.json)).toEqual(['ARCHIVE_BUSY']);
    expect(busy[0]!.json.errors[0].extensions).toMatchObject({ archive: 'dandi', queueTimeoutMs: 300 });
    // Not retried, and never reached the archive: the one request logged is the served lookup's.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(dandi.log.count()).toBe(1);
    expect(dandi.log.entries[0]!.path).toContain(served[0]!.json.data.dandiset.identifier);
  });
});
