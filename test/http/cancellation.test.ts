/**
 * A client that hangs up stops its operation's upstream work: queued requests are never sent,
 * requests in flight are aborted, a backoff wait is cut short, nothing is retried, and the
 * abort is never reported or logged as an archive failure.
 */
import { describe, expect, it } from 'vitest';
import { useDandiStack } from '../support/dandi.ts';
import { useLogCapture } from '../support/log.ts';

const CONNECTIONS = 2;
const LATENCY_MS = 200;
/** As many ids as `nodes(ids:)` accepts: enough work to outlast the client by many seconds. */
const IDS = 100;

// Every level, so an abort logged as an upstream failure or an unexpected error would show.
const log = useLogCapture();
const s = useDandiStack({ logger: log.logger, env: { UPSTREAM_CONNECTIONS: String(CONNECTIONS) } });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

/** Posts `query` and hangs up after `abortAfterMs`; resolves when the client has given up. */
async function postAndHangUp(query: string, variables: Record<string, unknown>, abortAfterMs: number) {
  const client = new AbortController();
  const pending = fetch(`${s.gw.url}/graphql`, {
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
  log
    .entries()
    .filter(
      (l) =>
        l.msg === 'upstream request failed' ||
        l.msg === 'archive error answered' ||
        l.msg === 'unexpected error' ||
        l.level === 'error' ||
        JSON.stringify(l).includes('ARCHIVE_UNAVAILABLE'),
    );

describe('client disconnect', () => {
  it('stops every upstream request of a large nodes query', async () => {
    s.dandi.faults.set({ latencyMs: LATENCY_MS });
    const ids = s.dandi.store.dandisets.slice(0, IDS).map((d) => gid('Dandiset', d.identifier));
    const query = 'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Dandiset { identifier created } } }';

    const outcome = await postAndHangUp(query, { ids }, 300);
    expect(outcome.answered).toBe(false);
    const atAbort = s.dandi.log.count();
    // A request already written when the client left may still be arriving, and on a loaded
    // machine the gateway may take a moment to see the socket close.
    await sleep(500);
    const settled = s.dandi.log.count();
    await sleep(2_000);
    const after = s.dandi.log.count();
    console.info(`nodes(${IDS} ids), abort at 300 ms: ${atAbort} requests at abort, ${after} two seconds later`);

    expect(atAbort).toBeGreaterThan(0);
    // At most what was in flight plus one more round while the close was being noticed.
    expect(settled - atAbort).toBeLessThanOrEqual(2 * CONNECTIONS);
    expect(after).toBe(settled);
    expect(after).toBeLessThan(IDS);
    expect(failureLines()).toEqual([]);
  });

  it('interrupts a backoff wait: no retry after the client left', async () => {
    // Retry-After makes the wait a known 2 s (full jitter could make it tiny).
    s.dandi.faults.queue({ kind: 'status', status: 503, retryAfter: 2 });
    const identifier = s.dandi.store.dandisets[0]!.identifier;
    const query = `{ dandiset(identifier: "${identifier}") { created } }`;

    const outcome = await postAndHangUp(query, {}, 300);
    expect(outcome.answered).toBe(false);
    expect(s.dandi.log.entries.map((e) => e.status)).toEqual([503]);
    await sleep(2_500);
    // The retry would have been sent at ~2 s.
    expect(s.dandi.log.entries.map((e) => e.status)).toEqual([503]);
    expect(failureLines()).toEqual([]);
  });

  it('still answers a client that stays', async () => {
    const identifier = s.dandi.store.dandisets[0]!.identifier;
    const res = await fetch(`${s.gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ dandiset(identifier: "${identifier}") { identifier created } }` }),
    });
    const body = (await res.json()) as { data: { dandiset: { identifier: string } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.dandiset.identifier).toBe(identifier);
    expect(s.dandi.log.count()).toBe(1);
  });
});
