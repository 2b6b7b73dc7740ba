/**
 * REQUEST_DEADLINE_MS: when an operation's own deadline passes, its upstream calls are aborted
 * and the fields still waiting fail with DEADLINE_EXCEEDED, while fields already answered keep
 * their data.
 */
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../support/gateway.ts';
import { useAllReplicas } from '../support/replicas.ts';

const DEADLINE_MS = 800;
/** Generous: the deadline is what bounds the answer, not how fast this machine is. */
const MARGIN_MS = 2_000;

const s = useAllReplicas({ REQUEST_DEADLINE_MS: String(DEADLINE_MS), UPSTREAM_TIMEOUT_MS: '10000' });

const QUERY = `{
  dandiset(identifier: "000003") { identifier created }
  dataset(id: "ds002718") { datasetId name }
}`;

async function timed(query: string) {
  const started = performance.now();
  const res = await s.gw.post({ query });
  return { ...res, ms: performance.now() - started };
}

describe('the operation deadline', () => {
  it('cuts a hanging archive off, keeps the other archive’s data', async () => {
    s.replicas.dandi.faults.queue({ kind: 'hang' });
    const res = await timed(QUERY);

    expect(res.ms).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    expect(res.ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    expect(res.json.data.dandiset).toBeNull();
    expect(res.json.data.dataset).toMatchObject({ datasetId: 'ds002718', name: expect.any(String) });
    expect([...new Set(errorCodes(res.json))]).toEqual(['DEADLINE_EXCEEDED']);
    // `requestSent`: the hung request had been written (for a write, the archive may have acted).
    expect(res.json.errors[0].extensions).toMatchObject({
      archive: 'dandi',
      deadlineMs: DEADLINE_MS,
      requestSent: true,
    });
    expect(res.json.errors[0].path[0]).toBe('dandiset');
    // The hung request was abandoned, not retried.
    expect(s.replicas.dandi.log.count()).toBe(1);
  });

  it('interrupts a backoff wait that would outlast the deadline', async () => {
    s.replicas.dandi.faults.queue({ kind: 'status', status: 503, retryAfter: 2 });
    const res = await timed(QUERY);

    expect(res.ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    expect(res.json.data.dataset).toMatchObject({ datasetId: 'ds002718' });
    expect([...new Set(errorCodes(res.json))]).toEqual(['DEADLINE_EXCEEDED']);
    // Cut off while waiting to retry: the retry was never sent.
    expect(res.json.errors[0].extensions).toMatchObject({ deadlineMs: DEADLINE_MS, requestSent: false });
    expect(s.replicas.dandi.log.entries.map((e) => e.status)).toEqual([503]);
  });

  it('leaves an operation that finishes in time alone', async () => {
    const res = await timed(QUERY);
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data.dandiset).toMatchObject({ identifier: '000003' });
  });
});
