/**
 * The unified search's paging without HTTP: round-robin interleaving, cursors that resume
 * exactly, exhausted archives, failed archives.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeSearchCursor,
  encodeSearchCursor,
  initialCursor,
  mergeSearchPage,
  type ArchiveBatch,
  type SearchArchiveName,
  type SearchCursor,
} from '../../resolvers/search-merge.ts';

/** An archive's whole result list, served in windows as the resolver would fetch them. */
type Lists = Partial<Record<SearchArchiveName, string[]>>;

function batchesFor(
  lists: Lists,
  start: SearchCursor,
  size: number,
  failing: SearchArchiveName[] = [],
): ArchiveBatch<string>[] {
  return (Object.entries(lists) as [SearchArchiveName, string[]][])
    .filter(([a]) => !start.exhausted.includes(a) && !failing.includes(a))
    .map(([archive, all]) => {
      const offset = start.consumed[archive];
      return {
        archive,
        items: all.slice(offset, offset + size),
        hasMore: all.length > offset + size,
        total: all.length,
      };
    });
}

/** Every page from the start, following `endCursor`. */
function pageAll(lists: Lists, first: number) {
  const pages: string[][] = [];
  const asked: SearchArchiveName[][] = [];
  let start = initialCursor();
  for (;;) {
    const batches = batchesFor(lists, start, first);
    asked.push(batches.map((b) => b.archive));
    const page = mergeSearchPage(start, batches, first);
    pages.push(page.edges.map((e) => e.node));
    const last = page.edges.at(-1);
    if (!page.hasNextPage || !last) break;
    start = decodeSearchCursor(encodeSearchCursor(last.cursor));
  }
  return { pages, asked };
}

const list = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

describe('mergeSearchPage', () => {
  it('takes one result from each archive in turn, DANDI first, skipping those that run out', () => {
    const lists = { dandi: list('d', 2), eegdash: list('e', 4), brainstem: list('b', 1) };
    const page = mergeSearchPage(initialCursor(), batchesFor(lists, initialCursor(), 10), 10);
    expect(page.edges.map((e) => e.node)).toEqual(['d1', 'e1', 'b1', 'd2', 'e2', 'e3', 'e4']);
    expect(page.edges.map((e) => e.archive)).toEqual([
      'dandi',
      'eegdash',
      'brainstem',
      'dandi',
      'eegdash',
      'eegdash',
      'eegdash',
    ]);
    expect(page.hasNextPage).toBe(false);
  });

  it('stops at `first` and says more follow while any archive has results left', () => {
    const lists = { dandi: list('d', 3), eegdash: list('e', 3), brainstem: list('b', 3) };
    const page = mergeSearchPage(initialCursor(), batchesFor(lists, initialCursor(), 4), 4);
    expect(page.edges.map((e) => e.node)).toEqual(['d1', 'e1', 'b1', 'd2']);
    expect(page.hasNextPage).toBe(true);
    expect(page.edges.at(-1)!.cursor).toEqual({
      consumed: { dandi: 2, eegdash: 1, brainstem: 1 },
      exhausted: [],
      next: 'eegdash',
    });
  });

  it('each edge cursor is the state after that edge', () => {
    const lists = { dandi: list('d', 1), eegdash: list('e', 2) };
    const page = mergeSearchPage(initialCursor(), batchesFor(lists, initialCursor(), 3), 3);
    expect(page.edges.map((e) => e.cursor)).toEqual([
      { consumed: { dandi: 1, eegdash: 0, brainstem: 0 }, exhausted: ['dandi'], next: 'eegdash' },
      { consumed: { dandi: 1, eegdash: 1, brainstem: 0 }, exhausted: ['dandi'], next: 'brainstem' },
      { consumed: { dandi: 1, eegdash: 2, brainstem: 0 }, exhausted: ['dandi', 'eegdash'], next: 'brainstem' },
    ]);
  });

  it('pages read one after another give the same sequence as one big page, each result once', () => {
    const lists = { dandi: list('d', 11), eegdash: list('e', 4), brainstem: list('b', 17) };
    const whole = pageAll(lists, 100).pages.flat();
    expect(whole).toHaveLength(32);
    expect(new Set(whole).size).toBe(32);
    for (const first of [1, 2, 3, 5, 7, 31]) {
      expect(pageAll(lists, first).pages.flat()).toEqual(whole);
    }
  });

  it('does not ask an archive again once its results are used up', () => {
    const lists = { dandi: list('d', 1), eegdash: list('e', 6), brainstem: list('b', 6) };
    const { pages, asked } = pageAll(lists, 4);
    expect(pages.map((p) => p.length)).toEqual([4, 4, 4, 1]);
    expect(asked[0]).toEqual(['dandi', 'eegdash', 'brainstem']);
    // d1 e1 b1 e2 | b2 e3 b3 e4 | b4 e5 b5 e6 | b6: EEGDash is used up with the third page.
    expect(pages.flat()).toEqual(['d1', 'e1', 'b1', 'e2', 'b2', 'e3', 'b3', 'e4', 'b4', 'e5', 'b5', 'e6', 'b6']);
    expect(asked.slice(1)).toEqual([['eegdash', 'brainstem'], ['eegdash', 'brainstem'], ['brainstem']]);
  });

  it('keeps an archive of unknown total in play (its end may lie beyond what it serves)', () => {
    const batch: ArchiveBatch<string> = { archive: 'eegdash', items: ['e1'], hasMore: false, total: null };
    const page = mergeSearchPage(initialCursor(), [batch], 5);
    expect(page.edges[0]!.cursor.exhausted).toEqual([]);
    expect(page.hasNextPage).toBe(false);
  });

  it('a failed archive contributes nothing, keeps its count, and is asked again on the next page', () => {
    const lists = { dandi: list('d', 3), eegdash: list('e', 3), brainstem: list('b', 3) };
    const start = initialCursor();
    const page = mergeSearchPage(start, batchesFor(lists, start, 4, ['eegdash']), 4);
    expect(page.edges.map((e) => e.node)).toEqual(['d1', 'b1', 'd2', 'b2']);
    const next = page.edges.at(-1)!.cursor;
    expect(next.consumed.eegdash).toBe(0);
    expect(next.exhausted).toEqual([]);
    const page2 = mergeSearchPage(next, batchesFor(lists, next, 4), 4);
    expect(page2.edges.map((e) => e.node)).toEqual(['d3', 'e1', 'b3', 'e2']);
  });

  it('returns no edges for first: 0 but still says whether results exist', () => {
    const lists = { dandi: list('d', 1) };
    const page = mergeSearchPage(initialCursor(), batchesFor(lists, initialCursor(), 1), 0);
    expect(page.edges).toEqual([]);
    expect(page.hasNextPage).toBe(true);
  });
});

describe('search cursors', () => {
  it('round-trip and are opaque base64url', () => {
    const c: SearchCursor = {
      consumed: { dandi: 3, eegdash: 2, brainstem: 3 },
      exhausted: ['eegdash'],
      next: 'brainstem',
    };
    const encoded = encodeSearchCursor(c);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSearchCursor(encoded)).toEqual(c);
  });

  it('refuse anything else with BAD_USER_INPUT', () => {
    const bad = [
      'nonsense',
      Buffer.from('offset:3').toString('base64url'),
      Buffer.from('search:{"d":-1}').toString('base64url'),
      Buffer.from('search:{"d":1.5}').toString('base64url'),
      Buffer.from('search:{"n":"z"}').toString('base64url'),
      Buffer.from('search:{"x":"dq"}').toString('base64url'),
      Buffer.from('search:[1]').toString('base64url'),
      Buffer.from('search:{').toString('base64url'),
    ];
    for (const cursor of bad) {
      expect(() => decodeSearchCursor(cursor), cursor).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', details: { argument: 'after' } }),
      );
    }
  });
});
