/**
 * The one connection kit. Every list field of the schema is a Pothos connection whose value is
 * built here from the datasources' list contract (`ListPage`): offset cursors for page-number
 * (DANDI), skip (EEGDash) and offset (BrainSTEM) lists, key cursors for Zarr's `after`, and the
 * merged cursors of `search`. `totalCount` is declared once for all connections (in builder.ts)
 * and resolved lazily from what each page carries.
 */
import type { ListPage } from '../datasources/list.ts';
import type { TotalCount } from '../src/builder.ts';
import { type ArchiveName, inputError } from '../src/http/archive-error.ts';

export interface ConnectionArgs {
  first?: number | null | undefined;
  last?: number | null | undefined;
  after?: string | null | undefined;
  before?: string | null | undefined;
}

export interface PageLimits {
  defaultSize: number;
  maxSize: number;
}

export const DEFAULT_LIMITS: PageLimits = { defaultSize: 20, maxSize: 1000 };

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** What every connection field resolves to: Relay's edges and page info, plus the lazy total. */
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: TotalCount;
}

/** A connection from edges already cursored, and where they sit in the whole list. */
export function connectionOf<T>(
  edges: Edge<T>[],
  position: { hasNextPage: boolean; hasPreviousPage: boolean },
  totalCount: TotalCount = () => null,
): Connection<T> {
  return {
    edges,
    pageInfo: {
      ...position,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}

/** An opaque cursor: base64url of a prefix naming the kind of list, and a value. */
export function cursorCodec(prefix: string) {
  return {
    encode: (value: string): string => Buffer.from(`${prefix}:${value}`).toString('base64url'),
    decode: (cursor: string, argName: string): string => {
      const text = Buffer.from(cursor, 'base64url').toString('utf8');
      if (!text.startsWith(`${prefix}:`)) {
        throw inputError(`\`${argName}\` is not a cursor of this list`, { argument: argName });
      }
      return text.slice(prefix.length + 1);
    },
  };
}

const offsetCursor = cursorCodec('offset');

export const encodeOffsetCursor = (offset: number): string => offsetCursor.encode(String(offset));

export function decodeOffsetCursor(cursor: string, argName: string): number {
  const text = offsetCursor.decode(cursor, argName);
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) {
    throw inputError(`\`${argName}\` is not a cursor of this list`, { argument: argName });
  }
  return n;
}

/** The one page-size check every list uses: an integer from 0 to `maxSize`, else BAD_USER_INPUT. */
export function checkPageSize(value: number, name: string, maxSize: number, archive?: ArchiveName): number {
  if (!Number.isInteger(value) || value < 0 || value > maxSize) {
    throw inputError(
      `\`${name}\` must be between 0 and ${maxSize}, got ${value}`,
      { argument: name, maximum: maxSize },
      archive,
    );
  }
  return value;
}

/** Forward-only lists (Zarr entries, search) refuse `last` and `before` with one message. */
export function forwardOnly(args: ConnectionArgs, what: string): void {
  if (args.last != null || args.before != null) {
    throw inputError(`${what} page forward only: use \`first\` and \`after\``, {
      argument: args.last != null ? 'last' : 'before',
    });
  }
}

/**
 * The rows [offset, offset + limit) a set of connection arguments asks for. `total` is called
 * only for `last` without `before`, where the end of the list has to be known first.
 */
export async function offsetWindow(
  args: ConnectionArgs,
  limits: PageLimits,
  total: () => Promise<number>,
): Promise<{ offset: number; limit: number }> {
  const { first, last, after, before } = args;
  if (first != null && last != null) throw inputError('Pass `first` or `last`, not both', { argument: 'last' });
  const start = after != null ? decodeOffsetCursor(after, 'after') + 1 : 0;
  const end = before != null ? decodeOffsetCursor(before, 'before') : undefined;
  if (last != null) {
    const size = checkPageSize(last, 'last', limits.maxSize);
    const stop = end ?? (await total());
    const offset = Math.max(start, stop - size);
    return { offset, limit: Math.max(0, stop - offset) };
  }
  const size = first != null ? checkPageSize(first, 'first', limits.maxSize) : limits.defaultSize;
  const limit = end !== undefined ? Math.max(0, Math.min(size, end - start)) : size;
  return { offset: start, limit };
}

/**
 * A connection over a window of an offset-paged list. `totalCount` is the page's own total when
 * the archive sent one, else `count()` (called only when a client selects `totalCount`).
 */
export function offsetConnection<T, R>(
  page: ListPage<T>,
  offset: number,
  toNode: (item: T) => R,
  count: () => Promise<number | null> | number | null = () => null,
): Connection<R> {
  const edges = page.items.map((item, i) => ({ cursor: encodeOffsetCursor(offset + i), node: toNode(item) }));
  return connectionOf(edges, { hasNextPage: page.hasMore, hasPreviousPage: offset > 0 }, () => page.total ?? count());
}

/**
 * The offset-paged connection a list field resolves to: reads the arguments, asks `fetch` for
 * the window (the datasource's list contract) and builds the edges. `count` answers `totalCount`
 * (and `last` without `before`) when the window did not carry a total.
 */
export async function resolveOffsetConnection<T, R>(
  args: ConnectionArgs,
  limits: PageLimits,
  fetch: (offset: number, limit: number) => Promise<ListPage<T>>,
  toNode: (item: T) => R,
  count: () => Promise<number>,
): Promise<Connection<R>> {
  const { offset, limit } = await offsetWindow(args, limits, count);
  return offsetConnection(await fetch(offset, limit), offset, toNode, count);
}
