/**
 * EEGDash admin writes, in the Python client's terms (`insert`, `upsert_many`, `update_field`,
 * `update_dataset`), behind the caller's own admin token: without one, UNAUTHENTICATED before
 * anything is sent. Documents are checked first; bulk writes go out in the archive's chunk sizes.
 */
import { ArchiveError, inputError } from '../src/http/archive-error.ts';
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
import { checkSetFields } from './eegdash-filter.ts';
import { type BlockedClient, readBlocked } from './eegdash-service.ts';
import { readInsertedId, readInsertMany, readUpdate, readUpsert } from './eegdash-shapes.ts';
import type { EegdashDatabaseName } from './eegdash-types.ts';
import { recordFilter, type RecordSelection } from './eegdash-where.ts';

export interface UpdateCounts {
  matched: number;
  modified: number;
}

/** What writing one dataset did; `modified` is null when the archive's answer does not say. */
export interface DatasetCounts {
  inserted: number;
  updated: number;
  modified: number | null;
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

  /** `insert` of one record: the id the archive gave it. */
  async insertRecord(database: EegdashDatabaseName, record: unknown): Promise<string> {
    this.requireToken();
    const [doc] = checkDocuments([record], 'record', 'record', true);
    return this.single(async () => readInsertedId(await this.send('POST', database, '/records', doc)));
  }

  insertRecords(database: EegdashDatabaseName, records: readonly unknown[]): Promise<BulkOutcome> {
    return this.bulk(database, '/records/bulk', records, 'record', (body, sent) => ({
      ...readInsertMany(body, sent),
      updated: 0,
      modified: 0,
    }));
  }

  upsertRecords(database: EegdashDatabaseName, records: readonly unknown[]): Promise<BulkOutcome> {
    return this.bulk(database, '/records/upsert', records, 'record', upsertCounts);
  }

  /** `update_field`: `$set` on every record a non-empty selection matches. */
  async updateRecords(database: EegdashDatabaseName, selection: RecordSelection, set: unknown): Promise<UpdateCounts> {
    this.requireToken();
    const filter = recordFilter(selection);
    if (Object.keys(filter).length === 0)
      throw inputError(
        'An update needs a filter: an empty one would change every record',
        { path: 'where' },
        'eegdash',
      );
    const update = checkSetFields(set, 'set', ['_id']);
    return this.single(async () => readUpdate(await this.send('PATCH', database, '/records', { filter, update })));
  }

  /** Insert or `$set`-update one dataset by `dataset_id`. */
  async upsertDataset(database: EegdashDatabaseName, dataset: unknown): Promise<DatasetCounts> {
    this.requireToken();
    const [doc] = checkDocuments([dataset], 'dataset', 'dataset', true);
    return this.single(async () => upsertCounts(await this.send('POST', database, '/datasets', doc), 1));
  }

  upsertDatasets(database: EegdashDatabaseName, datasets: readonly unknown[]): Promise<BulkOutcome> {
    return this.bulk(database, '/datasets/bulk', datasets, 'dataset', upsertCounts);
  }

  /** `update_dataset`: `$set` fields on one dataset; NOT_FOUND if it does not exist. */
  async updateDataset(database: EegdashDatabaseName, datasetId: string, set: unknown): Promise<UpdateCounts> {
    this.requireToken();
    const update = checkSetFields(set, 'set', ['_id', 'dataset_id']);
    const path = `/datasets/${encodeURIComponent(datasetId)}`;
    // The Python client reads only `modified_count`; an answer that is not a 404 matched the dataset.
    return this.single(async () => readUpdate(await this.send('PATCH', database, path, { update }), 1));
  }

  /** The client IPs the archive's fence blocks, with their offence counts (`GET /admin/security/blocked`). */
  async blockedClients(): Promise<BlockedClient[]> {
    return readBlocked(await this.request('GET', '/admin/security/blocked', undefined));
  }

  /**
   * Lifts the block on one IP (`POST /admin/security/unblock`): true when it was blocked, false
   * when the archive answers 404 (it was not). Not retried (a write).
   */
  async unblockClient(ip: string): Promise<boolean> {
    this.requireToken();
    try {
      await this.request('POST', '/admin/security/unblock', { ip });
      return true;
    } catch (error) {
      if (error instanceof ArchiveError && error.code === 'NOT_FOUND' && error.status === 404) return false;
      throw error;
    }
  }

  /**
   * A bulk write; each chunk's acknowledgement is read by `counts` (an unreadable one leaves that
   * chunk UNKNOWN). Stops sending once the operation's signal aborts.
   */
  private async bulk(
    database: EegdashDatabaseName,
    path: string,
    input: readonly unknown[],
    kind: DocumentKind,
    counts: (ack: unknown, sent: number) => WriteCounts,
  ): Promise<BulkOutcome> {
    this.requireToken();
    const docs = checkDocuments(input, kind, `${kind}s`);
    const size = kind === 'record' ? RECORDS_CHUNK_SIZE : DATASETS_CHUNK_SIZE;
    try {
      return await writeInChunks(
        docs,
        size,
        async (chunk) => counts(await this.send('POST', database, path, chunk), chunk.length),
        this.signal,
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

  private send(method: 'POST' | 'PATCH', database: EegdashDatabaseName, path: string, body: unknown) {
    return this.request(method, `/admin/${database}${path}`, body);
  }

  private async request(method: 'GET' | 'POST' | 'PATCH', path: string, body: unknown) {
    const headers = this.requireToken();
    const res = await this.http.json<unknown>({
      method,
      path,
      body,
      headers,
      stats: this.stats,
      signal: this.signal,
    });
    return res.body;
  }
}

/**
 * An upsert's acknowledgement. `/records/upsert` answers `inserted_count` and `updated_count`
 * only (spec 4.16): how many of the matched documents actually changed is then not known, and
 * stays null rather than a made-up 0.
 */
function upsertCounts(ack: unknown, sent: number): WriteCounts {
  const { inserted, updated, modified } = readUpsert(ack, sent);
  return { inserted, updated: updated ?? sent - inserted, modified, insertedIds: [] };
}
