/**
 * The list envelope. Only `{"<list key>": [...]}` is documented; everything else is
 * UNCONFIRMED (spec §5.4, §11.1), so the replica serves the spec's recommended superset
 * `{"<list key>": [...], <sideloads>, "count", "next", "previous", "meta"}` with every extra key
 * switchable, and tests run a client against each variant.
 */

export interface EnvelopeOptions {
  /** Top-level total (what the Python client's `load_all` reads). */
  count: boolean;
  /** Absolute URL of the next page or null (what the MATLAB client follows). */
  next: boolean;
  previous: boolean;
  /** `meta: {total_results, limit, offset}` (what the docs describe, contents unshown). */
  meta: boolean;
  /** Page size when no usable `limit` is sent (docs: 20). */
  defaultLimit: number;
  /** Largest page served (docs: 100). */
  maxLimit: number;
  /**
   * Answer a list without `limit`/`offset` in one piece, as the public portal did in 2025
   * (58 subjects in one response). Off by default: the current docs say the default is 20.
   */
  unpaginatedWithoutLimit: boolean;
}

export const DEFAULT_ENVELOPE: Readonly<EnvelopeOptions> = Object.freeze({
  count: true,
  next: true,
  previous: true,
  meta: true,
  defaultLimit: 20,
  maxLimit: 100,
  unpaginatedWithoutLimit: false,
});

/** The envelope variants a client must cope with, for tests to iterate over. */
export const ENVELOPE_VARIANTS: Readonly<Record<string, Partial<EnvelopeOptions>>> = Object.freeze({
  superset: {},
  bare: { count: false, next: false, previous: false, meta: false },
  countOnly: { next: false, previous: false, meta: false },
  nextOnly: { count: false, meta: false },
  metaOnly: { count: false, next: false, previous: false },
  drfStyle: { meta: false },
});

export interface Page {
  limit: number;
  offset: number;
  total: number;
}

/** Page links with `limit`/`offset` rewritten, other parameters kept (DRF LimitOffsetPagination). */
export function pageLinks(url: URL, page: Page): { next: string | null; previous: string | null } {
  const at = (offset: number | undefined) => {
    const u = new URL(url.href);
    u.searchParams.set('limit', String(page.limit));
    if (offset === undefined || offset <= 0) u.searchParams.delete('offset');
    else u.searchParams.set('offset', String(offset));
    return u.href;
  };
  const next = page.offset + page.limit < page.total ? at(page.offset + page.limit) : null;
  const previous = page.offset <= 0 ? null : at(page.offset - page.limit);
  return { next, previous };
}

/**
 * Assemble a list body. The list key comes first: both official clients take the first
 * list-valued (or first non-paging) key as the data.
 */
export function listBody(
  options: EnvelopeOptions,
  listKey: string,
  records: unknown[],
  sideloads: Record<string, unknown[]>,
  url: URL,
  page: Page | undefined,
): Record<string, unknown> {
  const body: Record<string, unknown> = { [listKey]: records };
  for (const [k, v] of Object.entries(sideloads)) if (k !== listKey) body[k] = v;
  const total = page?.total ?? records.length;
  if (options.count) body.count = total;
  const links = page ? pageLinks(url, page) : { next: null, previous: null };
  if (options.next) body.next = links.next;
  if (options.previous) body.previous = links.previous;
  if (options.meta) body.meta = { total_results: total, limit: page?.limit ?? total, offset: page?.offset ?? 0 };
  return body;
}
