/**
 * The paging of the unified search, without GraphQL or HTTP: where each archive's results stand
 * (the cursor), and how one page interleaves the batches the archives sent.
 *
 * A cursor records, per archive, how many of its results were consumed, which archives are known
 * to be exhausted (not asked again), and whose turn is next. Each page takes results round-robin
 * (DANDI, EEGDash, BrainSTEM, skipping archives with nothing left) starting with that turn, so
 * pages read one after the other give the same sequence as one big page.
 */
import { inputError } from '../src/http/archive-error.ts';
import { cursorCodec } from './connection.ts';

export const SEARCH_ARCHIVES = ['dandi', 'eegdash', 'brainstem'] as const;
export type SearchArchiveName = (typeof SEARCH_ARCHIVES)[number];

/** Where a search stands after some results (also the state before the first page). */
export interface SearchCursor {
  /** Results consumed per archive: the offset its next request starts at. */
  consumed: Record<SearchArchiveName, number>;
  /** Archives whose every result is consumed and whose end is known: not asked again. */
  exhausted: SearchArchiveName[];
  /** The archive whose turn comes first on the next page. */
  next: SearchArchiveName;
}

/** What one archive answered for a page: results from its consumed offset on. */
export interface ArchiveBatch<T> {
  archive: SearchArchiveName;
  items: T[];
  /** The archive has (or may have) results after `items` that it can serve. */
  hasMore: boolean;
  /** All its matches, when it reported them; null when unknown. */
  total: number | null;
}

export interface MergedEdge<T> {
  archive: SearchArchiveName;
  node: T;
  /** The state right after this edge: pass it as `after` to resume behind it. */
  cursor: SearchCursor;
}

export interface MergedPage<T> {
  edges: MergedEdge<T>[];
  hasNextPage: boolean;
}

export const initialCursor = (): SearchCursor => ({
  consumed: { dandi: 0, eegdash: 0, brainstem: 0 },
  exhausted: [],
  next: 'dandi',
});

const LETTER: Record<SearchArchiveName, string> = { dandi: 'd', eegdash: 'e', brainstem: 'b' };
const BY_LETTER = new Map(SEARCH_ARCHIVES.map((a) => [LETTER[a], a] as const));
const codec = cursorCodec('search');

/** Opaque base64url of e.g. `search:{"d":3,"e":2,"b":3,"n":"d","x":"e"}`. */
export function encodeSearchCursor(c: SearchCursor): string {
  const body: Record<string, unknown> = {
    d: c.consumed.dandi,
    e: c.consumed.eegdash,
    b: c.consumed.brainstem,
    n: LETTER[c.next],
  };
  if (c.exhausted.length > 0)
    body.x = SEARCH_ARCHIVES.filter((a) => c.exhausted.includes(a))
      .map((a) => LETTER[a])
      .join('');
  return codec.encode(JSON.stringify(body));
}

export function decodeSearchCursor(cursor: string, argName = 'after'): SearchCursor {
  const invalid = () => inputError(`\`${argName}\` is not a cursor of \`search\``, { argument: argName });
  const text = codec.decode(cursor, argName);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalid();
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid();
  const b = body as Record<string, unknown>;
  const count = (v: unknown): number => {
    if (v === undefined) return 0;
    if (!Number.isSafeInteger(v) || (v as number) < 0) throw invalid();
    return v as number;
  };
  const next = b.n === undefined ? 'dandi' : BY_LETTER.get(String(b.n));
  if (!next) throw invalid();
  const exhausted: SearchArchiveName[] = [];
  if (b.x !== undefined) {
    if (typeof b.x !== 'string') throw invalid();
    for (const letter of b.x) {
      const archive = BY_LETTER.get(letter);
      if (!archive) throw invalid();
      if (!exhausted.includes(archive)) exhausted.push(archive);
    }
  }
  return { consumed: { dandi: count(b.d), eegdash: count(b.e), brainstem: count(b.b) }, exhausted, next };
}

const after = (archive: SearchArchiveName): SearchArchiveName =>
  SEARCH_ARCHIVES[(SEARCH_ARCHIVES.indexOf(archive) + 1) % SEARCH_ARCHIVES.length] as SearchArchiveName;

/**
 * Up to `first` results out of `batches` (one per archive that answered; an archive that failed
 * or was not asked has none and keeps its consumed count), round-robin from `start.next`.
 */
export function mergeSearchPage<T>(
  start: SearchCursor,
  batches: readonly ArchiveBatch<T>[],
  first: number,
): MergedPage<T> {
  const byArchive = new Map(batches.map((b) => [b.archive, b] as const));
  const taken = new Map<SearchArchiveName, number>(batches.map((b) => [b.archive, 0]));
  const left = (a: SearchArchiveName) => (byArchive.get(a)?.items.length ?? 0) - (taken.get(a) ?? 0);
  const done = (a: SearchArchiveName) => {
    const b = byArchive.get(a);
    return b !== undefined && left(a) === 0 && !b.hasMore && b.total !== null;
  };
  const edges: MergedEdge<T>[] = [];
  let turn = start.next;
  while (edges.length < first) {
    let archive: SearchArchiveName | undefined;
    for (let i = 0, a = turn; i < SEARCH_ARCHIVES.length; i++, a = after(a)) {
      if (left(a) > 0) {
        archive = a;
        break;
      }
    }
    if (archive === undefined) break;
    const batch = byArchive.get(archive) as ArchiveBatch<T>;
    const n = taken.get(archive) as number;
    taken.set(archive, n + 1);
    turn = after(archive);
    const consumed = { ...start.consumed };
    for (const [a, k] of taken) consumed[a] += k;
    const exhausted = SEARCH_ARCHIVES.filter((a) => start.exhausted.includes(a) || done(a));
    edges.push({ archive, node: batch.items[n] as T, cursor: { consumed, exhausted, next: turn } });
  }
  const hasNextPage = batches.some((b) => b.hasMore || left(b.archive) > 0);
  return { edges, hasNextPage };
}
