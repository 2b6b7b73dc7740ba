/**
 * Valid JSON of the wrong shape from EEGDash, over real sockets (the replica's `body` fault
 * answers 200 with the given JSON instead of the real answer): every body the gateway reads is
 * checked, so a wrong shape is ARCHIVE_BAD_RESPONSE naming the archive and the key — never
 * INTERNAL_SERVER_ERROR, an empty list, a zero, or records built from a string's characters —
 * and only the fields that needed that body fail.
 */
import { describe, expect, it } from 'vitest';
import { EEGDASH_REPLICA_ADMIN_TOKEN } from '../../replicas/eegdash/server.ts';
import {
  EegCatalogDocument,
  EegInsertRecordDocument,
  EegInsertRecordsDocument,
  EegRecordStatsDocument,
  EegUpdateRecordsDocument,
  EegUpsertRecordsDocument,
} from '../gql/graphql.ts';
import { useEegdashStack } from '../support/eegdash.ts';
import { errorCodes } from '../support/gateway.ts';

const s = useEegdashStack();
const ADMIN = { 'x-eegdash-token': EEGDASH_REPLICA_ADMIN_TOKEN };

/** Answers the next request whose path includes `path` with `body` (status 200). */
const wrongShape = (path: string, body: unknown) => s.eeg.faults.queue({ kind: 'body', body, pathIncludes: path });

/** The one error of a response: ARCHIVE_BAD_RESPONSE from EEGDash about `key`, at `path`. */
function expectBadResponse(
  res: { errors?: readonly { path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[] },
  key: string,
  path: (string | number)[],
) {
  expect(errorCodes(res)).toEqual(['ARCHIVE_BAD_RESPONSE']);
  expect(res.errors![0]!.extensions).toMatchObject({ code: 'ARCHIVE_BAD_RESPONSE', archive: 'eegdash', key });
  expect(res.errors![0]!.path).toEqual(path);
}

const RECORDS = '{ records(first: 2) { edges { node { dataName } } } }';

describe('list bodies', () => {
  it.each([
    ['"data" a string', { success: true, data: 'oops' }, 'data'],
    ['"data" missing', { success: true, count: 2 }, 'data'],
    ['"data" of strings', { success: true, data: ['a', 'b'] }, 'data[]'],
    ['the body a list', [{ data_name: 'x' }], 'body'],
  ])('/records with %s', async (_, body, key) => {
    wrongShape('/api/eegdash/records', body);
    const res = await s.gw.post({ query: RECORDS });
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({ records: null });
    expectBadResponse(res.json, key, ['records']);
  });

  it('/datasets with "data" missing or "total" a string', async () => {
    const query = '{ datasets(first: 2) { totalCount edges { node { datasetId } } } }';
    wrongShape('/api/eegdash/datasets', { success: true, total: 3 });
    const missing = await s.gw.post({ query });
    expect(missing.json.data).toEqual({ datasets: null });
    expectBadResponse(missing.json, 'data', ['datasets']);

    wrongShape('/api/eegdash/datasets', { success: true, data: [{ dataset_id: 'ds002718' }], total: 'many' });
    const total = await s.gw.post({ query });
    expect(total.json.data).toEqual({ datasets: null });
    expectBadResponse(total.json, 'total', ['datasets']);
  });

  it('/datasets with a document that has no dataset_id', async () => {
    wrongShape('/api/eegdash/datasets', { success: true, data: [{ name: 'no id' }], total: 1 });
    const res = await s.gw.post({ query: '{ datasets(first: 2) { edges { node { datasetId } } } }' });
    expectBadResponse(res.json, 'data[].dataset_id', ['datasets']);
  });

  it('/datasets/names with names that are not strings, next to a sibling that still answers', async () => {
    wrongShape('/datasets/names', { success: true, data: [1, 2] });
    const res = await s.gw.execute(EegCatalogDocument, {});
    expect(res.data!.datasetNames).toBeNull();
    expect(res.data!.eegdashCatalogTotals!.datasets).toBe(s.eeg.store.main.datasets.length);
    expectBadResponse(res, 'data[]', ['datasetNames']);
  });

  it('/datasets/search with "results" missing', async () => {
    wrongShape('/datasets/search', { success: true, count: 0 });
    const res = await s.gw.post({
      query: '{ search(text: "face", archives: [EEGDASH], first: 2) { edges { cursor } } }',
    });
    expect(res.status).toBe(200);
    const codes = errorCodes(res.json);
    expect(codes).toContain('ARCHIVE_BAD_RESPONSE');
    expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
    const error = res.json.errors.find((e: any) => e.extensions.code === 'ARCHIVE_BAD_RESPONSE');
    expect(error.extensions).toMatchObject({ archive: 'eegdash', key: 'results' });
  });
});

describe('counts, totals and documents', () => {
  it('/count with the count of the wrong type, or missing', async () => {
    const where = { dataset: ['ds002718'] };
    wrongShape('/count', { success: true, count: '18' });
    const string = await s.gw.execute(EegRecordStatsDocument, { where });
    expect(string.data).toEqual({ recordCount: null, recordExists: true });
    expectBadResponse(string, 'count', ['recordCount']);

    wrongShape('/count', { success: true });
    const missing = await s.gw.execute(EegRecordStatsDocument, { where });
    expect(missing.data!.recordCount).toBeNull();
    expectBadResponse(missing, 'count', ['recordCount']);
  });

  it('/datasets/summary without totals, or with a count of the wrong type', async () => {
    wrongShape('/datasets/summary', { success: true, data: [] });
    const res = await s.gw.execute(EegCatalogDocument, {});
    expect(res.data!.eegdashCatalogTotals).toBeNull();
    expect(res.data!.datasetNames).toEqual(s.eeg.store.main.datasetNames());
    expectBadResponse(res, 'totals', ['eegdashCatalogTotals']);

    wrongShape('/datasets/summary', { success: true, data: [], totals: { datasets: 'all' } });
    expectBadResponse(await s.gw.execute(EegCatalogDocument, {}), 'datasets', ['eegdashCatalogTotals']);
  });

  it('a dataset summary and the live statistics of the wrong shape fail only their own fields', async () => {
    wrongShape('/datasets/summary/', { success: true, data: 'oops' });
    wrongShape('/datasets/stats/records', { success: true, data: [] });
    const res = await s.gw.post({
      query: '{ dataset(id: "ds002718") { name summary { computedTitle } channelCounts(live: true) { value count } } }',
    });
    expect(res.json.data.dataset).toEqual({
      name: s.eeg.store.main.getDataset('ds002718')!.name,
      summary: null,
      channelCounts: null,
    });
    expect(res.json.errors.map((e: any) => [e.path.join('.'), e.extensions.code, e.extensions.key]).sort()).toEqual([
      ['dataset.channelCounts', 'ARCHIVE_BAD_RESPONSE', 'data'],
      ['dataset.summary', 'ARCHIVE_BAD_RESPONSE', 'data'],
    ]);
  });

  it('a dataset lookup of the wrong shape is null with ARCHIVE_BAD_RESPONSE, not "no such dataset"', async () => {
    wrongShape('/api/eegdash/datasets', { success: true, data: 'oops', total: 1 });
    const res = await s.gw.post({ query: '{ dataset(id: "ds002718") { name } }' });
    expect(res.json.data).toEqual({ dataset: null });
    expectBadResponse(res.json, 'data', ['dataset']);
  });
});

describe('write acknowledgements', () => {
  const record = (i: number) => ({ dataset: 'dsshape', bids_relpath: `sub-${i}/eeg/sub-${i}_task-rest_eeg.edf` });
  const dev = { database: 'EEGDASH_DEV' as const };

  it.each([
    ['a count that is not a number', { success: true, insertedCount: 'many' }, 'insertedCount'],
    ['no count at all', { success: true, message: 'ok' }, 'insertedCount'],
    ['ids that are not strings', { success: true, insertedCount: 1, insertedIds: [1] }, 'insertedIds[]'],
  ])('a bulk insert answered with %s leaves that chunk UNKNOWN with ARCHIVE_BAD_RESPONSE', async (_, body, key) => {
    wrongShape('/records/bulk', body);
    const records = Array.from({ length: 1001 }, (_, i) => record(i));
    const res = await s.gw.execute(EegInsertRecordsDocument, { ...dev, records }, ADMIN);
    const result = res.data!.insertRecords!;
    expect(result.chunks.map((c) => [c.status, c.error?.code ?? null])).toEqual([
      ['UNKNOWN', 'ARCHIVE_BAD_RESPONSE'],
      ['WRITTEN', null],
    ]);
    expect(result).toMatchObject({ insertedCount: 1, complete: false });
    expect(errorCodes(res)).toEqual(['ARCHIVE_BAD_RESPONSE']);
    expect(res.errors![0]!.extensions).toMatchObject({ archive: 'eegdash', key, chunk: 0 });
  });

  it('an upsert answered without inserted_count leaves its chunk UNKNOWN', async () => {
    wrongShape('/records/upsert', { success: true, updated_count: 1 });
    const res = await s.gw.execute(EegUpsertRecordsDocument, { ...dev, records: [record(1)] }, ADMIN);
    expect(res.data!.upsertRecords!.chunks[0]).toMatchObject({
      status: 'UNKNOWN',
      error: { code: 'ARCHIVE_BAD_RESPONSE' },
    });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'ARCHIVE_BAD_RESPONSE', key: 'inserted_count' });
  });

  it('single writes answered with the wrong shape are null with ARCHIVE_BAD_RESPONSE', async () => {
    wrongShape('/admin/eegdash_dev/records', { success: true, insertedId: 42 });
    const inserted = await s.gw.execute(EegInsertRecordDocument, { ...dev, record: record(7) }, ADMIN);
    expect(inserted.data).toEqual({ insertRecord: null });
    expectBadResponse(inserted, 'insertedId', ['insertRecord']);

    wrongShape('/admin/eegdash_dev/records', { success: true, matched_count: 'all', modified_count: 0 });
    const updated = await s.gw.execute(
      EegUpdateRecordsDocument,
      { ...dev, where: { dataset: ['dsshape'] }, set: { task: 'x' } },
      ADMIN,
    );
    expect(updated.data).toEqual({ updateRecords: null });
    expectBadResponse(updated, 'matched_count', ['updateRecords']);
  });
});
