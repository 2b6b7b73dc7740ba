/**
 * When an archive cannot answer, an answer it gave before is served in its place (up to
 * CACHE_STALE_IF_ERROR_MS old) with a note naming the archive and the age; and the budgets
 * keep the gateway within each archive's rate limit without sending what would exceed it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { errorCodes } from '../support/gateway.ts';
import { useAllReplicas } from '../support/replicas.ts';
import { clearCache, costOf } from './support.ts';

const s = useAllReplicas({
  CACHE: 'on',
  DANDI_CACHE_TTL_MS: '150',
  EEGDASH_CACHE_TTL_MS: '150',
  BRAINSTEM_CACHE_TTL_MS: '150',
  CACHE_STALE_WHILE_REVALIDATE_MS: '0',
  CACHE_STALE_IF_ERROR_MS: '3600000',
  UPSTREAM_MAX_RETRIES: '1',
  // One EEGDash request per 10 s, and no waiting for the next: the budget is easy to spend.
  EEGDASH_REQUESTS_PER_MINUTE: '6',
  UPSTREAM_BUDGET_WAIT_MS: '0',
});
beforeEach(() => clearCache(s.gw));

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const open = (n: number) => s.replicas.dandi.store.dandisets.filter((d) => d.embargoStatus === 'OPEN')[n]!.identifier;
const dandiset = (id: string) => s.gw.post({ query: `{ dandiset(identifier: "${id}") { identifier embargoStatus } }` });

describe('stale-if-error', () => {
  it('serves the last answer, with a note, while DANDI answers 503', async () => {
    const id = open(0);
    const fresh = await dandiset(id);
    expect(fresh.json.errors).toBeUndefined();
    await pause(250); // past freshness
    s.replicas.dandi.faults.set({ errorRate: 1, errorStatus: 503 });
    const stale = await dandiset(id);
    expect(stale.json.errors).toBeUndefined();
    expect(stale.json.data).toEqual(fresh.json.data);
    expect(stale.json.extensions.staleData).toEqual([
      { archive: 'dandi', ageSeconds: expect.any(Number), reason: 'ARCHIVE_UNAVAILABLE' },
    ]);
    expect(costOf(stale.json).dandi).toMatchObject({ staleServes: 1 });
    expect(s.replicas.dandi.log.count()).toBeGreaterThan(1); // it did ask the archive first
  });

  it('serves the last answer when the connection drops, and an error where nothing was cached', async () => {
    const id = open(1);
    await dandiset(id);
    await pause(250);
    s.replicas.dandi.faults.set({ dropRate: 1 });
    const stale = await dandiset(id);
    expect(stale.json.data.dandiset.identifier).toBe(id);
    expect(stale.json.extensions.staleData[0]).toMatchObject({ archive: 'dandi', reason: 'ARCHIVE_UNAVAILABLE' });
    const never = await dandiset(open(2));
    expect(never.json.data.dandiset).toBeNull();
    expect(errorCodes(never.json)).toEqual(['ARCHIVE_UNAVAILABLE']);
    expect(never.json.extensions.staleData).toBeUndefined();
  });

  it('does not serve stale for what the archive refused (a 404 stays a 404)', async () => {
    const id = open(3);
    await dandiset(id);
    await pause(250);
    s.replicas.dandi.faults.queue({ kind: 'status', status: 404 });
    const res = await dandiset(id);
    expect(res.json.data.dandiset).toBeNull();
    expect(errorCodes(res.json)).toEqual(['NOT_FOUND']);
  });
});

describe('budgets', () => {
  const records = (dataset: string) =>
    // One request (no count): the budget below allows exactly one.
    s.gw.post({ query: `{ records(first: 2, filter: { dataset: "${dataset}" }) { edges { node { dataName } } } }` });

  it('refuses, unsent, what the spent EEGDash budget cannot cover, then serves stale from it', async () => {
    const first = await records('ds002718');
    expect(first.json.errors).toBeUndefined();
    const sent = s.replicas.eegdash.log.count();
    expect(sent).toBe(1);

    const refused = await records('ds003061');
    expect(errorCodes(refused.json)).toEqual(['ARCHIVE_RATE_LIMITED']);
    expect(refused.json.errors[0].extensions).toMatchObject({ archive: 'eegdash', requestSent: false });
    expect(refused.json.errors[0].extensions.retryAfterMs).toBeGreaterThan(0);
    expect(s.replicas.eegdash.log.count()).toBe(sent); // nothing was sent

    await pause(250); // the first answer is stale now, and the budget still spent
    const stale = await records('ds002718');
    expect(stale.json.errors).toBeUndefined();
    expect(stale.json.data).toEqual(first.json.data);
    expect(stale.json.extensions.staleData).toEqual([
      { archive: 'eegdash', ageSeconds: expect.any(Number), reason: 'ARCHIVE_RATE_LIMITED' },
    ]);
    expect(s.replicas.eegdash.log.count()).toBe(sent);
  });

  it('pauses an archive that answered 429 for its Retry-After, without sending meanwhile', async () => {
    // DANDI has no budget setting here, so only the 429 can stop it.
    s.replicas.dandi.faults.queue({ kind: 'status', status: 429, retryAfter: 30 });
    const limited = await dandiset(open(4));
    expect(errorCodes(limited.json)).toEqual(['ARCHIVE_RATE_LIMITED']);
    expect(limited.json.errors[0].extensions.retryAfterMs).toBe(30_000);
    const sent = s.replicas.dandi.log.count();
    expect(sent).toBe(1); // Retry-After beyond the longest retry wait: not retried

    const paused = await dandiset(open(5));
    expect(errorCodes(paused.json)).toEqual(['ARCHIVE_RATE_LIMITED']);
    expect(paused.json.errors[0].extensions).toMatchObject({ archive: 'dandi', requestSent: false });
    expect(paused.json.errors[0].extensions.retryAfterMs).toBeGreaterThan(25_000);
    expect(s.replicas.dandi.log.count()).toBe(sent);
  });
});
