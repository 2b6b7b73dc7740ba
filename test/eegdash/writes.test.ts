/**
 * EEGDash admin writes through the gateway against the replica: token handling, validation in the
 * gateway, chunked bulk writes with a failing chunk, and what ends up stored.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { EEGDASH_REPLICA_ADMIN_TOKEN } from '../../replicas/eegdash/server.ts';
import {
  EegInsertRecordDocument,
  EegInsertRecordsDocument,
  EegNodeDocument,
  EegRecordDetailDocument,
  EegUpdateDatasetDocument,
  EegUpdateRecordsDocument,
  EegUpsertDatasetDocument,
  EegUpsertDatasetsDocument,
  EegUpsertRecordsDocument,
} from '../gql/graphql.ts';
import { useEegdashStack } from '../support/eegdash.ts';
import { errorCodes } from '../support/gateway.ts';

const s = useEegdashStack();
beforeEach(() => s.eeg.store.reset('eegdash_dev'));

const ADMIN = { 'x-eegdash-token': EEGDASH_REPLICA_ADMIN_TOKEN };
const dev = () => s.eeg.store.database('eegdash_dev')!;
const pad = (i: number) => String(i).padStart(5, '0');

function record(i: number, dataset = 'dsgw001'): Record<string, unknown> {
  const relpath = `sub-${pad(i)}/eeg/sub-${pad(i)}_task-rest_eeg.edf`;
  return {
    dataset,
    data_name: `${dataset}_sub-${pad(i)}_task-rest_eeg.edf`,
    bids_relpath: relpath,
    bidspath: `${dataset}/${relpath}`,
    subject: pad(i),
    task: 'rest',
    nchans: 32,
    sampling_frequency: 500,
    storage: { backend: 's3', base: `s3://example/${dataset}`, raw_key: relpath, dep_keys: [] },
  };
}

const records = (n: number, from = 0) => Array.from({ length: n }, (_, i) => record(from + i));
const bulkRequests = () => s.eeg.log.filter('/admin/eegdash_dev/records/bulk');

describe('admin writes: credentials', () => {
  it('refuses every write without a token before any upstream call', async () => {
    const results = await Promise.all([
      s.gw.execute(EegInsertRecordDocument, { record: record(1) }),
      s.gw.execute(EegInsertRecordsDocument, { records: records(3) }),
      s.gw.execute(EegUpsertRecordsDocument, { records: records(3) }),
      s.gw.execute(EegUpdateRecordsDocument, { where: { dataset: ['ds002718'] }, set: { task: 'x' } }),
      s.gw.execute(EegUpsertDatasetDocument, { dataset: { dataset_id: 'dsgw001' } }),
      s.gw.execute(EegUpsertDatasetsDocument, { datasets: [{ dataset_id: 'dsgw001' }] }),
      s.gw.execute(EegUpdateDatasetDocument, { id: 'ds002718', set: { license: 'x' } }),
    ]);
    for (const res of results) {
      expect(res.status).toBe(200);
      expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
      expect(res.errors![0]!.message).toMatch(/X-EEGDash-Token/);
    }
    expect(s.eeg.log.count()).toBe(0);
  });

  it("passes the archive's FORBIDDEN through for a wrong token, and sends the token only as bearer to EEGDash", async () => {
    const res = await s.gw.execute(
      EegInsertRecordDocument,
      { database: 'EEGDASH_DEV', record: record(1) },
      { 'x-eegdash-token': 'wrong-token' },
    );
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    expect(res.errors![0]!.extensions).toMatchObject({ archive: 'eegdash', status: 403 });
    expect(s.eeg.log.count()).toBe(1);
    expect(s.eeg.log.entries[0]!.authorization).toBe('Bearer wrong-token');
  });

  it('inserts one record with a token and reads it back', async () => {
    const doc = record(7);
    const res = await s.gw.execute(EegInsertRecordDocument, { database: 'EEGDASH_DEV', record: doc }, ADMIN);
    expect(res.errors).toBeUndefined();
    const inserted = res.data!.insertRecord!;
    expect(inserted.insertedId).toMatch(/^[0-9a-f]{24}$/);
    expect(inserted.record).toMatchObject({ dataName: doc.data_name, datasetId: 'dsgw001', subject: '00007' });
    expect(s.eeg.log.entries[0]).toMatchObject({
      method: 'POST',
      path: '/admin/eegdash_dev/records',
      authorization: `Bearer ${EEGDASH_REPLICA_ADMIN_TOKEN}`,
    });
    const read = await s.gw.execute(EegRecordDetailDocument, {
      database: 'EEGDASH_DEV',
      dataName: doc.data_name as string,
    });
    expect(read.data!.record).toMatchObject({ recordId: inserted.insertedId, bidsRelpath: doc.bids_relpath });
  });
  it('gives a record written without data_name a global id that finds it again', async () => {
    const { data_name: _, ...doc } = record(8);
    const res = await s.gw.execute(EegInsertRecordDocument, { database: 'EEGDASH_DEV', record: doc }, ADMIN);
    const { insertedId, record: written } = res.data!.insertRecord!;
    expect(written!.dataName).toBeNull();
    const node = await s.gw.execute(EegNodeDocument, { id: written!.id });
    expect(node.errors).toBeUndefined();
    expect(node.data!.node).toMatchObject({ __typename: 'Record', database: 'EEGDASH_DEV' });
    expect(JSON.parse(s.eeg.log.entries.at(-1)!.query.get('filter')!)).toEqual({ _id: insertedId });
  });
});

describe('admin writes: validation', () => {
  it('refuses a bulk insert with an invalid record, naming its index, before anything is written', async () => {
    const docs = records(1500);
    delete docs[1203]!.bids_relpath;
    const res = await s.gw.execute(EegInsertRecordsDocument, { database: 'EEGDASH_DEV', records: docs }, ADMIN);
    expect(res.data).toEqual({ insertRecords: null });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions).toMatchObject({
      archive: 'eegdash',
      argument: 'records',
      recordIndex: 1203,
      field: 'bids_relpath',
    });
    expect(s.eeg.log.count()).toBe(0);
  });

  it('refuses non-objects, `$` field names and missing dataset ids', async () => {
    const cases = [
      s.gw.execute(EegInsertRecordDocument, { record: 'a string' }, ADMIN),
      s.gw.execute(EegInsertRecordsDocument, { records: [record(1), { ...record(2), $where: 'x' }] }, ADMIN),
      s.gw.execute(EegInsertRecordsDocument, { records: [] }, ADMIN),
      s.gw.execute(EegUpsertDatasetsDocument, { datasets: [{ dataset_id: 'a' }, { name: 'no id' }] }, ADMIN),
    ];
    const expected = [
      { recordIndex: 0 },
      { recordIndex: 1, field: '$where' },
      { argument: 'records' },
      { recordIndex: 1, field: 'dataset_id' },
    ];
    for (const [i, res] of (await Promise.all(cases)).entries()) {
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0]!.extensions).toMatchObject(expected[i]!);
    }
    expect(s.eeg.log.count()).toBe(0);
  });

  it('refuses updates other than $set, and an update of every record, before any call', async () => {
    const unset = await s.gw.execute(
      EegUpdateRecordsDocument,
      { where: { dataset: ['ds002718'] }, set: { $unset: { task: '' } } },
      ADMIN,
    );
    expect(errorCodes(unset)).toEqual(['BAD_USER_INPUT']);
    expect(unset.errors![0]!.message).toMatch(/only \$set/);
    const everything = await s.gw.execute(EegUpdateRecordsDocument, { set: { task: 'x' } }, ADMIN);
    expect(errorCodes(everything)).toEqual(['BAD_USER_INPUT']);
    const id = await s.gw.execute(EegUpdateDatasetDocument, { id: 'ds002718', set: { dataset_id: 'other' } }, ADMIN);
    expect(errorCodes(id)).toEqual(['BAD_USER_INPUT']);
    expect(s.eeg.log.count()).toBe(0);
  });
});

describe('admin writes: bulk', () => {
  it('reports a failed chunk even when the client selects only the total', async () => {
    const docs = records(1200);
    docs[1100]!.storage = 's3://not-an-object';
    const res = await s.gw.post(
      {
        query: 'mutation($r: [JSON!]!) { insertRecords(records: $r, database: EEGDASH_DEV) { insertedCount } }',
        variables: { r: docs },
      },
      ADMIN,
    );
    expect(res.json.data.insertRecords.insertedCount).toBe(1000);
    expect(res.json.errors.map((e: any) => [e.extensions.code, e.extensions.chunk, e.extensions.recordIndex])).toEqual([
      ['BAD_USER_INPUT', 1, 1100],
    ]);
  });

  it('inserts 2,500 records in 3 chunks; a failing chunk is reported with its record, the others stay counted', async () => {
    const docs = records(2500);
    docs[1234]!.storage = 's3://not-an-object';
    const before = dev().records.length;
    const res = await s.gw.execute(EegInsertRecordsDocument, { database: 'EEGDASH_DEV', records: docs }, ADMIN);
    const result = res.data!.insertRecords!;
    expect(result).toMatchObject({ requestedCount: 2500, insertedCount: 1500, unknownCount: 0, complete: false });
    expect(result.insertedIds).toHaveLength(1500);
    expect(result.chunks.map((c) => [c.index, c.offset, c.size, c.status, c.insertedCount])).toEqual([
      [0, 0, 1000, 'WRITTEN', 1000],
      [1, 1000, 1000, 'FAILED', null],
      [2, 2000, 500, 'WRITTEN', 500],
    ]);
    expect(result.chunks[1]!.error).toMatchObject({
      code: 'BAD_USER_INPUT',
      status: 422,
      recordIndex: 1234,
      field: 'storage',
    });
    // The failure is also a GraphQL error, at the failed chunk's count.
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    // Reported whatever the client selected: at the mutation, naming the chunk.
    expect(res.errors![0]!.path).toEqual(['insertRecords']);
    expect(res.errors![0]!.extensions).toMatchObject({
      archive: 'eegdash',
      chunk: 1,
      offset: 1000,
      size: 1000,
      recordIndex: 1234,
      field: 'storage',
    });
    // Sent in order, one request per chunk, none retried; exactly the written chunks are stored.
    expect(bulkRequests().map((e) => JSON.parse(e.body).length)).toEqual([1000, 1000, 500]);
    expect(bulkRequests().map((e) => JSON.parse(e.body)[0].subject)).toEqual(['00000', '01000', '02000']);
    const stored = dev()
      .records.slice(before)
      .map((r) => r.subject);
    expect(stored).toEqual([...docs.slice(0, 1000), ...docs.slice(2000)].map((d) => d.subject));
  });

  it('does not retry a chunk answered 503: it is UNKNOWN (a 5xx does not say nothing was written), the next is sent', async () => {
    s.eeg.faults.queue({ kind: 'status', status: 503, pathIncludes: '/records/bulk' });
    const res = await s.gw.execute(
      EegInsertRecordsDocument,
      { database: 'EEGDASH_DEV', records: records(1200) },
      ADMIN,
    );
    const result = res.data!.insertRecords!;
    expect(result.chunks.map((c) => c.status)).toEqual(['UNKNOWN', 'WRITTEN']);
    expect(result.chunks[0]!.error).toMatchObject({ code: 'ARCHIVE_UNAVAILABLE', status: 503, recordIndex: null });
    expect(result).toMatchObject({ insertedCount: 200, unknownCount: 1000, complete: false });
    expect(errorCodes(res)).toEqual(['ARCHIVE_UNAVAILABLE']);
    expect(res.errors![0]!.extensions).toMatchObject({ chunk: 0, chunkStatus: 'UNKNOWN' });
    expect(bulkRequests().map((e) => e.status)).toEqual([503, 200]);
  });

  it('sends no further chunk after the archive refuses the token', async () => {
    const res = await s.gw.execute(
      EegInsertRecordsDocument,
      { database: 'EEGDASH_DEV', records: records(2100) },
      { 'x-eegdash-token': 'wrong' },
    );
    const result = res.data!.insertRecords!;
    expect(result.chunks.map((c) => c.status)).toEqual(['FAILED', 'NOT_SENT', 'NOT_SENT']);
    expect(result.chunks.map((c) => c.error!.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(result.insertedCount).toBe(0);
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    expect(bulkRequests()).toHaveLength(1);
  });

  it('upserts records keyed on (dataset, bids_relpath): a second run updates instead of duplicating', async () => {
    const docs = records(1100, 100);
    const first = await s.gw.execute(EegUpsertRecordsDocument, { database: 'EEGDASH_DEV', records: docs }, ADMIN);
    expect(first.data!.upsertRecords).toMatchObject({ insertedCount: 1100, updatedCount: 0, complete: true });
    const second = await s.gw.execute(
      EegUpsertRecordsDocument,
      { database: 'EEGDASH_DEV', records: docs.map((d) => ({ ...d, nchans: 64 })) },
      ADMIN,
    );
    expect(second.data!.upsertRecords).toMatchObject({ insertedCount: 0, updatedCount: 1100, complete: true });
    expect(second.data!.upsertRecords!.chunks.map((c) => [c.size, c.updatedCount])).toEqual([
      [1000, 1000],
      [100, 100],
    ]);
    expect(dev().recordsOf('dsgw001')).toHaveLength(1100);
    expect(
      dev()
        .recordsOf('dsgw001')
        .every((r) => r.nchans === 64),
    ).toBe(true);
  });

  it('sets fields on the records a where selects', async () => {
    await s.gw.execute(EegUpsertRecordsDocument, { database: 'EEGDASH_DEV', records: records(10) }, ADMIN);
    const res = await s.gw.execute(
      EegUpdateRecordsDocument,
      {
        database: 'EEGDASH_DEV',
        where: { dataset: ['dsgw001'], subject: ['00001', '00002'] },
        set: { 'participant_tsv.age': 30, task: 'rest' },
      },
      ADMIN,
    );
    expect(res.data!.updateRecords!).toEqual({ matchedCount: 2, modifiedCount: 2 });
    const patch = s.eeg.log.filter((e) => e.method === 'PATCH')[0]!;
    expect(JSON.parse(patch.body)).toEqual({
      filter: { dataset: 'dsgw001', subject: { $in: ['00001', '00002'] } },
      update: { 'participant_tsv.age': 30, task: 'rest' },
    });
    expect(
      dev()
        .recordsOf('dsgw001')
        .filter((r) => (r.participant_tsv as { age?: number } | undefined)?.age === 30),
    ).toHaveLength(2);
  });
});

describe('admin writes: datasets', () => {
  it('upserts a dataset, then updates it, reading it back each time', async () => {
    const created = await s.gw.execute(
      EegUpsertDatasetDocument,
      { database: 'EEGDASH_DEV', dataset: { dataset_id: 'dsgw001', name: 'Gateway test', license: 'CC0' } },
      ADMIN,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.upsertDataset).toEqual({
      datasetId: 'dsgw001',
      inserted: true,
      matchedCount: 0,
      modifiedCount: 0,
      dataset: { datasetId: 'dsgw001', name: 'Gateway test', license: 'CC0' },
    });
    const updated = await s.gw.execute(
      EegUpdateDatasetDocument,
      { database: 'EEGDASH_DEV', id: 'dsgw001', set: { 'clinical.is_clinical': true, license: 'CC-BY-4.0' } },
      ADMIN,
    );
    expect(updated.data!.updateDataset).toEqual({
      datasetId: 'dsgw001',
      matchedCount: 1,
      modifiedCount: 1,
      dataset: { datasetId: 'dsgw001', license: 'CC-BY-4.0', clinical: { isClinical: true } },
    });
    const missing = await s.gw.execute(
      EegUpdateDatasetDocument,
      { database: 'EEGDASH_DEV', id: 'nope', set: { license: 'x' } },
      ADMIN,
    );
    expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
  });

  it('upserts 1,200 datasets in chunks of 500', async () => {
    const datasets = Array.from({ length: 1200 }, (_, i) => ({ dataset_id: `dsgw${pad(i)}`, source: 'gateway' }));
    const res = await s.gw.execute(EegUpsertDatasetsDocument, { database: 'EEGDASH_DEV', datasets }, ADMIN);
    expect(res.errors).toBeUndefined();
    expect(res.data!.upsertDatasets!).toMatchObject({ requestedCount: 1200, insertedCount: 1200, complete: true });
    expect(res.data!.upsertDatasets!.chunks.map((c) => c.size)).toEqual([500, 500, 200]);
    expect(dev().datasets.filter((d) => d.source === 'gateway')).toHaveLength(1200);
  });
});
