/**
 * The upstream response cache: one place, below the datasources, for all three archives. A GET
 * is answered from what is stored for its scope, method and URL while that is fresh; past
 * freshness it is served once more while one background refresh runs (stale-while-revalidate);
 * otherwise it is fetched, by one caller for all who want it at once (single flight, across
 * instances with Redis), revalidated with `If-None-Match` when the archive gave an ETag. When
 * the archive fails (down, rate-limited, blocked, out of budget), a stale answer up to
 * `staleIfErrorMs` old is served instead, and reported next to the data.
 *
 * Why not undici's cache interceptor or Keyv: the interceptor follows RFC 9111 alone (the
 * archives send no `Cache-Control`, and what a published DANDI version promises is knowledge
 * of this gateway), it keys private answers by URL and `Vary` only — not by whose credential
 * fetched them — and it has no Redis store, no stale-if-error report and no budget to consult.
 * Keyv would have been a key-value wrapper around two calls. So the policy is ours and the
 * storage is lru-cache and ioredis.
 */
import type { IncomingHttpHeaders } from 'undici/types/header.js';
import type { Logger } from '../../logger.ts';
import { ArchiveError, type ArchiveName } from '../archive-error.ts';
import type { UpstreamEvents } from '../events.ts';
import type { UpstreamStats } from '../stats.ts';
import { type Freshness, freshnessOf, type FreshnessSettings, readCacheControl, ttlFor } from './policy.ts';
import type { RedisShared } from './redis.ts';
import { ANONYMOUS, hashKey } from './scope.ts';
import { SingleFlight } from './single-flight.ts';
import type { CachedResponse, CacheStore } from './store.ts';

/** What the HTTP layer hands back for one request: the status, headers and body text. */
export interface Fetched {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface CacheRead {
  archive: ArchiveName;
  method: 'GET' | 'HEAD';
  url: URL;
  /** The path below the archive's base URL, which the freshness policy reads. */
  path: string;
  scope: string;
  stats?: UpstreamStats;
  signal?: AbortSignal;
  /**
   * Sends the request with these extra headers (`If-None-Match`) on `signal`; `background`:
   * nobody waits for it, so it must not queue for the budget.
   */
  send(headers: Record<string, string>, signal: AbortSignal | undefined, background: boolean): Promise<Fetched>;
}

/** Failures of the archive (not of the caller) for which a stale answer beats an error. */
const STALE_INSTEAD = new Set([
  'ARCHIVE_UNAVAILABLE',
  'ARCHIVE_TIMEOUT',
  'ARCHIVE_RATE_LIMITED',
  'ARCHIVE_BUSY',
  'ARCHIVE_BAD_RESPONSE',
]);

function staleInstead(error: unknown): error is ArchiveError {
  if (!(error instanceof ArchiveError)) return false;
  return STALE_INSTEAD.has(error.code) || error.details?.blocked === true;
}

const generationKey = (archive: ArchiveName, scope: string) => `gen:${archive}:${scope}`;

export class UpstreamCache {
  private readonly flights = new SingleFlight();
  private readonly refreshing = new Set<string>();
  private warned = 0;

  constructor(
    private readonly store: CacheStore,
    private readonly settings: FreshnessSettings,
    private readonly logger: Logger,
    /** Set with Redis: single flight across instances. */
    private readonly shared?: RedisShared,
    /** Longest an instance waits for another's fetch of the same key (the per-attempt timeout). */
    private readonly lockMs = 15_000,
    private readonly events: UpstreamEvents = {},
  ) {}

  async read(read: CacheRead): Promise<Fetched> {
    const key = hashKey(read.archive, read.scope, read.method, read.url.href);
    const genKey = generationKey(read.archive, read.scope);
    const freshness = freshnessOf(read.archive, read.path, this.settings);
    const { entry, generation } = await this.lookup(key, genKey);
    const now = Date.now();
    const usable = entry && (entry.generation === -1 || entry.generation === generation) ? entry : undefined;

    if (usable && now < usable.freshUntil) {
      this.events.cache?.(read.archive, 'hit', read.stats);
      read.stats?.count(read.archive, 'cacheHits');
      read.stats?.noteFreshness(usable.freshUntil - now);
      return answer(usable);
    }
    if (usable && now < usable.freshUntil + this.settings.staleWhileRevalidateMs) {
      this.events.cache?.(read.archive, 'revalidating', read.stats);
      read.stats?.servedStale({ archive: read.archive, ageSeconds: ageOf(usable, now), reason: 'REVALIDATING' });
      read.stats?.noteFreshness(0);
      this.refreshInBackground(key, read, usable, generation, freshness);
      return answer(usable);
    }

    try {
      const { value, shared } = await this.flights.run(key, read.signal, (signal) =>
        this.fill(key, read, usable, generation, freshness, signal, false),
      );
      this.events.cache?.(read.archive, shared ? 'coalesced' : 'miss', read.stats);
      if (shared) read.stats?.count(read.archive, 'coalesced');
      read.stats?.noteFreshness(value.entry ? value.entry.freshUntil - Date.now() : 0);
      return value.fetched;
    } catch (error) {
      if (usable && Date.now() - usable.storedAt <= this.settings.staleIfErrorMs && staleInstead(error)) {
        this.events.cache?.(read.archive, 'stale_if_error', read.stats);
        read.stats?.servedStale({ archive: read.archive, ageSeconds: ageOf(usable, Date.now()), reason: error.code });
        read.stats?.noteFreshness(0);
        return answer(usable);
      }
      throw error;
    }
  }

  /** A write went to `archive` with `scope`'s credential: its answers, and the shared ones, are outdated. */
  async invalidate(archive: ArchiveName, scope: string): Promise<void> {
    const keys =
      scope === ANONYMOUS
        ? [generationKey(archive, ANONYMOUS)]
        : [generationKey(archive, scope), generationKey(archive, ANONYMOUS)];
    try {
      await this.store.invalidate(keys);
    } catch (error) {
      this.storeFailed(error);
    }
  }

  /** Fetches (or revalidates) and stores; with Redis, lets one instance fetch for all. */
  private async fill(
    key: string,
    read: CacheRead,
    stale: CachedResponse | undefined,
    generation: number,
    freshness: Freshness,
    signal: AbortSignal | undefined,
    background: boolean,
  ): Promise<{ fetched: Fetched; entry?: CachedResponse }> {
    let locked = false;
    if (this.shared) {
      // undefined: Redis did not answer, so no other instance can be waited for; fetch now.
      const held = await this.shared.lock(key, this.lockMs).catch(() => undefined);
      locked = held === true;
      if (held === false) {
        // Another instance is fetching it: wait for it, then take what it stored.
        await this.shared.waitForUnlock(key, this.lockMs, signal);
        const { entry, generation: now } = await this.lookup(key, generationKey(read.archive, read.scope));
        if (entry && (entry.generation === -1 || entry.generation === now) && Date.now() < entry.freshUntil) {
          read.stats?.count(read.archive, 'coalesced');
          return { fetched: answer(entry), entry };
        }
      }
    }
    try {
      const headers: Record<string, string> = stale?.etag ? { 'if-none-match': stale.etag } : {};
      const fetched = await read.send(headers, signal, background);
      const directives = readCacheControl(fetched.headers);
      const storable = !directives.noStore && !(directives.private && read.scope === ANONYMOUS);
      const now = Date.now();
      const ttl = ttlFor(freshness, directives);
      const { immutable } = freshness;
      if (fetched.status === 304 && stale) {
        const entry = this.entryOf(stale.status, stale.text, stale.etag, now, ttl, immutable, generation);
        if (storable) await this.save(key, entry);
        return { fetched: answer(entry), entry };
      }
      if (fetched.status < 200 || fetched.status >= 300 || !storable || read.method === 'HEAD') return { fetched };
      const etag = single(fetched.headers.etag);
      const entry = this.entryOf(fetched.status, fetched.text, etag, now, ttl, immutable, generation);
      await this.save(key, entry);
      return { fetched, entry };
    } finally {
      if (locked) await this.shared?.unlock(key).catch(() => {});
    }
  }

  private entryOf(
    status: number,
    text: string,
    etag: string | undefined,
    now: number,
    ttl: number,
    immutable: boolean,
    generation: number,
  ): CachedResponse {
    const freshUntil = now + ttl;
    const keep = Math.max(this.settings.staleWhileRevalidateMs, this.settings.staleIfErrorMs);
    return {
      status,
      text,
      ...(etag ? { etag } : {}),
      storedAt: now,
      freshUntil,
      keepUntil: freshUntil + keep,
      generation: immutable ? -1 : generation,
    };
  }

  /** One refresh per key at a time, owned by nobody's operation; its failure leaves the stale answer. */
  private refreshInBackground(
    key: string,
    read: CacheRead,
    stale: CachedResponse,
    generation: number,
    freshness: Freshness,
  ): void {
    if (this.refreshing.has(key)) return;
    this.refreshing.add(key);
    const background = { ...read, stats: undefined, signal: undefined };
    this.flights
      .run(key, undefined, (signal) => this.fill(key, background, stale, generation, freshness, signal, true))
      .catch((error: unknown) =>
        this.logger.debug('background refresh failed', {
          archive: read.archive,
          path: read.url.pathname,
          code: error instanceof ArchiveError ? error.code : undefined,
        }),
      )
      .finally(() => this.refreshing.delete(key));
  }

  private async lookup(key: string, genKey: string): Promise<{ entry?: CachedResponse; generation: number }> {
    try {
      return await this.store.get(key, genKey);
    } catch (error) {
      this.storeFailed(error);
      // Without the generations nothing stored can be trusted: a miss.
      return { entry: undefined, generation: Number.NaN };
    }
  }

  private async save(key: string, entry: CachedResponse): Promise<void> {
    try {
      await this.store.set(key, entry);
    } catch (error) {
      this.storeFailed(error);
    }
  }

  private storeFailed(error: unknown): void {
    if (Date.now() - this.warned < 30_000) return;
    this.warned = Date.now();
    this.logger.warn('upstream cache store failed; answering without it', {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

const answer = (entry: CachedResponse): Fetched => ({ status: entry.status, headers: {}, text: entry.text });
const ageOf = (entry: CachedResponse, now: number) => Math.round((now - entry.storedAt) / 1000);
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
