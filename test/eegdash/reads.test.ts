/**
 * The EEGDash side of the gateway over real HTTP against the EEGDash replica: what users see,
 * what filter reaches the archive, and how many upstream requests each query costs (from the
 * replica's request log).
 */
import { describe, expect, it } from 'vitest';
import {
  EEGDASH_CLINICAL_DATASET_ID,
  EEGDASH_FACE_DATASET_ID,
  EEGDASH_LARGE_DATASET_IDS,
  type Doc,
} from '../../replicas/eegdash/seed.ts';
import {
  EegCatalogDocument,
  EegDatasetDetailDocument,
  EegDatasetNameDocument,
  EegDatasetRecordsDocument,
  EegDatasetsWithRecordsDocument,
  EegNodeDocument,
  EegRecordDetailDocument,
  EegRecordNamesDocument,
  EegRecordsPageDocument,
  EegRecordStatsDocument,
  EegRecordsWithDatasetsDocument,
  EegSearchDatasetsDocument,
  EegTwoDatasetsDocument,
} from '../gql/graphql.ts';
import { useEegdashStack } from '../support/eegdash.ts';
import { errorCodes } from '../support/gateway.ts';

const s = useEegdashStack();

const main = () => s.eeg.store.main;
const sentFilter = (i = 0) => JSON.parse(s.eeg.log.entries[i]!.query.get('filter') ?? '{}');
/** Requests to `/api/eegdash/records` (not `/datasets/stats/records`). */
const recordRequests = () => s.eeg.log.filter((e) => e.path === '/api/eegdash/records');
const cost = (res: { extensions?: unknown }) => (res.extensions as any).cost.archives.eegdash;

describe('records', () => {
  it("translates `where` to the archive's filter: a value is equality, a list is $in", async () => {
    // GraphQL coerces a lone value given for a list argument to a one-item list.
    const query = `{ records(where: { dataset: "${EEGDASH_FACE_DATASET_ID}", subject: ["012", "013"] }, first: 10) { totalCount edges { node { subject } } } }`;
    const res = await s.gw.post({ query });
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data.records.edges.map((e: any) => e.node.subject)).toEqual(['012', '013']);
    expect(res.json.data.records.totalCount).toBe(2);
    // the rows, and `count` for totalCount
    expect(s.eeg.log.entries.map((e) => e.path).sort()).toEqual(['/api/eegdash/count', '/api/eegdash/records']);
    const rows = recordRequests()[0]!;
    expect(JSON.parse(rows.query.get('filter')!)).toEqual({ dataset: 'ds002718', subject: { $in: ['012', '013'] } });
    expect(rows.query.get('limit')).toBe('11');
    expect(rows.query.has('skip')).toBe(false);
  });

  it('translates ranges, modality and missing-file flags, trims and dedupes values', async () => {
    const where = {
      dataset: [' ds002718 ', 'ds002718'],
      samplingFrequency: { gte: 200, lte: 500 },
      nchans: { eq: 74 },
      modality: ['EEG'],
      hasMissingFiles: false,
    };
    const res = await s.gw.execute(EegRecordsPageDocument, { where, first: 50 });
    expect(res.errors).toBeUndefined();
    expect(sentFilter()).toEqual({
      dataset: 'ds002718',
      $or: [{ modality: { $in: ['EEG', 'eeg'] } }, { recording_modality: { $in: ['EEG', 'eeg'] } }],
      sampling_frequency: { $gte: 200, $lte: 500 },
      nchans: 74,
      _has_missing_files: { $ne: true },
    });
    expect(res.data!.records!.edges).toHaveLength(18);
    expect(res.data!.records!.edges.every((e) => e.node.nchans === 74 && e.node.samplingFrequency === 250)).toBe(true);
  });

  it('ANDs a raw filter with `where` and reports totalCount from `count`', async () => {
    const filter = { task: { $regex: '^face', $options: 'i' }, subject: { $nin: ['002'] } };
    const res = await s.gw.execute(EegRecordsPageDocument, { where: { dataset: ['ds002718'] }, filter, first: 5 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.records!.totalCount).toBe(17);
    expect(res.data!.records!.pageInfo.hasNextPage).toBe(true);
    const records = recordRequests()[0]!;
    expect(JSON.parse(records.query.get('filter')!)).toEqual({ $and: [filter, { dataset: 'ds002718' }] });
    expect(s.eeg.log.count('/count')).toBe(1);
  });

  it('refuses $where, $function, $expr and unknown operators before any upstream call', async () => {
    const filters = [
      { $where: 'sleep(1000) || true' },
      { $or: [{ dataset: 'ds002718' }, { subject: { $function: { body: 'return true', args: [], lang: 'js' } } }] },
      { $expr: { $gt: ['$nchans', 10] } },
      { subject: { $foo: 1 } },
      { subject: { $not: { $accumulator: {} } } },
      { storage: { base: { $where: 'x' } } },
      'not an object',
    ];
    for (const filter of filters) {
      const res = await s.gw.execute(EegRecordsPageDocument, { filter, first: 1 });
      expect(res.status).toBe(200);
      expect(res.data).toEqual({ records: null });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0]!.extensions).toMatchObject({ archive: 'eegdash', argument: 'filter' });
    }
    const res = await s.gw.execute(EegRecordStatsDocument, { filter: { $where: '1' } });
    expect(new Set(errorCodes(res))).toEqual(new Set(['BAD_USER_INPUT']));
    expect(res.errors![0]!.message).toMatch(/\$where is not allowed/);
    expect(s.eeg.log.count()).toBe(0);
  });

  it('refuses empty lists and values and oversized pages with BAD_USER_INPUT, never a 500', async () => {
    for (const variables of [
      { where: { subject: [] }, first: 1 },
      { where: { subject: ['  '] }, first: 1 },
      { where: { nchans: {} }, first: 1 },
      { first: 5000 },
    ]) {
      const res = await s.gw.execute(EegRecordsPageDocument, variables);
      expect(res.status).toBe(200);
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    }
    expect(s.eeg.log.count()).toBe(0);
  });

  it('pages past 1000 records with cursors, 1000 rows per upstream request', async () => {
    const id = EEGDASH_LARGE_DATASET_IDS[0]!;
    const expected = main()
      .recordsOf(id)
      .map((r) => r.data_name);
    expect(expected.length).toBeGreaterThan(1000);
    const seen: unknown[] = [];
    let after: string | null | undefined;
    let pages = 0;
    do {
      const res = await s.gw.execute(EegRecordNamesDocument, { where: { dataset: [id] }, first: 1000, after });
      expect(res.errors).toBeUndefined();
      seen.push(...res.data!.records!.edges.map((e) => e.node.dataName));
      after = res.data!.records!.pageInfo.hasNextPage ? res.data!.records!.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.floor(expected.length / 1000) + 1);
    const requests = recordRequests();
    expect(requests).toHaveLength(pages);
    expect(requests.map((e) => [e.query.get('limit'), e.query.get('skip')])).toEqual(
      requests.map((_, i) => ['1000', i === 0 ? null : String(i * 1000)]),
    );
  });

  it('serves `last` from the end, using `count` to find it', async () => {
    const res = await s.gw.execute(EegRecordsPageDocument, { where: { dataset: ['ds002718'] }, last: 3 });
    expect(res.data!.records!.edges.map((e) => e.node.subject)).toEqual(['017', '018', '019']);
    expect(res.data!.records!.pageInfo.hasPreviousPage).toBe(true);
    expect(s.eeg.log.count('/count')).toBe(1);
    expect(recordRequests()[0]!.query.get('skip')).toBe('15');
  });

  it('loads 200 records with their datasets in exactly 2 upstream requests', async () => {
    const subjects = ['001', '01', '1'];
    const expected = main()
      .records.filter((r) => subjects.includes(r.subject as string))
      .slice(0, 200);
    const datasetIds = [...new Set(expected.map((r) => r.dataset as string))];
    expect(datasetIds.length).toBeGreaterThan(5);
    const res = await s.gw.execute(EegRecordsWithDatasetsDocument, { where: { subject: subjects }, first: 200 });
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.records!.edges.map((e) => e.node);
    expect(nodes.map((n) => n.dataName)).toEqual(expected.map((r) => r.data_name));
    for (const n of nodes) {
      const doc = main().getDataset(n.dataset!.datasetId)!;
      expect(n.dataset).toMatchObject({
        name: doc.name,
        source: doc.source,
        subjectsCount: (doc.demographics as Doc).subjects_count,
      });
    }
    expect(s.eeg.log.count()).toBe(2);
    expect(cost(res)).toMatchObject({ requests: 2 });
    const datasets = s.eeg.log.filter('/datasets')[0]!;
    expect(datasets.path).toBe('/api/eegdash/datasets');
    expect(JSON.parse(datasets.query.get('filter')!)).toEqual({ dataset_id: { $in: datasetIds } });
  });

  it('finds one record by data_name, with every field, and again by its global id', async () => {
    const doc = main().recordsOf('ds002718')[3]!;
    const res = await s.gw.execute(EegRecordDetailDocument, { dataName: doc.data_name as string });
    expect(res.errors).toBeUndefined();
    const r = res.data!.record!;
    const storage = doc.storage as Doc;
    expect(r).toMatchObject({
      dataName: doc.data_name,
      recordId: doc._id,
      database: 'EEGDASH',
      datasetId: 'ds002718',
      bidspath: doc.bidspath,
      bidsRelpath: doc.bids_relpath,
      datatype: 'eeg',
      extension: '.set',
      recordingModality: ['eeg'],
      subject: '005',
      session: null,
      run: null,
      task: 'FaceRecognition',
      samplingFrequency: 250,
      nchans: 74,
      ntimes: doc.ntimes,
      durationSeconds: doc.duration_seconds,
      montageHash: doc.montage_hash,
      hasMissingFiles: doc._has_missing_files,
    });
    expect(r.channelNames).toHaveLength(74);
    expect(r.participant).toEqual(doc.participant_tsv);
    expect(r.storage).toMatchObject({
      base: 's3://openneuro.org/ds002718',
      rawKey: doc.bids_relpath,
      url: `s3://openneuro.org/ds002718/${doc.bids_relpath}`,
    });
    expect(r.storage!.dependencyUrls).toEqual(
      (storage.dep_keys as string[]).map((k) => `s3://openneuro.org/ds002718/${k}`),
    );
    const again = await s.gw.execute(EegNodeDocument, { id: r.id });
    expect(again.data!.node).toMatchObject({ __typename: 'Record', dataName: doc.data_name, database: 'EEGDASH' });
    expect(JSON.parse(s.eeg.log.entries[0]!.query.get('filter')!)).toEqual({ data_name: { $in: [doc.data_name] } });
  });

  it('counts and checks existence like the Python client', async () => {
    const hit = await s.gw.execute(EegRecordStatsDocument, {
      where: { dataset: ['ds002718'], subject: ['012', '013'] },
    });
    expect(hit.data).toEqual({ recordCount: 2, recordExists: true });
    const miss = await s.gw.execute(EegRecordStatsDocument, { where: { dataset: ['no-such-dataset'] } });
    expect(miss.data).toEqual({ recordCount: 0, recordExists: false });
    expect(recordRequests().every((e) => e.query.get('limit') === '1')).toBe(true);
  });

  it('reads the database it is asked for, and keeps it in global ids', async () => {
    const staging = s.eeg.store.database('eegdash_staging')!;
    const doc = staging.recordsOf('ds002718')[0]!;
    const res = await s.gw.execute(EegRecordDetailDocument, {
      database: 'EEGDASH_STAGING',
      dataName: doc.data_name as string,
    });
    expect(res.data!.record).toMatchObject({ database: 'EEGDASH_STAGING', digestedAt: doc.digested_at });
    expect(s.eeg.log.entries[0]!.path).toBe('/api/eegdash_staging/records');
    const node = await s.gw.execute(EegNodeDocument, { id: res.data!.record!.id });
    expect(node.data!.node).toMatchObject({ database: 'EEGDASH_STAGING' });
    expect(s.eeg.log.entries.at(-1)!.path).toBe('/api/eegdash_staging/records');
  });

  it('reads legacy (v1) records, whose fields have their old names and meanings', async () => {
    const legacy = s.eeg.store.database('eegdash_v1')!.recordsOf('ds002718')[0]!;
    const res = await s.gw.execute(EegRecordDetailDocument, {
      database: 'EEGDASH_V1',
      dataName: legacy.data_name as string,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.record).toMatchObject({
      datatype: 'eeg',
      recordingModality: ['eeg'],
      ntimes: legacy.ntimes,
      bidsRelpath: null,
      storage: null,
    });
  });
});

describe('datasets', () => {
  it('returns a dataset with its statistics, summary and record count', async () => {
    const doc = main().getDataset('ds002718')!;
    const res = await s.gw.execute(EegDatasetDetailDocument, { id: 'ds002718' });
    expect(res.errors).toBeUndefined();
    const d = res.data!.dataset!;
    expect(d).toMatchObject({
      datasetId: 'ds002718',
      database: 'EEGDASH',
      name: doc.name,
      source: 'openneuro',
      license: 'CC0',
      doi: doc.dataset_doi,
      recordingModality: ['eeg'],
      tasks: ['FaceRecognition'],
      sessions: [],
      totalFiles: 18,
      subjectsCount: 18,
      sizeBytes: doc.size_bytes,
      channelCounts: [{ value: 74, count: 18 }],
      samplingRates: [{ value: 250, count: 18 }],
      recordCount: 18,
    });
    expect(d.summary!.computedTitle).toBe(doc.name);
    expect(d.summary!.totalDurationSeconds).toBeGreaterThan(0);
    expect(d.storage!.url).toBe('s3://openneuro.org/ds002718/dataset_description.json');
    expect(d.clinical.isClinical).toBe(false);
    expect(d.liveChannelCounts).toEqual(d.channelCounts);
    expect(d.liveSamplingRates).toEqual(d.samplingRates);
    // dataset + live stats + summary + count: independent, each once.
    expect(s.eeg.log.count()).toBe(4);
    expect(s.eeg.log.count('/datasets/stats/records')).toBe(1);
    const again = await s.gw.execute(EegNodeDocument, { id: d.id });
    expect(again.data!.node).toMatchObject({ __typename: 'Dataset', datasetId: 'ds002718', name: doc.name });
  });

  it('gives null with NOT_FOUND for a dataset that does not exist, when a field needs its document', async () => {
    const res = await s.gw.execute(EegDatasetNameDocument, { id: 'ds999999' });
    expect(res.data!.dataset).toBeNull();
    expect(errorCodes(res)).toEqual(['NOT_FOUND']);
    expect(res.errors![0]!).toMatchObject({ path: ['dataset'], extensions: { archive: 'eegdash' } });
    expect(res.errors![0]!.message).toMatch(/no dataset "ds999999"/);
  });

  it('batches several datasets into one request', async () => {
    const res = await s.gw.execute(EegTwoDatasetsDocument, { a: 'ds002718', b: EEGDASH_CLINICAL_DATASET_ID });
    expect(res.data!.a!.name).toBe(main().getDataset('ds002718')!.name);
    expect(res.data!.b!.datasetId).toBe(EEGDASH_CLINICAL_DATASET_ID);
    expect(s.eeg.log.count()).toBe(1);
  });

  it("pages datasets by skip with totalCount from the archive's total", async () => {
    const nemar = main().datasets.filter((d) => d.source === 'nemar');
    const first = await s.gw.execute(EegDatasetsWithRecordsDocument, {
      filter: { source: 'nemar' },
      first: 3,
      recordsFirst: 2,
    });
    expect(first.errors).toBeUndefined();
    const conn = first.data!.datasets!;
    expect(conn.totalCount).toBe(nemar.length);
    expect(conn.edges.map((e) => e.node.datasetId)).toEqual(nemar.slice(0, 3).map((d) => d.dataset_id));
    for (const e of conn.edges) {
      const records = main().recordsOf(e.node.datasetId);
      expect(e.node.records!.edges.map((r) => r.node.dataName)).toEqual(records.slice(0, 2).map((r) => r.data_name));
      expect(e.node.records!.totalCount).toBe(records.length);
      expect(e.node.channelCounts!.reduce((n, c) => n + c.count, 0)).toBe(records.length);
    }
    // datasets page + one batched records query (auto-paged); the histograms come with the documents.
    const pages = recordRequests();
    const total = conn.edges.reduce((n, e) => n + main().recordsOf(e.node.datasetId).length, 0);
    expect(pages).toHaveLength(Math.floor(total / 1000) + 1);
    expect(JSON.parse(pages[0]!.query.get('filter')!)).toEqual({
      dataset: { $in: conn.edges.map((e) => e.node.datasetId) },
    });
    expect(s.eeg.log.count()).toBe(pages.length + 1);
  });

  it("pages the union of many datasets' records 1000 per request", async () => {
    // Enough small datasets that their records span several pages, yet fewer pages than datasets.
    const ids: string[] = [];
    let total = 0;
    for (const d of main().datasets) {
      if (EEGDASH_LARGE_DATASET_IDS.includes(d.dataset_id as string)) continue;
      ids.push(d.dataset_id as string);
      total += main().recordsOf(d.dataset_id as string).length;
      if (total > 2_000 && Math.floor(total / 1000) + 1 <= ids.length) break;
    }
    const res = await s.gw.execute(EegDatasetsWithRecordsDocument, {
      filter: { dataset_id: { $in: ids } },
      first: ids.length,
      recordsFirst: 1,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.datasets!.edges.map((e) => e.node.records!.edges[0]?.node.dataName)).toEqual(
      ids.map((id) => main().recordsOf(id)[0]!.data_name),
    );
    const pages = recordRequests();
    expect(pages).toHaveLength(Math.floor(total / 1000) + 1);
    expect(pages.map((p) => [p.query.get('limit'), p.query.get('skip')])).toEqual(
      pages.map((_, i) => ['1000', i === 0 ? null : String(i * 1000)]),
    );
    expect(pages.every((p) => p.query.get('filter') === JSON.stringify({ dataset: { $in: ids } }))).toBe(true);
  });

  it('asks each large dataset for its window rather than paging through their union', async () => {
    const ids = EEGDASH_LARGE_DATASET_IDS.slice(0, 2);
    const res = await s.gw.execute(EegDatasetsWithRecordsDocument, {
      filter: { dataset_id: { $in: ids } },
      first: 2,
      recordsFirst: 5,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.datasets!.edges.map((e) => e.node.records!.edges.length)).toEqual([5, 5]);
    expect(res.data!.datasets!.edges.map((e) => e.node.records!.pageInfo.hasNextPage)).toEqual([true, true]);
    expect(
      recordRequests()
        .map((p) => [p.query.get('filter'), p.query.get('limit')])
        .sort(),
    ).toEqual(ids.map((id) => [JSON.stringify({ dataset: id }), '6']).sort());
  });

  it("asks for exactly the window when one dataset's records are paged", async () => {
    const res = await s.gw.execute(EegDatasetRecordsDocument, {
      id: 'ds002718',
      where: { subject: ['003', '004', '005', '006'] },
      first: 2,
    });
    expect(res.errors).toBeUndefined();
    const d = res.data!.dataset!;
    expect(d.records!.edges.map((e) => e.node.subject)).toEqual(['003', '004']);
    expect(d.records!.pageInfo.hasNextPage).toBe(true);
    expect(d.records!.totalCount).toBe(4);
    expect(d.recordCount).toBe(4);
    const window = recordRequests()[0]!;
    expect(window.query.get('limit')).toBe('3');
    expect(JSON.parse(window.query.get('filter')!)).toEqual({
      $and: [{ dataset: 'ds002718' }, { subject: { $in: ['003', '004', '005', '006'] } }],
    });
    // records window + one count shared by totalCount and recordCount + the dataset itself (not needed: id only).
    expect(s.eeg.log.count('/count')).toBe(1);
  });

  it('searches like search_datasets, on current and legacy field names', async () => {
    const res = await s.gw.execute(EegSearchDatasetsDocument, {
      modality: 'EEG',
      source: 'openneuro',
      nSubjectsMin: 40,
      first: 1000,
    });
    expect(res.errors).toBeUndefined();
    const expected = main().datasets.filter(
      (d) =>
        (d.recording_modality as string[]).includes('eeg') &&
        d.source === 'openneuro' &&
        ((d.demographics as Doc).subjects_count as number) >= 40,
    );
    expect(res.data!.searchDatasets!.totalCount).toBe(expected.length);
    expect(res.data!.searchDatasets!.edges.map((e) => e.node.datasetId)).toEqual(expected.map((d) => d.dataset_id));
    expect(sentFilter()).toEqual({
      $and: [
        {
          $or: [{ modality: 'EEG' }, { modality: 'eeg' }, { recording_modality: 'EEG' }, { recording_modality: 'eeg' }],
        },
        { $or: [{ source: 'openneuro' }, { provider: 'openneuro' }] },
        { $or: [{ n_subjects: { $gte: 40 } }, { 'demographics.subjects_count': { $gte: 40 } }] },
      ],
    });
    const clinical = main().getDataset(EEGDASH_CLINICAL_DATASET_ID)!;
    const group = (clinical.clinical as Doc).group as string;
    const byGroup = await s.gw.execute(EegSearchDatasetsDocument, { clinicalGroup: group, first: 1000 });
    expect(byGroup.data!.searchDatasets!.edges.map((e) => e.node.datasetId)).toContain(EEGDASH_CLINICAL_DATASET_ID);
    expect(byGroup.data!.searchDatasets!.edges.every((e) => e.node.clinical.group === group)).toBe(true);
  });

  it('lists dataset names and catalogue totals', async () => {
    const res = await s.gw.execute(EegCatalogDocument, {});
    expect(res.errors).toBeUndefined();
    expect(res.data!.datasetNames).toEqual(main().datasetNames());
    const docs = main().datasets;
    expect(res.data!.eegdashCatalogTotals).toEqual({
      datasets: docs.length,
      subjects: docs.reduce((n, d) => n + ((d.demographics as Doc).subjects_count as number), 0),
      files: docs.reduce((n, d) => n + (d.total_files as number), 0),
      sizeBytes: docs.reduce((n, d) => n + (d.size_bytes as number), 0),
    });
    const meg = await s.gw.execute(EegCatalogDocument, { modality: 'meg' });
    expect(meg.data!.eegdashCatalogTotals!.datasets).toBe(
      docs.filter((d) => (d.recording_modality as string[]).includes('meg')).length,
    );
  });

  it('refuses a malformed global id and a forbidden dataset filter', async () => {
    const bad = await s.gw.execute(EegNodeDocument, { id: Buffer.from('Dataset:nowhere/ds002718').toString('base64') });
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    const res = await s.gw.execute(EegDatasetsWithRecordsDocument, { filter: { $where: 'true' }, first: 1 });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(s.eeg.log.count()).toBe(0);
  });
});
