/**
 * A typed client for the EEGDash metadata API, in the vocabulary of its Python client (`find`,
 * `count`, `exists`, `find_one`, `get_dataset`, `insert`, `update_field`, ...), with the
 * per-request loaders the GraphQL layer resolves through. No GraphQL in here.
 */
import type DataLoader from 'dataloader';
import { ArchiveError } from '../src/http/archive-error.ts';
import type { UpstreamStats } from '../src/http/stats.ts';
import type { QueryValue, UpstreamClient } from '../src/http/upstream.ts';
import { EegdashAdmin } from './eegdash-admin.ts';
import { asError, chunkByLength, EEGDASH_PAGE_SIZE, groupBy, lookupBy, tag } from './eegdash-batch.ts';
import { allOf } from './eegdash-filter.ts';
import type {
  CatalogTotals,
  CountResponse,
  DataResponse,
  DatasetsResponse,
  EegdashDatabaseName,
  EegdashDataset,
  EegdashDatasetSummary,
  EegdashRecord,
  EegdashSearchHit,
  MongoFilter,
  RecordsResponse,
  RecordStats,
  SearchResponse,
  SummaryResponse,
} from './eegdash-types.ts';
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
export interface FilterKey {
  database: EegdashDatabaseName;
  filter: MongoFilter;
}
/** A window of one dataset's records matching an extra filter. */
export interface DatasetRecordsKey extends FilterKey {
  dataset: string;
  offset: number;
  limit: number;
}

export interface RecordWindow {
  items: EegdashRecord[];
  hasMore: boolean;
  /** All matching rows, when the window was cut from a complete list. */
  total: number | null;
}

const filterTag = (k: FilterKey) => tag(k.database, JSON.stringify(k.filter));
const windowTag = (k: DatasetRecordsKey) => tag(filterTag(k), k.dataset, k.offset, k.limit);

/** Most hits `/datasets/search` returns (its `limit` is 1..100; it has no `skip`). */
export const EEGDASH_SEARCH_MAX = 100;

export class EegdashDataSource {
  /** Dataset documents by id, many ids to one `{"dataset_id": {"$in": [...]}}` request; null if absent. */
  readonly dataset: DataLoader<DatasetKey, EegdashDataset | null, string>;
  /** Records by `data_name`, batched the same way; null if absent. */
  readonly record: DataLoader<RecordKey, EegdashRecord | null, string>;
  /** Windows of records per dataset: one `{"dataset": {"$in": [...]}}` query for many datasets. */
  readonly datasetRecords: DataLoader<DatasetRecordsKey, RecordWindow, string>;
  /** `count` per filter (deduplicated, one request each). */
  readonly count: DataLoader<FilterKey, number, string>;
  /** Per-dataset server summaries (`/datasets/summary/{id}`); null if absent. */
  readonly datasetSummary: DataLoader<DatasetKey, EegdashDatasetSummary | null, string>;
  /** Channel-count and sampling-rate histograms of every dataset of a database, in one request. */
  readonly recordStats: DataLoader<EegdashDatabaseName, Map<string, RecordStats>, string>;

  /** Admin writes with the caller's token. */
  readonly admin: EegdashAdmin;

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
        lookupBy(
          keys,
          (k) => k.datasetId,
          (d: EegdashDataset) => d.dataset_id,
          async (db, ids) =>
            this.noteSizes(db, (await this.datasetsPage(db, { dataset_id: { $in: ids } }, 0, EEGDASH_PAGE_SIZE)).data),
        ),
      { cacheKeyFn: datasetTag },
    );
    this.record = createLoader(
      'eegdash',
      stats,
      (keys: readonly RecordKey[]) =>
        lookupBy(
          keys,
          (k) => k.dataName,
          (r: EegdashRecord) => r.data_name,
          (db, names) => this.find(db, { data_name: { $in: names } }),
        ),
      { cacheKeyFn: (k) => tag(k.database, k.dataName) },
    );
    this.datasetRecords = createLoader(
      'eegdash',
      stats,
      (keys: readonly DatasetRecordsKey[]) => this.loadDatasetRecords(keys),
      {
        cacheKeyFn: windowTag,
      },
    );
    this.count = createLoader(
      'eegdash',
      stats,
      eachKey(
        async (k: FilterKey) =>
          (await this.get<CountResponse>(k.database, '/count', { filter: filterParam(k.filter) })).count ?? 0,
      ),
      { cacheKeyFn: filterTag },
    );
    this.datasetSummary = createLoader(
      'eegdash',
      stats,
      eachKey((k: DatasetKey) =>
        orNull(
          this.get<DataResponse<EegdashDatasetSummary>>(
            k.database,
            `/datasets/summary/${encodeURIComponent(k.datasetId)}`,
          ).then((r) => r.data),
        ),
      ),
      {
        cacheKeyFn: datasetTag,
      },
    );
    this.recordStats = createLoader(
      'eegdash',
      stats,
      eachKey(
        async (db: EegdashDatabaseName) =>
          new Map(
            Object.entries(
              (await this.get<DataResponse<Record<string, RecordStats>>>(db, '/datasets/stats/records')).data ?? {},
            ),
          ),
      ),
    );
  }

  // ---- records ----

  /**
   * `find`: without `limit`, every match, 1000 per request from `skip` until a short page; with
   * one, at most `limit` rows in as many 1000-row requests as that takes.
   */
  async find(
    database: EegdashDatabaseName,
    filter: MongoFilter,
    options: { skip?: number; limit?: number } = {},
  ): Promise<EegdashRecord[]> {
    const rows: EegdashRecord[] = [];
    let skip = options.skip ?? 0;
    for (;;) {
      const want =
        options.limit === undefined ? EEGDASH_PAGE_SIZE : Math.min(EEGDASH_PAGE_SIZE, options.limit - rows.length);
      if (want <= 0) break;
      const page =
        (
          await this.get<RecordsResponse>(database, '/records', {
            filter: filterParam(filter),
            limit: want,
            skip: skip || undefined,
          })
        ).data ?? [];
      rows.push(...page);
      if (page.length < want) break;
      skip += page.length;
    }
    this.primeRecords(database, rows);
    return rows;
  }

  /**
   * Rows [offset, offset + limit) and whether more follow. One row more is asked for when it fits
   * in the same request; a full 1000-row window assumes more follow rather than pay a request.
   */
  async window(
    database: EegdashDatabaseName,
    filter: MongoFilter,
    offset: number,
    limit: number,
  ): Promise<RecordWindow> {
    if (limit <= 0) return { items: [], hasMore: true, total: null };
    const probe = limit < EEGDASH_PAGE_SIZE ? limit + 1 : limit;
    const rows = await this.find(database, filter, { skip: offset, limit: probe });
    return {
      items: rows.slice(0, limit),
      hasMore: rows.length > limit || (probe === limit && rows.length === limit),
      total: null,
    };
  }

  async findOne(database: EegdashDatabaseName, filter: MongoFilter): Promise<EegdashRecord | null> {
    return (await this.find(database, filter, { limit: 1 }))[0] ?? null;
  }

  async exists(database: EegdashDatabaseName, filter: MongoFilter): Promise<boolean> {
    return (await this.findOne(database, filter)) !== null;
  }

  private async loadDatasetRecords(keys: readonly DatasetRecordsKey[]): Promise<(RecordWindow | Error)[]> {
    const windows = new Map<string, RecordWindow | Error>();
    await Promise.all(
      [...groupBy(keys, filterTag).values()].map(async (group) => {
        const { database, filter } = group[0] as DatasetRecordsKey;
        const datasets = [...new Set(group.map((k) => k.dataset))];
        if (datasets.length === 1 || this.fewerOneByOne(database, datasets)) {
          // Ask for exactly each window instead of the datasets' every record.
          await Promise.all(
            group.map(async (k) => {
              windows.set(
                windowTag(k),
                await this.window(database, allOf({ dataset: k.dataset }, filter), k.offset, k.limit).catch(asError),
              );
            }),
          );
          return;
        }
        const byDataset = new Map<string, EegdashRecord[]>();
        try {
          const pages = await Promise.all(
            chunkByLength(datasets).map((ids) => this.find(database, allOf({ dataset: { $in: ids } }, filter))),
          );
          for (const rec of pages.flat()) {
            const list = byDataset.get(String(rec.dataset)) ?? [];
            byDataset.set(String(rec.dataset), list);
            list.push(rec);
          }
        } catch (error) {
          for (const k of group) windows.set(windowTag(k), asError(error));
          return;
        }
        for (const k of group) {
          const all = byDataset.get(k.dataset) ?? [];
          windows.set(windowTag(k), {
            items: all.slice(k.offset, k.offset + k.limit),
            hasMore: all.length > k.offset + k.limit,
            total: all.length,
          });
        }
      }),
    );
    return keys.map((k) => windows.get(windowTag(k)) ?? new Error('window not loaded'));
  }

  /**
   * Whether one window request per dataset costs less than paging through the union of their
   * records, judged by the sizes their documents state (known once the datasets were listed).
   */
  private fewerOneByOne(database: EegdashDatabaseName, datasets: readonly string[]): boolean {
    let records = 0;
    for (const id of datasets) {
      const size = this.sizes.get(tag(database, id));
      if (size === undefined) return false;
      records += size;
    }
    return Math.floor(records / EEGDASH_PAGE_SIZE) + 1 > datasets.length;
  }

  private noteSizes(database: EegdashDatabaseName, docs: EegdashDataset[]): EegdashDataset[] {
    for (const d of docs)
      if (typeof d.total_files === 'number') this.sizes.set(tag(database, d.dataset_id), d.total_files);
    return docs;
  }

  private primeRecords(database: EegdashDatabaseName, rows: readonly EegdashRecord[]): void {
    for (const r of rows)
      if (typeof r.data_name === 'string') this.record.prime({ database, dataName: r.data_name }, r);
  }

  // ---- datasets ----

  /** A window of `/datasets` documents and the number matching; list items prime the dataset loader. */
  async datasets(
    database: EegdashDatabaseName,
    filter: MongoFilter,
    offset: number,
    limit: number,
  ): Promise<{ items: EegdashDataset[]; total: number | null }> {
    const res = await this.datasetsPage(database, filter, offset, Math.max(1, limit));
    const items = this.noteSizes(database, (res.data ?? []).slice(0, limit));
    for (const d of items) this.dataset.prime({ database, datasetId: d.dataset_id }, d);
    return { items, total: typeof res.total === 'number' ? res.total : null };
  }

  /** Distinct dataset ids that have records (`/datasets/names`). */
  async datasetNames(database: EegdashDatabaseName): Promise<string[]> {
    const res = await this.get<DataResponse<unknown[]>>(database, '/datasets/names');
    return (res.data ?? []).filter((n): n is string => typeof n === 'string');
  }

  /** Catalogue totals from `/datasets/summary`, optionally for one modality or source. */
  async catalogTotals(
    database: EegdashDatabaseName,
    params: { modality?: string | undefined; source?: string | undefined },
  ): Promise<CatalogTotals> {
    const res = await this.get<SummaryResponse>(database, '/datasets/summary', {
      limit: 1,
      modality: params.modality,
      source: params.source,
    });
    return res.totals ?? { datasets: 0 };
  }

  /**
   * The docs-site full-text search (`/datasets/search?q=`): the best `limit` hits (at most
   * {@link EEGDASH_SEARCH_MAX}), by relevance. `q` needs 2 characters or more; there is no offset.
   */
  async searchDatasets(database: EegdashDatabaseName, q: string, limit: number): Promise<EegdashSearchHit[]> {
    const res = await this.get<SearchResponse>(database, '/datasets/search', {
      q,
      limit: Math.min(Math.max(1, limit), EEGDASH_SEARCH_MAX),
    });
    return (res.results ?? []).filter((h) => typeof h?.dataset_id === 'string');
  }

  private datasetsPage(
    database: EegdashDatabaseName,
    filter: MongoFilter,
    skip: number,
    limit: number,
  ): Promise<DatasetsResponse> {
    return this.get<DatasetsResponse>(database, '/datasets', {
      filter: filterParam(filter),
      limit,
      skip: skip || undefined,
    });
  }

  /** Loads cached earlier in this GraphQL request may predate a write. */
  private forgetLoads(): void {
    for (const loader of [
      this.dataset,
      this.record,
      this.datasetRecords,
      this.count,
      this.datasetSummary,
      this.recordStats,
    ] as DataLoader<unknown, unknown, string>[]) {
      loader.clearAll();
    }
  }

  private async get<T>(database: EegdashDatabaseName, path: string, query?: Record<string, QueryValue>): Promise<T> {
    const res = await this.http.json<T>({
      path: `/api/${database}${path}`,
      query,
      headers: this.headers,
      stats: this.stats,
      signal: this.signal,
    });
    return res.body;
  }
}

/** As the Python client: an empty filter is not sent at all. */
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
