/**
 * A per-archive request budget: a token bucket that every request to the archive (retries
 * included) must take a token from before it is sent. The gateway is one client IP for all of
 * its users, and EEGDash blocks IPs that exceed its limit, so the budget is spent deliberately:
 * a request waits briefly for a token in a bounded queue, or is not sent at all. A 429 or a
 * "Blocked" 403 halves the rate and pauses it for the archive's `Retry-After`; the rate doubles
 * back each minute without another one.
 *
 * The arithmetic lives in `step` (here, for one process) and in the Lua script of `redis.ts`
 * (for a deployment sharing one budget); they are the same rules, kept side by side.
 */

export interface BudgetSettings {
  /** Requests per minute at full rate. */
  perMinute: number;
  /** Tokens the bucket holds: the burst allowed after a quiet spell. */
  capacity: number;
}

export type BudgetDecision =
  /** Sent now, or after waiting `waitMs` for a token held for it. */
  | { granted: true; waitMs: number }
  /** Not sent: the next token comes in `retryAfterMs`, later than the caller would wait. */
  | { granted: false; retryAfterMs: number };

export interface Budget {
  /** Takes a token if one is free or comes within `maxWaitMs` (the wait is the caller's to sleep). */
  take(maxWaitMs: number): Promise<BudgetDecision>;
  /** The archive said "too many": slow down, and send nothing for `pauseMs`. */
  penalize(pauseMs: number): Promise<void>;
}

/** How long to pause after a 429 that names no `Retry-After` (a "Blocked" 403 pauses 60 times as long). */
export const DEFAULT_PAUSE_MS = 1_000;
/** The rate never drops below this fraction of its setting. */
const MIN_FACTOR = 0.125;
/** A penalized rate doubles back after this long without another penalty. */
const RECOVERY_MS = 60_000;

interface BucketState {
  tokens: number;
  /** Refill is counted from here; in the future while paused. */
  at: number;
  factor: number;
  penalizedAt: number;
}

/** One step of the bucket at time `now`: the same rules as the Redis script. */
export function step(
  state: BucketState,
  settings: BudgetSettings,
  now: number,
  op: { take: number } | { pause: number },
): number {
  if (state.factor < 1 && now - state.penalizedAt >= RECOVERY_MS) {
    state.factor = Math.min(1, state.factor * 2);
    state.penalizedAt = now;
  }
  const rate = (settings.perMinute * state.factor) / 60_000;
  if (now > state.at) {
    state.tokens = Math.min(settings.capacity, state.tokens + (now - state.at) * rate);
    state.at = now;
  }
  if ('pause' in op) {
    // Several 429s of one burst count once.
    if (now - state.penalizedAt > 1_000) {
      state.factor = Math.max(MIN_FACTOR, state.factor / 2);
      state.penalizedAt = now;
    }
    state.tokens = Math.min(state.tokens, 0);
    state.at = Math.max(state.at, now + op.pause);
    return 0;
  }
  let wait = state.at - now;
  if (state.tokens < 1) wait += (1 - state.tokens) / rate;
  wait = Math.ceil(wait);
  if (wait > op.take) return -wait - 1;
  state.tokens -= 1; // may go below 0: a token promised to a waiter
  return wait;
}

/** The answer of `step` for a take, as a decision. */
export function decide(result: number): BudgetDecision {
  return result >= 0 ? { granted: true, waitMs: result } : { granted: false, retryAfterMs: -result - 1 };
}

/** A budget for this process alone. */
export class MemoryBudget implements Budget {
  private state: BucketState;

  constructor(private readonly settings: BudgetSettings) {
    this.state = MemoryBudget.full(settings);
  }

  private static full(settings: BudgetSettings): BucketState {
    return { tokens: settings.capacity, at: Date.now(), factor: 1, penalizedAt: 0 };
  }

  /** A full bucket at full rate, as if no request had been sent. */
  reset(): void {
    this.state = MemoryBudget.full(this.settings);
  }

  async take(maxWaitMs: number): Promise<BudgetDecision> {
    return decide(step(this.state, this.settings, Date.now(), { take: maxWaitMs }));
  }

  async penalize(pauseMs: number): Promise<void> {
    step(this.state, this.settings, Date.now(), { pause: pauseMs });
  }
}
