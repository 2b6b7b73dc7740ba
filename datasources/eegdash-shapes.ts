/**
 * Every EEGDash body the gateway reads, checked at the edge with the list kit's checkers. The
 * archive stores documents loosely (`extra="allow"`), so inside a document anything goes; the
 * envelopes, though, have one documented shape, and valid JSON of another shape is
 * ARCHIVE_BAD_RESPONSE naming the key — never an empty list, a zero, or a crash further up.
 */
import { ArchiveError } from '../src/http/archive-error.ts';
import { badShape, documentList, isObject, objectBody, optionalCount, stringList } from './list.ts';
import type {
  CatalogTotals,
  EegdashDataset,
  EegdashDatasetSummary,
  EegdashRecord,
  EegdashSearchHit,
  RecordStats,
} from './eegdash-types.ts';

const ARCHIVE = 'eegdash';

/** `body[key]` as a count the archive must send. */
function requiredCount(body: Record<string, unknown>, key: string): number {
  const count = optionalCount(ARCHIVE, body, key);
  if (count === null) throw badShape(ARCHIVE, key, 'a count', body[key]);
  return count;
}

/** Documents whose `key` is a non-empty string (ids a document cannot do without). */
function keyed<T>(docs: T[], list: string, key: string): T[] {
  const bad = docs.find((d) => {
    const v = (d as Record<string, unknown>)[key];
    return typeof v !== 'string' || v === '';
  });
  if (bad !== undefined)
    throw badShape(ARCHIVE, `${list}[].${key}`, 'a non-empty string', (bad as Record<string, unknown>)[key]);
  return docs;
}

/** `/records`: `{"data": [record, ...]}`. */
export const readRecords = (body: unknown): EegdashRecord[] => documentList<EegdashRecord>(ARCHIVE, body, 'data');

/** `/datasets`: `{"data": [dataset, ...], "total": n}`; every dataset has its `dataset_id`. */
export function readDatasets(body: unknown): { rows: EegdashDataset[]; total: number | null } {
  const rows = keyed(documentList<EegdashDataset>(ARCHIVE, body, 'data'), 'data', 'dataset_id');
  return { rows, total: optionalCount(ARCHIVE, objectBody(ARCHIVE, body), 'total') };
}

/** `/count`: `{"count": n}`. */
export const readCount = (body: unknown): number => requiredCount(objectBody(ARCHIVE, body), 'count');

/** `/datasets/names`: `{"data": ["ds002718", ...]}`. */
export const readNames = (body: unknown): string[] => stringList(ARCHIVE, body, 'data');

/** `/datasets/summary`: its `totals`, of which `datasets` is always there. */
export function readTotals(body: unknown): CatalogTotals {
  const totals = objectBody(ARCHIVE, body).totals;
  if (!isObject(totals)) throw badShape(ARCHIVE, 'totals', 'an object', totals);
  const optional = (key: string) => optionalCount(ARCHIVE, totals, key) ?? undefined;
  return {
    datasets: requiredCount(totals, 'datasets'),
    subjects: optional('subjects'),
    files: optional('files'),
    size_bytes: optional('size_bytes'),
  };
}

/** `/datasets/search`: `{"results": [hit, ...]}`, each hit naming its dataset. */
export const readSearchHits = (body: unknown): EegdashSearchHit[] =>
  keyed(documentList<EegdashSearchHit>(ARCHIVE, body, 'results'), 'results', 'dataset_id');

/** `/datasets/summary/{id}`: `{"data": summary}`. */
export function readSummary(body: unknown): EegdashDatasetSummary {
  const data = objectBody(ARCHIVE, body).data;
  return objectBody(ARCHIVE, data, 'data') as EegdashDatasetSummary;
}

/** `/datasets/stats/records`: `{"data": {"<dataset id>": {nchans_counts, sfreq_counts}, ...}}`. */
export function readRecordStats(body: unknown): Map<string, RecordStats> {
  const data = objectBody(ARCHIVE, objectBody(ARCHIVE, body).data, 'data');
  const stats = new Map<string, RecordStats>();
  for (const [id, entry] of Object.entries(data)) stats.set(id, objectBody(ARCHIVE, entry, `data.${id}`));
  return stats;
}

// ---- write acknowledgements ----

/** `POST /records`: the new document's `insertedId`. */
export function readInsertedId(body: unknown): string {
  const id = objectBody(ARCHIVE, body).insertedId;
  if (typeof id !== 'string' || id === '') throw badShape(ARCHIVE, 'insertedId', 'a non-empty string', id);
  return id;
}

/**
 * A count the archive acknowledged, of which at most `max` of the `sent` documents can be: more
 * is not an acknowledgement the gateway can count (ARCHIVE_BAD_RESPONSE naming the key).
 */
function atMost(count: number, max: number, sent: number, key: string): number {
  if (count > max)
    throw new ArchiveError(
      ARCHIVE,
      'ARCHIVE_BAD_RESPONSE',
      `EEGDash acknowledged ${count} documents as "${key}"; at most ${max} can be, of the ${sent} sent`,
      { details: { key } },
    );
  return count;
}

/**
 * `POST /records/bulk` for `sent` records: `insertedCount`, or (older servers) the `insertedIds`
 * it counts; when both come they must agree.
 */
export function readInsertMany(body: unknown, sent: number): { inserted: number; insertedIds: string[] } {
  const ack = objectBody(ARCHIVE, body);
  const hasIds = 'insertedIds' in ack;
  const insertedIds = hasIds ? stringList(ARCHIVE, ack, 'insertedIds') : [];
  const count = optionalCount(ARCHIVE, ack, 'insertedCount');
  if (count === null && !hasIds) throw badShape(ARCHIVE, 'insertedCount', 'a count', undefined);
  if (count !== null && hasIds && insertedIds.length !== count)
    throw badShape(ARCHIVE, 'insertedIds', `${count} ids, as insertedCount says`, insertedIds);
  return { inserted: atMost(count ?? insertedIds.length, sent, sent, 'insertedCount'), insertedIds };
}

/**
 * Upserts (`/records/upsert`, `/datasets/bulk`, `POST /datasets`) of `sent` documents:
 * `inserted_count` always; `updated_count` and `modified_count` where the endpoint reports them.
 */
export function readUpsert(
  body: unknown,
  sent: number,
): { inserted: number; updated: number | null; modified: number | null } {
  const ack = objectBody(ARCHIVE, body);
  const inserted = atMost(requiredCount(ack, 'inserted_count'), sent, sent, 'inserted_count');
  const updated = optionalCount(ARCHIVE, ack, 'updated_count');
  const modified = optionalCount(ARCHIVE, ack, 'modified_count');
  return {
    inserted,
    updated: updated === null ? null : atMost(updated, sent - inserted, sent, 'updated_count'),
    modified: modified === null ? null : atMost(modified, sent - inserted, sent, 'modified_count'),
  };
}

/**
 * `PATCH` updates: `matched_count` and `modified_count`. Where the endpoint is known not to
 * report `matched_count`, `matchedIfAbsent` is what its success implies.
 */
export function readUpdate(body: unknown, matchedIfAbsent?: number): { matched: number; modified: number } {
  const ack = objectBody(ARCHIVE, body);
  const modified = requiredCount(ack, 'modified_count');
  const matched = optionalCount(ARCHIVE, ack, 'matched_count') ?? matchedIfAbsent;
  if (matched === undefined) throw badShape(ARCHIVE, 'matched_count', 'a count', undefined);
  return { matched, modified };
}
