/**
 * Where cached upstream answers live: in this process (an LRU bounded by bytes), or in Redis so
 * every gateway instance shares them. Both keep, per archive and scope, a generation number that
 * a write bumps: an answer stored under an older generation is never served again.
 */
import { LRUCache } from 'lru-cache';

export interface CachedResponse {
  status: number;
  /** The body as the archive sent it (JSON text). */
  text: string;
  /** The archive's validator, for `If-None-Match` once the answer is stale. */
  etag?: string;
  /** When it was fetched (or last revalidated), ms since the epoch. */
  storedAt: number;
  /** Until when it is fresh. */
  freshUntil: number;
  /** The last moment it may still be served stale; the store drops it then. */
  keepUntil: number;
  /** The generation of its archive and scope when it was fetched; -1: immutable, never outdated. */
  generation: number;
}

export interface StoredRead {
  entry: CachedResponse | undefined;
  /** The current generation of the scope asked about (0 before any write). */
  generation: number;
}

export interface CacheStore {
  /** The entry under `key` and the current generation under `generationKey`, in one round trip. */
  get(key: string, generationKey: string): Promise<StoredRead>;
  set(key: string, entry: CachedResponse): Promise<void>;
  /** Bumps these generations: everything stored under the old ones is outdated. */
  invalidate(generationKeys: readonly string[]): Promise<void>;
}

/** Bytes an entry costs in memory: its text (UTF-16) and a fixed overhead for the rest. */
const sizeOf = (entry: CachedResponse) => entry.text.length * 2 + 256;

export class MemoryStore implements CacheStore {
  private readonly entries: LRUCache<string, CachedResponse>;
  private readonly generations = new Map<string, number>();

  constructor(maxBytes: number) {
    this.entries = new LRUCache<string, CachedResponse>({
      maxSize: maxBytes,
      // One huge answer must not evict everything else.
      maxEntrySize: Math.max(1, Math.floor(maxBytes / 4)),
      sizeCalculation: sizeOf,
      ttlAutopurge: false,
    });
  }

  async get(key: string, generationKey: string): Promise<StoredRead> {
    return { entry: this.entries.get(key), generation: this.generations.get(generationKey) ?? 0 };
  }

  async set(key: string, entry: CachedResponse): Promise<void> {
    const ttl = entry.keepUntil - Date.now();
    if (ttl > 0) this.entries.set(key, entry, { ttl });
  }

  async invalidate(generationKeys: readonly string[]): Promise<void> {
    for (const key of generationKeys) this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
  }

  /** Forgets every answer (tests start each case cold). */
  clear(): void {
    this.entries.clear();
  }

  /** Bytes held now (for tests and metrics). */
  get bytes(): number {
    return this.entries.calculatedSize;
  }
}
