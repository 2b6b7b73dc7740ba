/**
 * When to try an upstream request again, and how long to wait first. Only idempotent reads are
 * retried; waits grow exponentially with full jitter, honour `Retry-After`, and stop at a count
 * and a total-time budget so a GraphQL request never waits on an archive forever.
 */

export interface RetryPolicy {
  /** Retries after the first attempt (0 disables retrying). */
  maxRetries: number;
  /** First backoff step in ms; step n waits up to base * 2^n. */
  baseDelayMs: number;
  /** Cap for a single wait, including a server-requested `Retry-After`. */
  maxDelayMs: number;
  /** Budget for all waits of one logical request together. */
  maxTotalDelayMs: number;
}

export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);
export const RETRY_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/** `Retry-After` as milliseconds: delta-seconds or an HTTP-date. Undefined when absent or junk. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(raw)) return Math.round(Number(raw) * 1000);
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The wait before retry number `attempt` (1-based), or undefined when the policy says stop.
 * `retryAfterMs` from the server wins over the computed backoff when it is longer.
 */
export function nextDelay(
  policy: RetryPolicy,
  attempt: number,
  spentMs: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number | undefined {
  if (attempt > policy.maxRetries) return undefined;
  const backoff = random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const wait = Math.max(backoff, retryAfterMs ?? 0);
  // A server asking for longer than we are willing to wait is answered now, not later.
  if (wait > policy.maxDelayMs || spentMs + wait > policy.maxTotalDelayMs) return undefined;
  return Math.round(wait);
}
