/**
 * The cache's small parts on their own: the byte bound of the in-process store, the scopes,
 * the freshness policy, upstream Cache-Control, the token bucket and the settings.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { MemoryBudget, step } from '../../src/http/cache/budget.ts';
import { freshnessOf, readCacheControl } from '../../src/http/cache/policy.ts';
import { CREDENTIAL_HEADERS as CLIENT_CREDENTIAL_HEADERS } from '../../src/context.ts';
import { ANONYMOUS, CREDENTIAL_HEADERS, scopeOf } from '../../src/http/cache/scope.ts';
import { type CachedResponse, MemoryStore } from '../../src/http/cache/store.ts';

const entry = (text: string): CachedResponse => {
  const now = Date.now();
  return { status: 200, text, storedAt: now, freshUntil: now + 60_000, keepUntil: now + 120_000, generation: 0 };
};

describe('MemoryStore', () => {
  it('stays within its byte bound, dropping the least recently used first', async () => {
    const store = new MemoryStore(64 * 1024);
    for (let i = 0; i < 100; i++) await store.set(`k${i}`, entry('x'.repeat(4_000)));
    expect(store.bytes).toBeLessThanOrEqual(64 * 1024);
    expect((await store.get('k0', 'g')).entry).toBeUndefined();
    expect((await store.get('k99', 'g')).entry?.text.length).toBe(4_000);
  });

  it('bumps generations on invalidation', async () => {
    const store = new MemoryStore(1024 * 1024);
    expect((await store.get('k', 'gen:a')).generation).toBe(0);
    await store.invalidate(['gen:a']);
    expect((await store.get('k', 'gen:a')).generation).toBe(1);
    expect((await store.get('k', 'gen:b')).generation).toBe(0);
  });
});

describe('scopes', () => {
  it('is shared without a credential, and a hash of the credential (never the token) with one', () => {
    expect(scopeOf(undefined)).toBe(ANONYMOUS);
    expect(scopeOf({ accept: 'application/json' })).toBe(ANONYMOUS);
    const a = scopeOf({ authorization: 'token secret-a' });
    const b = scopeOf({ Authorization: 'token secret-b' });
    expect(a).not.toBe(b);
    expect(a).not.toContain('secret');
    expect(scopeOf({ authorization: 'token secret-a' })).toBe(a);
    // Every credential header a client may send the gateway gives a scope of its own.
    expect(CREDENTIAL_HEADERS).toEqual(expect.arrayContaining(Object.values(CLIENT_CREDENTIAL_HEADERS)));
    for (const name of ['x-eegdash-token', 'x-dandi-api-key', 'x-brainstem-token', 'cookie', 'x-api-key']) {
      expect(scopeOf({ [name]: 't' })).not.toBe(ANONYMOUS);
    }
  });
});

describe('freshness policy', () => {
  const settings = loadConfig([], {}).cache;
  it('keeps published DANDI versions for a day and drafts briefly', () => {
    expect(freshnessOf('dandi', '/dandisets/000003/versions/0.230629.1955/assets/', settings)).toEqual({
      ttlMs: 86_400_000,
      immutable: true,
    });
    expect(freshnessOf('dandi', '/dandisets/000003/versions/draft/assets/', settings).immutable).toBe(false);
    expect(freshnessOf('dandi', '/dandisets/000003/versions/', settings).immutable).toBe(false);
    expect(freshnessOf('eegdash', '/api/eegdash/records', settings)).toEqual({ ttlMs: 60_000, immutable: false });
  });

  it("reads the archive's Cache-Control", () => {
    expect(readCacheControl({ 'cache-control': 'public, max-age=30' })).toEqual({
      noStore: false,
      private: false,
      maxAgeMs: 30_000,
    });
    expect(readCacheControl({ 'cache-control': 'max-age=30, s-maxage=5' }).maxAgeMs).toBe(5_000);
    expect(readCacheControl({ 'cache-control': 'no-cache' }).maxAgeMs).toBe(0);
    expect(readCacheControl({ 'cache-control': 'private, no-store' })).toMatchObject({ noStore: true, private: true });
    expect(readCacheControl({})).toEqual({ noStore: false, private: false });
  });
});

describe('token bucket', () => {
  it('allows its burst, then one token per 60/perMinute seconds, and refuses past the wait allowed', () => {
    const state = { tokens: 2, at: 0, factor: 1, penalizedAt: 0 };
    const settings = { perMinute: 60, capacity: 2 };
    expect(step(state, settings, 0, { take: 0 })).toBe(0);
    expect(step(state, settings, 0, { take: 0 })).toBe(0);
    expect(step(state, settings, 0, { take: 500 })).toBe(-1001); // next token in 1000 ms
    expect(step(state, settings, 0, { take: 1000 })).toBe(1000); // held for a waiter
    expect(step(state, settings, 1000, { take: 0 })).toBe(-1001); // that token is spoken for
    expect(step(state, settings, 3000, { take: 0 })).toBe(0);
  });

  it('pauses for Retry-After and halves its rate, then recovers', () => {
    const state = { tokens: 10, at: 0, factor: 1, penalizedAt: 0 };
    const settings = { perMinute: 60, capacity: 10 };
    step(state, settings, 5_000, { pause: 30_000 });
    expect(state.factor).toBe(0.5);
    expect(step(state, settings, 5_000, { take: 0 })).toBe(-(30_000 + 2_000) - 1); // pause, then 2 s per token
    expect(step(state, settings, 100_000, { take: 0 })).toBe(0); // a quiet minute later
    expect(state.factor).toBe(1);
  });

  it('MemoryBudget decides with the same rules', async () => {
    const budget = new MemoryBudget({ perMinute: 6, capacity: 1 });
    expect(await budget.take(0)).toEqual({ granted: true, waitMs: 0 });
    const refused = await budget.take(0);
    expect(refused.granted).toBe(false);
    budget.reset();
    expect((await budget.take(0)).granted).toBe(true);
  });
});

describe('settings', () => {
  it('has the documented defaults and refuses bad values in one line', () => {
    const c = loadConfig([], {});
    expect(c.cache).toMatchObject({ enabled: true, maxBytes: 268_435_456, publishedTtlMs: 86_400_000 });
    expect(c.budgets).toEqual({ perMinute: { dandi: 300, eegdash: 50, brainstem: 120 }, waitMs: 2_000 });
    expect(c.redisUrl).toBeUndefined();
    expect(loadConfig([], { CACHE: 'off', REDIS_URL: 'redis://127.0.0.1:6380' })).toMatchObject({
      cache: { enabled: false },
      redisUrl: 'redis://127.0.0.1:6380',
    });
    expect(() => loadConfig([], { REDIS_URL: 'http://user:pw@x' })).toThrow(/REDIS_URL must be a redis:\/\/.*…@x/);
    expect(() => loadConfig([], { EEGDASH_REQUESTS_PER_MINUTE: '-1' })).toThrow(/EEGDASH_REQUESTS_PER_MINUTE/);
  });
});
