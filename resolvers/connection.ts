/**
 * Relay connections over the archives' own paging. Offset cursors serve page-number (DANDI),
 * skip (EEGDash) and offset (BrainSTEM) lists alike: a cursor is the row's position in the list.
 */
import { badUserInput } from '../src/errors.ts';
import type { ArchiveName } from '../src/http/archive-error.ts';

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

export interface OffsetConnection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Resolved only when the client selects `totalCount` (it may cost a request). */
  totalCount: () => Promise<number | null> | number | null;
}

const OFFSET_PREFIX = 'offset:';

export function encodeOffsetCursor(offset: number): string {
  return Buffer.from(`${OFFSET_PREFIX}${offset}`).toString('base64url');
}

export function decodeOffsetCursor(cursor: string, argName: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const n = Number(text.slice(OFFSET_PREFIX.length));
  if (!text.startsWith(OFFSET_PREFIX) || !Number.isSafeInteger(n) || n < 0) {
    throw badUserInput(`\`${argName}\` is not a cursor of this list`, { argument: argName });
  }
  return n;
}

/** The one page-size check every list uses: an integer from 0 to `maxSize`, else BAD_USER_INPUT. */
export function checkPageSize(value: number, name: string, maxSize: number, archive?: ArchiveName): number {
  if (!Number.isInteger(value) || value < 0 || value > maxSize) {
    throw badUserInput(
      `\`${name}\` must be between 0 and ${maxSize}, got ${value}`,
      { argument: name, maximum: maxSize },
      archive,
    );
  }
  return value;
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
  if (first != null && last != null) throw badUserInput('Pass `first` or `last`, not both', { argument: 'last' });
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

export function offsetConnection<T>(
  items: T[],
  offset: number,
  hasMore: boolean,
  totalCount: OffsetConnection<T>['totalCount'],
): OffsetConnection<T> {
  const edges = items.map((node, i) => ({ cursor: encodeOffsetCursor(offset + i), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: hasMore,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}
