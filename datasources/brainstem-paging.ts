/**
 * BrainSTEM's limit/offset pagination, read from whatever envelope the server sends. Only the
 * `{"<list key>": [...]}` part is documented; `count`, `next` and `meta.total_results` may each be
 * there or not (spec §5.4), so the end of a list is wherever the first of these says it is.
 */
import type { ListEnvelope } from './brainstem-types.ts';

/** The documented maximum page size. */
export const BRAINSTEM_MAX_PAGE = 100;

export interface Page<T> {
  items: T[];
  /** `count` or `meta.total_results`, when the server sent either. */
  total: number | null;
  /** `next` as sent: a URL, null at the end, or undefined when the envelope has no `next`. */
  next: string | null | undefined;
  /** The other arrays of the body: `include[]` sideloads, keyed by the related model's list key. */
  sideloads: Record<string, unknown[]>;
}

const PAGING_KEYS = new Set(['count', 'next', 'previous', 'meta']);

export function readPage<T>(body: ListEnvelope, listKey: string): Page<T> {
  // Both official clients take the first list-valued key when the expected one is missing.
  const key = Array.isArray(body[listKey])
    ? listKey
    : Object.keys(body).find((k) => !PAGING_KEYS.has(k) && Array.isArray(body[k]));
  const items = (key === undefined ? [] : body[key]) as T[];
  const sideloads: Record<string, unknown[]> = {};
  for (const [k, v] of Object.entries(body)) if (k !== key && !PAGING_KEYS.has(k) && Array.isArray(v)) sideloads[k] = v;
  const total =
    typeof body.count === 'number'
      ? body.count
      : typeof body.meta?.total_results === 'number'
        ? body.meta.total_results
        : null;
  const next = 'next' in body ? (typeof body.next === 'string' ? body.next : null) : undefined;
  return { items, total, next, sideloads };
}

/**
 * Whether rows follow a page served at `offset` for a request of `limit` rows. A count or a
 * `next` is authoritative (a short page with a larger count means the server clamped the page
 * size); without either, a short page is the end.
 */
export function hasMoreAfter(page: Page<unknown>, offset: number, limit: number): boolean {
  if (page.items.length === 0) return false;
  if (page.total !== null) return offset + page.items.length < page.total;
  if (page.next !== undefined) return page.next !== null;
  return page.items.length >= limit;
}

export type PageFetcher<T> = (offset: number, limit: number) => Promise<Page<T>>;

/**
 * Every row. When the first page reports a total, the remaining pages are fetched together (the
 * HTTP pool caps how many run at once); otherwise page by page until the envelope says stop.
 */
export async function fetchAll<T>(fetchPage: PageFetcher<T>, pageSize = BRAINSTEM_MAX_PAGE): Promise<T[]> {
  const first = await fetchPage(0, pageSize);
  const rows = [...first.items];
  let offset = first.items.length;
  let last = first;
  let lastOffset = 0;
  if (!hasMoreAfter(first, 0, pageSize)) return rows;

  if (first.total !== null) {
    const step = first.items.length;
    const offsets: number[] = [];
    for (let o = offset; o < first.total; o += step) offsets.push(o);
    const pages = await Promise.all(offsets.map((o) => fetchPage(o, pageSize)));
    pages.forEach((p, i) => {
      rows.push(...p.items);
      last = p;
      lastOffset = offsets[i] as number;
    });
    offset = lastOffset + last.items.length;
  }
  // Rows added while paging (or an envelope without a total) continue one page at a time.
  while (hasMoreAfter(last, lastOffset, pageSize)) {
    lastOffset = offset;
    last = await fetchPage(offset, pageSize);
    rows.push(...last.items);
    offset += last.items.length;
  }
  return rows;
}
