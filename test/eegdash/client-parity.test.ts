/**
 * What the Python client can do that the gateway now does too, against the EEGDash replica:
 * `find(skip=)` on record and dataset lists (same rows, same one request), the service
 * endpoints (`GET /`, `/health`), the admin IP fence (blocked / unblock), and upsert
 * acknowledgements that report no `modified_count` (null, not 0).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { EEGDASH_REPLICA_ADMIN_TOKEN } from '../../replicas/eegdash/server.ts';
import {
  EegParityBlockedDocument,
  EegParityDatasetRecordsDocument,
  EegParityDatasetsDocument,
  EegParityInsertRecordsDocument,
  EegParityRecordsDocument,
  EegParitySearchDatasetsDocument,
  EegParityServiceDocument,
  EegParityUnblockDocument,
  EegParityUpsertRecordsDocument,
} from '../gql/graphql.ts';
import { useEegdashStack } from '../support/eegdash.ts';
import { errorCodes } from '../support/gateway.ts';

const s = useEegdashStack();
beforeEach(() => s.eeg.security.reset());

const ADMIN = { 'x-eegdash-token': EEGDASH_REPLICA_ADMIN_TOKEN };
const recordRequests = () => s.eeg.log.filter((e) => e.path === '/api/eegdash/records');

/** What the Python client's `find(query, skip=, limit=)` gets: one GET with `skip` and `limit`. */
async function pythonFind(filter: Record<string, unknown>, skip: number, limit: number): Promise<string[]> {
  const q = new URLSearchParams({ filter: JSON.stringify(filter), limit: String(limit) });
  if (skip) q.set('skip', String(skip));
  const res = await fetch(`${s.eeg.apiUrl}/api/eegdash/records?${q}`);
  const body = (await res.json()) as { data: { data_name: string }[] };
  return body.data.map((r) => r.data_name);
}

const names = (res: { data?: { records?: { edges: { node: { dataName: string | null } }[] } | null } | null }) =>
  res.data!.records!.edges.map((e) => e.node.dataName);

describe('skip: find(skip=) parity', () => {
  it('answers the rows find(skip=, limit=) does, with one request carrying that skip', async () => {
    const where = { recordingModality: ['eeg'] };
    const expected = await pythonFind({ recording_modality: 'eeg' }, 150, 25);
    expect(expected).toHaveLength(25);
    s.eeg.log.clear();

    const res = await s.gw.execute(EegParityRecordsDocument, { where, skip: 150, first: 25 });
    expect(res.errors).toBeUndefined();
    expect(names(res)).toEqual(expected);
    expect(res.data!.records!.pageInfo.hasPreviousPage).toBe(true);
    expect(recordRequests()).toHaveLength(1);
    expect(recordRequests()[0]!.query.get('skip')).toBe('150');

    // The cursors count from the start of the list: `after: endCursor` continues at row 175.
    const next = await s.gw.execute(EegParityRecordsDocument, {
      where,
      first: 25,
      after: res.data!.records!.pageInfo.endCursor,
    });
    expect(names(next)).toEqual(await pythonFind({ recording_modality: 'eeg' }, 175, 25));
  });

  it('skip 0 is no skip, and skip past the end is an empty page', async () => {
    const first = await s.gw.execute(EegParityRecordsDocument, { skip: 0, first: 3 });
    const plain = await s.gw.execute(EegParityRecordsDocument, { first: 3 });
    expect(names(first)).toEqual(names(plain));
    expect(recordRequests().every((e) => !e.query.has('skip'))).toBe(true);

    const past = await s.gw.execute(EegParityRecordsDocument, { skip: 9_000_000, first: 5 });
    expect(past.errors).toBeUndefined();
    expect(past.data!.records!.edges).toEqual([]);
    expect(past.data!.records!.pageInfo.hasNextPage).toBe(false);
  });

  it('combines with last (the last rows from skip on) and with before', async () => {
    const all = await pythonFind({ dataset: 'ds002718' }, 0, 1000);
    const where = { dataset: ['ds002718'] };
    const last = await s.gw.execute(EegParityRecordsDocument, { where, skip: 5, last: 3 });
    expect(last.errors).toBeUndefined();
    expect(names(last)).toEqual(all.slice(-3));
    const beforeCursor = Buffer.from('offset:10').toString('base64url');
    const bounded = await s.gw.execute(EegParityRecordsDocument, { where, skip: 4, first: 50, before: beforeCursor });
    expect(names(bounded)).toEqual(all.slice(4, 10));
  });

  it('refuses a negative or too large skip, and skip with after, before any request', async () => {
    const after = Buffer.from('offset:3').toString('base64url');
    for (const vars of [{ skip: -1 }, { skip: 10_000_001 }, { skip: 2, after }]) {
      const res = await s.gw.execute(EegParityRecordsDocument, { ...vars, first: 5 });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0]!.extensions!.argument).toBe('skip');
      expect(res.data!.records).toBeNull();
    }
    expect(s.eeg.log.entries).toHaveLength(0);
  });

  it("skips on a dataset's records, on datasets (with the total) and on searchDatasets", async () => {
    const perDataset = await s.gw.execute(EegParityDatasetRecordsDocument, { id: 'ds002718', skip: 10, first: 100 });
    const all = await pythonFind({ dataset: 'ds002718' }, 0, 1000);
    expect(perDataset.data!.dataset!.records!.edges.map((e) => e.node.dataName)).toEqual(all.slice(10));

    const direct = await fetch(`${s.eeg.apiUrl}/api/eegdash/datasets?limit=1000`);
    const catalogue = ((await direct.json()) as { data: { dataset_id: string; source?: string }[] }).data;
    s.eeg.log.clear();
    const page = await s.gw.execute(EegParityDatasetsDocument, { skip: 40, first: 7 });
    expect(page.errors).toBeUndefined();
    expect(page.data!.datasets!.edges.map((e) => e.node.datasetId)).toEqual(
      catalogue.slice(40, 47).map((d) => d.dataset_id),
    );
    expect(page.data!.datasets!.totalCount).toBe(catalogue.length);
    expect(page.data!.datasets!.pageInfo.hasPreviousPage).toBe(true);
    // The total comes with the page: one request, with that skip.
    const datasetRequests = s.eeg.log.filter((e) => e.path === '/api/eegdash/datasets');
    expect(datasetRequests).toHaveLength(1);
    expect(datasetRequests[0]!.query.get('skip')).toBe('40');

    const nemar = catalogue.filter((d) => d.source === 'nemar').map((d) => d.dataset_id);
    const search = await s.gw.execute(EegParitySearchDatasetsDocument, { source: 'nemar', skip: 2, first: 3 });
    expect(search.data!.searchDatasets!.edges.map((e) => e.node.datasetId)).toEqual(nemar.slice(2, 5));
  });
});

describe('the service: GET / and /health', () => {
  it('reports the API version, its databases and its health, one request each', async () => {
    const res = await s.gw.execute(EegParityServiceDocument, {});
    expect(res.errors).toBeUndefined();
    expect(res.data!.eegdashInfo).toEqual({
      name: 'EEGDash API',
      version: '2.3.0',
      databases: [...s.eeg.store.names],
    });
    expect(res.data!.eegdashHealth).toEqual({ status: 'healthy', mongodb: 'connected', healthy: true });
    expect(s.eeg.log.count((e) => e.path === '/')).toBe(1);
    expect(s.eeg.log.count((e) => e.path === '/health')).toBe(1);
  });

  it('is null with an ARCHIVE_* code when the archive fails', async () => {
    for (let i = 0; i < 8; i++) s.eeg.faults.queue({ kind: 'status', status: 503, pathIncludes: '/health' });
    const res = await s.gw.execute(EegParityServiceDocument, {});
    expect(res.data!.eegdashHealth).toBeNull();
    expect(res.data!.eegdashInfo).not.toBeNull();
    expect(errorCodes(res)).toEqual(['ARCHIVE_UNAVAILABLE']);
  });
});

describe('admin: the IP fence', () => {
  it('needs the admin token: UNAUTHENTICATED without (nothing sent), FORBIDDEN with a wrong one', async () => {
    const none = await s.gw.execute(EegParityBlockedDocument, {});
    expect(errorCodes(none)).toEqual(['UNAUTHENTICATED']);
    const unblock = await s.gw.execute(EegParityUnblockDocument, { ip: '203.0.113.7' });
    expect(errorCodes(unblock)).toEqual(['UNAUTHENTICATED']);
    expect(s.eeg.log.entries).toHaveLength(0);
    const wrong = await s.gw.execute(EegParityBlockedDocument, {}, { 'x-eegdash-token': 'not-the-token' });
    expect(errorCodes(wrong)).toEqual(['FORBIDDEN']);
  });

  it('lists the IPs repeated rate-limit offences blocked, and unblocks one', async () => {
    s.eeg.rateLimit.enable(2);
    s.eeg.security.configure({ threshold: 3 });
    const offender = '198.51.100.23';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await fetch(`${s.eeg.apiUrl}/api/eegdash/count`, { headers: { 'x-forwarded-for': offender } });
      statuses.push(r.status);
    }
    // Two allowed, three 429s (offences), then the fence: 403 Blocked.
    expect(statuses).toEqual([200, 200, 429, 429, 429, 403]);
    s.eeg.security.block('2001:db8::5', 'manual');
    s.eeg.log.clear();

    const listed = await s.gw.execute(EegParityBlockedDocument, {}, ADMIN);
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.eegdashBlockedClients).toEqual([
      { ip: offender, offenseCount: 3, blockedAt: expect.any(String), reason: 'rate limit exceeded' },
      { ip: '2001:db8::5', offenseCount: 1, blockedAt: expect.any(String), reason: 'manual' },
    ]);
    expect(s.eeg.log.count('/admin/security/blocked')).toBe(1);

    const lifted = await s.gw.execute(EegParityUnblockDocument, { ip: ` ${offender} ` }, ADMIN);
    expect(lifted.data!.unblockEegdashClient).toEqual({ ip: offender, wasBlocked: true });
    const sent = s.eeg.log.filter('/admin/security/unblock');
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!.body)).toEqual({ ip: offender });

    s.eeg.rateLimit.disable();
    const again = await fetch(`${s.eeg.apiUrl}/api/eegdash/count`, { headers: { 'x-forwarded-for': offender } });
    expect(again.status).toBe(200);
    const after = await s.gw.execute(EegParityBlockedDocument, {}, ADMIN);
    expect(after.data!.eegdashBlockedClients!.map((b) => b.ip)).toEqual(['2001:db8::5']);

    // Not blocked (any more): an answer, not an error.
    const twice = await s.gw.execute(EegParityUnblockDocument, { ip: offender }, ADMIN);
    expect(twice.errors).toBeUndefined();
    expect(twice.data!.unblockEegdashClient).toEqual({ ip: offender, wasBlocked: false });
  });

  it('refuses what is not an IP address before sending it', async () => {
    const res = await s.gw.execute(EegParityUnblockDocument, { ip: 'not-an-ip' }, ADMIN);
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(s.eeg.log.entries).toHaveLength(0);
  });
});

describe('write acknowledgements: modifiedCount', () => {
  beforeEach(() => s.eeg.store.reset('eegdash_dev'));
  const record = (i: number, task = 'rest') => ({
    dataset: 'dsparity',
    data_name: `dsparity_sub-${i}_eeg.edf`,
    bids_relpath: `sub-${i}/eeg/sub-${i}_eeg.edf`,
    task,
  });

  it('is null for a replacing upsert, as /records/upsert reports no such count', async () => {
    const first = await s.gw.execute(EegParityUpsertRecordsDocument, { records: [record(1), record(2)] }, ADMIN);
    expect(first.errors).toBeUndefined();
    expect(first.data!.upsertRecords).toEqual({
      insertedCount: 2,
      updatedCount: 0,
      modifiedCount: null,
      chunks: [{ status: 'WRITTEN', insertedCount: 2, updatedCount: 0, modifiedCount: null }],
    });
    const replaced = await s.gw.execute(
      EegParityUpsertRecordsDocument,
      { records: [record(1, 'changed'), record(3)] },
      ADMIN,
    );
    expect(replaced.data!.upsertRecords).toMatchObject({ insertedCount: 1, updatedCount: 1, modifiedCount: null });
    const ack = s.eeg.log.filter('/admin/eegdash_dev/records/upsert');
    expect(ack).toHaveLength(2);
  });

  it('is 0 for plain inserts (an insert modifies nothing)', async () => {
    const res = await s.gw.execute(EegParityInsertRecordsDocument, { records: [record(7)] }, ADMIN);
    expect(res.data!.insertRecords).toEqual({ insertedCount: 1, modifiedCount: 0, chunks: [{ modifiedCount: 0 }] });
  });
});
