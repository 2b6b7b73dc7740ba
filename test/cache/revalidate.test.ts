/**
 * Past freshness, within CACHE_STALE_WHILE_REVALIDATE_MS, a cached answer is served at once while
 * one background refresh runs; the refresh asks with `If-None-Match` when the archive gave an
 * ETag, and a 304 makes the stored answer fresh again without sending it twice.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useAllReplicas } from '../support/replicas.ts';
import { clearCache, costOf } from './support.ts';

const s = useAllReplicas({
  CACHE: 'on',
  DANDI_CACHE_TTL_MS: '200',
  CACHE_STALE_WHILE_REVALIDATE_MS: '60000',
});
beforeEach(() => clearCache(s.gw));

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const open = (n: number) => s.replicas.dandi.store.dandisets.filter((d) => d.embargoStatus === 'OPEN')[n]!.identifier;
const dandiset = (id: string) => s.gw.post({ query: `{ dandiset(identifier: "${id}") { identifier embargoStatus } }` });
const until = async (done: () => boolean) => {
  for (let i = 0; i < 100 && !done(); i++) await pause(20);
};

describe('stale-while-revalidate', () => {
  it('serves a stale answer at once and refreshes it once in the background', async () => {
    const id = open(0);
    const first = await dandiset(id);
    expect(s.replicas.dandi.log.count()).toBe(1);
    await pause(250);
    s.replicas.dandi.faults.set({ latencyMs: 300 }); // a slow archive: the stale answer must not wait for it
    const [a, b] = await Promise.all([dandiset(id), dandiset(id)]);
    for (const res of [a, b]) {
      expect(res.json.data).toEqual(first.json.data);
      expect(costOf(res.json).dandi).toMatchObject({ requests: 0, staleServes: 1 });
      expect(res.json.extensions.staleData).toBeUndefined(); // nothing failed: no note
    }
    await until(() => s.replicas.dandi.log.count() === 2 && s.replicas.dandi.log.entries[1]!.status !== 0);
    await pause(50); // and time for the refreshed answer to be stored
    expect(s.replicas.dandi.log.count()).toBe(2); // one refresh for both
    s.replicas.dandi.faults.set({ latencyMs: 0 });
    const refreshed = await dandiset(id);
    expect(costOf(refreshed.json).dandi).toMatchObject({ requests: 0, cacheHits: 1 });
  });

  it('revalidates with If-None-Match when the archive sends ETags, and keeps the body on 304', async () => {
    s.replicas.dandi.faults.set({ etags: true });
    const id = open(1);
    await dandiset(id);
    expect(s.replicas.dandi.log.entries.map((e) => e.status)).toEqual([200]);
    await pause(250);
    const stale = await dandiset(id);
    expect(stale.json.data.dandiset.identifier).toBe(id);
    await until(() => s.replicas.dandi.log.count() === 2 && s.replicas.dandi.log.entries[1]!.status !== 0);
    expect(s.replicas.dandi.log.entries.map((e) => e.status)).toEqual([200, 304]);
    expect(s.replicas.dandi.log.entries[1]!.authorization).toBeUndefined();
    await pause(50);
    const hit = await dandiset(id);
    expect(hit.json.data.dandiset.identifier).toBe(id);
    expect(costOf(hit.json).dandi).toMatchObject({ requests: 0, cacheHits: 1 });
  });
});
