/**
 * The only code that talks to the network. One UpstreamClient per archive owns one undici Pool
 * for that archive's origin (keep-alive, a cap on concurrent connections), and every request
 * goes through the same timeout, retry and error-mapping rules.
 */
import { Pool } from 'undici';
import type { IncomingHttpHeaders } from 'undici/types/header.js';
import type { Logger } from '../logger.ts';
import { ARCHIVE_LABELS, ArchiveError, codeForStatus, upstreamMessage, type ArchiveName } from './archive-error.ts';
import { nextDelay, parseRetryAfter, RETRY_METHODS, RETRY_STATUSES, type RetryPolicy } from './retry.ts';
import type { UpstreamStats } from './stats.ts';

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface UpstreamOptions {
  archive: ArchiveName;
  /** Base URL of the archive's API, e.g. `https://api.dandiarchive.org/api`. */
  baseUrl: string;
  /** Most connections (and so concurrent requests) open to the origin at once. */
  connections: number;
  /** Per-attempt limit for the whole exchange (headers and body). */
  timeoutMs: number;
  retry: RetryPolicy;
  userAgent: string;
  logger: Logger;
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
  stats?: UpstreamStats;
  signal?: AbortSignal;
  /** Set false for probes that must answer fast rather than eventually. */
  retry?: boolean;
}

export interface UpstreamResponse<T> {
  status: number;
  headers: IncomingHttpHeaders;
  body: T;
  /** The absolute URL requested (for `next`-link comparisons). */
  url: string;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

export class UpstreamClient {
  readonly archive: ArchiveName;
  readonly baseUrl: URL;
  private readonly pool: Pool;
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
      // Safety nets only: the per-attempt AbortSignal below is the real limit.
      headersTimeout: options.timeoutMs + 1_000,
      bodyTimeout: options.timeoutMs + 1_000,
    });
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

  /** Sends a request and parses a JSON answer; throws ArchiveError for anything else. */
  async json<T>(request: UpstreamRequest): Promise<UpstreamResponse<T>> {
    const method = request.method ?? 'GET';
    const url = this.url(request.path, request.query);
    const retryable = RETRY_METHODS.has(method) && request.retry !== false;
    const started = performance.now();
    let waited = 0;

    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt<T>(method, url, request, attempt > 0);
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
      await sleep(delay, request.signal);
    }
  }

  private async attempt<T>(
    method: string,
    url: URL,
    request: UpstreamRequest,
    isRetry: boolean,
  ): Promise<
    | { ok: true; response: UpstreamResponse<T> }
    | { ok: false; error: ArchiveError; retryable: boolean; retryAfterMs?: number }
  > {
    const done = request.stats?.begin(this.archive, isRetry);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error('timeout')), this.options.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.options.userAgent,
      ...request.headers,
    };
    let payload: string | undefined;
    if (request.body !== undefined) {
      payload = JSON.stringify(request.body);
      headers['content-type'] = 'application/json';
    }
    try {
      const res = await this.pool.request({
        method: method as 'GET',
        path: `${url.pathname}${url.search}`,
        headers,
        body: payload,
        signal,
      });
      const text = await res.body.text();
      const status = res.statusCode;
      if (status >= 200 && status < 400) {
        if (text === '' || method === 'HEAD') {
          return { ok: true, response: { status, headers: res.headers, body: undefined as T, url: url.href } };
        }
        try {
          return { ok: true, response: { status, headers: res.headers, body: JSON.parse(text) as T, url: url.href } };
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
      const message = upstreamMessage(text) ?? `HTTP ${status}`;
      const error = new ArchiveError(this.archive, codeForStatus(status), `${this.label()}: ${message}`, {
        status,
        details: { upstreamBody: parseBody(text) },
      });
      return {
        ok: false,
        error,
        retryable: RETRY_STATUSES.has(status),
        retryAfterMs: parseRetryAfter(res.headers['retry-after']),
      };
    } catch (cause) {
      if (request.signal?.aborted) throw request.signal.reason;
      if (timeout.signal.aborted) {
        const error = new ArchiveError(
          this.archive,
          'ARCHIVE_TIMEOUT',
          `${this.label()} did not answer within ${this.options.timeoutMs} ms`,
          { cause },
        );
        // Waiting again as long would double what the caller already waited: give up now.
        return { ok: false, error, retryable: false };
      }
      const error = new ArchiveError(
        this.archive,
        'ARCHIVE_UNAVAILABLE',
        `${this.label()} is unreachable (${(cause as Error).message})`,
        { cause },
      );
      return { ok: false, error, retryable: true };
    } finally {
      clearTimeout(timer);
      done?.();
    }
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
