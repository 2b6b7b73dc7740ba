/**
 * Two gateway processes on one real Redis, as a deployment runs them: what one instance fetched
 * the other serves, answers fetched with a credential stay that credential's, identical cold
 * queries on both instances go upstream once, a write on one outdates the other's reads, the
 * archives' budgets are one for the deployment, and Redis going away costs the cache, never an
 * answer. Real sockets, real redis-server, real replicas, two `node src/main.ts` processes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BRAINSTEM_REPLICA_TOKENS } from '../../replicas/brainstem/server.ts';
import { DANDI_REPLICA_TOKENS } from '../../replicas/dandi/server.ts';
import { type Replicas, startReplicas } from '../../replicas/start-all.ts';
import { errorCodes } from '../support/gateway.ts';
import { type GatewayProcess, startGatewayProcess } from '../support/gateway-process.ts';
import { type RedisServer, startRedis } from '../support/redis.ts';
import { costOf, DASHBOARD } from './support.ts';

let redis: RedisServer;
let replicas: Replicas;
let a: GatewayProcess;
let b: GatewayProcess;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until both gateways' first readiness probes have finished (their budget tokens taken). */
async function probed(gw: GatewayProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const report = (await (await fetch(`${gw.url}/ready`)).json()) as {
      archives: Record<string, { checkedAt: string | null }>;
    };
    if (Object.values(report.archives).every((s) => s.checkedAt !== null)) return;
    await pause(25);
  }
  throw new Error(`the readiness probes of ${gw.url} did not finish:\n${gw.tail()}`);
}

beforeAll(async () => {
  [redis, replicas] = await Promise.all([startRedis(), startReplicas()]);
  const env = {
    ...replicas.env,
    REDIS_URL: redis.url,
    CACHE: 'on',
    COST_EXTENSIONS: 'true',
    // One probe per archive at start, then none: it must not show in the counts.
    READY_PROBE_INTERVAL_MS: '3600000',
    LINK_INDEX_REFRESH_MS: '0',
    // Capacity 10 (ten seconds' worth), refilling one a second; nothing waits for a token.
    EEGDASH_REQUESTS_PER_MINUTE: '60',
    UPSTREAM_BUDGET_WAIT_MS: '0',
  };
  [a, b] = await Promise.all([startGatewayProcess(env), startGatewayProcess(env)]);
  await Promise.all([probed(a), probed(b)]);
});

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await Promise.all([replicas?.close(), redis?.close()]);
});

const all = () => [replicas.dandi, replicas.eegdash, replicas.brainstem];
beforeEach(async () => {
  await redis.flush();
  for (const r of all()) {
    r.log.clear();
    r.faults.reset();
  }
});

const counts = () => ({
  dandi: replicas.dandi.log.count(),
  eegdash: replicas.eegdash.log.count(),
  brainstem: replicas.brainstem.log.count(),
});
const openDandiset = (n: number) => replicas.dandi.store.dandisets.filter((d) => d.embargoStatus === 'OPEN')[n]!;
const dashboard = (gw: GatewayProcess, n: number) =>
  gw.post({ query: DASHBOARD, variables: { d: openDandiset(n).identifier } });

describe('two gateway processes on one Redis', () => {
  it('B serves from the shared cache what A fetched', async () => {
    const cold = await dashboard(a, 0);
    expect(cold.json.errors).toBeUndefined();
    const sent = counts();
    expect(sent.dandi).toBeGreaterThan(0);
    expect(sent.eegdash).toBeGreaterThan(0);
    expect(sent.brainstem).toBeGreaterThan(0);

    const warm = await dashboard(b, 0);
    expect(warm.json.errors).toBeUndefined();
    expect(warm.json.data).toEqual(cold.json.data);
    expect(counts()).toEqual(sent); // nothing more reached any archive
    const cost = costOf(warm.json);
    for (const archive of ['dandi', 'eegdash', 'brainstem']) {
      expect(cost[archive]).toMatchObject({ requests: 0 });
      expect(cost[archive]!.cacheHits).toBeGreaterThan(0);
    }
  });

  it("keeps a credential's answers to that credential across instances", async () => {
    const id = replicas.dandi.store.dandisets.find((d) => d.embargoStatus === 'EMBARGOED')!.identifier;
    const query = { query: `{ dandiset(identifier: "${id}") { identifier embargoStatus } }` };
    const owner = await a.post(query, { 'X-Dandi-Api-Key': DANDI_REPLICA_TOKENS.owner });
    expect(owner.json.data.dandiset).toMatchObject({ identifier: id, embargoStatus: 'EMBARGOED' });

    const anonymous = await b.post(query);
    expect(anonymous.json.data.dandiset).toBeNull();
    expect(errorCodes(anonymous.json)).toEqual(['UNAUTHENTICATED']);
    const other = await b.post(query, { 'X-Dandi-Api-Key': DANDI_REPLICA_TOKENS.other });
    expect(other.json.data.dandiset).toBeNull();
    expect(errorCodes(other.json)).toEqual(['FORBIDDEN']);
    // Each caller's question reached the archive, with that caller's credential.
    expect(replicas.dandi.log.entries.map((e) => e.authorization)).toEqual([
      `token ${DANDI_REPLICA_TOKENS.owner}`,
      undefined,
      `token ${DANDI_REPLICA_TOKENS.other}`,
    ]);

    // And the owner's answer is still the owner's on B: a hit, no request.
    const again = await b.post(query, { 'X-Dandi-Api-Key': DANDI_REPLICA_TOKENS.owner });
    expect(again.json.data).toEqual(owner.json.data);
    expect(costOf(again.json).dandi).toMatchObject({ requests: 0, cacheHits: 1 });
    expect(replicas.dandi.log.count()).toBe(3);
  });

  it('sends 10 concurrent identical cold queries, split over both instances, upstream as one', async () => {
    await dashboard(a, 1);
    const one = counts();
    await redis.flush();
    for (const r of all()) r.log.clear();
    // Keep the first fetch of each key in flight while the others arrive, on either instance.
    for (const r of all()) r.faults.set({ latencyMs: 150 });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => dashboard(i % 2 ? b : a, 1)));
    for (const res of results) {
      expect(res.json.errors).toBeUndefined();
      expect(res.json.data).toEqual(results[0]!.json.data);
    }
    expect(counts()).toEqual(one);
    // Of the ten callers of each upstream key, one sent it and nine took its answer: in its own
    // process (single flight) or in the other one (the Redis lock, then the stored answer).
    const sum = (archive: 'dandi' | 'eegdash' | 'brainstem', field: string) =>
      results.reduce((n, res) => n + (costOf(res.json)[archive]?.[field] ?? 0), 0);
    for (const archive of ['dandi', 'eegdash', 'brainstem'] as const) {
      expect(sum(archive, 'requests')).toBe(one[archive]);
      expect(sum(archive, 'coalesced') + sum(archive, 'cacheHits')).toBe(9 * one[archive]);
    }
  });

  it("outdates B's cached reads when A writes", async () => {
    const bs = replicas.brainstem;
    const session = bs.store
      .all('session')
      .find((x) => (x.projects as string[]).includes(bs.seed.alicePrivateProject))!;
    const alice = { 'x-brainstem-token': BRAINSTEM_REPLICA_TOKENS.alice };
    const read = { query: `{ session(id: "${session.id}", portal: PRIVATE) { description } }` };
    const publicRead = { query: '{ sessions(first: 3) { edges { node { name } } } }' };
    const before = await a.post(read, alice);
    expect(before.json.errors).toBeUndefined();
    const description = `updated through A at ${Date.now()}`;
    expect(before.json.data.session.description).not.toBe(description);
    const publicBefore = await a.post(publicRead);
    expect(publicBefore.json.errors).toBeUndefined();
    // Both are in the shared cache: B reads them with no request.
    const cachedOnB = await b.post(read, alice);
    expect(costOf(cachedOnB.json).brainstem).toMatchObject({ requests: 0 });
    expect(costOf((await b.post(publicRead)).json).brainstem).toMatchObject({ requests: 0 });
    const reads = bs.log.count((e) => e.method === 'GET');

    const update = await a.post(
      {
        query:
          'mutation($id: ID!, $d: String) { updateSession(id: $id, input: { description: $d }) { session { description } } }',
        variables: { id: String(session.id), d: description },
      },
      alice,
    );
    expect(update.json.errors).toBeUndefined();
    const afterWrites = bs.log.count((e) => e.method === 'GET');

    const after = await b.post(read, alice);
    expect(after.json.data.session.description).toBe(description);
    expect(costOf(after.json).brainstem!.requests).toBeGreaterThan(0);
    const publicAfter = await b.post(publicRead);
    expect(publicAfter.json.errors).toBeUndefined();
    expect(costOf(publicAfter.json).brainstem!.requests).toBeGreaterThan(0); // refetched, not served
    expect(bs.log.count((e) => e.method === 'GET')).toBeGreaterThan(afterWrites);
    expect(afterWrites).toBeGreaterThanOrEqual(reads);
  });

  it('spends one EEGDash budget for both instances', async () => {
    const datasets = replicas.eegdash.store.main.datasets.map((d) => d.dataset_id as string).slice(0, 16);
    expect(datasets).toHaveLength(16);
    // One upstream request each (no totalCount, which costs a second), none cached for another.
    const records = (gw: GatewayProcess, dataset: string) =>
      gw.post({ query: `{ records(first: 2, filter: { dataset: "${dataset}" }) { edges { node { dataName } } } }` });
    const results = await Promise.all(datasets.map((d, i) => records(i % 2 ? b : a, d)));
    const answered = results.filter((res) => res.json.errors === undefined);
    const refused = results.filter((res) => errorCodes(res.json).includes('ARCHIVE_RATE_LIMITED'));
    expect(answered.length + refused.length).toBe(16);
    // The bucket was full (Redis flushed): ten tokens for the deployment, not ten per instance.
    expect(replicas.eegdash.log.count()).toBeLessThanOrEqual(10);
    expect(replicas.eegdash.log.count()).toBe(answered.length);
    expect(refused.length).toBeGreaterThanOrEqual(6);
    for (const res of refused) {
      const error = res.json.errors.find((e: any) => e.extensions?.code === 'ARCHIVE_RATE_LIMITED');
      expect(error.extensions).toMatchObject({ archive: 'eegdash', requestSent: false });
      expect(error.extensions.retryAfterMs).toBeGreaterThan(0);
    }
    // Budgets of their own would have let all 16 through (8 per instance, 10 tokens each).
  });

  // Last: it stops Redis for good.
  it('keeps answering on both instances when Redis goes away, with a warning and no hang', async () => {
    await redis.close();
    for (const round of [2, 4]) {
      const timed = [a, b].map(async (gw, i) => {
        const started = performance.now();
        const res = await dashboard(gw, round + i);
        return { gw, res, ms: performance.now() - started, id: openDandiset(round + i).identifier };
      });
      for (const { gw, res, ms, id } of await Promise.all(timed)) {
        expect(res.json.errors, gw.tail()).toBeUndefined();
        expect(res.json.data.dandiset.identifier).toBe(id);
        expect(res.json.data.datasets.edges.length).toBeGreaterThan(0);
        expect(res.json.data.sessions.edges.length).toBeGreaterThan(0);
        // Each upstream request meets Redis four times in series (lookup, lock, budget, save),
        // each failing within its 500 ms timeout: about 2 s, never the 5 s lock wait or more.
        expect(ms, `query took ${Math.round(ms)} ms`).toBeLessThan(4_000);
      }
    }
    for (const gw of [a, b]) {
      expect(gw.alive()).toBe(true);
      const warnings = gw.logs().filter((e) => e.level === 'warn');
      expect(warnings.map((e) => e.msg)).toEqual(
        expect.arrayContaining([expect.stringMatching(/redis unavailable|cache store failed/)]),
      );
      expect(gw.logs().filter((e) => e.level === 'error')).toEqual([]);
    }
  });
});
