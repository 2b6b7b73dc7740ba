import { describe, expect, it } from 'vitest';
import { nextDelay, parseRetryAfter, type RetryPolicy } from '../../src/http/retry.ts';

const policy: RetryPolicy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 2_000, maxTotalDelayMs: 3_000 };
const noJitter = () => 1;

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2_000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3_000);
  });

  it('ignores absent or junk values', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('nextDelay', () => {
  it('grows exponentially up to the cap', () => {
    expect(nextDelay(policy, 1, 0, undefined, noJitter)).toBe(100);
    expect(nextDelay(policy, 2, 0, undefined, noJitter)).toBe(200);
    expect(nextDelay(policy, 3, 0, undefined, noJitter)).toBe(400);
  });

  it('stops after maxRetries', () => {
    expect(nextDelay(policy, 4, 0, undefined, noJitter)).toBeUndefined();
  });

  it('waits at least as long as Retry-After asks', () => {
    expect(nextDelay(policy, 1, 0, 1_500, noJitter)).toBe(1_500);
  });

  it('gives up when Retry-After exceeds the single-wait cap or the total budget', () => {
    expect(nextDelay(policy, 1, 0, 2_500, noJitter)).toBeUndefined();
    expect(nextDelay(policy, 2, 2_000, 1_500, noJitter)).toBeUndefined();
  });
});
