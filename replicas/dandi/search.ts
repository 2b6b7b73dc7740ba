/**
 * The `/dandisets/?search=` language: Gmail-style `key:value` operators mixed with free text,
 * with the server's exact error messages (including difflib's "Did you mean" suggestion).
 * Free-text terms must each occur in the JSON of some version's metadata; operators filter on
 * dates, assetsSummary facets, asset MIME types and owners.
 */
import type { DandisetRecord, UserRecord } from './model.ts';
import type { AssetsSummary } from './metadata-version.ts';
import { foldText, type DandiStore } from './store.ts';

export const OPERATOR_KEYS = [
  'created_before',
  'created_after',
  'modified_before',
  'modified_after',
  'published_before',
  'published_after',
  'species',
  'approach',
  'technique',
  'file_type',
  'owner',
] as const;

const MAX_SEARCH_LENGTH = 1024;

export class SearchSyntaxError extends Error {}

export interface ParsedSearch {
  freeText: string[];
  operators: { key: string; value: string }[];
}

/** Python's difflib.SequenceMatcher(None, a, b).ratio() (no junk heuristics below 200 chars). */
function ratio(a: string, b: string): number {
  const b2j = new Map<string, number[]>();
  for (let j = 0; j < b.length; j++) {
    const ch = b[j] as string;
    const list = b2j.get(ch);
    if (list) list.push(j);
    else b2j.set(ch, [j]);
  }
  const longest = (alo: number, ahi: number, blo: number, bhi: number): [number, number, number] => {
    let best: [number, number, number] = [alo, blo, 0];
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const next = new Map<number, number>();
      for (const j of b2j.get(a[i] as string) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        next.set(j, k);
        if (k > best[2]) best = [i - k + 1, j - k + 1, k];
      }
      j2len = next;
    }
    return best;
  };
  let matches = 0;
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  while (queue.length) {
    const [alo, ahi, blo, bhi] = queue.pop() as [number, number, number, number];
    const [i, j, k] = longest(alo, ahi, blo, bhi);
    if (!k) continue;
    matches += k;
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  return a.length + b.length ? (2 * matches) / (a.length + b.length) : 1;
}

/** difflib.get_close_matches(word, possibilities, n=1, cutoff=0.6)[0]. */
function closestKey(word: string): string | undefined {
  let best: [number, string] | undefined;
  for (const key of OPERATOR_KEYS) {
    const score = ratio(key, word);
    if (score < 0.6) continue;
    if (!best || score > best[0] || (score === best[0] && key > best[1])) best = [score, key];
  }
  return best?.[1];
}

function validateKey(key: string): void {
  if ((OPERATOR_KEYS as readonly string[]).includes(key)) return;
  const suggestion = closestKey(key);
  const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
  throw new SearchSyntaxError(
    `Unknown search operator "${key}".${hint} Wrap the term in double quotes (e.g. "foo:bar") to search for it as text.`,
  );
}

export function parseSearch(raw: string): ParsedSearch {
  const query = raw.replace(/\0/g, '');
  const parsed: ParsedSearch = { freeText: [], operators: [] };
  if (!query) return parsed;
  const length = [...query].length;
  if (length > MAX_SEARCH_LENGTH) {
    throw new SearchSyntaxError(`Search query is too long (${length} characters; max ${MAX_SEARCH_LENGTH}).`);
  }
  if ((query.match(/"/g)?.length ?? 0) % 2 !== 0) {
    throw new SearchSyntaxError(
      'Unbalanced quote in search query. Remove the stray quote, or wrap the intended phrase in matched quotes.',
    );
  }
  for (const m of query.matchAll(/([a-z_]+):"([^"]*)"|"([^"]*)"|(\S+)/g)) {
    if (m[1] !== undefined) {
      validateKey(m[1]);
      parsed.operators.push({ key: m[1], value: m[2] ?? '' });
    } else if (m[3] !== undefined) {
      parsed.freeText.push(m[3]);
    } else {
      const bare = m[4] ?? '';
      const op = /^([a-z_]+):(.+)$/s.exec(bare);
      if (op) {
        validateKey(op[1] ?? '');
        parsed.operators.push({ key: op[1] ?? '', value: op[2] ?? '' });
      } else {
        parsed.freeText.push(bare);
      }
    }
  }
  return parsed;
}

/** Python's repr() of a str, for the date error message. */
function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(new RegExp(quote, 'g'), `\\${quote}`)
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t');
  return `${quote}${body}${quote}`;
}

/** `datetime.strptime(value, '%Y-%m-%d')` (one- or two-digit month/day allowed), as UTC µs. */
function parseDate(key: string, value: string): number {
  const m = /^(\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\d|0[1-9]|[1-9])$/.exec(value);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const t = Date.UTC(y, mo - 1, d);
  if (!m || new Date(t).getUTCDate() !== d || y < 1) {
    throw new SearchSyntaxError(`Invalid date for "${key}": ${pyRepr(value)}. Use YYYY-MM-DD.`);
  }
  return t * 1000;
}

const FILE_TYPES: Record<string, string> = {
  nwb: 'application/x-nwb',
  image: 'image/',
  text: 'text/',
  video: 'video/',
};

type Predicate = (ds: DandisetRecord) => boolean;

/** Compile a parsed query into one predicate; throws SearchSyntaxError on bad operator values. */
export function compileSearch(parsed: ParsedSearch, store: DandiStore): Predicate {
  const preds: Predicate[] = [];
  for (const term of parsed.freeText) {
    const needle = foldText(term);
    preds.push((ds) => store.searchText(ds).some((text) => text.includes(needle)));
  }
  for (const op of parsed.operators) {
    const value = op.value.trim();
    if (!value) throw new SearchSyntaxError(`Operator "${op.key}" requires a value (e.g. ${op.key}:something).`);
    const needle = value.toLowerCase();
    switch (op.key) {
      case 'created_before':
      case 'created_after': {
        const t = parseDate(op.key, value);
        preds.push(op.key === 'created_before' ? (ds) => ds.created < t : (ds) => ds.created >= t);
        break;
      }
      case 'modified_before':
      case 'modified_after': {
        const t = parseDate(op.key, value);
        const before = op.key === 'modified_before';
        preds.push((ds) => (before ? store.latestVersion(ds).modified < t : store.latestVersion(ds).modified >= t));
        break;
      }
      case 'published_before':
      case 'published_after': {
        const t = parseDate(op.key, value);
        const before = op.key === 'published_before';
        preds.push((ds) => {
          const p = store.latestPublished(ds);
          return p !== undefined && (before ? p.created < t : p.created >= t);
        });
        break;
      }
      case 'species':
      case 'approach':
      case 'technique': {
        const facet = (ds: DandisetRecord): string[] =>
          ds.versions.flatMap((v) => {
            const s = store.assetsSummary(ds, v) as unknown as AssetsSummary;
            const list = op.key === 'species' ? s.species : op.key === 'approach' ? s.approach : s.measurementTechnique;
            return list.map((x) => x.name.toLowerCase());
          });
        preds.push((ds) => facet(ds).some((name) => name.includes(needle)));
        break;
      }
      case 'file_type': {
        const prefix = (FILE_TYPES[needle] ?? value).toLowerCase();
        preds.push((ds) =>
          ds.versions.some((v) => v.assets.some((a) => a.encodingFormat.toLowerCase().startsWith(prefix))),
        );
        break;
      }
      case 'owner': {
        const matches = (u: UserRecord) =>
          [u.username, u.email, u.firstName, u.lastName, `${u.firstName} ${u.lastName}`].some(
            (x) => x.toLowerCase() === needle,
          );
        const owners = new Set(store.users.filter(matches).map((u) => u.username));
        preds.push((ds) => ds.owners.some((o) => owners.has(o)));
        break;
      }
    }
  }
  return (ds) => preds.every((p) => p(ds));
}
