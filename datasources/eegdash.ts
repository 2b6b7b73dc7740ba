/**
 * A typed client for the EEGDash metadata API, in the vocabulary of its Python client (`find`,
 * `count`, `exists`, `find_one`, `get_dataset`, `find_datasets`, `search_datasets`, ...), with the
 * per-request loaders the GraphQL layer resolves through. It takes typed selections and writes
 * the archive's Mongo filters itself; lists come back by the list contract. No GraphQL in here.
 */
import type DataLoader from 'dataloader';
import { ArchiveError } from '../src/http/archive-error.ts';
import type { UpstreamStats } from '../src/http/stats.ts';
import type { QueryValue, UpstreamClient } from '../src/http/upstream.ts';
import { EegdashAdmin } from './eegdash-admin.ts';
import { EEGDASH_PAGE_SIZE, lookupBy, tag } from './eegdash-batch.ts';
import { type EegdashHealth, type EegdashInfo, readHealth, readInfo } from './eegdash-service.ts';
import {
  readCount,
  readDatasets,
  readNames,
  readRecords,
  readRecordStats,
  readSearchHits,
  readSummary,
  readTotals,
} from './eegdash-shapes.ts';
import type {
  CatalogTotals,
  EegdashDatabaseName,
  EegdashDataset,
  EegdashDatasetSummary,
  EegdashRecord,
  EegdashSearchHit,
  MongoFilter,
  RecordStats,
} from './eegdash-types.ts';
import { datasetFilter, recordFilter, type DatasetQuery, type RecordSelection } from './eegdash-where.ts';
import { loadDatasetWindows, windowTag, type DatasetRecordsKey } from './eegdash-windows.ts';
import { loadWithinBound } from './input-bounds.ts';
import { readWindow, skipLimitPaging, type ListPage, type Paging } from './list.ts';
import { createLoader, eachKey } from './loader.ts';

export interface EegdashCredentials {
  /** The caller's EEGDash token (from `X-EEGDash-Token`). */
  token?: string | undefined;
}

export interface DatasetKey {
  database: EegdashDatabaseName;
  datasetId: string;
}
export interface RecordKey {
  database: EegdashDatabaseName;
  dataName: string;
}
interface FilterKey {
  database: EegdashDatabaseName;
  filter: MongoFilter;
}

const filterTag = (k: FilterKey) => tag(k.database, JSON.stringify(k.filter));

/** Most hits `/datasets/search` returns (its `limit` is 1..100; it has no `skip`). */
export const EEGDASH_SEARCH_MAX = 100;

export class EegdashDataSource {
  /** Dataset documents by id, many ids to one `{"dataset_id": {"$in": [...]}}` request; null if absent. */
  readonly dataset: DataLoader<DatasetKey, EegdashDataset | null, string>;
  /** Records by `data_name`, batched the same way; null if absent. */
  readonly record: DataLoader<RecordKey, EegdashRecord | null, string>;
  /** Per-dataset server summaries (`/datasets/summary/{id}`); null if absent. */
  readonly datasetSummary: DataLoader<DatasetKey, EegdashDatasetSummary | null, string>;
  /** Channel-count and sampling-rate histograms of every dataset of a database, in one request. */
  readonly recordStats: DataLoader<EegdashDatabaseName, Map<string, RecordStats>, string>;

  /** Admin writes with the caller's token. */
  readonly admin: EegdashAdmin;

  /** Windows of records per dataset: one `{"dataset": {"$in": [...]}}` query for many datasets. */
  private readonly windows: DataLoader<DatasetRecordsKey, ListPage<EegdashRecord>, string>;
  /** `count` per filter (deduplicated, one request each). */
  private readonly counts: DataLoader<FilterKey, number, string>;
  private readonly headers: Record<string, string>;
  /** Record counts dataset documents state, by database and id: what a union query would cost. */
  private readonly sizes = new Map<string, number>();

  constructor(
    private readonly http: UpstreamClient,
    credentials: EegdashCredentials,
    private readonly stats: UpstreamStats,
    private readonly signal?: AbortSignal,
  ) {
    // As the Python client's session: the token as bearer, and as X-EEGDASH-TOKEN (rate-limit bypass).
    const token = credentials.token;
    this.headers = token ? { authorization: `Bearer ${token}`, 'x-eegdash-token': token } : {};
    this.admin = new EegdashAdmin(http, token ? this.headers : undefined, stats, signal, () => this.forgetLoads());
    const datasetTag = (k: DatasetKey) => tag(k.database, k.datasetId);
    this.dataset = createLoader(
      'eegdash',
      stats,
      (keys: readonly DatasetKey[]) =>
        loadWithinBound(
          keys,
          (k) => k.datasetId,
          'dataset_id',
          'eegdash',
          (ok) =>
            lookupBy(
              ok,
              (k) => k.datasetId,
              (d: EegdashDataset) => d.dataset_id,
              async (db, ids) => (await this.datasetRows(db, { dataset_id: { $in: ids } }, 0, EEGDASH_PAGE_SIZE)).rows,
            ),
        ),
      { cacheKeyFn: datasetTag },
    );
    this.record = createLoader(
      'eegdash',
      stats,
      (keys: readonly RecordKey[]) =>
        loadWithinBound(
          keys,
          (k) => k.dataName,
          'data_name',
          'eegdash',
          (ok) =>
            lookupBy(
              ok,
              (k) => k.dataName,
              (r: EegdashRecord) => r.data_name,
              (db, names) => this.recordPaging(db, { data_name: { $in: names } }).all(),
            ),
        ),
      { cacheKeyFn: (k) => tag(k.database, k.dataName) },
    );
    this.windows = createLoader(
      'eegdash',
      stats,
      (keys: readonly DatasetRecordsKey[]) =>
        loadDatasetWindows(keys, {
          window: (db, filter, offset, limit) => readWindow(this.recordPaging(db, filter), offset, limit),
          all: (db, filter) => this.recordPaging(db, filter).all(),
          statedSize: (db, id) => this.sizes.get(tag(db, id)),
        }),
      { cacheKeyFn: windowTag },
    );
    this.counts = createLoader(
      'eegdash',
      stats,
      eachKey(async (k: FilterKey) =>
        readCount(await this.get(k.database, '/count', { filter: filterParam(k.filter) })),
      ),
      { cacheKeyFn: filterTag },
    );
    this.datasetSummary = createLoader(
      'eegdash',
      stats,
      eachKey((k: DatasetKey) =>
        orNull(this.get(k.database, `/datasets/summary/${encodeURIComponent(k.datasetId)}`).then(readSummary)),
      ),
      { cacheKeyFn: datasetTag },
    );
    this.recordStats = createLoader(
      'eegdash',
      stats,
      eachKey(async (db: EegdashDatabaseName) => readRecordStats(await this.get(db, '/datasets/stats/records'))),
    );
  }

  // ---- records ----

  /** `find` with `skip`/`limit`: rows [offset, offset + limit) of the selection, in the archive's order. */
  records(
    database: EegdashDatabaseName,
    selection: RecordSelection,
    offset: number,
    limit: number,
  ): Promise<ListPage<EegdashRecord>> {
    return readWindow(this.recordPaging(database, recordFilter(selection)), offset, limit);
  }

  /**
   * A window of one dataset's records. The windows of many datasets asked for in one GraphQL
   * request load together (see eegdash-windows.ts).
   */
  datasetRecords(
    database: EegdashDatabaseName,
    selection: RecordSelection & { dataset: string },
    offset: number,
    limit: number,
  ): Promise<ListPage<EegdashRecord>> {
    const { dataset, ...rest } = selection;
    return this.windows.load({ database, dataset, filter: recordFilter(rest), offset, limit });
  }

  /** `count`: records the selection matches (one request per distinct selection). */
  recordCount(database: EegdashDatabaseName, selection: RecordSelection): Promise<number> {
    return this.counts.load({ database, filter: recordFilter(selection) });
  }

  /** `exists`: whether the selection matches a record (asks for one row). */
  async recordExists(database: EegdashDatabaseName, selection: RecordSelection): Promise<boolean> {
    return (await this.findOne(database, recordFilter(selection))) !== null;
  }

  /** The record with this `_id` (for records written without a `data_name`), or null. */
  recordById(database: EegdashDatabaseName, id: string): Promise<EegdashRecord | null> {
    return this.findOne(database, { _id: id });
  }

  /** `find_one`: the first match, from a one-row request. */
  private async findOne(database: EegdashDatabaseName, filter: MongoFilter): Promise<EegdashRecord | null> {
    return (await this.recordRows(database, filter, 0, 1)).rows[0] ?? null;
  }

  private recordPaging(database: EegdashDatabaseName, filter: MongoFilter): Paging<EegdashRecord> {
    return skipLimitPaging((skip, limit) => this.recordRows(database, filter, skip, limit), EEGDASH_PAGE_SIZE);
  }

  /** One `/records` request; the rows prime the record loader. */
  private async recordRows(database: EegdashDatabaseName, filter: MongoFilter, skip: number, limit: number) {
    const rows = readRecords(await this.get(database, '/records', pageQuery(filter, skip, limit)));
    for (const r of rows)
      if (typeof r.data_name === 'string') this.record.prime({ database, dataName: r.data_name }, r);
    return { rows, total: null };
  }

  // ---- datasets ----

  /**
   * `find_datasets` / `search_datasets`: a window of the datasets a query matches, in catalogue
   * order, with the number matching when the archive states it. The documents prime the loader.
   */
  datasets(
    database: EegdashDatabaseName,
    query: DatasetQuery,
    offset: number,
    limit: number,
  ): Promise<ListPage<EegdashDataset>> {
    return readWindow(this.datasetPaging(database, datasetFilter(query)), offset, limit);
  }

  /** Datasets a query matches: the total of a one-row page, or (if none is stated) all of them counted. */
  async datasetCount(database: EegdashDatabaseName, query: DatasetQuery): Promise<number> {
    const filter = datasetFilter(query);
    const page = await this.datasetRows(database, filter, 0, 1);
    return page.total ?? (await this.datasetPaging(database, filter).all()).length;
  }

  /** Distinct dataset ids that have records (`/datasets/names`). */
  async datasetNames(database: EegdashDatabaseName): Promise<string[]> {
    return readNames(await this.get(database, '/datasets/names'));
  }

  /** Catalogue totals from `/datasets/summary`, optionally for one modality or source. */
  async catalogTotals(
    database: EegdashDatabaseName,
    params: { modality?: string | undefined; source?: string | undefined },
  ): Promise<CatalogTotals> {
    const query = { limit: 1, modality: params.modality, source: params.source };
    return readTotals(await this.get(database, '/datasets/summary', query));
  }

  /**
   * The docs-site full-text search (`/datasets/search?q=`): the best `limit` hits (at most
   * {@link EEGDASH_SEARCH_MAX}), by relevance. `q` needs 2 characters or more; there is no offset.
   */
  async searchDatasets(database: EegdashDatabaseName, q: string, limit: number): Promise<EegdashSearchHit[]> {
    const query = { q, limit: Math.min(Math.max(1, limit), EEGDASH_SEARCH_MAX) };
    return readSearchHits(await this.get(database, '/datasets/search', query));
  }

  private datasetPaging(database: EegdashDatabaseName, filter: MongoFilter): Paging<EegdashDataset> {
    return skipLimitPaging((skip, limit) => this.datasetRows(database, filter, skip, limit), EEGDASH_PAGE_SIZE);
  }

  /** One `/datasets` request; the documents prime the dataset loader and say how big each is. */
  private async datasetRows(database: EegdashDatabaseName, filter: MongoFilter, skip: number, limit: number) {
    const page = readDatasets(await this.get(database, '/datasets', pageQuery(filter, skip, limit)));
    for (const d of page.rows) {
      this.dataset.prime({ database, datasetId: d.dataset_id }, d);
      if (typeof d.total_files === 'number') this.sizes.set(tag(database, d.dataset_id), d.total_files);
    }
    return page;
  }

  // ---- the service ----

  /** `GET /`: the API's name, version and the databases it serves. */
  async info(): Promise<EegdashInfo> {
    return readInfo(await this.getPath('/'));
  }

  /** `GET /health`: the API's and its MongoDB's state. */
  async health(): Promise<EegdashHealth> {
    return readHealth(await this.getPath('/health'));
  }

  /** Loads cached earlier in this GraphQL request may predate a write. */
  private forgetLoads(): void {
    for (const loader of [
      this.dataset,
      this.record,
      this.windows,
      this.counts,
      this.datasetSummary,
      this.recordStats,
    ] as DataLoader<unknown, unknown, string>[]) {
      loader.clearAll();
    }
  }

  private get(database: EegdashDatabaseName, path: string, query?: Record<string, QueryValue>): Promise<unknown> {
    return this.getPath(`/api/${database}${path}`, query);
  }

  private async getPath(path: string, query?: Record<string, QueryValue>): Promise<unknown> {
    const res = await this.http.json<unknown>({
      path,
      query,
      headers: this.headers,
      stats: this.stats,
      signal: this.signal,
    });
    return res.body;
  }
}

/** As the Python client: an empty filter is not sent at all, nor a zero `skip`. */
const pageQuery = (filter: MongoFilter, skip: number, limit: number): Record<string, QueryValue> => ({
  filter: filterParam(filter),
  limit,
  skip: skip || undefined,
});

const filterParam = (filter: MongoFilter): string | undefined =>
  Object.keys(filter).length > 0 ? JSON.stringify(filter) : undefined;

/** A 404 is an answer ("no such dataset"), not a failure. */
async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (error) {
    if (error instanceof ArchiveError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}
