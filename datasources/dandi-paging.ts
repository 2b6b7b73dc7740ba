/**
 * DANDI's page-number pagination (DRF), seen from a client that wants either a window of rows
 * at an offset (a GraphQL connection page) or every row (a directory listing, a version list).
 */
import type { DandiPage } from './dandi-types.ts';

export const DANDI_MAX_PAGE_SIZE = 1000;

/** Fetches page `page` (1-based) of size `pageSize`. */
export type PageFetcher<T> = (page: number, pageSize: number) => Promise<{ body: DandiPage<T>; url: string }>;

/**
 * The page size that serves rows [offset, offset + limit) from a single page, if any size up to
 * the maximum does; otherwise the maximum (two pages, fetched together).
 */
export function pageSizeFor(offset: number, limit: number, max = DANDI_MAX_PAGE_SIZE): number {
  for (let size = Math.max(1, limit); size <= max; size++) {
    if (Math.floor(offset / size) === Math.floor((offset + limit - 1) / size)) return size;
  }
  return max;
}

export interface Window<T> {
  items: T[];
  /** Total rows, when the archive reported it on a page we fetched. */
  count: number | null;
  hasMore: boolean;
}

/** Rows [offset, offset + limit), in at most two requests that run in parallel. */
export async function fetchWindow<T>(fetchPage: PageFetcher<T>, offset: number, limit: number): Promise<Window<T>> {
  if (limit <= 0) return { items: [], count: null, hasMore: true };
  const size = pageSizeFor(offset, limit);
  const firstPage = Math.floor(offset / size) + 1;
  const lastPage = Math.floor((offset + limit - 1) / size) + 1;
  const pages: number[] = [];
  for (let p = firstPage; p <= lastPage; p++) pages.push(p);
  const bodies = await Promise.all(pages.map((p) => fetchPage(p, size).then((r) => r.body)));
  const rows = bodies.flatMap((b) => b.results);
  const start = offset - (firstPage - 1) * size;
  const items = rows.slice(start, start + limit);
  const last = bodies[bodies.length - 1];
  const count = bodies.find((b) => typeof b.count === 'number')?.count ?? null;
  const hasMore = rows.length > start + limit || (last?.next ?? null) !== null;
  return { items, count, hasMore };
}

/**
 * Every row. Like dandi-cli's `paginate()`: when page 1's `next` is the same request with
 * `page=2` and a count is known, pages 2..N are fetched concurrently (the HTTP pool caps how many
 * run at once); otherwise `next` links are followed one by one.
 */
export async function fetchAll<T>(
  fetchPage: PageFetcher<T>,
  followNext: (next: string) => Promise<DandiPage<T>>,
  pageSize = DANDI_MAX_PAGE_SIZE,
): Promise<T[]> {
  const first = await fetchPage(1, pageSize);
  const rows = [...first.body.results];
  if (first.body.next === null) return rows;
  const count = first.body.count;
  if (typeof count === 'number' && isPageTwoOf(first.url, first.body.next)) {
    const size = first.body.results.length || pageSize;
    const pages = Math.ceil(count / size);
    const rest = await Promise.all(
      Array.from({ length: pages - 1 }, (_, i) => fetchPage(i + 2, pageSize).then((r) => r.body.results)),
    );
    for (const r of rest) rows.push(...r);
    return rows;
  }
  let next: string | null = first.body.next;
  while (next !== null) {
    const page = await followNext(next);
    rows.push(...page.results);
    next = page.next;
  }
  return rows;
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
