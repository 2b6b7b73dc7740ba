/**
 * The list contract every datasource speaks. An archive page, whatever its paging, becomes a
 * {@link ListPage}: the rows asked for, the total when the archive reported one, and whether
 * rows follow. Each archive's paging is a small {@link Paging} strategy (page numbers, skip/limit,
 * limit/offset); what `limit: 0` and an empty list mean is decided here, once, for all three.
 *
 * The shape of every upstream list body is checked at this edge: a missing or wrong-typed list
 * key is ARCHIVE_BAD_RESPONSE naming the archive and the key, never an empty list or rows built
 * from the characters of a string.
 */
import { ARCHIVE_LABELS, ArchiveError, type ArchiveName } from '../src/http/archive-error.ts';

export interface ListPage<T> {
  items: T[];
  /** Rows in the whole list, when the archive reported it on a page that was fetched. */
  total: number | null;
  /** True when rows follow this window. */
  hasMore: boolean;
}

/** One archive's way of paging, seen as windows of rows at an offset and as the whole list. */
export interface Paging<T, P extends ListPage<T> = ListPage<T>> {
  /** Rows [offset, offset + limit) for limit ≥ 1; may cost one request or a few in parallel. */
  window(offset: number, limit: number): Promise<P>;
  /** Every row, fetched concurrently where the archive's paging allows it. */
  all(): Promise<T[]>;
}

/**
 * Rows [offset, offset + limit), with the edge cases decided once: `limit: 0` fetches one row
 * (so `hasMore` says whether any row is there) and returns none; an empty window has no more.
 */
export async function readWindow<T, P extends ListPage<T>>(
  paging: Paging<T, P>,
  offset: number,
  limit: number,
): Promise<P> {
  if (limit <= 0) {
    const probe = await paging.window(offset, 1);
    return { ...probe, items: [], hasMore: probe.items.length > 0 };
  }
  const page = await paging.window(offset, limit);
  return page.items.length === 0 ? { ...page, hasMore: false } : page;
}

/** The error for an upstream body that is valid JSON but not the shape the archive documents. */
export function badShape(archive: ArchiveName, key: string, expected: string, got: unknown): ArchiveError {
  const what = got === undefined ? 'is missing' : `is ${describe(got)}`;
  return new ArchiveError(
    archive,
    'ARCHIVE_BAD_RESPONSE',
    `${ARCHIVE_LABELS[archive]} sent a response of the wrong shape: "${key}" ${what} (expected ${expected})`,
    { details: { key } },
  );
}

const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : `a ${typeof v}`);

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The body as a JSON object, else ARCHIVE_BAD_RESPONSE. */
export function objectBody(archive: ArchiveName, body: unknown, what = 'body'): Record<string, unknown> {
  if (!isObject(body)) throw badShape(archive, what, 'an object', body);
  return body;
}

/** `body[key]` as a list of objects (documents), else ARCHIVE_BAD_RESPONSE naming the key. */
export function documentList<T>(archive: ArchiveName, body: unknown, key: string): T[] {
  const list = objectBody(archive, body)[key];
  if (!Array.isArray(list)) throw badShape(archive, key, 'a list', list);
  if (!list.every(isObject))
    throw badShape(
      archive,
      `${key}[]`,
      'objects',
      list.find((v) => !isObject(v)),
    );
  return list as T[];
}

/** `body[key]` as a list of strings, else ARCHIVE_BAD_RESPONSE naming the key. */
export function stringList(archive: ArchiveName, body: unknown, key: string): string[] {
  const list = objectBody(archive, body)[key];
  if (!Array.isArray(list)) throw badShape(archive, key, 'a list', list);
  if (!list.every((v) => typeof v === 'string')) {
    throw badShape(
      archive,
      `${key}[]`,
      'strings',
      list.find((v) => typeof v !== 'string'),
    );
  }
  return list as string[];
}

/** `body[key]` as a count: a non-negative integer, null when absent, else ARCHIVE_BAD_RESPONSE. */
export function optionalCount(archive: ArchiveName, body: Record<string, unknown>, key: string): number | null {
  const v = body[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw badShape(archive, key, 'a count', v);
  return v;
}

/** `body[key]` as a URL string or null (DRF's `next`), undefined when the key is absent. */
export function optionalLink(
  archive: ArchiveName,
  body: Record<string, unknown>,
  key: string,
): string | null | undefined {
  if (!(key in body)) return undefined;
  const v = body[key];
  if (v === null || typeof v === 'string') return v;
  throw badShape(archive, key, 'a URL or null', v);
}

// ---- page numbers (DANDI: DRF's PageNumberPagination) ----

export interface NumberedPage<T> {
  results: T[];
  count: number | null;
  next: string | null;
}

/** Fetches page `page` (1-based) of size `pageSize`, returning the body and the URL requested. */
export type PageFetcher = (page: number, pageSize: number) => Promise<{ body: unknown; url: string }>;

/** Reads a DRF page body: `results` must be a list of documents; `count` and `next` are optional. */
export function readNumberedPage<T>(archive: ArchiveName, body: unknown): NumberedPage<T> {
  const results = documentList<T>(archive, body, 'results');
  const record = body as Record<string, unknown>;
  return {
    results,
    count: optionalCount(archive, record, 'count'),
    next: optionalLink(archive, record, 'next') ?? null,
  };
}

/**
 * The page size that serves rows [offset, offset + limit) from a single page, if any size up to
 * the maximum does; otherwise the maximum (two pages, fetched together).
 */
export function pageSizeFor(offset: number, limit: number, max: number): number {
  for (let size = Math.max(1, limit); size <= max; size++) {
    if (Math.floor(offset / size) === Math.floor((offset + limit - 1) / size)) return size;
  }
  return max;
}

/**
 * Page-number paging. A window is at most two pages fetched in parallel (the fetcher turns a page
 * past the end, DRF's 404 "Invalid page.", into an empty page). The whole list is fetched like dandi-cli's
 * `paginate()`: when page 1's `next` is the same request with `page=2` and a count is known,
 * pages 2..N go out concurrently (the HTTP pool caps how many run at once); otherwise `next`
 * links are followed one by one.
 */
export function pageNumberPaging<T>(
  archive: ArchiveName,
  fetchPage: PageFetcher,
  followNext: (next: string) => Promise<unknown>,
  maxPageSize: number,
): Paging<T> {
  const page = async (n: number, size: number) => {
    const { body, url } = await fetchPage(n, size);
    return { ...readNumberedPage<T>(archive, body), url };
  };
  return {
    async window(offset, limit) {
      const size = pageSizeFor(offset, limit, maxPageSize);
      const firstPage = Math.floor(offset / size) + 1;
      const lastPage = Math.floor((offset + limit - 1) / size) + 1;
      const numbers = Array.from({ length: lastPage - firstPage + 1 }, (_, i) => firstPage + i);
      const pages = await Promise.all(numbers.map((n) => page(n, size)));
      const rows = pages.flatMap((p) => p.results);
      const start = offset - (firstPage - 1) * size;
      const last = pages[pages.length - 1];
      return {
        items: rows.slice(start, start + limit),
        total: pages.find((p) => p.count !== null)?.count ?? null,
        hasMore: rows.length > start + limit || (last?.next ?? null) !== null,
      };
    },
    async all() {
      const first = await page(1, maxPageSize);
      const rows = [...first.results];
      if (first.next === null) return rows;
      if (first.count !== null && isPageTwoOf(first.url, first.next)) {
        const size = first.results.length || maxPageSize;
        const count = Math.ceil(first.count / size);
        const rest = await Promise.all(Array.from({ length: count - 1 }, (_, i) => page(i + 2, maxPageSize)));
        for (const p of rest) rows.push(...p.results);
        return rows;
      }
      let next: string | null = first.next;
      while (next !== null) {
        const p: NumberedPage<T> = readNumberedPage<T>(archive, await followNext(next));
        rows.push(...p.results);
        next = p.next;
      }
      return rows;
    },
  };
}

/** True when `next` is `requested` with `page=2` and otherwise the same parameters. */
export function isPageTwoOf(requested: string, next: string): boolean {
  const a = new URL(requested);
  const b = new URL(next);
  if (a.pathname !== b.pathname || b.searchParams.get('page') !== '2') return false;
  a.searchParams.set('page', '2');
  const canon = (u: URL) =>
    [...u.searchParams.entries()]
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join('&');
  return canon(a) === canon(b);
}

// ---- skip/limit (EEGDash) ----

/** Rows [skip, skip + limit) of a skip/limit list (limit ≤ the archive's page size). */
export type RowFetcher<T> = (skip: number, limit: number) => Promise<{ rows: T[]; total: number | null }>;

/**
 * Skip/limit paging with a fixed largest page. A window asks for one row more than it returns
 * when that fits in the same request, so `hasMore` is known without a count; windows larger than
 * a page take as many requests as that needs, in sequence, until a short page.
 */
export function skipLimitPaging<T>(fetchRows: RowFetcher<T>, pageSize: number): Paging<T> {
  const read = async (skip: number, limit: number | undefined) => {
    const rows: T[] = [];
    let total: number | null = null;
    for (;;) {
      const want = limit === undefined ? pageSize : Math.min(pageSize, limit - rows.length);
      if (want <= 0) break;
      const page = await fetchRows(skip + rows.length, want);
      total ??= page.total;
      rows.push(...page.rows);
      if (page.rows.length < want) break;
    }
    return { rows, total };
  };
  return {
    async window(offset, limit) {
      const probe = limit % pageSize === 0 ? limit : limit + 1;
      const { rows, total } = await read(offset, probe);
      const hasMore =
        total !== null ? offset + limit < total : rows.length > limit || (probe === limit && rows.length === limit);
      return { items: rows.slice(0, limit), total, hasMore };
    },
    async all() {
      return (await read(0, undefined)).rows;
    },
  };
}

// ---- limit/offset with any envelope (BrainSTEM's dynamic-rest) ----

export interface EnvelopePage<T> extends ListPage<T> {
  /** `next` as sent: a URL, null at the end, or undefined when the envelope has no `next`. */
  next: string | null | undefined;
  /** The other lists of the body (`include[]` sideloads), keyed by their list key. */
  sideloads: Record<string, unknown[]>;
}

const PAGING_KEYS = new Set(['count', 'next', 'previous', 'meta']);

/**
 * Reads a limit/offset page from whatever envelope the server sends: the list under `listKey`
 * (or, as both official clients do, the first list-valued key), and `count`, `meta.total_results`
 * and `next` where present. A body with no list at all is ARCHIVE_BAD_RESPONSE.
 */
export function readEnvelope<T>(
  archive: ArchiveName,
  body: unknown,
  listKey: string,
  offset: number,
  limit: number,
): EnvelopePage<T> {
  const record = objectBody(archive, body);
  const key = Array.isArray(record[listKey])
    ? listKey
    : Object.keys(record).find((k) => !PAGING_KEYS.has(k) && Array.isArray(record[k]));
  const items = documentList<T>(archive, record, key ?? listKey);
  const sideloads: Record<string, unknown[]> = {};
  for (const [k, v] of Object.entries(record)) {
    if (k !== key && !PAGING_KEYS.has(k) && Array.isArray(v)) sideloads[k] = v;
  }
  const meta = record.meta;
  const total =
    optionalCount(archive, record, 'count') ?? (isObject(meta) ? optionalCount(archive, meta, 'total_results') : null);
  const next = optionalLink(archive, record, 'next');
  return { items, total, next, sideloads, hasMore: envelopeHasMore(items.length, total, next, offset, limit) };
}

/**
 * Whether rows follow a page served at `offset` for a request of `limit` rows. A count or a
 * `next` is authoritative (a short page with a larger count means the server clamped the page
 * size); without either, a short page is the end.
 */
function envelopeHasMore(
  rows: number,
  total: number | null,
  next: string | null | undefined,
  offset: number,
  limit: number,
): boolean {
  if (rows === 0) return false;
  if (total !== null) return offset + rows < total;
  if (next !== undefined) return next !== null;
  return rows >= limit;
}

/** Fetches the envelope at `offset` with `limit` rows. */
export type EnvelopeFetcher<T> = (offset: number, limit: number) => Promise<EnvelopePage<T>>;

/**
 * Limit/offset paging. The whole list: when the first page reports a total, the remaining pages
 * go out together; otherwise (or for rows added while paging) page by page until the envelope
 * says stop.
 */
export function limitOffsetPaging<T>(fetchPage: EnvelopeFetcher<T>, pageSize: number): Paging<T, EnvelopePage<T>> {
  return {
    window: (offset, limit) => fetchPage(offset, Math.min(limit, pageSize)),
    async all() {
      const first = await fetchPage(0, pageSize);
      const rows = [...first.items];
      if (!first.hasMore) return rows;
      let last = first;
      let offset = first.items.length;
      if (first.total !== null) {
        const step = first.items.length;
        const offsets: number[] = [];
        for (let o = offset; o < first.total; o += step) offsets.push(o);
        const pages = await Promise.all(offsets.map((o) => fetchPage(o, pageSize)));
        pages.forEach((p, i) => {
          rows.push(...p.items);
          last = p;
          offset = (offsets[i] ?? 0) + p.items.length;
        });
      }
      while (last.hasMore) {
        last = await fetchPage(offset, pageSize);
        rows.push(...last.items);
        offset += last.items.length;
      }
      return rows;
    },
  };
}
