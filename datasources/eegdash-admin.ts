/**
 * EEGDash admin writes, in the Python client's terms (`insert`, `upsert_many`, `update_field`,
 * `update_dataset`), behind the caller's own admin token: without one, UNAUTHENTICATED before
 * anything is sent. Documents are checked first; bulk writes go out in the archive's chunk sizes.
 */
import { ArchiveError } from '../src/http/archive-error.ts';
import type { UpstreamStats } from '../src/http/stats.ts';
import type { UpstreamClient } from '../src/http/upstream.ts';
import {
  checkDocuments,
  DATASETS_CHUNK_SIZE,
  locate,
  RECORDS_CHUNK_SIZE,
  writeInChunks,
  type BulkOutcome,
  type DocumentKind,
  type WriteCounts,
} from './eegdash-bulk.ts';
import { badInput, checkSetFields } from './eegdash-filter.ts';
import type {
  EegdashDatabaseName,
  InsertManyResponse,
  InsertOneResponse,
  MongoFilter,
  UpdateResponse,
  UpsertResponse,
} from './eegdash-types.ts';

export interface UpdateCounts {
  matched: number;
  modified: number;
}

export class EegdashAdmin {
  constructor(
    private readonly http: UpstreamClient,
    /** The caller's token headers, or undefined without a token. */
    private readonly headers: Record<string, string> | undefined,
    private readonly stats: UpstreamStats,
    private readonly signal: AbortSignal | undefined,
    /** Called after every write attempt: what was loaded before may have changed. */
    private readonly afterWrite: () => void,
  ) {}

  async insertRecord(database: EegdashDatabaseName, record: unknown): Promise<InsertOneResponse> {
    this.requireToken();
    const [doc] = checkDocuments([record], 'record', 'record');
    return this.single(() => this.send<InsertOneResponse>('POST', database, '/records', doc));
  }

  insertRecords(database: EegdashDatabaseName, records: readonly unknown[]): Promise<BulkOutcome> {
    return this.bulk(database, '/records/bulk', records, 'record', (r: InsertManyResponse, n) => ({
      inserted: r.insertedCount ?? r.insertedIds?.length ?? n,
      updated: 0,
      modified: 0,
      insertedIds: r.insertedIds ?? [],
    }));
  }

  upsertRecords(database: EegdashDatabaseName, records: readonly unknown[]): Promise<BulkOutcome> {
    return this.bulk(database, '/records/upsert', records, 'record', upsertCounts);
  }

  /** `update_field`: `$set` on every record matching a non-empty filter. */
  async updateRecords(database: EegdashDatabaseName, filter: MongoFilter, set: unknown): Promise<UpdateCounts> {
    this.requireToken();
    if (Object.keys(filter).length === 0)
      throw badInput('An update needs a filter: an empty one would change every record', { argument: 'where' });
    const update = checkSetFields(set, 'set', ['_id']);
    const res = await this.single(() => this.send<UpdateResponse>('PATCH', database, '/records', { filter, update }));
    return { matched: res.matched_count ?? 0, modified: res.modified_count ?? 0 };
  }

  /** Insert or `$set`-update one dataset by `dataset_id`. */
  async upsertDataset(database: EegdashDatabaseName, dataset: unknown): Promise<WriteCounts> {
    this.requireToken();
    const [doc] = checkDocuments([dataset], 'dataset', 'dataset');
    return upsertCounts(await this.single(() => this.send<UpsertResponse>('POST', database, '/datasets', doc)), 1);
  }

  upsertDatasets(database: EegdashDatabaseName, datasets: readonly unknown[]): Promise<BulkOutcome> {
    return this.bulk(database, '/datasets/bulk', datasets, 'dataset', upsertCounts);
  }

  /** `update_dataset`: `$set` fields on one dataset; NOT_FOUND if it does not exist. */
  async updateDataset(database: EegdashDatabaseName, datasetId: string, set: unknown): Promise<UpdateCounts> {
    this.requireToken();
    const update = checkSetFields(set, 'set', ['_id', 'dataset_id']);
    const res = await this.single(() =>
      this.send<UpdateResponse>('PATCH', database, `/datasets/${encodeURIComponent(datasetId)}`, { update }),
    );
    return { matched: res.matched_count ?? 0, modified: res.modified_count ?? 0 };
  }

  private async bulk<R>(
    database: EegdashDatabaseName,
    path: string,
    input: readonly unknown[],
    kind: DocumentKind,
    counts: (res: R, sent: number) => WriteCounts,
  ): Promise<BulkOutcome> {
    this.requireToken();
    const docs = checkDocuments(input, kind, `${kind}s`);
    const size = kind === 'record' ? RECORDS_CHUNK_SIZE : DATASETS_CHUNK_SIZE;
    try {
      return await writeInChunks(docs, size, async (chunk) =>
        counts(await this.send<R>('POST', database, path, chunk), chunk.length),
      );
    } finally {
      this.afterWrite();
    }
  }

  /** One write: a refusal names the field (and record 0) the archive pointed at. */
  private async single<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      throw error instanceof ArchiveError ? locate(error, 0, true) : error;
    } finally {
      this.afterWrite();
    }
  }

  private requireToken(): Record<string, string> {
    if (!this.headers) {
      throw new ArchiveError(
        'eegdash',
        'UNAUTHENTICATED',
        'EEGDash writes need an admin token: send it in the X-EEGDash-Token header',
      );
    }
    return this.headers;
  }

  private async send<T>(
    method: 'POST' | 'PATCH',
    database: EegdashDatabaseName,
    path: string,
    body: unknown,
  ): Promise<T> {
    const headers = this.requireToken();
    const res = await this.http.json<T>({
      method,
      path: `/admin/${database}${path}`,
      body,
      headers,
      stats: this.stats,
      signal: this.signal,
    });
    return res.body;
  }
}

const upsertCounts = (r: UpsertResponse, sent: number): WriteCounts => {
  const inserted = r.inserted_count ?? 0;
  return { inserted, updated: r.updated_count ?? sent - inserted, modified: r.modified_count ?? 0, insertedIds: [] };
};
