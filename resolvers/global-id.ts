/**
 * Compound keys inside global IDs, read in one place. A global ID is Relay's base64 of
 * `Type:key`; for objects an archive names by more than one part the key joins them with "/"
 * (`000027/draft`, `000027/draft/<asset id>`, `eegdash/ds002718`).
 */
import { type ArchiveName, inputError } from '../src/http/archive-error.ts';

/**
 * The `count` parts of a compound key; the last part takes the rest (it may hold "/"). A key
 * with fewer or empty parts is BAD_USER_INPUT naming what it should have been.
 */
export function splitKey(key: string, count: number, what: string, archive: ArchiveName): string[] {
  const parts = key.split('/');
  const head = parts.slice(0, count - 1);
  const rest = parts.slice(count - 1).join('/');
  const all = [...head, rest];
  if (parts.length < count || all.some((p) => p === '')) {
    throw inputError(`"${key}" is not the id of ${what}`, { argument: 'id' }, archive);
  }
  return all;
}
