/**
 * What the HTTP layer tells observers (metrics, traces) about its work, without knowing them:
 * each attempt sent to an archive (with headers an observer may add, such as `traceparent`,
 * and how it ended), waits for a connection and for the budget, and what the cache did. Routes
 * are URL templates — ids, versions and paths replaced by placeholders, never a query string or
 * a credential — so they make bounded metric labels and safe span names.
 */
import type { ArchiveName } from './archive-error.ts';
import type { UpstreamStats } from './stats.ts';

export interface AttemptStart {
  archive: ArchiveName;
  method: string;
  /** The path below the archive's base URL as a template, e.g. `/dandisets/{id}/versions/{id}/assets/`. */
  route: string;
  /** 0 for the first try, n for the n-th retry. */
  attempt: number;
  /**
   * The GraphQL operation the attempt is made for (its costs), so observers can find the
   * operation's own state without an async context; absent outside any operation (probes,
   * background refreshes).
   */
  operation?: UpstreamStats;
}

export type AttemptOutcome = 'ok' | 'http_error' | 'timeout' | 'network' | 'aborted';

export interface AttemptEnd {
  /** The HTTP status, when one arrived. */
  status?: number;
  outcome: AttemptOutcome;
}

export type CacheEvent = 'hit' | 'revalidating' | 'stale_if_error' | 'coalesced' | 'miss';

export interface UpstreamEvents {
  /** An attempt is about to be written; `headers` are added to it, `end` is called once it ends. */
  attempt?(start: AttemptStart): { headers?: Record<string, string>; end(end: AttemptEnd): void };
  /** A request waited `ms` for a free connection (0 when one was free). */
  queued?(archive: ArchiveName, ms: number): void;
  /** The budget made a request wait, or refused it unsent. */
  budget?(archive: ArchiveName, event: 'wait' | 'denied' | 'paused', operation?: UpstreamStats): void;
  /** What the upstream cache did for one read. */
  cache?(archive: ArchiveName, event: CacheEvent, operation?: UpstreamStats): void;
}

/** Several observers as one. */
export function combineEvents(observers: readonly UpstreamEvents[]): UpstreamEvents {
  const [only] = observers;
  if (only && observers.length === 1) return only;
  return {
    attempt: (start) => {
      const started = observers.map((o) => o.attempt?.(start));
      return {
        headers: Object.assign({}, ...started.map((s) => s?.headers ?? {})),
        end: (end) => {
          for (const s of started) s?.end(end);
        },
      };
    },
    queued: (archive, ms) => {
      for (const o of observers) o.queued?.(archive, ms);
    },
    budget: (archive, event, operation) => {
      for (const o of observers) o.budget?.(archive, event, operation);
    },
    cache: (archive, event, operation) => {
      for (const o of observers) o.cache?.(archive, event, operation);
    },
  };
}

const PLACEHOLDER = '{id}';
/** Path segments that name one thing rather than a kind of thing. */
const ID_SEGMENT =
  /^(\d+|[0-9a-f]{24}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+\.\d{6}\.\d{4}|draft|(ds|nm)\d{4,}[a-z0-9]*)$/i;
/** Routes whose tail is free text (an asset path, a Zarr key, a BrainSTEM model name is not). */
const KNOWN = new Set([
  'api',
  'admin',
  'dandisets',
  'versions',
  'assets',
  'zarr',
  'files',
  'uploads',
  'blobs',
  'info',
  'stats',
  'users',
  'me',
  'search',
  'records',
  'datasets',
  'count',
  'distinct',
  'public',
  'private',
  'stem',
  'modules',
  'personal_attributes',
  'taxonomies',
  'dissemination',
  'resources',
  'security',
  'eegdash',
  'eegdash_dev',
  'eegdash_staging',
  'download',
  'paths',
  'validation',
  'owners',
  'star',
  'publish',
  'unembargo',
  'metadata',
  'info',
  'health',
  'openapi.json',
]);

/**
 * A URL template of `path`: ids become `{id}`; a segment neither known nor id-like is kept only
 * when it is a short lower-case word (a BrainSTEM model, say), else it becomes `{id}` too, so the
 * number of distinct routes stays bounded whatever the callers ask for.
 */
export function routeOf(path: string): string {
  const segments = path.split('/').map((segment) => {
    if (segment === '') return segment;
    if (KNOWN.has(segment)) return segment;
    if (ID_SEGMENT.test(segment)) return PLACEHOLDER;
    return /^[a-z][a-z_]{1,30}$/.test(segment) ? segment : PLACEHOLDER;
  });
  return segments.join('/');
}
