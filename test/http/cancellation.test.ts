/**
 * A client that hangs up stops its operation's upstream work: queued requests are never sent,
 * requests in flight are aborted, a backoff wait is cut short, nothing is retried, and the
 * abort is never reported or logged as an archive failure.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDandiReplica, type DandiReplica } from '../../replicas/dandi/server.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createGateway, type Gateway } from '../../src/server.ts';

const CONNECTIONS = 2;
const LATENCY_MS = 200;
/** As many ids as `nodes(ids:)` accepts: enough work to outlast the client by many seconds. */
const IDS = 100;

let dandi: DandiReplica;
let gateway: Gateway;
let url: string;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  dandi = await startDandiReplica();
  const config = loadConfig([], {
    PORT: '0',
    HOST: '127.0.0.1',
    DANDI_API_URL: dandi.apiUrl,
    EEGDASH_API_URL: 'http://127.0.0.1:9',
    BRAINSTEM_API_URL: 'http://127.0.0.1:9',
    UPSTREAM_CONNECTIONS: String(CONNECTIONS),
    UPSTREAM_RETRY_BASE_MS: '5',
    UPSTREAM_RETRY_MAX_DELAY_MS: '3000',
    UPSTREAM_RETRY_BUDGET_MS: '5000',
  });
  // Every level, so an abort logged as an upstream failure or an unexpected error would show.
  gateway = createGateway(
    config,
    createLogger('debug', (line) => lines.push(JSON.parse(line))),
  );
  url = await gateway.listen();
});

afterAll(async () => {
  await gateway?.close(1_000);
  await dandi?.close();
});

beforeEach(() => {
  dandi.log.clear();
  dandi.faults.reset();
  lines.length = 0;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

/** Posts `query` and hangs up after `abortAfterMs`; resolves when the client has given up. */
async function postAndHangUp(query: string, variables: Record<string, unknown>, abortAfterMs: number) {
  const client = new AbortController();
  const pending = fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: client.signal,
  }).then(
    async (res) => ({ answered: true, body: await res.text() }),
    (error: Error) => ({ answered: false, body: error.name }),
  );
  await sleep(abortAfterMs);
  client.abort();
  return pending;
}

/** Log lines that would count the abort as an archive failure (or as a gateway bug). */
const failureLines = () =>
  lines.filter(
    (l) =>
      l.msg === 'upstream request failed' ||
      l.msg === 'archive error answered' ||
      l.msg === 'unexpected error' ||
      l.level === 'error' ||
      JSON.stringify(l).includes('ARCHIVE_UNAVAILABLE'),
  );

describe('client disconnect', () => {
  it('stops every upstream request of a large nodes query', async () => {
    dandi.faults.set({ latencyMs: LATENCY_MS });
    const ids = dandi.store.dandisets.slice(0, IDS).map((d) => gid('Dandiset', d.identifier));
    const query = 'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Dandiset { identifier created } } }';

    const outcome = await postAndHangUp(query, { ids }, 300);
    expect(outcome.answered).toBe(false);
    const atAbort = dandi.log.count();
    // A request already written when the client left may still be arriving.
    await sleep(100);
    const settled = dandi.log.count();
    await sleep(2_000);
    const after = dandi.log.count();
    console.info(`nodes(${IDS} ids), abort at 300 ms: ${atAbort} requests at abort, ${after} two seconds later`);

    expect(atAbort).toBeGreaterThan(0);
    expect(settled - atAbort).toBeLessThanOrEqual(CONNECTIONS);
    expect(after).toBe(settled);
    expect(after).toBeLessThan(IDS);
    expect(failureLines()).toEqual([]);
  });

  it('interrupts a backoff wait: no retry after the client left', async () => {
    // Retry-After makes the wait a known 2 s (full jitter could make it tiny).
    dandi.faults.queue({ kind: 'status', status: 503, retryAfter: 2 });
    const identifier = dandi.store.dandisets[0]!.identifier;
    const query = `{ dandiset(identifier: "${identifier}") { created } }`;

    const outcome = await postAndHangUp(query, {}, 300);
    expect(outcome.answered).toBe(false);
    expect(dandi.log.entries.map((e) => e.status)).toEqual([503]);
    await sleep(2_500);
    // The retry would have been sent at ~2 s.
    expect(dandi.log.entries.map((e) => e.status)).toEqual([503]);
    expect(failureLines()).toEqual([]);
  });

  it('still answers a client that stays', async () => {
    const identifier = dandi.store.dandisets[0]!.identifier;
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ dandiset(identifier: "${identifier}") { identifier created } }` }),
    });
    const body = (await res.json()) as { data: { dandiset: { identifier: string } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.dandiset.identifier).toBe(identifier);
    expect(dandi.log.count()).toBe(1);
  });
});
