/**
 * How much of a client's input the gateway passes on to an archive, checked before anything is
 * sent; past a bound the input is refused with BAD_USER_INPUT naming it and the bound.
 *
 * Query strings travel in the request line, and the archives' front ends cap it: DANDI sits
 * behind Heroku's router (8192 bytes a line), nginx and most proxies keep 8 KB buffers, and
 * EEGDash's FastAPI server reads 16 KB of head in all. One budget under the smallest serves all
 * three; the archive's own 414 or 431 past it is mapped to BAD_USER_INPUT as well
 * (`codeForStatus`). Pure; no I/O.
 */
import { ARCHIVE_LABELS, type ArchiveName, type InputError, inputError } from '../src/http/archive-error.ts';
import type { QueryValue } from '../src/http/upstream.ts';
import { type PatternOptions, patternProblem } from './regex-check.ts';

/** Longest query string of one archive request, in characters once URL-encoded. */
export const MAX_QUERY_LENGTH = 8_000;
/** Longest single lookup string (an id, a name, a value compared with, search text): DANDI's own `search` bound. */
export const MAX_LOOKUP_LENGTH = 1_024;

type Query = Record<string, QueryValue> | readonly (readonly [string, string])[];

/** Characters `query` takes in a request URL, encoded as the upstream client encodes it. */
export function queryLength(query: Query): number {
  const params = new URLSearchParams();
  const entries = Array.isArray(query) ? query : Object.entries(query);
  for (const [key, value] of entries as [string, QueryValue][]) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  return params.toString().length;
}

/**
 * Refuses `query` when it would not fit {@link MAX_QUERY_LENGTH}; `what` names the input that
 * made it long, as the message's subject (`` `where` ``), and `details` say where it came from.
 */
export function checkQueryLength(
  query: Query,
  what: string,
  details: Record<string, unknown>,
  archive: ArchiveName,
): void {
  const length = queryLength(query);
  if (length > MAX_QUERY_LENGTH) {
    throw inputError(
      `${what} would make a query longer than ${ARCHIVE_LABELS[archive]} takes: ${length} characters in the request URL, at most ${MAX_QUERY_LENGTH}; ask for less at once`,
      { ...details, maximumLength: MAX_QUERY_LENGTH, length },
      archive,
    );
  }
}

/**
 * The refusal of a lookup string longer than {@link MAX_LOOKUP_LENGTH}, undefined if it fits;
 * `name` is what the message calls it, `details` say where it came from (`field`, `path`).
 */
export function lookupRefusal(
  value: string,
  name: string,
  details: Record<string, unknown>,
  archive: ArchiveName,
): InputError | undefined {
  if (value.length <= MAX_LOOKUP_LENGTH) return undefined;
  return inputError(
    `\`${clip(name)}\` is ${value.length} characters long; ${ARCHIVE_LABELS[archive]} takes at most ${MAX_LOOKUP_LENGTH} in one value`,
    { ...details, maximumLength: MAX_LOOKUP_LENGTH },
    archive,
  );
}

/** `value` if it fits {@link MAX_LOOKUP_LENGTH}; else its refusal (see {@link lookupRefusal}). */
export function checkLookup(
  value: string,
  name: string,
  details: Record<string, unknown>,
  archive: ArchiveName,
): string {
  const refusal = lookupRefusal(value, name, details, archive);
  if (refusal) throw refusal;
  return value;
}

/**
 * A batch of lookups by a string (a DataLoader batch): keys whose value is too long get their
 * refusal, each on its own, and only the others reach `load`, in order.
 */
export async function loadWithinBound<K, V>(
  keys: readonly K[],
  lookupValue: (key: K) => string,
  field: string,
  archive: ArchiveName,
  load: (keys: K[]) => Promise<readonly (V | Error)[]>,
): Promise<(V | Error)[]> {
  const refusals = keys.map((k) => lookupRefusal(lookupValue(k), field, { field }, archive));
  const rest = keys.filter((_, i) => refusals[i] === undefined);
  const loaded = rest.length > 0 ? await load(rest) : [];
  let next = 0;
  return refusals.map((refusal) => refusal ?? (loaded[next++] as V | Error));
}

/**
 * The refusal of a regular expression an archive should not run (see regex-check.ts), with
 * `reason` and the bound it broke in `details`; undefined when it may be sent. `what` is the
 * message's subject, e.g. `` `filter`: $regex ``.
 */
export function patternRefusal(
  pattern: string,
  what: string,
  details: Record<string, unknown>,
  archive: ArchiveName,
  options?: PatternOptions,
): InputError | undefined {
  const problem = patternProblem(pattern, options);
  if (!problem) return undefined;
  const safety =
    problem.reason === 'TOO_LONG' || problem.reason === 'INVALID'
      ? ''
      : ': patterns that could take the archive more than linear time are refused';
  return inputError(`${what} ${problem.message}${safety}`, { ...details, ...problem.bound }, archive);
}

/** `text` cut to its first `max` characters, for messages that quote the input. */
export function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
