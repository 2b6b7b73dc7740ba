import { describe, expect, it } from 'vitest';
import { fetchAll, fetchWindow, isPageTwoOf, pageSizeFor, type PageFetcher } from '../../datasources/dandi-paging.ts';

describe('pageSizeFor', () => {
  it('serves an aligned window from one page of exactly that size', () => {
    expect(pageSizeFor(0, 50)).toBe(50);
    expect(pageSizeFor(100, 50)).toBe(50);
  });

  it('finds a larger page size that holds an unaligned window', () => {
    const size = pageSizeFor(30, 50);
    expect(Math.floor(30 / size)).toBe(Math.floor(79 / size));
  });

  it('falls back to the maximum when no single page can hold the window', () => {
    expect(pageSizeFor(999, 1000)).toBe(1000);
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

/** A page-number list of `total` integers, recording the pages asked for. */
function list(total: number, lazyCount = false) {
  const asked: [number, number][] = [];
  const fetchPage: PageFetcher<number> = async (page, size) => {
    asked.push([page, size]);
    const start = (page - 1) * size;
    const results = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => start + i);
    const url = `http://x/api/l/?page_size=${size}${page > 1 ? `&page=${page}` : ''}`;
    const next = start + size < total ? `http://x/api/l/?page=${page + 1}&page_size=${size}` : null;
    return { url, body: { count: lazyCount && page > 1 ? null : total, next, previous: null, results } };
  };
  return { asked, fetchPage };
}

describe('fetchWindow', () => {
  it('returns exactly the window, with hasMore and the count', async () => {
    const { asked, fetchPage } = list(120);
    const w = await fetchWindow(fetchPage, 40, 20);
    expect(w.items).toEqual(Array.from({ length: 20 }, (_, i) => 40 + i));
    expect(w.hasMore).toBe(true);
    expect(w.count).toBe(120);
    expect(asked).toHaveLength(1);
  });

  it('uses two parallel pages for a window that straddles page boundaries', async () => {
    const { asked, fetchPage } = list(3000);
    const w = await fetchWindow(fetchPage, 999, 1000);
    expect(w.items[0]).toBe(999);
    expect(w.items).toHaveLength(1000);
    expect(asked).toEqual([
      [1, 1000],
      [2, 1000],
    ]);
  });

  it('reports the end of the list', async () => {
    const { fetchPage } = list(45);
    const w = await fetchWindow(fetchPage, 40, 20);
    expect(w.items).toEqual([40, 41, 42, 43, 44]);
    expect(w.hasMore).toBe(false);
  });
});

describe('fetchAll', () => {
  it('fetches pages 2..N together when page 1 shows the page=2 pattern', async () => {
    const { asked, fetchPage } = list(2500);
    const rows = await fetchAll(
      fetchPage,
      async () => {
        throw new Error('not followed');
      },
      1000,
    );
    expect(rows).toHaveLength(2500);
    expect(rows[2499]).toBe(2499);
    expect(asked.map(([p]) => p)).toEqual([1, 2, 3]);
  });

  it('follows next links one by one otherwise', async () => {
    let followed = 0;
    const fetchPage: PageFetcher<number> = async () => ({
      url: 'http://x/api/z/',
      body: { count: null, next: 'http://x/api/z/?after=1', previous: null, results: [1] },
    });
    const rows = await fetchAll(fetchPage, async () => {
      followed++;
      return {
        count: null,
        next: followed < 3 ? 'http://x/api/z/?after=k' : null,
        previous: null,
        results: [followed + 1],
      };
    });
    expect(rows).toEqual([1, 2, 3, 4]);
  });
});
