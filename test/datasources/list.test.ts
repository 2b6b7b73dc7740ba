/**
 * The list contract (datasources/list.ts) as pure functions: DANDI's page-number strategy with
 * dandi-cli's concurrent fetch, the `limit: 0` and empty-list rules of `readWindow`, and a few
 * edge cases of the skip/limit and envelope strategies.
 */
import { describe, expect, it } from 'vitest';
import {
  isPageTwoOf,
  pageNumberPaging,
  pageSizeFor,
  readEnvelope,
  readNumberedPage,
  readWindow,
  skipLimitPaging,
  type ListPage,
  type PageFetcher,
  type Paging,
} from '../../datasources/list.ts';
import { ArchiveError } from '../../src/http/archive-error.ts';

describe('pageSizeFor', () => {
  it('serves an aligned window from one page of exactly that size', () => {
    expect(pageSizeFor(0, 50, 1000)).toBe(50);
    expect(pageSizeFor(100, 50, 1000)).toBe(50);
  });

  it('finds a larger page size that holds an unaligned window', () => {
    const size = pageSizeFor(30, 50, 1000);
    expect(Math.floor(30 / size)).toBe(Math.floor(79 / size));
  });

  it('falls back to the maximum when no single page can hold the window', () => {
    expect(pageSizeFor(999, 1000, 1000)).toBe(1000);
  });
});

describe('isPageTwoOf', () => {
  it('accepts the same request with page=2, whatever the parameter order', () => {
    expect(isPageTwoOf('http://x/api/a/?page_size=10&search=m', 'http://x/api/a/?page=2&search=m&page_size=10')).toBe(
      true,
    );
  });

  it('rejects other pages, other parameters and other paths', () => {
    expect(isPageTwoOf('http://x/api/a/?page_size=10', 'http://x/api/a/?page=3&page_size=10')).toBe(false);
    expect(isPageTwoOf('http://x/api/a/?page_size=10', 'http://x/api/a/?page=2&page_size=20')).toBe(false);
    expect(isPageTwoOf('http://x/api/a/', 'http://x/api/b/?page=2')).toBe(false);
    expect(isPageTwoOf('http://x/api/z/', 'http://x/api/z/?after=k')).toBe(false);
  });
});

/** A page-number list of `total` integers (DRF-style), recording the pages asked for. */
function numbered(total: number, lazyCount = false) {
  const asked: [number, number][] = [];
  const fetchPage: PageFetcher = async (page, size) => {
    asked.push([page, size]);
    const start = (page - 1) * size;
    const results = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => ({ n: start + i }));
    const url = `http://x/api/l/?page_size=${size}${page > 1 ? `&page=${page}` : ''}`;
    const next = start + size < total ? `http://x/api/l/?page=${page + 1}&page_size=${size}` : null;
    return { url, body: { count: lazyCount && page > 1 ? null : total, next, previous: null, results } };
  };
  const unfollowed = async (): Promise<unknown> => {
    throw new Error('not followed');
  };
  return { asked, paging: pageNumberPaging<{ n: number }>('dandi', fetchPage, unfollowed, 1000) };
}

const ns = (page: ListPage<{ n: number }>) => page.items.map((r) => r.n);

describe('pageNumberPaging (DANDI)', () => {
  it('returns exactly the window, with hasMore and the total, from one page', async () => {
    const { asked, paging } = numbered(120);
    const w = await readWindow(paging, 40, 20);
    expect(ns(w)).toEqual(Array.from({ length: 20 }, (_, i) => 40 + i));
    expect(w).toMatchObject({ hasMore: true, total: 120 });
    expect(asked).toHaveLength(1);
  });

  it('uses two parallel pages for a window that straddles page boundaries', async () => {
    const { asked, paging } = numbered(3000);
    const w = await readWindow(paging, 999, 1000);
    expect(w.items[0]).toEqual({ n: 999 });
    expect(w.items).toHaveLength(1000);
    expect(asked).toEqual([
      [1, 1000],
      [2, 1000],
    ]);
  });

  it('reports the end of the list, and a lazy count as unknown past page 1', async () => {
    const { paging } = numbered(45);
    const w = await readWindow(paging, 40, 20);
    expect(ns(w)).toEqual([40, 41, 42, 43, 44]);
    expect(w.hasMore).toBe(false);
    const lazy = numbered(3000, true);
    expect((await readWindow(lazy.paging, 1000, 1000)).total).toBeNull();
  });

  it('passes a 404 through: the fetcher, which knows the archive, decides what a 404 means', async () => {
    const gone = new ArchiveError('dandi', 'NOT_FOUND', 'DANDI Archive: Not found.', { status: 404 });
    const paging = pageNumberPaging(
      'dandi',
      async () => {
        throw gone;
      },
      async () => ({}),
      1000,
    );
    await expect(readWindow(paging, 500, 10)).rejects.toBe(gone);
    await expect(readWindow(paging, 0, 10)).rejects.toBe(gone);
  });

  it('fetches pages 2..N together when page 1 shows the page=2 pattern (dandi-cli)', async () => {
    const { asked, paging } = numbered(2500);
    const rows = await paging.all();
    expect(rows).toHaveLength(2500);
    expect(rows[2499]).toEqual({ n: 2499 });
    expect(asked.map(([p]) => p)).toEqual([1, 2, 3]);
  });

  it('follows next links one by one otherwise', async () => {
    let followed = 0;
    const paging = pageNumberPaging<{ n: number }>(
      'dandi',
      async () => ({
        url: 'http://x/api/z/',
        body: { count: null, next: 'http://x/api/z/?after=1', results: [{ n: 1 }] },
      }),
      async () => {
        followed++;
        return { next: followed < 3 ? 'http://x/api/z/?after=k' : null, results: [{ n: followed + 1 }] };
      },
      1000,
    );
    expect((await paging.all()).map((r) => r.n)).toEqual([1, 2, 3, 4]);
  });

  it('refuses a page body of the wrong shape, naming the key', () => {
    const bad = (body: unknown) => {
      try {
        readNumberedPage('dandi', body);
      } catch (error) {
        return error instanceof ArchiveError ? [error.code, error.details?.key] : error;
      }
      return 'accepted';
    };
    expect(bad({ count: 1 })).toEqual(['ARCHIVE_BAD_RESPONSE', 'results']);
    expect(bad({ results: 'oops' })).toEqual(['ARCHIVE_BAD_RESPONSE', 'results']);
    expect(bad({ results: ['a'] })).toEqual(['ARCHIVE_BAD_RESPONSE', 'results[]']);
    expect(bad({ results: [], count: 'many' })).toEqual(['ARCHIVE_BAD_RESPONSE', 'count']);
    expect(bad({ results: [], next: 7 })).toEqual(['ARCHIVE_BAD_RESPONSE', 'next']);
    expect(bad([])).toEqual(['ARCHIVE_BAD_RESPONSE', 'body']);
    expect(bad({ results: [], count: 0, next: null })).toBe('accepted');
  });
});

/** A paging over `rows` that records the windows asked for. */
function inMemory(rows: number[]): { asked: [number, number][]; paging: Paging<number> } {
  const asked: [number, number][] = [];
  return {
    asked,
    paging: {
      window: async (offset, limit) => {
        asked.push([offset, limit]);
        const items = rows.slice(offset, offset + limit);
        return { items, total: null, hasMore: offset + limit < rows.length };
      },
      all: async () => rows,
    },
  };
}

describe('readWindow', () => {
  it('answers `limit: 0` with no rows, probing one row to say whether any exist', async () => {
    const full = inMemory([1, 2, 3]);
    expect(await readWindow(full.paging, 0, 0)).toEqual({ items: [], total: null, hasMore: true });
    expect(full.asked).toEqual([[0, 1]]);
    const empty = inMemory([]);
    expect(await readWindow(empty.paging, 0, 0)).toMatchObject({ items: [], hasMore: false });
    expect((await readWindow(full.paging, 3, 0)).hasMore).toBe(false);
  });

  it('says an empty window has no more, whatever the strategy claimed', async () => {
    const liar: Paging<number> = {
      window: async () => ({ items: [], total: null, hasMore: true }),
      all: async () => [],
    };
    expect((await readWindow(liar, 0, 10)).hasMore).toBe(false);
  });
});

describe('skipLimitPaging (EEGDash)', () => {
  const rows = Array.from({ length: 25 }, (_, i) => i);
  const fetchRows = (asked: [number, number][]) => async (skip: number, limit: number) => {
    asked.push([skip, limit]);
    return { rows: rows.slice(skip, skip + limit), total: null };
  };

  it('asks one row more than it returns, so hasMore needs no count', async () => {
    const asked: [number, number][] = [];
    const w = await readWindow(skipLimitPaging(fetchRows(asked), 10), 10, 5);
    expect(w).toEqual({ items: [10, 11, 12, 13, 14], total: null, hasMore: true });
    expect(asked).toEqual([[10, 6]]);
    expect((await readWindow(skipLimitPaging(fetchRows([]), 10), 20, 5)).hasMore).toBe(false);
  });

  it('pages a window larger than a page until a short page', async () => {
    const asked: [number, number][] = [];
    const w = await readWindow(skipLimitPaging(fetchRows(asked), 10), 0, 30);
    expect(w.items).toEqual(rows);
    expect(w.hasMore).toBe(false);
    expect(asked).toEqual([
      [0, 10],
      [10, 10],
      [20, 10],
    ]);
  });
});

describe('readEnvelope (BrainSTEM)', () => {
  it('finds the list under its key or the first list-valued key, and keeps sideloads', () => {
    const page = readEnvelope('brainstem', { sessions: [{ id: 1 }], projects: [{ id: 9 }] }, 'sessions', 0, 1);
    expect(page).toMatchObject({ items: [{ id: 1 }], sideloads: { projects: [{ id: 9 }] }, hasMore: true });
    expect(readEnvelope('brainstem', { rows: [{ id: 1 }], next: null }, 'sessions', 0, 1).items).toEqual([{ id: 1 }]);
  });

  it('takes the count (or meta.total_results) over `next`, and a short page as the end without either', () => {
    expect(readEnvelope('brainstem', { s: [{}], count: 5 }, 's', 0, 1).hasMore).toBe(true);
    expect(readEnvelope('brainstem', { s: [{}], meta: { total_results: 1 } }, 's', 0, 1)).toMatchObject({
      total: 1,
      hasMore: false,
    });
    expect(readEnvelope('brainstem', { s: [{}] }, 's', 0, 2).hasMore).toBe(false);
    expect(readEnvelope('brainstem', { s: [] }, 's', 0, 2).hasMore).toBe(false);
  });

  it('refuses a body with no list, or a wrong-typed count, as ARCHIVE_BAD_RESPONSE', () => {
    expect(() => readEnvelope('brainstem', { data: 'oops' }, 's', 0, 1)).toThrow(/"s" is missing/);
    expect(() => readEnvelope('brainstem', { s: [], count: '3' }, 's', 0, 1)).toThrow(/"count"/);
    expect(() => readEnvelope('brainstem', 'oops', 's', 0, 1)).toThrow(ArchiveError);
  });
});
