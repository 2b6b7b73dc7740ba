/**
 * Refs, not fetches, and the edges of paging: a dataset's records are fetched without its
 * document (request counts from the replica log), `first: 0` says whether anything is there,
 * and input refusals name the GraphQL argument while the datasource names only its own terms.
 */
import { describe, expect, it } from 'vitest';
import {
  EegDatasetRecordWindowDocument,
  EegDatasetsWithRecordsDocument,
  EegRecordDatasetCountDocument,
  EegRecordsPageDocument,
} from '../gql/graphql.ts';
import { useEegdashStack } from '../support/eegdash.ts';
import { errorCodes } from '../support/gateway.ts';

const s = useEegdashStack();
const main = () => s.eeg.store.main;

describe('refs, not fetches', () => {
  it('dataset(id:) { records } is exactly one request: the records window', async () => {
    const res = await s.gw.execute(EegDatasetRecordWindowDocument, { id: 'ds002718', first: 3 });
    expect(res.errors).toBeUndefined();
    const expected = main().recordsOf('ds002718').slice(0, 3);
    expect(res.data!.dataset).toEqual({
      datasetId: 'ds002718',
      records: {
        pageInfo: { hasNextPage: true },
        edges: expected.map((r) => ({ node: { dataName: r.data_name, subject: r.subject } })),
      },
    });
    expect(s.eeg.log.entries.map((e) => e.path)).toEqual(['/api/eegdash/records']);
    expect(JSON.parse(s.eeg.log.entries[0]!.query.get('filter')!)).toEqual({ dataset: 'ds002718' });
    expect(s.eeg.log.entries[0]!.query.get('limit')).toBe('4');
  });

  it("gives an id the catalogue lacks the archive's own answer for its records: none, without an error", async () => {
    const res = await s.gw.post({
      query:
        '{ dataset(id: "ds999999") { datasetId recordCount records(first: 5) { totalCount pageInfo { hasNextPage } edges { cursor } } } }',
    });
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data.dataset).toEqual({
      datasetId: 'ds999999',
      recordCount: 0,
      records: { totalCount: 0, pageInfo: { hasNextPage: false }, edges: [] },
    });
    // The window and one shared count; the dataset document is never asked for.
    expect(s.eeg.log.entries.map((e) => e.path).sort()).toEqual(['/api/eegdash/count', '/api/eegdash/records']);
  });

  it('goes from a record to its dataset and its count without fetching the dataset document', async () => {
    const doc = main().recordsOf('ds002718')[0]!;
    const res = await s.gw.execute(EegRecordDatasetCountDocument, { dataName: doc.data_name as string });
    expect(res.errors).toBeUndefined();
    expect(res.data!.record!.dataset).toMatchObject({ datasetId: 'ds002718', recordCount: 18 });
    expect(s.eeg.log.entries.map((e) => e.path)).toEqual(['/api/eegdash/records', '/api/eegdash/count']);
  });
});

describe('first: 0', () => {
  it('says whether records are there, without returning any', async () => {
    const some = await s.gw.execute(EegRecordsPageDocument, { where: { dataset: ['ds002718'] }, first: 0 });
    expect(some.errors).toBeUndefined();
    expect(some.data!.records!.edges).toEqual([]);
    expect(some.data!.records!.pageInfo).toMatchObject({ hasNextPage: true, startCursor: null, endCursor: null });
    const none = await s.gw.execute(EegRecordsPageDocument, { where: { dataset: ['no-such-dataset'] }, first: 0 });
    expect(none.data!.records!.edges).toEqual([]);
    expect(none.data!.records!.pageInfo.hasNextPage).toBe(false);
  });

  it("does the same for datasets and for a dataset's records", async () => {
    const some = await s.gw.execute(EegDatasetsWithRecordsDocument, { filter: { source: 'nemar' }, first: 0 });
    expect(some.data!.datasets!.edges).toEqual([]);
    expect(some.data!.datasets!.pageInfo.hasNextPage).toBe(true);
    const none = await s.gw.execute(EegDatasetsWithRecordsDocument, { filter: { source: 'nowhere' }, first: 0 });
    expect(none.data!.datasets!.pageInfo.hasNextPage).toBe(false);
    const window = await s.gw.execute(EegDatasetRecordWindowDocument, { id: 'ds002718', first: 0 });
    expect(window.data!.dataset!.records).toEqual({ pageInfo: { hasNextPage: true }, edges: [] });
    const empty = await s.gw.execute(EegDatasetRecordWindowDocument, { id: 'ds999999', first: 0 });
    expect(empty.data!.dataset!.records).toEqual({ pageInfo: { hasNextPage: false }, edges: [] });
  });
});

describe('input refusals', () => {
  it('name the argument and the refused part of it', async () => {
    const where = await s.gw.execute(EegRecordsPageDocument, { where: { subject: ['012', ' '] }, first: 1 });
    expect(errorCodes(where)).toEqual(['BAD_USER_INPUT']);
    expect(where.errors![0]!.extensions).toMatchObject({
      archive: 'eegdash',
      argument: 'where',
      path: 'where.subject[1]',
    });
    const filter = await s.gw.execute(EegRecordsPageDocument, { filter: { $or: [{ a: { $where: 'x' } }] }, first: 1 });
    expect(filter.errors![0]!.extensions).toMatchObject({ argument: 'filter', path: 'filter.$or[0].a.$where' });
    const search = await s.gw.post({ query: '{ searchDatasets(nSubjectsMin: -1) { edges { cursor } } }' });
    expect(search.json.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'nSubjectsMin',
      path: 'nSubjectsMin',
    });
    expect(s.eeg.log.count()).toBe(0);
  });
});
