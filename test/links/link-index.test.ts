/**
 * The link index over a real BrainSTEM replica: first build on first use, background refresh on
 * its interval, and a failed refresh that keeps the previous index and says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpstreamClient } from '../../src/http/upstream.ts';
import { LinkIndex } from '../../src/links/link-index.ts';
import { silentLogger } from '../../src/logger.ts';
import { startBrainstemReplica, type BrainstemReplica } from '../../replicas/brainstem/server.ts';
import { testUpstream } from '../support/upstream.ts';

let brainstem: BrainstemReplica;
let client: UpstreamClient;

beforeAll(async () => {
  brainstem = await startBrainstemReplica();
  client = testUpstream('brainstem', brainstem.apiUrl);
});
afterAll(async () => {
  await client?.close();
  await brainstem?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** What the index reads from the replica's seed: the sessions of public projects, 100 per request. */
const publicSessionCount = () =>
  brainstem.store
    .all('session')
    .filter((s) => (s.projects as string[]).some((p) => brainstem.store.get('project', p)?.is_public)).length;
const refreshRequests = () => Math.ceil(publicSessionCount() / 100);

describe('LinkIndex', () => {
  it('builds on first use, and not before', async () => {
    const index = new LinkIndex({ brainstem: client, logger: silentLogger, refreshMs: 0, dandiApiOrigins: [] });
    brainstem.log.clear();
    index.schedule();
    await sleep(50);
    expect(brainstem.log.count()).toBe(0);
    expect(index.status().builtAt).toBeNull();
    await index.ready();
    expect(index.status()).toMatchObject({
      sessionCount: publicSessionCount(),
      lastError: null,
      lastRefreshRequests: refreshRequests(),
    });
    expect(index.sessionsCitingDataset('ds002718')).toContain(brainstem.seed.publicEegSession);
  });

  it('refreshes in the background on its interval', async () => {
    const index = new LinkIndex({ brainstem: client, logger: silentLogger, refreshMs: 150, dandiApiOrigins: [] });
    await index.ready();
    const first = index.status().builtAt!.getTime();
    index.schedule();
    // No request from the test itself: the timer alone must rebuild it.
    for (let waited = 0; index.status().builtAt!.getTime() === first && waited < 5_000; waited += 50) await sleep(50);
    index.stop();
    expect(index.status().builtAt!.getTime()).toBeGreaterThan(first);
  });

  it('keeps the previous index when a refresh fails, and reports the failure', async () => {
    const index = new LinkIndex({
      brainstem: client,
      logger: silentLogger,
      refreshMs: 0,
      dandiApiOrigins: [],
      minOnDemandMs: 0,
    });
    await index.ready();
    const before = index.status();
    brainstem.faults.set({ errorRate: 1, errorStatus: 503 });
    try {
      const after = await index.refreshOnDemand();
      expect(after.lastError).toMatch(/BrainSTEM/);
      expect(after.builtAt).toEqual(before.builtAt);
      expect(after.sessionCount).toBe(publicSessionCount());
      expect(index.sessionsCitingDataset('ds002718')).toContain(brainstem.seed.publicEegSession);
    } finally {
      brainstem.faults.reset();
    }
  });

  it('shares one rebuild between concurrent refreshes', async () => {
    const index = new LinkIndex({ brainstem: client, logger: silentLogger, refreshMs: 0, dandiApiOrigins: [] });
    brainstem.log.clear();
    await Promise.all([index.refresh(), index.refresh(), index.ready()]);
    expect(brainstem.log.count()).toBe(refreshRequests());
  });
});
