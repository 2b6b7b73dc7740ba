/**
 * The shared input bounds on their own: query strings measured as they travel, lookup strings,
 * batches with one over-long key, and what an archive's "too large" statuses mean.
 */
import { describe, expect, it } from 'vitest';
import {
  checkLookup,
  checkQueryLength,
  clip,
  loadWithinBound,
  MAX_LOOKUP_LENGTH,
  MAX_QUERY_LENGTH,
  queryLength,
} from '../../datasources/input-bounds.ts';
import { codeForStatus, type InputError, statusMessage } from '../../src/http/archive-error.ts';

const refusal = (fn: () => unknown): InputError => {
  try {
    fn();
  } catch (error) {
    expect(error).toMatchObject({ name: 'InputError', code: 'BAD_USER_INPUT' });
    return error as InputError;
  }
  throw new Error('expected a refusal');
};

describe('queryLength', () => {
  it('counts characters as the upstream client encodes them: repeated keys, nothing for null', () => {
    expect(queryLength({ search: 'a b', draft: true, user: undefined, ids: ['1', '2'] })).toBe(
      'search=a+b&draft=true&ids=1&ids=2'.length,
    );
    expect(queryLength([['filter', '{"a":"é"}']])).toBe('filter=%7B%22a%22%3A%22%C3%A9%22%7D'.length);
  });
});

describe('checkQueryLength', () => {
  it(`refuses a query past ${MAX_QUERY_LENGTH} encoded characters, with the bound and the length`, () => {
    // 1000 characters, 9 encoded characters each: text within the lookup bound can still be too long a URL.
    const error = refusal(() =>
      checkQueryLength({ search: '脑'.repeat(1_000) }, '`search`', { field: 'search' }, 'dandi'),
    );
    expect(error.details).toEqual({ field: 'search', maximumLength: MAX_QUERY_LENGTH, length: 7 + 9_000 });
    expect(error.archive).toBe('dandi');
    expect(error.message).toMatch(
      /`search` would make a query longer than DANDI Archive takes: 9007 characters .* at most 8000/,
    );
    expect(() => checkQueryLength({ search: '脑'.repeat(100) }, '`search`', {}, 'dandi')).not.toThrow();
  });
});

describe('checkLookup', () => {
  it(`takes a value of ${MAX_LOOKUP_LENGTH} characters and refuses one more`, () => {
    const fits = 'x'.repeat(MAX_LOOKUP_LENGTH);
    expect(checkLookup(fits, 'data_name', { field: 'data_name' }, 'eegdash')).toBe(fits);
    const error = refusal(() => checkLookup(`${fits}x`, 'data_name', { field: 'data_name' }, 'eegdash'));
    expect(error.details).toEqual({ field: 'data_name', maximumLength: MAX_LOOKUP_LENGTH });
    expect(error.message).toBe('`data_name` is 1025 characters long; EEGDash takes at most 1024 in one value');
  });
});

describe('loadWithinBound', () => {
  it('refuses only the over-long keys of a batch; the others load, in order', async () => {
    const loaded: string[][] = [];
    const keys = ['a', 'x'.repeat(MAX_LOOKUP_LENGTH + 1), 'b'];
    const out = await loadWithinBound(
      keys,
      (k) => k,
      'data_name',
      'eegdash',
      async (ok) => {
        loaded.push(ok);
        return ok.map((k) => k.toUpperCase());
      },
    );
    expect(loaded).toEqual([['a', 'b']]);
    expect(out[0]).toBe('A');
    expect(out[1]).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'data_name', maximumLength: 1024 } });
    expect(out[2]).toBe('B');
  });

  it('sends nothing when every key is refused', async () => {
    let calls = 0;
    const out = await loadWithinBound(
      ['y'.repeat(5_000)],
      (k) => k,
      'dataset_id',
      'eegdash',
      async () => {
        calls++;
        return [];
      },
    );
    expect(calls).toBe(0);
    expect(out[0]).toBeInstanceOf(Error);
  });
});

describe('clip', () => {
  it('keeps short text and cuts long text to a prefix', () => {
    expect(clip('short')).toBe('short');
    expect(clip('y'.repeat(100_000))).toBe(`${'y'.repeat(80)}…`);
  });
});

describe('an archive saying the request was too large', () => {
  it.each([413, 414, 431])('maps %i to BAD_USER_INPUT with a message saying so', (status) => {
    expect(codeForStatus(status)).toBe('BAD_USER_INPUT');
    expect(statusMessage(status, '')).toBe(
      `the request was too large for the archive (HTTP ${status}); ask for less at once`,
    );
  });

  it("keeps the archive's own words, and leaves other statuses as they were", () => {
    expect(statusMessage(414, '{"detail": "URI Too Long"}')).toMatch(/too large .*HTTP 414: URI Too Long/);
    expect(statusMessage(503, '')).toBe('HTTP 503');
    expect(codeForStatus(503)).toBe('ARCHIVE_UNAVAILABLE');
    expect(codeForStatus(400)).toBe('BAD_USER_INPUT');
  });
});
