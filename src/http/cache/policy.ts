/**
 * How long an archive's answer stays true: what each archive promises, not one TTL for all.
 * A published DANDI version never changes (nor its asset list or the metadata of its assets),
 * so it is kept for a day; drafts, lists, counts, EEGDash and BrainSTEM reads change under us
 * and are kept briefly. When the archive says more with `Cache-Control`, its word wins.
 */
import type { IncomingHttpHeaders } from 'undici/types/header.js';
import type { ArchiveName } from '../archive-error.ts';

export interface FreshnessSettings {
  /** Published DANDI versions and everything below them (ms). */
  publishedTtlMs: number;
  /** Everything else, per archive (ms). */
  ttlMs: Record<ArchiveName, number>;
  /** Past freshness, how long a cached answer is served while one background refresh runs (ms). */
  staleWhileRevalidateMs: number;
  /** When the archive fails, the oldest cached answer served in its place (ms since it was fetched). */
  staleIfErrorMs: number;
}

export interface Freshness {
  ttlMs: number;
  /** Never outdated by a write (a published version): kept across invalidations. */
  immutable: boolean;
}

/**
 * `/dandisets/{id}/versions/{version}/...` where the version is a published one: the version's
 * info and metadata, its assets, each asset's metadata and paths. `draft` is the mutable one.
 */
const PUBLISHED_DANDI = /^\/dandisets\/\d{6}\/versions\/(?!draft\/)[^/]+\//;

/** What the archive's promise makes of a GET on `path` (below the archive's base URL). */
export function freshnessOf(archive: ArchiveName, path: string, settings: FreshnessSettings): Freshness {
  if (archive === 'dandi' && PUBLISHED_DANDI.test(path)) return { ttlMs: settings.publishedTtlMs, immutable: true };
  return { ttlMs: settings.ttlMs[archive], immutable: false };
}

export interface UpstreamDirectives {
  /** Must not be stored at all. */
  noStore: boolean;
  /** The archive's own freshness in ms (`s-maxage` over `max-age`; `no-cache` is 0). */
  maxAgeMs?: number;
  /** Meant for one user: a shared cache keeps it only under that user's credential. */
  private: boolean;
}

/** The parts of an upstream `Cache-Control` that a shared cache must obey. */
export function readCacheControl(headers: IncomingHttpHeaders): UpstreamDirectives {
  const raw = headers['cache-control'];
  const value = (Array.isArray(raw) ? raw.join(',') : (raw ?? '')).toLowerCase();
  const directives = new Map<string, string | undefined>();
  for (const part of value.split(',')) {
    const [name, arg] = part.trim().split('=', 2) as [string, string | undefined];
    if (name) directives.set(name, arg?.replace(/^"|"$/g, ''));
  }
  const seconds = (name: string) => {
    const n = Number(directives.get(name));
    return directives.has(name) && Number.isFinite(n) && n >= 0 ? n * 1000 : undefined;
  };
  const maxAgeMs = directives.has('no-cache') ? 0 : (seconds('s-maxage') ?? seconds('max-age'));
  return {
    noStore: directives.has('no-store'),
    private: directives.has('private'),
    ...(maxAgeMs !== undefined ? { maxAgeMs } : {}),
  };
}

/** The freshness a stored answer gets: the archive's own `max-age` when it sent one, else its promise. */
export function ttlFor(freshness: Freshness, directives: UpstreamDirectives): number {
  return directives.maxAgeMs ?? freshness.ttlMs;
}
