/**
 * In-memory `records` and `datasets` collections per database, in insertion order (the order
 * callers page through, spec 4.4), with the indexes the real server declares: by `dataset`, by
 * `(dataset, bids_relpath)` (the upsert key) and datasets by `dataset_id`.
 */
import type { Matcher } from './filter.ts';
import { isPlainObject } from './values.ts';
import { ObjectIdFactory } from './object-id.ts';
import {
  EEGDASH_DATABASES,
  generateEegdashSeed,
  isEegdashDatabase,
  type Doc,
  type EegdashDatabaseName,
  type SeedData,
} from './seed.ts';
import { statsByDataset, type DatasetRecordStats } from './stats.ts';
import { applySet, type SetSpec } from './update.ts';

export type { Doc } from './seed.ts';

const keyOf = (dataset: unknown, relpath: unknown) => `${String(dataset)}\u0000${String(relpath)}`;

export interface UpsertCounts {
  inserted: number;
  updated: number;
}

export interface UpdateCounts {
  matched: number;
  modified: number;
}

export class EegdashDatabase {
  readonly records: Doc[];
  readonly datasets: Doc[];
  /** Bumped on every write, so derived views can cache against them. */
  recordsVersion = 0;
  datasetsVersion = 0;
  private byDataset = new Map<string, number[]>();
  private byKey = new Map<string, number>();
  private datasetIndex = new Map<string, number>();
  private readonly ids: ObjectIdFactory;
  private statsCache: { version: number; stats: Map<string, DatasetRecordStats> } | undefined;

  constructor(
    readonly name: string,
    seed: SeedData,
  ) {
    this.records = seed.records;
    this.datasets = seed.datasets;
    this.ids = new ObjectIdFactory(`${name}:writes`);
    this.reindexRecords();
    this.reindexDatasets();
  }

  // ---- records: reads ----

  /** Matching records in insertion order, after skipping `skip` matches. */
  findRecords(matcher: Matcher, hint: string[] | undefined, skip: number, limit: number): Doc[] {
    const out: Doc[] = [];
    let toSkip = skip;
    this.scan(hint, (doc) => {
      if (!matcher(doc)) return true;
      if (toSkip > 0) toSkip--;
      else out.push(doc);
      return out.length < limit;
    });
    return out;
  }

  countRecords(matcher: Matcher, hint: string[] | undefined): number {
    let n = 0;
    this.scan(hint, (doc) => {
      if (matcher(doc)) n++;
      return true;
    });
    return n;
  }

  recordsOf(datasetId: string): Doc[] {
    return (this.byDataset.get(datasetId) ?? []).map((i) => this.records[i] as Doc);
  }

  /** Distinct `dataset` values of the records, sorted (MongoDB `distinct`). */
  datasetNames(): string[] {
    return [...this.byDataset.keys()].sort();
  }

  recordStats(): Map<string, DatasetRecordStats> {
    if (this.statsCache?.version !== this.recordsVersion) {
      this.statsCache = { version: this.recordsVersion, stats: statsByDataset(this.records) };
    }
    return this.statsCache.stats;
  }

  /** Visits candidates (all records, or only the hinted datasets') until `visit` returns false. */
  private scan(hint: string[] | undefined, visit: (doc: Doc) => boolean): void {
    if (hint === undefined) {
      for (const doc of this.records) if (!visit(doc)) return;
      return;
    }
    const lists = [...new Set(hint)].map((d) => this.byDataset.get(d) ?? []);
    const positions = lists.length === 1 ? (lists[0] as number[]) : lists.flat().sort((a, b) => a - b);
    for (const i of positions) if (!visit(this.records[i] as Doc)) return;
  }

  // ---- records: writes ----

  /** Plain inserts; duplicates of the upsert key are allowed, as with a non-unique index. */
  insertRecords(docs: readonly Doc[]): string[] {
    const ids = docs.map((doc) => {
      const { _id: _ignored, ...fields } = doc;
      const stored: Doc = { _id: this.ids.next(), ...fields };
      this.index(stored, this.records.push(stored) - 1);
      return stored._id as string;
    });
    this.recordsVersion++;
    return ids;
  }

  /** Replace-or-insert keyed on `(dataset, bids_relpath)`; a replaced record keeps its `_id`. */
  upsertRecords(docs: readonly Doc[]): UpsertCounts {
    const counts: UpsertCounts = { inserted: 0, updated: 0 };
    for (const doc of docs) {
      const { _id: _ignored, ...fields } = doc;
      const pos = this.byKey.get(keyOf(doc.dataset, doc.bids_relpath));
      if (pos === undefined) {
        const stored: Doc = { _id: this.ids.next(), ...fields };
        this.index(stored, this.records.push(stored) - 1);
        counts.inserted++;
      } else {
        this.records[pos] = { _id: (this.records[pos] as Doc)._id, ...fields };
        counts.updated++;
      }
    }
    this.recordsVersion++;
    return counts;
  }

  updateRecords(matcher: Matcher, hint: string[] | undefined, spec: SetSpec): UpdateCounts {
    const counts: UpdateCounts = { matched: 0, modified: 0 };
    const rekey = spec.some(([path]) => path[0] === 'dataset' || path[0] === 'bids_relpath');
    try {
      this.scan(hint, (doc) => {
        if (!matcher(doc)) return true;
        counts.matched++;
        if (applySet(doc, spec)) counts.modified++;
        return true;
      });
    } finally {
      if (rekey) this.reindexRecords();
      this.recordsVersion++;
    }
    return counts;
  }

  private index(doc: Doc, pos: number): void {
    const datasets = Array.isArray(doc.dataset) ? doc.dataset : [doc.dataset];
    for (const d of datasets) {
      if (typeof d !== 'string') continue;
      let list = this.byDataset.get(d);
      if (!list) {
        list = [];
        this.byDataset.set(d, list);
      }
      list.push(pos);
    }
    const key = keyOf(doc.dataset, doc.bids_relpath);
    if (!this.byKey.has(key)) this.byKey.set(key, pos);
  }

  private reindexRecords(): void {
    this.byDataset = new Map();
    this.byKey = new Map();
    this.records.forEach((doc, i) => {
      this.index(doc, i);
    });
  }

  // ---- datasets ----

  getDataset(id: string): Doc | undefined {
    const pos = this.datasetIndex.get(id);
    return pos === undefined ? undefined : this.datasets[pos];
  }

  findDatasets(matcher: Matcher): Doc[] {
    return this.datasets.filter((d) => matcher(d));
  }

  /** `$set`-style upsert by `dataset_id`: given fields change, the rest is kept. */
  upsertDataset(id: string, spec: SetSpec): 'inserted' | 'updated' | 'unchanged' {
    const existing = this.getDataset(id);
    this.datasetsVersion++;
    if (existing) return applySet(existing, spec) ? 'updated' : 'unchanged';
    const doc: Doc = { _id: this.ids.next(), dataset_id: id };
    applySet(doc, spec);
    this.datasetIndex.set(id, this.datasets.push(doc) - 1);
    return 'inserted';
  }

  updateDataset(id: string, spec: SetSpec): UpdateCounts {
    const doc = this.getDataset(id);
    if (!doc) return { matched: 0, modified: 0 };
    const modified = applySet(doc, spec);
    this.datasetsVersion++;
    if (spec.some(([path]) => path[0] === 'dataset_id')) this.reindexDatasets();
    return { matched: 1, modified: modified ? 1 : 0 };
  }

  private reindexDatasets(): void {
    this.datasetIndex = new Map();
    this.datasets.forEach((doc, i) => {
      if (typeof doc.dataset_id === 'string' && !this.datasetIndex.has(doc.dataset_id))
        this.datasetIndex.set(doc.dataset_id, i);
    });
  }
}

/** All databases of one replica. Non-production databases are generated on first use. */
export class EegdashStore {
  readonly names: readonly EegdashDatabaseName[] = EEGDASH_DATABASES;
  private readonly dbs = new Map<EegdashDatabaseName, EegdashDatabase>();

  constructor(preload: readonly EegdashDatabaseName[] = ['eegdash']) {
    for (const name of preload) this.database(name);
  }

  /** The database, or undefined when the name is not one the server routes. */
  database(name: string): EegdashDatabase | undefined {
    if (!isEegdashDatabase(name)) return undefined;
    let db = this.dbs.get(name);
    if (!db) {
      db = new EegdashDatabase(name, generateEegdashSeed(name));
      this.dbs.set(name, db);
    }
    return db;
  }

  /** The production database (`eegdash`). */
  get main(): EegdashDatabase {
    return this.database('eegdash') as EegdashDatabase;
  }

  /** Drops writes: the named database (or all) is regenerated from the seed on next use. */
  reset(name?: EegdashDatabaseName): void {
    if (name === undefined) this.dbs.clear();
    else this.dbs.delete(name);
  }
}

/**
 * Dataset ids a filter restricts records to, when that is visible at the top level (an equality
 * or `$in` on `dataset`, possibly inside a top-level `$and`), so the store can use its index.
 * `undefined` means "no restriction found"; the full matcher still runs on every candidate.
 */
export function datasetHint(filter: Record<string, unknown>): string[] | undefined {
  const direct = hintFromCondition(filter.dataset);
  if (direct) return direct;
  if (Array.isArray(filter.$and)) {
    for (const clause of filter.$and) {
      if (isPlainObject(clause)) {
        const h = hintFromCondition(clause.dataset);
        if (h) return h;
      }
    }
  }
  return undefined;
}

function hintFromCondition(cond: unknown): string[] | undefined {
  if (typeof cond === 'string') return [cond];
  if (!isPlainObject(cond)) return undefined;
  if (typeof cond.$eq === 'string') return [cond.$eq];
  if (Array.isArray(cond.$in) && cond.$in.every((v) => typeof v === 'string')) return cond.$in as string[];
  return undefined;
}
