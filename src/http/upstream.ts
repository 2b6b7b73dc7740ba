/**
 * The only code that talks to the network. One UpstreamClient per archive owns one undici Pool
 * for that archive's origin (keep-alive, a cap on concurrent connections), and every request
 * goes through the same queue bound, timeout, retry and error-mapping rules, and stops as soon
 * as its operation does (the client left, the deadline passed, the request ceiling was reached).
 * Reads go through the shared upstream cache (fresh, stale, coalesced); every request that is
 * sent takes a token of the archive's budget first; every write outdates what it may change.
 */
import { Pool } from 'undici';
import type { IncomingHttpHeaders } from 'undici/types/header.js';
import type { Logger } from '../logger.ts';
import {
  ARCHIVE_LABELS,
  ArchiveError,
  codeForStatus,
  statusMessage,
  type ArchiveName,
  upstreamMessage,
} from './archive-error.ts';
import type { Budget } from './cache/budget.ts';
import { DEFAULT_PAUSE_MS } from './cache/budget.ts';
import type { Fetched, UpstreamCache } from './cache/cache.ts';
import { isAnonymous, scopeOf } from './cache/scope.ts';
import { type AttemptOutcome, routeOf, type UpstreamEvents } from './events.ts';
import { ConnectionSlots, exchange } from './exchange.ts';
import { nextDelay, parseRetryAfter, RETRY_METHODS, RETRY_STATUSES, type RetryPolicy } from './retry.ts';
import type { UpstreamStats } from './stats.ts';

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface UpstreamOptions {
  archive: ArchiveName;
  /** Base URL of the archive's API, e.g. `https://api.dandiarchive.org/api`. */
  baseUrl: string;
  /** Most connections (and so concurrent requests) open to the origin at once. */
  connections: number;
  /** Per-attempt limit for the whole exchange (headers and body), from when it is written. */
  timeoutMs: number;
  /** Longest wait for a free connection; past it the request is not sent (ARCHIVE_BUSY). Default 10 s. */
  queueTimeoutMs?: number;
  retry: RetryPolicy;
  userAgent: string;
  logger: Logger;
  /** The shared upstream cache (absent: `CACHE=off`). */
  cache?: UpstreamCache;
  /** The archive's request budget (absent: unlimited). */
  budget?: Budget;
  /** Longest wait for a budget token before a request is given up unsent (ARCHIVE_RATE_LIMITED). */
  budgetWaitMs?: number;
  /** Observers of attempts, waits and the cache (metrics, traces). */
  events?: UpstreamEvents;
}

export interface UpstreamRequest {
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the base URL, e.g. `/dandisets/000003/`. */
  path: string;
  /** Parameters in order; arrays become repeated parameters; null/undefined are left out. */
  query?: Record<string, QueryValue> | [string, string][];
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** The operation's costs and request ceiling. */
  stats?: UpstreamStats;
  /** The operation's signal: aborted with an `OperationAborted` when it is over. */
  signal?: AbortSignal;
  /** Set false for probes that must answer fast rather than eventually. */
  retry?: boolean;
  /** Set false to bypass the shared cache (probes: they ask the archive, not our memory of it). */
  cache?: boolean;
  /** Longest wait for a budget token; 0 for work that should rather not run than queue. */
  budgetWaitMs?: number;
}

export interface UpstreamResponse<T> {
  status: number;
  headers: IncomingHttpHeaders;
  body: T;
  /** The absolute URL requested (for `next`-link comparisons). */
  url: string;
}

/** Why an operation's signal was aborted: its client went away, or its own deadline passed. */
export class OperationAborted extends Error {
  override readonly name = 'OperationAborted';

  constructor(
    readonly why: 'client' | 'deadline',
    readonly deadlineMs?: number,
  ) {
    super(why === 'client' ? 'The client closed the request' : `The request's deadline (${deadlineMs} ms) passed`);
  }
}

/** Waits `ms`; resolves false at once if `signal` aborts first. */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<boolean>((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export class UpstreamClient {
  readonly archive: ArchiveName;
  readonly baseUrl: URL;
  private readonly pool: Pool;
  private readonly slots: ConnectionSlots;
  private readonly queueTimeoutMs: number;
  private readonly basePath: string;

  constructor(private readonly options: UpstreamOptions) {
    this.archive = options.archive;
    this.baseUrl = new URL(options.baseUrl.replace(/\/+$/, ''));
    this.basePath = this.baseUrl.pathname.replace(/\/+$/, '');
    this.pool = new Pool(this.baseUrl.origin, {
      connections: options.connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 600_000,
      connect: { timeout: Math.min(10_000, options.timeoutMs) },
      // Safety nets only: the per-attempt timer in `exchange` is the real limit.
      headersTimeout: options.timeoutMs + 1_000,
      bodyTimeout: options.timeoutMs + 1_000,
    });
    this.slots = new ConnectionSlots(options.connections);
    this.queueTimeoutMs = options.queueTimeoutMs ?? 10_000;
  }

  /** The absolute URL for a path and query, as the archive would see it. */
  url(path: string, query?: UpstreamRequest['query']): URL {
    const url = new URL(`${this.baseUrl.origin}${this.basePath}${path}`);
    const entries = Array.isArray(query) ? query : Object.entries(query ?? {});
    for (const [key, value] of entries) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, String(v));
      else url.searchParams.append(key, String(value));
    }
    return url;
  }

  /**
   * Sends a request and parses a JSON answer; throws ArchiveError for anything else. A GET or
   * HEAD is answered by the shared cache when it can be; any other method outdates, once sent,
   * what is cached for its credential and for everyone.
   */
  async json<T>(request: UpstreamRequest): Promise<UpstreamResponse<T>> {
    const method = request.method ?? 'GET';
    const url = this.url(request.path, request.query);
    const cache = this.options.cache;
    let fetched: Fetched & { body?: unknown };
    if (method === 'GET' || method === 'HEAD') {
      if (cache && request.cache !== false) {
        fetched = await cache.read({
          archive: this.archive,
          method,
          url,
          path: request.path,
          scope: scopeOf(request.headers),
          stats: request.stats,
          signal: request.signal,
          // A background refresh belongs to no operation: not to its costs, nor to its ceiling.
          send: (headers, signal, background) =>
            this.send(
              method,
              url,
              {
                ...request,
                headers: { ...request.headers, ...headers },
                signal,
                stats: background ? undefined : request.stats,
              },
              background,
            ),
        });
      } else {
        fetched = await this.send(method, url, request, false);
        request.stats?.noteFreshness(0);
      }
    } else {
      try {
        fetched = await this.send(method, url, request, false);
      } finally {
        if (cache) await cache.invalidate(this.archive, scopeOf(request.headers));
      }
    }
    const { status, headers, text } = fetched;
    const body = 'body' in fetched ? fetched.body : text === '' || method === 'HEAD' ? undefined : JSON.parse(text);
    return { status, headers, body: body as T, url: url.href };
  }

  /** Sends until answered, retrying what may be retried; `background`: never waits for the budget. */
  private async send(
    method: string,
    url: URL,
    request: UpstreamRequest,
    background: boolean,
  ): Promise<Fetched & { body: unknown }> {
    const retryable = RETRY_METHODS.has(method) && request.retry !== false;
    const started = performance.now();
    let waited = 0;

    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(method, url, request, attempt, background);
      if (outcome.ok) return outcome.response;

      const error = outcome.error;
      const delay =
        retryable && outcome.retryable
          ? nextDelay(this.options.retry, attempt + 1, waited, outcome.retryAfterMs)
          : undefined;
      if (delay === undefined) {
        this.options.logger.debug('upstream request failed', {
          archive: this.archive,
          method,
          path: url.pathname,
          code: error.code,
          status: error.status,
          attempts: attempt + 1,
          ms: Math.round(performance.now() - started),
        });
        throw error;
      }
      waited += delay;
      if (!(await sleep(delay, request.signal))) throw this.stopped(request.signal?.reason, false);
    }
  }

  /**
   * One try. Failures of the archive come back as values (the caller decides about retrying);
   * the operation stopping (cancelled, deadline, ceiling) is thrown: it is never retried and
   * never logged as the archive's failure.
   */
  private async attempt(
    method: string,
    url: URL,
    request: UpstreamRequest,
    attemptNumber: number,
    background: boolean,
  ): Promise<
    | { ok: true; response: Fetched & { body: unknown } }
    | { ok: false; error: ArchiveError; retryable: boolean; retryAfterMs?: number }
  > {
    const { signal, stats } = request;
    if (signal?.aborted) throw this.stopped(signal.reason, false);
    if (stats && !stats.admit()) throw this.overBudget(stats.maxRequests);
    // The budget is the shared IP's: the archives limit anonymous traffic per IP, and a caller's
    // own credential is limited (or exempted, as EEGDash's token is) as that caller's.
    const budget = isAnonymous(request.headers) ? this.options.budget : undefined;
    if (budget) {
      const maxWait = background ? 0 : (request.budgetWaitMs ?? this.options.budgetWaitMs ?? 1_000);
      const decision = await budget.take(maxWait);
      if (!decision.granted) {
        this.options.events?.budget?.(this.archive, 'denied', stats);
        return { ok: false, error: this.outOfBudget(decision.retryAfterMs), retryable: false };
      }
      if (decision.waitMs > 0) {
        stats?.count(this.archive, 'budgetWaits');
        this.options.events?.budget?.(this.archive, 'wait', stats);
        if (!(await sleep(decision.waitMs, signal))) throw this.stopped(signal?.reason, false);
      }
    }
    const queuedAt = performance.now();
    const slot = await this.slots.acquire(this.queueTimeoutMs, signal);
    this.options.events?.queued?.(this.archive, performance.now() - queuedAt);
    if (slot === 'aborted') throw this.stopped(signal?.reason, false);
    if (slot === 'timeout') return { ok: false, error: this.busy(), retryable: false };

    const done = stats?.begin(this.archive, attemptNumber > 0);
    const observed = this.options.events?.attempt?.({
      archive: this.archive,
      method,
      route: routeOf(url.pathname.slice(this.basePath.length)),
      attempt: attemptNumber,
      ...(stats ? { operation: stats } : {}),
    });
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.options.userAgent,
      ...observed?.headers,
      ...request.headers,
    };
    let payload: string | undefined;
    if (request.body !== undefined) {
      payload = JSON.stringify(request.body);
      headers['content-type'] = 'application/json';
    }
    let res: Awaited<ReturnType<typeof exchange>>;
    try {
      res = await exchange(
        this.pool,
        { method, path: `${url.pathname}${url.search}`, headers, body: payload },
        this.options.timeoutMs,
        signal,
      );
    } finally {
      this.slots.release();
      done?.();
    }
    const outcome: AttemptOutcome = res.ok ? (res.status < 400 ? 'ok' : 'http_error') : res.kind;
    observed?.end({ outcome, ...(res.ok ? { status: res.status } : {}) });

    if (!res.ok) {
      if (res.kind === 'aborted') throw this.stopped(res.reason, res.written);
      if (res.kind === 'timeout') {
        const error = new ArchiveError(
          this.archive,
          'ARCHIVE_TIMEOUT',
          `${this.label()} did not answer within ${this.options.timeoutMs} ms`,
        );
        // Waiting again as long would double what the caller already waited: give up now.
        return { ok: false, error, retryable: false };
      }
      const error = new ArchiveError(
        this.archive,
        'ARCHIVE_UNAVAILABLE',
        `${this.label()} is unreachable (${res.cause.message})`,
        { cause: res.cause },
      );
      return { ok: false, error, retryable: true };
    }

    const { status, text } = res;
    if (status >= 200 && status < 400) {
      if (text === '' || method === 'HEAD') {
        return { ok: true, response: { status, headers: res.headers, text, body: undefined } };
      }
      try {
        return { ok: true, response: { status, headers: res.headers, text, body: JSON.parse(text) } };
      } catch (cause) {
        const error = new ArchiveError(
          this.archive,
          'ARCHIVE_BAD_RESPONSE',
          `${this.label()} sent a response that is not valid JSON`,
          { status, cause },
        );
        return { ok: false, error, retryable: true };
      }
    }
    const message = statusMessage(status, text);
    const retryAfterMs = parseRetryAfter(res.headers['retry-after']);
    // EEGDash's edge answers every request of an IP it fenced off with 403 {"detail":"Blocked"}.
    const blocked = status === 403 && upstreamMessage(text) === 'Blocked';
    if ((status === 429 || blocked) && budget) {
      this.options.events?.budget?.(this.archive, 'paused', stats);
      await budget.penalize(retryAfterMs ?? (blocked ? 60 * DEFAULT_PAUSE_MS : DEFAULT_PAUSE_MS));
    }
    const error = new ArchiveError(this.archive, codeForStatus(status), `${this.label()}: ${message}`, {
      status,
      details: {
        upstreamBody: parseBody(text),
        ...(retryAfterMs !== undefined && status === 429 ? { retryAfterMs } : {}),
        ...(blocked ? { blocked: true } : {}),
      },
    });
    return { ok: false, error, retryable: RETRY_STATUSES.has(status), retryAfterMs };
  }

  /**
   * The operation ended (its signal aborted with `reason`) before this archive answered.
   * `requestSent`: the request had been written, so the archive may have acted on it (a write).
   */
  private stopped(reason: unknown, requestSent: boolean): ArchiveError {
    if (reason instanceof OperationAborted && reason.why === 'deadline') {
      return new ArchiveError(
        this.archive,
        'DEADLINE_EXCEEDED',
        `The request's deadline (${reason.deadlineMs} ms) passed before ${this.label()} answered`,
        { details: { deadlineMs: reason.deadlineMs, requestSent } },
      );
    }
    return new ArchiveError(
      this.archive,
      'REQUEST_CANCELLED',
      `The client closed the request before ${this.label()} answered`,
      { cause: reason, details: { requestSent } },
    );
  }

  private busy(): ArchiveError {
    return new ArchiveError(
      this.archive,
      'ARCHIVE_BUSY',
      `No connection to ${this.label()} came free within ${this.queueTimeoutMs} ms (all ${this.options.connections} in use); the request was not sent`,
      { details: { queueTimeoutMs: this.queueTimeoutMs } },
    );
  }

  /** The archive's request budget has no token within the wait allowed: nothing is sent. */
  private outOfBudget(retryAfterMs: number): ArchiveError {
    return new ArchiveError(
      this.archive,
      'ARCHIVE_RATE_LIMITED',
      `The gateway's request budget for ${this.label()} is spent; the next request can go in ${retryAfterMs} ms (nothing was sent)`,
      { details: { retryAfterMs, requestSent: false } },
    );
  }

  private overBudget(limit: number): ArchiveError {
    return new ArchiveError(
      this.archive,
      'UPSTREAM_BUDGET_EXCEEDED',
      `This operation reached its limit of ${limit} upstream requests; nothing more is sent to ${this.label()}`,
      { details: { limit } },
    );
  }

  private label(): string {
    return ARCHIVE_LABELS[this.archive];
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
