/**
 * Per-request DataLoaders that also count the loads they answer without a request of their own
 * (a repeated key in one batch, or a key already loaded earlier in the same GraphQL request).
 */
import DataLoader from 'dataloader';
import type { ArchiveName } from '../src/http/archive-error.ts';
import type { UpstreamStats } from '../src/http/stats.ts';

class CountingMap<K, V> extends Map<K, V> {
  constructor(private readonly onHit: () => void) {
    super();
  }

  override get(key: K): V | undefined {
    const value = super.get(key);
    if (value !== undefined) this.onHit();
    return value;
  }
}

export interface LoaderOptions<K> {
  maxBatchSize?: number;
  cacheKeyFn?: (key: K) => string;
}

export function createLoader<K, V>(
  archive: ArchiveName,
  stats: UpstreamStats,
  batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>,
  options: LoaderOptions<K> = {},
): DataLoader<K, V, string | K> {
  return new DataLoader<K, V, string | K>(batch, {
    maxBatchSize: options.maxBatchSize ?? Infinity,
    cacheKeyFn: options.cacheKeyFn ?? ((k: K) => k),
    cacheMap: new CountingMap<string | K, Promise<V>>(() => stats.servedByLoader(archive)),
  });
}

/** A batch function for archives without a batch endpoint: one request per key, all at once. */
export function eachKey<K, V>(fetchOne: (key: K) => Promise<V>) {
  return (keys: readonly K[]): Promise<(V | Error)[]> =>
    Promise.all(
      keys.map((k) =>
        Promise.resolve()
          .then(() => fetchOne(k))
          .catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))),
      ),
    );
}
