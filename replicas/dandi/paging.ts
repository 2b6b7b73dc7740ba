/**
 * DRF pagination, byte-for-byte: `PageNumberPagination` (count on every page) and DANDI's
 * `LazyPagination` (count on page 1 only, no 404 past the end), plus the link rewriting of
 * `rest_framework.utils.urls`, which re-encodes the query with Python's `quote_plus` and
 * SORTS the parameters by name. Clients comparing `next` to "the request URL with page=2"
 * must therefore compare parameters as multisets, as dandi-cli does.
 */
import { json, type ReplicaRequest, type ReplicaResponse } from '../common/server.ts';
import { invalidPage, lastParam } from './http.ts';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Python `urllib.parse.quote_plus`: only `A-Za-z0-9_.-~` stay literal, space becomes `+`. */
export function quotePlus(s: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(s);
  } catch {
    encoded = encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
}

/** `parse_qs(keep_blank_values=True)` → mutate → `urlencode(sorted(items), doseq=True)`. */
function rewriteQuery(url: string, mutate: (params: Map<string, string[]>) => void): string {
  const q = url.indexOf('?');
  const base = q < 0 ? url : url.slice(0, q);
  const params = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(q < 0 ? '' : url.slice(q + 1))) {
    const list = params.get(k);
    if (list) list.push(v);
    else params.set(k, [v]);
  }
  mutate(params);
  const keys = [...params.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const query = keys.flatMap((k) => (params.get(k) ?? []).map((v) => `${quotePlus(k)}=${quotePlus(v)}`)).join('&');
  return query ? `${base}?${query}` : base;
}

export const replaceQueryParam = (url: string, key: string, value: string): string =>
  rewriteQuery(url, (p) => p.set(key, [value]));

export const removeQueryParam = (url: string, key: string): string => rewriteQuery(url, (p) => p.delete(key));

/**
 * `request.build_absolute_uri()`. Routes accept a missing trailing slash where the real server
 * would first redirect (APPEND_SLASH), so links carry the canonical slashed path.
 */
export function absoluteUri(req: ReplicaRequest): string {
  const path = req.url.pathname.endsWith('/') ? req.url.pathname : `${req.url.pathname}/`;
  return `${req.origin}${path}${req.url.search}`;
}

/** DRF `_positive_int(strict=True, cutoff=max)`, falling back to the default on any error. */
export function pageSizeOf(query: URLSearchParams): number {
  const raw = lastParam(query, 'page_size');
  if (raw === undefined || !/^\s*[+-]?\d+\s*$/.test(raw)) return DEFAULT_PAGE_SIZE;
  const n = Number.parseInt(raw.trim(), 10);
  if (n <= 0) return DEFAULT_PAGE_SIZE;
  return Math.min(n, MAX_PAGE_SIZE);
}

/** Django's `Paginator.validate_number` on `page` (empty → 1); 'last' only where allowed. */
function pageNumberOf(query: URLSearchParams, lastPage: number | undefined): number | undefined {
  const raw = lastParam(query, 'page') || '1';
  if (raw === 'last' && lastPage !== undefined) return lastPage;
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) return undefined;
  const n = Number.parseInt(raw.trim(), 10);
  return n >= 1 ? n : undefined;
}

function links(req: ReplicaRequest, page: number, hasNext: boolean): { next: string | null; previous: string | null } {
  const url = absoluteUri(req);
  return {
    next: hasNext ? replaceQueryParam(url, 'page', String(page + 1)) : null,
    previous:
      page <= 1 ? null : page === 2 ? removeQueryParam(url, 'page') : replaceQueryParam(url, 'page', String(page - 1)),
  };
}

/** `DandiPagination`: count on every page; out-of-range page → 404 "Invalid page.". */
export function paginate<T>(req: ReplicaRequest, rows: readonly T[], serialize: (row: T) => unknown): ReplicaResponse {
  const size = pageSizeOf(req.query);
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const page = pageNumberOf(req.query, pages);
  if (page === undefined || page > pages) return invalidPage();
  const slice = rows.slice((page - 1) * size, page * size);
  return json(200, { count: rows.length, ...links(req, page, page < pages), results: slice.map(serialize) });
}

/**
 * `LazyPagination`: the paginator fetches one extra row to decide `next`, never counts except
 * on page 1, and treats every page number ≥ 1 as valid (past the end → empty results).
 */
export function paginateLazy<T>(
  req: ReplicaRequest,
  rows: readonly T[],
  serialize: (row: T) => unknown,
): ReplicaResponse {
  const size = pageSizeOf(req.query);
  const page = pageNumberOf(req.query, undefined);
  if (page === undefined) return invalidPage();
  const start = (page - 1) * size;
  const slice = rows.slice(start, start + size);
  const hasNext = rows.length > start + size;
  return json(200, {
    count: page === 1 ? rows.length : null,
    ...links(req, page, hasNext),
    results: slice.map(serialize),
  });
}
