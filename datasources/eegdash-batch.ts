/**
 * Batching helpers for EEGDash loaders: many keys become a few `{"field": {"$in": [...]}}`
 * queries, one per database, with the value lists split so request URLs stay short.
 */
import type { EegdashDatabaseName } from './eegdash-types.ts';

/** The archive's largest page, and the page size its Python client uses. */
export const EEGDASH_PAGE_SIZE = 1000;
/** Encoded `$in` values per request: long lists are split so URLs stay well under 16 KB. */
const MAX_IN_CHARS = 6_000;

/** A compound cache key. */
export const tag = (...parts: (string | number)[]): string => parts.join('\u0000');

export const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k) ?? [];
    out.set(k, list);
    list.push(item);
  }
  return out;
}

/** Splits `$in` values so that each request's encoded list stays short. */
export function chunkByLength(values: readonly string[], maxChars = MAX_IN_CHARS): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const v of values) {
    const cost = encodeURIComponent(JSON.stringify(v)).length + 3;
    if (current.length > 0 && (length + cost > maxChars || current.length >= EEGDASH_PAGE_SIZE)) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    current.push(v);
    length += cost;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Loads documents by one field for keys of several databases: per database, the distinct values
 * go out as `$in` lists (split by length, fetched together); a key with no document gets null.
 */
export async function lookupBy<K extends { database: EegdashDatabaseName }, T>(
  keys: readonly K[],
  keyValue: (k: K) => string,
  fieldOf: (doc: T) => unknown,
  fetchAll: (database: EegdashDatabaseName, values: string[]) => Promise<T[]>,
): Promise<(T | null | Error)[]> {
  const found = new Map<string, T | Error>();
  await Promise.all(
    [...groupBy(keys, (k) => k.database).entries()].map(([database, group]) =>
      Promise.all(
        chunkByLength([...new Set(group.map(keyValue))]).map(async (values) => {
          try {
            for (const doc of await fetchAll(database as EegdashDatabaseName, values)) {
              const t = tag(database, String(fieldOf(doc)));
              if (!found.has(t)) found.set(t, doc);
            }
          } catch (error) {
            for (const v of values) found.set(tag(database, v), asError(error));
          }
        }),
      ),
    ),
  );
  return keys.map((k) => found.get(tag(k.database, keyValue(k))) ?? null);
}
