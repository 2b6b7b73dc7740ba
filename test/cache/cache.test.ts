/**
 * The shared upstream cache over real sockets: a repeated query makes no upstream request,
 * identical concurrent queries make the requests of one, answers fetched with a credential are
 * never served to another caller, and writes outdate what they change.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { BRAINSTEM_REPLICA_TOKENS } from '../../replicas/brainstem/server.ts';
import { DANDI_REPLICA_TOKENS } from '../../replicas/dandi/server.ts';
import { EEGDASH_REPLICA_ADMIN_TOKEN } from '../../replicas/eegdash/server.ts';
import { errorCodes } from '../support/gateway.ts';
import { useAllReplicas } from '../support/replicas.ts';
import { clearCache, costOf, DASHBOARD } from './support.ts';

const s = useAllReplicas({ CACHE: 'on' });
beforeEach(() => clearCache(s.gw));

const openDandiset = (n = 0) => s.replicas.dandi.store.dandisets.filter((d) => d.embargoStatus === 'OPEN')[n]!;
const embargoed = () => s.replicas.dandi.store.dandisets.find((d) => d.embargoStatus === 'EMBARGOED')!;
const dashboard = (d = openDandiset().identifier, headers: Record<string, string> = {}) =>
  s.gw.post({ query: DASHBOARD, variables: { d } }, headers);

describe('the upstream cache', () => {
  it('answers a repeated query within freshness with no upstream request', async () => {
    const first = await dashboard();
    expect(first.json.errors).toBeUndefined();
    const cold = s.counts();
    expect(cold.dandi).toBeGreaterThan(0);
    expect(cold.eegdash).toBeGreaterThan(0);
    expect(cold.brainstem).toBeGreaterThan(0);

    const second = await dashboard();
    expect(second.json.data).toEqual(first.json.data);
    expect(s.counts()).toEqual(cold); // nothing more was sent
    const cost = costOf(second.json);
    for (const archive of ['dandi', 'eegdash', 'brainstem']) {
      expect(cost[archive]).toMatchObject({ requests: 0 });
      expect(cost[archive]!.cacheHits).toBeGreaterThan(0);
    }
  });

  it('sends 20 concurrent identical cold queries upstream as one', async () => {
    await dashboard(openDandiset(1).identifier);
    const one = s.counts();
    clearCache(s.gw);
    for (const r of [s.replicas.dandi, s.replicas.eegdash, s.replicas.brainstem]) r.log.clear();
    s.replicas.dandi.faults.set({ latencyMs: 50 }); // keep the first fetch in flight while the rest arrive
    const all = await Promise.all(Array.from({ length: 20 }, () => dashboard(openDandiset(1).identifier)));
    for (const res of all) expect(res.json.errors).toBeUndefined();
    expect(s.counts()).toEqual(one);
    const coalesced = all.reduce((n, res) => n + (costOf(res.json).dandi?.coalesced ?? 0), 0);
    expect(coalesced).toBeGreaterThan(0);
  });
});

describe('cache scopes', () => {
  it('never serves an embargoed dandiset across callers, even interleaved and concurrent', async () => {
    const id = embargoed().identifier;
    const query = { query: `{ dandiset(identifier: "${id}") { identifier embargoStatus } }` };
    const owner = { 'X-Dandi-Api-Key': DANDI_REPLICA_TOKENS.owner };
    const other = { 'X-Dandi-Api-Key': DANDI_REPLICA_TOKENS.other };
    const callers = [owner, {}, other, owner, other, {}, owner, {}, other];
    for (let round = 0; round < 2; round++) {
      const results = await Promise.all(callers.map((h) => s.gw.post(query, h)));
      results.forEach((res, i) => {
        const who = callers[i]!;
        if (who === owner) expect(res.json.data.dandiset).toMatchObject({ identifier: id, embargoStatus: 'EMBARGOED' });
        else {
          expect(res.json.data.dandiset).toBeNull();
          expect(errorCodes(res.json)).toEqual([who === other ? 'FORBIDDEN' : 'UNAUTHENTICATED']);
        }
      });
    }
  });

  it('does not answer an anonymous caller with what a signed-in caller fetched', async () => {
    const id = openDandiset(3).identifier;
    const query = { query: `{ dandiset(identifier: "${id}") { identifier embargoStatus } }` };
    await s.gw.post(query, { 'X-Dandi-Api-Key': DANDI_REPLICA_TOKENS.owner });
    expect(s.replicas.dandi.log.count()).toBe(1);
    await s.gw.post(query);
    expect(s.replicas.dandi.log.entries.map((e) => e.authorization)).toEqual([
      `token ${DANDI_REPLICA_TOKENS.owner}`,
      undefined,
    ]);
    await s.gw.post(query, { 'X-Dandi-Api-Key': DANDI_REPLICA_TOKENS.other });
    expect(s.replicas.dandi.log.count()).toBe(3); // a third scope: a third request
    // Each scope's own repeat is a hit.
    await Promise.all([
      s.gw.post(query),
      s.gw.post(query, { 'X-Dandi-Api-Key': DANDI_REPLICA_TOKENS.owner }),
      s.gw.post(query, { 'X-Dandi-Api-Key': DANDI_REPLICA_TOKENS.other }),
    ]);
    expect(s.replicas.dandi.log.count()).toBe(3);
  });

  it("keeps BrainSTEM's private portal per user: alice's sessions never reach bob or anonymous", async () => {
    const query = { query: '{ sessions(first: 100, portal: PRIVATE) { totalCount edges { node { name } } } }' };
    const alice = { 'x-brainstem-token': BRAINSTEM_REPLICA_TOKENS.alice };
    const bob = { 'x-brainstem-token': BRAINSTEM_REPLICA_TOKENS.bob };
    const [a1, b1, anon1, a2, b2, anon2] = await Promise.all([
      s.gw.post(query, alice),
      s.gw.post(query, bob),
      s.gw.post(query),
      s.gw.post(query, alice),
      s.gw.post(query, bob),
      s.gw.post(query),
    ]);
    const names = (res: typeof a1) => res.json.data.sessions.edges.map((e: any) => e.node.name).sort();
    expect(names(a1)).toEqual(names(a2));
    expect(names(b1)).toEqual(names(b2));
    expect(names(a1)).not.toEqual(names(b1));
    for (const anon of [anon1, anon2]) {
      expect(anon.json.data.sessions).toBeNull();
      expect(errorCodes(anon.json)).toEqual(['UNAUTHENTICATED']);
    }
  });
});

describe('writes outdate the cache', () => {
  it('a BrainSTEM session update is seen by the writer and by anonymous readers at once', async () => {
    const session = s.replicas.brainstem.store
      .all('session')
      .find((x) => (x.projects as string[]).includes(s.replicas.brainstem.seed.alicePrivateProject))!;
    const alice = { 'x-brainstem-token': BRAINSTEM_REPLICA_TOKENS.alice };
    const read = { query: `{ session(id: "${session.id}", portal: PRIVATE) { description } }` };
    const before = await s.gw.post(read, alice);
    expect(before.json.data.session.description).not.toBe('updated through the gateway');
    await s.gw.post(read, alice);
    const reads = s.replicas.brainstem.log.count((e) => e.method === 'GET');
    const update = await s.gw.post(
      {
        query:
          'mutation($id: ID!, $d: String) { updateSession(id: $id, input: { description: $d }) { session { description } } }',
        variables: { id: String(session.id), d: 'updated through the gateway' },
      },
      alice,
    );
    expect(update.json.errors).toBeUndefined();
    const after = await s.gw.post(read, alice);
    expect(after.json.data.session.description).toBe('updated through the gateway');
    expect(s.replicas.brainstem.log.count((e) => e.method === 'GET')).toBeGreaterThan(reads);
  });

  it('an EEGDash insert is seen by an anonymous read that was cached before it', async () => {
    const count = {
      query: '{ records(first: 1, database: EEGDASH_DEV, filter: { dataset: "dscache01" }) { totalCount } }',
    };
    const before = await s.gw.post(count);
    expect(before.json.errors).toBeUndefined();
    const n = before.json.data.records.totalCount;
    await s.gw.post(count);
    const insert = await s.gw.post(
      {
        query: 'mutation($r: JSON!) { insertRecord(database: EEGDASH_DEV, record: $r) { insertedId } }',
        variables: {
          r: {
            dataset: 'dscache01',
            data_name: 'dscache01_sub-01_task-rest_eeg.set',
            bidspath: 'dscache01/sub-01/eeg/sub-01_task-rest_eeg.set',
            bids_relpath: 'sub-01/eeg/sub-01_task-rest_eeg.set',
            subject: '01',
            task: 'rest',
            modality: 'eeg',
          },
        },
      },
      { 'x-eegdash-token': EEGDASH_REPLICA_ADMIN_TOKEN },
    );
    expect(insert.json.errors).toBeUndefined();
    const after = await s.gw.post(count);
    expect(after.json.data.records.totalCount).toBe(n + 1);
  });
});
