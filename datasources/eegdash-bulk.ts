/**
 * Bulk writes to EEGDash: the gateway checks every document first (so an obviously bad one stops
 * the whole request before anything is written), then sends the archive's largest accepted
 * chunks one after another and keeps an account of each, from what the archive acknowledged:
 * written with what counts, failed with which error and which record, unknown (sent, but no
 * readable answer), or not sent (the operation ended, or an earlier answer made it pointless).
 */
import { ArchiveError, inputError } from '../src/http/archive-error.ts';
import { OperationAborted } from '../src/http/upstream.ts';
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
  /** Existing documents actually changed; null when the archive's acknowledgement does not say. */
  modified: number | null;
  insertedIds: string[];
}

/**
 * What became of one chunk, from what the archive acknowledged: WRITTEN (its acknowledgement
 * read), FAILED (refused with a 4xx: nothing of it written), UNKNOWN (sent, but the answer was
 * unreadable, a 5xx, or never came: it may or may not be stored), NOT_SENT (never sent).
 */
export type ChunkStatus = 'WRITTEN' | 'FAILED' | 'UNKNOWN' | 'NOT_SENT';

export interface ChunkOutcome {
  index: number;
  /** Position of the chunk's first document in the request. */
  offset: number;
  size: number;
  status: ChunkStatus;
  /** What the archive acknowledged writing; null unless WRITTEN. */
  counts: WriteCounts | null;
  /**
   * Why the chunk is not WRITTEN; its details name the chunk and, when known, the record. An
   * ArchiveError, or (a gateway bug while the chunk was out) any other Error.
   */
  error: Error | null;
}

export interface BulkOutcome {
  requested: number;
  /** Sums over the WRITTEN chunks only. */
  inserted: number;
  updated: number;
  /** Null as soon as one written chunk's acknowledgement did not report it (a sum would understate). */
  modified: number | null;
  insertedIds: string[];
  /** Documents in UNKNOWN chunks: neither counted as written nor as failed. */
  unknown: number;
  chunks: ChunkOutcome[];
  /**
   * The chunk at which the write stopped sending, when it did: one that FAILED or was UNKNOWN
   * for a reason every later chunk shares, or the first NOT_SENT one (cancelled, deadline, ...).
   */
  stoppedAt: number | null;
}

/** Answers that every later chunk would get too. */
const FATAL = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND']);

/**
 * What a chunk whose request ended in `error` became, and whether the chunks after it are still
 * sent. Only a 4xx is the archive saying it did not write the chunk; a 5xx, a timeout, a dropped
 * connection or an unreadable 200 leave it open whether the archive wrote it.
 */
function settle(error: ArchiveError): { status: Exclude<ChunkStatus, 'WRITTEN'>; stops: boolean } {
  switch (error.code) {
    case 'REQUEST_CANCELLED':
    case 'DEADLINE_EXCEEDED':
      return { status: error.details?.requestSent === true ? 'UNKNOWN' : 'NOT_SENT', stops: true };
    case 'ARCHIVE_BUSY':
    case 'UPSTREAM_BUDGET_EXCEEDED':
      return { status: 'NOT_SENT', stops: true };
  }
  if (error.status !== undefined && error.status >= 400 && error.status < 500)
    return { status: 'FAILED', stops: FATAL.has(error.code) };
  return { status: 'UNKNOWN', stops: false };
}

/** The error of the first chunk not sent because the operation ended (`signal.reason`). */
function endedBefore(reason: unknown, where: Record<string, unknown>): ArchiveError {
  const details = { ...where, requestSent: false };
  if (reason instanceof OperationAborted && reason.why === 'deadline')
    return new ArchiveError('eegdash', 'DEADLINE_EXCEEDED', `Not sent: ${reason.message}`, {
      details: { ...details, deadlineMs: reason.deadlineMs },
    });
  return new ArchiveError('eegdash', 'REQUEST_CANCELLED', 'Not sent: the client closed the request', { details });
}

/**
 * Sends `docs` in chunks of `size`, in order, never two at once (writes are not retried, so a
 * chunk's fate must be known before the next is sent), and accounts for each chunk from what the
 * archive acknowledged. A refused or UNKNOWN chunk is reported and the next one is sent; after an
 * answer no chunk could get past, or once `signal` aborts, the rest are NOT_SENT. Never throws:
 * whatever happens to a chunk, the caller gets the whole account.
 */
export async function writeInChunks<T>(
  docs: readonly T[],
  size: number,
  send: (chunk: T[]) => Promise<WriteCounts>,
  signal?: AbortSignal,
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = {
    requested: docs.length,
    inserted: 0,
    updated: 0,
    modified: 0,
    insertedIds: [],
    unknown: 0,
    chunks: [],
    stoppedAt: null,
  };
  /** The error that stopped the write, and whether its chunk was itself NOT_SENT. */
  let stop: { error: ArchiveError; notSent: boolean } | undefined;
  const stopAt = (index: number, error: ArchiveError, notSent: boolean) => {
    stop = { error, notSent };
    outcome.stoppedAt = index;
  };
  for (let offset = 0, index = 0; offset < docs.length; offset += size, index++) {
    const chunk = docs.slice(offset, offset + size);
    const where = { chunk: index, offset, size: chunk.length };
    const base = { index, offset, size: chunk.length, counts: null };
    if (!stop && signal?.aborted) {
      const error = endedBefore(signal.reason, where);
      outcome.chunks.push({ ...base, status: 'NOT_SENT', error });
      stopAt(index, error, true);
      continue;
    }
    if (stop) {
      const { error: cause, notSent } = stop;
      const message = notSent
        ? cause.message
        : `Not sent: the write stopped at chunk ${outcome.stoppedAt} (${cause.message})`;
      const error = new ArchiveError('eegdash', cause.code, message, { details: { ...where, requestSent: false } });
      outcome.chunks.push({ ...base, status: 'NOT_SENT', error });
      continue;
    }
    try {
      const counts = await send(chunk);
      outcome.chunks.push({ ...base, status: 'WRITTEN', counts, error: null });
      outcome.inserted += counts.inserted;
      outcome.updated += counts.updated;
      outcome.modified =
        outcome.modified === null || counts.modified === null ? null : outcome.modified + counts.modified;
      outcome.insertedIds.push(...counts.insertedIds);
    } catch (thrown) {
      if (!(thrown instanceof ArchiveError)) {
        // A gateway bug while the chunk was out: whether it was sent is not known either.
        outcome.chunks.push({ ...base, status: 'UNKNOWN', error: asError(thrown) });
        outcome.unknown += chunk.length;
        continue;
      }
      const { status, stops } = settle(thrown);
      const error = locate(thrown, offset, chunk.length === 1, where);
      outcome.chunks.push({ ...base, status, error });
      if (status === 'UNKNOWN') outcome.unknown += chunk.length;
      if (stops) stopAt(index, error, status === 'NOT_SENT');
    }
  }
  return outcome;
}

const asError = (thrown: unknown): Error => (thrown instanceof Error ? thrown : new Error(String(thrown)));

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
