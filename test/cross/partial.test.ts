/**
 * Partial results, root field by root field: with the other two archives answering 500, and a
 * sibling field refused for its arguments, each root field still returns its data, and every
 * failing field reports its own coded error. The table must name every root field of `Query`,
 * so a new root field cannot ship without this guarantee.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { getNamedType, isObjectType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { BRAINSTEM_REPLICA_TOKENS } from '../../replicas/brainstem/server.ts';
import { DANDI_REPLICA_TOKENS } from '../../replicas/dandi/server.ts';
import { EEGDASH_REPLICA_ADMIN_TOKEN } from '../../replicas/eegdash/server.ts';
import { schema } from '../../src/schema.ts';
import { useAllReplicas } from '../support/replicas.ts';

type Archive = 'dandi' | 'eegdash' | 'brainstem';
const ARCHIVES: Archive[] = ['dandi', 'eegdash', 'brainstem'];

/** One cheap field per archive, to show that archive's failure next to the field under test. */
const PROBES: Record<Archive, string> = {
  dandi: 'dandisets(first: 1) { edges { node { identifier } } }',
  eegdash: 'records(first: 1) { edges { node { dataName } } }',
  brainstem: 'sessions(first: 1, portal: PUBLIC) { edges { node { id } } }',
};

/** Refused before anything is sent (too short a search text). */
const REFUSED = 'search(text: "x") { edges { cursor } }';

interface Case {
  archive: Archive;
  selection: string;
  headers?: Record<string, string>;
}

const alice = { 'x-brainstem-token': BRAINSTEM_REPLICA_TOKENS.alice };

/** Root fields that are not one BrainSTEM model's `thing`/`things` pair. */
const CASES: Record<string, Case> = {
  dandiset: { archive: 'dandi', selection: 'dandiset(identifier: "000003") { identifier created }' },
  dandisets: { archive: 'dandi', selection: 'dandisets(first: 2) { totalCount edges { node { identifier } } }' },
  asset: { archive: 'dandi', selection: '' }, // filled in from the replica's data
  zarr: { archive: 'dandi', selection: '' },
  record: { archive: 'eegdash', selection: '' },
  records: { archive: 'eegdash', selection: 'records(first: 2) { edges { node { dataName } } }' },
  recordCount: { archive: 'eegdash', selection: 'recordCount(where: { dataset: ["ds002718"] })' },
  recordExists: { archive: 'eegdash', selection: 'recordExists(where: { dataset: ["ds002718"] })' },
  dataset: { archive: 'eegdash', selection: 'dataset(id: "ds002718") { datasetId name }' },
  datasets: { archive: 'eegdash', selection: 'datasets(first: 2) { edges { node { datasetId } } }' },
  datasetNames: { archive: 'eegdash', selection: 'datasetNames' },
  searchDatasets: { archive: 'eegdash', selection: 'searchDatasets(first: 2) { edges { node { datasetId } } }' },
  eegdashCatalogTotals: { archive: 'eegdash', selection: 'eegdashCatalogTotals { datasets }' },
  eegdashInfo: { archive: 'eegdash', selection: 'eegdashInfo { databases }' },
  eegdashHealth: { archive: 'eegdash', selection: 'eegdashHealth { healthy }' },
  eegdashBlockedClients: {
    archive: 'eegdash',
    selection: 'eegdashBlockedClients { ip }',
    headers: { 'x-eegdash-token': EEGDASH_REPLICA_ADMIN_TOKEN },
  },
  brainstemRecords: {
    archive: 'brainstem',
    selection: 'brainstemRecords(model: SESSION, portal: PUBLIC, limit: 2) { records }',
  },
  brainstemRecord: { archive: 'brainstem', selection: '' },
  linkIndex: { archive: 'brainstem', selection: 'linkIndex { sessionCount }' },
  node: { archive: 'dandi', selection: `node(id: "${encodeGlobalID('Dandiset', '000003')}") { id }` },
  nodes: {
    archive: 'dandi',
    selection: `nodes(ids: ["${encodeGlobalID('Dandiset', '000003')}", "${encodeGlobalID('Dandiset', '000004')}"]) { id }`,
  },
  search: { archive: 'dandi', selection: 'search(text: "mouse", archives: [DANDI], first: 2) { edges { cursor } }' },
  dandiInfo: { archive: 'dandi', selection: 'dandiInfo { schemaVersion schemaCompatible }' },
  dandiStats: { archive: 'dandi', selection: 'dandiStats { dandisetCount }' },
  dandiMe: {
    archive: 'dandi',
    selection: 'dandiMe { username }',
    headers: { 'x-dandi-api-key': DANDI_REPLICA_TOKENS.owner },
  },
};

const stack = useAllReplicas({ LINK_INDEX_REFRESH_MS: '0', UPSTREAM_MAX_RETRIES: '1' });

const queryFields = Object.values(schema.getQueryType()?.getFields() ?? {});

/** BrainSTEM's per-model pairs, read off the schema: a list field and the field for one of its items. */
function brainstemPairs(): { one: string; many: string; type: string }[] {
  const pairs: { one: string; many: string; type: string }[] = [];
  for (const field of queryFields) {
    if (!field.args.some((a) => a.name === 'portal')) continue;
    const named = getNamedType(field.type);
    if (!isObjectType(named) || !named.name.endsWith('Connection') || field.name === 'brainstemRecords') continue;
    const type = named.name.replace(/Connection$/, '');
    const one = queryFields.find((f) => getNamedType(f.type).name === type && f.args.some((a) => a.name === 'id'));
    if (one) pairs.push({ one: one.name, many: field.name, type });
  }
  return pairs;
}

beforeAll(async () => {
  const { gw } = stack;
  // Ids of real objects, read through the gateway while every archive is up.
  const zarrs = (await (await fetch(`${stack.replicas.dandi.apiUrl}/zarr/?page_size=1`)).json()) as {
    results: { zarr_id: string; dandiset: string }[];
  };
  const zarr = zarrs.results[0];
  if (!zarr) throw new Error('the DANDI replica has no Zarr archive');
  const dandi = await gw.post({
    query: `{ dandiset(identifier: "${zarr.dandiset}") { draftVersion { assets(first: 1) { edges { node { assetId } } } } } }`,
  });
  const assetId = dandi.json.data.dandiset.draftVersion.assets.edges[0].node.assetId;
  CASES.asset = { archive: 'dandi', selection: `asset(id: "${assetId}") { path }` };
  CASES.zarr = { archive: 'dandi', selection: `zarr(id: "${zarr.zarr_id}") { name }` };
  const eegdash = await gw.post({ query: '{ records(first: 1) { edges { node { dataName } } } }' });
  const dataName = eegdash.json.data.records.edges[0].node.dataName;
  CASES.record = { archive: 'eegdash', selection: `record(dataName: "${dataName}") { dataName }` };
  const session = await gw.post({ query: '{ sessions(first: 1, portal: PUBLIC) { edges { node { brainstemId } } } }' });
  const sessionId = session.json.data.sessions.edges[0].node.brainstemId;
  CASES.brainstemRecord = {
    archive: 'brainstem',
    selection: `brainstemRecord(model: SESSION, id: "${sessionId}", portal: PUBLIC)`,
  };
  for (const { one, many } of brainstemPairs()) {
    CASES[many] = {
      archive: 'brainstem',
      selection: `${many}(first: 1, portal: PRIVATE) { edges { node { id } } }`,
      headers: alice,
    };
    const list = await gw.post(
      { query: `{ ${many}(first: 1, portal: PRIVATE) { edges { node { brainstemId } } } }` },
      alice,
    );
    const id = list.json?.data?.[many]?.edges?.[0]?.node?.brainstemId;
    if (id !== undefined) {
      CASES[one] = {
        archive: 'brainstem',
        selection: `${one}(id: "${id}", portal: PRIVATE) { id }`,
        headers: alice,
      };
    }
  }
});

describe('partial results for every root field', () => {
  it('has a case for every root field of Query', () => {
    const missing = queryFields.map((f) => f.name).filter((name) => !CASES[name]?.selection);
    expect(missing).toEqual([]);
  });

  it.each(queryFields.map((f) => f.name))('%s keeps its data while the other archives fail', async (name) => {
    const c = CASES[name];
    if (!c?.selection) throw new Error(`no case for ${name}`);
    const down = ARCHIVES.filter((a) => a !== c.archive);
    for (const a of down) stack.replicas[a].faults.set({ errorRate: 1, errorStatus: 500 });
    const probes = down.map((a) => `${a}: ${PROBES[a]}`).join('\n');
    const res = await stack.gw.post({ query: `{ field: ${c.selection}\n${probes}\nrefused: ${REFUSED} }` }, c.headers);

    expect(res.status).toBe(200);
    expect(res.json.data.field).not.toBeNull();
    const errors: { path?: (string | number)[]; extensions: Record<string, unknown> }[] = res.json.errors ?? [];
    expect(errors.filter((e) => e.path?.[0] === 'field')).toEqual([]);
    for (const a of down) {
      expect(res.json.data[a]).toBeNull();
      const own = errors.filter((e) => e.path?.[0] === a);
      expect(own).toHaveLength(1);
      expect(own[0]?.extensions).toMatchObject({ code: 'ARCHIVE_UNAVAILABLE', archive: a });
    }
    expect(res.json.data.refused).toBeNull();
    expect(errors.filter((e) => e.path?.[0] === 'refused').map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('all three archives failing', () => {
  it('reports each failure, one error per failing field', async () => {
    for (const a of ARCHIVES) stack.replicas[a].faults.set({ errorRate: 1, errorStatus: 500 });
    const probes = ARCHIVES.map((a) => `${a}: ${PROBES[a]}`).join('\n');
    const res = await stack.gw.post({ query: `{ ${probes} }` });
    expect(res.json.data).toEqual({ dandi: null, eegdash: null, brainstem: null });
    const archives = (res.json.errors as { extensions: { archive: string; code: string } }[])
      .map((e) => `${e.extensions.archive}:${e.extensions.code}`)
      .sort();
    expect(archives).toEqual([
      'brainstem:ARCHIVE_UNAVAILABLE',
      'dandi:ARCHIVE_UNAVAILABLE',
      'eegdash:ARCHIVE_UNAVAILABLE',
    ]);
  });
});
