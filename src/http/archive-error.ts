/**
 * The one error type the HTTP layer and the datasources throw. It knows nothing of GraphQL:
 * `src/errors.ts` turns it into a GraphQLError with `extensions.code` and `extensions.archive`.
 */

export type ArchiveName = 'dandi' | 'eegdash' | 'brainstem';

export type ArchiveErrorCode =
  | 'ARCHIVE_UNAVAILABLE'
  | 'ARCHIVE_TIMEOUT'
  | 'ARCHIVE_RATE_LIMITED'
  | 'ARCHIVE_BAD_RESPONSE'
  // Not the archive's fault: the gateway did not send, or stopped waiting (src/http/upstream.ts).
  | 'ARCHIVE_BUSY'
  | 'DEADLINE_EXCEEDED'
  | 'UPSTREAM_BUDGET_EXCEEDED'
  | 'REQUEST_CANCELLED'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT';

export interface ArchiveErrorOptions {
  status?: number;
  /** Extra, user-safe facts for `extensions` (e.g. a field name, a record index). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
  readonly status: number | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    readonly archive: ArchiveName,
    readonly code: ArchiveErrorCode,
    message: string,
    options: ArchiveErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.details = options.details;
  }
}

/** How each archive is named in messages. */
export const ARCHIVE_LABELS: Record<ArchiveName, string> = {
  dandi: 'DANDI Archive',
  eegdash: 'EEGDash',
  brainstem: 'BrainSTEM',
};

/**
 * The one factory for input the gateway refuses before anything is sent: BAD_USER_INPUT with
 * user-safe facts (`argument`, `field`, a bound) in `extensions`, naming the archive when the
 * rule is one archive's. Datasources and resolvers alike throw it; `src/errors.ts` turns it into
 * the GraphQL error clients see.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly code = 'BAD_USER_INPUT';

  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly archive?: ArchiveName,
  ) {
    super(message);
  }
}

export const inputError = (message: string, details: Record<string, unknown> = {}, archive?: ArchiveName): InputError =>
  new InputError(message, details, archive);

/** Statuses by which an archive says the request itself was too large: its body, URL or headers. */
const TOO_LARGE: ReadonlySet<number> = new Set([413, 414, 431]);

/**
 * The code an upstream HTTP status stands for, once retries (if any) are spent. A request too
 * large for the archive (413, 414, 431) is the caller's to make smaller: BAD_USER_INPUT.
 */
export function codeForStatus(status: number): ArchiveErrorCode {
  if (status === 400 || status === 422 || TOO_LARGE.has(status)) return 'BAD_USER_INPUT';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404 || status === 410) return 'NOT_FOUND';
  if (status === 429) return 'ARCHIVE_RATE_LIMITED';
  if (status === 408 || status === 504) return 'ARCHIVE_TIMEOUT';
  return 'ARCHIVE_UNAVAILABLE';
}

/** What an upstream error answer says: the archive's own words when it gave some, and what a 413/414/431 means. */
export function statusMessage(status: number, body: string): string {
  const said = upstreamMessage(body);
  if (TOO_LARGE.has(status))
    return `the request was too large for the archive (HTTP ${status}${said ? `: ${said}` : ''}); ask for less at once`;
  return said ?? `HTTP ${status}`;
}

/**
 * A short, user-safe message out of an upstream error body: DRF's `{"detail": ...}`, FastAPI's
 * `{"detail": [...]}`, a bare JSON string, a field map, or (for HTML pages) nothing at all.
 */
export function upstreamMessage(body: string): string | undefined {
  const text = body.trim();
  if (text === '' || text.startsWith('<')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text.slice(0, 300);
  }
  return summarize(parsed)?.slice(0, 500);
}

function summarize(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const parts = value.map(summarize).filter((s): s is string => !!s);
    return parts.length ? parts.join('; ') : undefined;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of ['detail', 'message', 'error', 'msg']) {
      const s = summarize(record[key]);
      if (s) return s;
    }
    const parts = Object.entries(record)
      .filter(([k]) => k !== 'success' && k !== 'status')
      .map(([k, v]) => {
        const s = summarize(v);
        return s ? `${k}: ${s}` : undefined;
      })
      .filter((s): s is string => !!s);
    return parts.length ? parts.join('; ') : undefined;
  }
  return undefined;
}
