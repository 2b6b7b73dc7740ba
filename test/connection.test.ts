import { describe, expect, it } from 'vitest';
import { decodeOffsetCursor, DEFAULT_LIMITS, encodeOffsetCursor, offsetWindow } from '../resolvers/connection.ts';

const noTotal = async () => {
  throw new Error('total not needed');
};

describe('offset cursors', () => {
  it('round-trip', () => {
    expect(decodeOffsetCursor(encodeOffsetCursor(1234), 'after')).toBe(1234);
  });

  it('reject foreign cursors with BAD_USER_INPUT', () => {
    expect(() => decodeOffsetCursor('bm9wZQ', 'after')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});

describe('offsetWindow', () => {
  it('maps first/after onto an offset', async () => {
    expect(await offsetWindow({ first: 10, after: encodeOffsetCursor(19) }, DEFAULT_LIMITS, noTotal)).toEqual({
      offset: 20,
      limit: 10,
    });
    expect(await offsetWindow({}, DEFAULT_LIMITS, noTotal)).toEqual({ offset: 0, limit: 20 });
  });

  it('maps last/before, asking for the total only without before', async () => {
    expect(await offsetWindow({ last: 5, before: encodeOffsetCursor(12) }, DEFAULT_LIMITS, noTotal)).toEqual({
      offset: 7,
      limit: 5,
    });
    expect(await offsetWindow({ last: 5 }, DEFAULT_LIMITS, async () => 42)).toEqual({ offset: 37, limit: 5 });
  });

  it('refuses page sizes over the maximum and first+last together', async () => {
    await expect(offsetWindow({ first: 1001 }, DEFAULT_LIMITS, noTotal)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { argument: 'first', maximum: 1000 },
    });
    await expect(offsetWindow({ first: -1 }, DEFAULT_LIMITS, noTotal)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(offsetWindow({ first: 1, last: 1 }, DEFAULT_LIMITS, noTotal)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });
});
