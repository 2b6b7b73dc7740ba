/**
 * Bulk writes to EEGDash: the gateway checks every document first (so an obviously bad one stops
 * the whole request before anything is written), then sends the archive's largest accepted
 * chunks one after another and keeps an account of each: written with what counts, failed with
 * which error and which record, or skipped because an earlier answer made it pointless.
 */
import { ArchiveError, inputError } from '../src/http/archive-error.ts';
import { isPlainObject } from './eegdash-filter.ts';

/** The archive's per-request caps (spec 3 and 7). */
export const RECORDS_CHUNK_SIZE = 1000;
export const DATASETS_CHUNK_SIZE = 500;
/** More than this in one GraphQL request belongs in an ingestion job, not a gateway call. */
export const MAX_BULK_DOCUMENTS = 25_000;

export type DocumentKind = 'record' | 'dataset';

/** Fields the archive requires (spec 5.1: `dataset` and `bids_relpath`, the upsert key; 5.2: `dataset_id`). */
const REQUIRED: Record<DocumentKind, readonly string[]> = {
  record: ['dataset', 'bids_relpath'],
  dataset: ['dataset_id'],
};

/**
 * Throws BAD_USER_INPUT with the index and field of the first document the archive would
 * refuse; its `path` is the document's place under `label` (`records[3]`, or `record` for one).
 */
export function checkDocuments(
  docs: readonly unknown[],
  kind: DocumentKind,
  label: string,
  single = false,
): Record<string, unknown>[] {
  if (docs.length === 0) throw inputError(`\`${label}\` is empty`, { path: label }, 'eegdash');
  if (docs.length > MAX_BULK_DOCUMENTS) {
    throw inputError(
      `\`${label}\` holds ${docs.length} ${kind}s; at most ${MAX_BULK_DOCUMENTS} per request`,
      { path: label, maximum: MAX_BULK_DOCUMENTS },
      'eegdash',
    );
  }
  docs.forEach((doc, recordIndex) => {
    const at = single ? label : `${label}[${recordIndex}]`;
    const refuse = (message: string, field: string | null) =>
      inputError(
        `${kind} ${recordIndex} of \`${label}\`: ${message}`,
        { path: field === null ? at : `${at}.${field}`, recordIndex, field },
        'eegdash',
      );
    if (!isPlainObject(doc)) throw refuse('must be a JSON object', null);
    for (const field of REQUIRED[kind]) {
      const value = doc[field];
      if (typeof value !== 'string' || value.trim() === '')
        throw refuse(`${field} is required (a non-empty string)`, field);
    }
    const operator = Object.keys(doc).find((k) => k.startsWith('$'));
    if (operator !== undefined) throw refuse(`field names must not start with "$" (${operator})`, operator);
  });
  return docs as Record<string, unknown>[];
}

export interface WriteCounts {
  inserted: number;
  updated: number;
  modified: number;
  insertedIds: string[];
}

export type ChunkStatus = 'WRITTEN' | 'FAILED' | 'SKIPPED';

export interface ChunkOutcome {
  index: number;
  /** Position of the chunk's first document in the request. */
  offset: number;
  size: number;
  status: ChunkStatus;
  /** What the archive reported writing; null unless WRITTEN. */
  counts: WriteCounts | null;
  /** Why the chunk was not written; its details name the chunk and, when known, the record. */
  error: ArchiveError | null;
}

export interface BulkOutcome {
  requested: number;
  inserted: number;
  updated: number;
  modified: number;
  insertedIds: string[];
  chunks: ChunkOutcome[];
}

/** Answers that every later chunk would get too. */
const FATAL = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND']);

/**
 * Sends `docs` in chunks of `size`, in order, never two at once (writes are not retried, so a
 * chunk's fate must be known before the next is sent). A chunk the archive refuses is reported
 * and the next one is sent; after an answer no chunk could get past, the rest are skipped.
 */
export async function writeInChunks<T>(
  docs: readonly T[],
  size: number,
  send: (chunk: T[]) => Promise<WriteCounts>,
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = {
    requested: docs.length,
    inserted: 0,
    updated: 0,
    modified: 0,
    insertedIds: [],
    chunks: [],
  };
  let stop: ArchiveError | undefined;
  for (let offset = 0, index = 0; offset < docs.length; offset += size, index++) {
    const chunk = docs.slice(offset, offset + size);
    const base = { index, offset, size: chunk.length };
    if (stop) {
      const error = new ArchiveError('eegdash', stop.code, `Not sent: an earlier chunk was refused (${stop.message})`, {
        details: { chunk: index, offset, size: chunk.length },
      });
      outcome.chunks.push({ ...base, status: 'SKIPPED', counts: null, error });
      continue;
    }
    try {
      const counts = await send(chunk);
      outcome.chunks.push({ ...base, status: 'WRITTEN', counts, error: null });
      outcome.inserted += counts.inserted;
      outcome.updated += counts.updated;
      outcome.modified += counts.modified;
      outcome.insertedIds.push(...counts.insertedIds);
    } catch (error) {
      if (!(error instanceof ArchiveError)) throw error; // aborted by the client, or a bug: not a chunk's fault
      outcome.chunks.push({
        ...base,
        status: 'FAILED',
        counts: null,
        error: locate(error, offset, chunk.length === 1, { chunk: index, offset, size: chunk.length }),
      });
      if (FATAL.has(error.code)) stop = error;
    }
  }
  return outcome;
}

/**
 * The same error with the chunk it happened in (`extra`) and, from a FastAPI validation body
 * (`{"detail": [{"loc": ["body", 3, "storage"], ...}]}`), the absolute index and field of the
 * first document the archive refused. `offset` is the position of the body's first document.
 */
export function locate(
  error: ArchiveError,
  offset: number,
  single: boolean,
  extra: Record<string, unknown> = {},
): ArchiveError {
  const issue = firstIssueLoc(error.details?.upstreamBody);
  let recordIndex: number | null = null;
  let field: string | null = null;
  if (issue && issue[0] === 'body') {
    const indexed = typeof issue[1] === 'number';
    if (indexed) recordIndex = offset + (issue[1] as number);
    else if (single) recordIndex = offset;
    const rest = issue.slice(indexed ? 2 : 1);
    field = rest.length > 0 ? rest.join('.') : null;
  }
  return new ArchiveError(error.archive, error.code, error.message, {
    ...(error.status !== undefined ? { status: error.status } : {}),
    details: { ...error.details, ...extra, recordIndex, field },
    cause: error,
  });
}

function firstIssueLoc(body: unknown): (string | number)[] | undefined {
  if (!isPlainObject(body) || !Array.isArray(body.detail)) return undefined;
  for (const issue of body.detail) {
    if (isPlainObject(issue) && Array.isArray(issue.loc)) return issue.loc as (string | number)[];
  }
  return undefined;
}
