/**
 * The public-endpoint rate limit (spec 7: 100 requests/minute per client IP, Redis-backed on the
 * real server). Fixed one-minute windows per IP. Off by default so tests and demos are not
 * throttled; a test switches it on to exercise 429 handling.
 */

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (≥ 1). */
  resetSeconds: number;
}

export class RateLimiter {
  private perMinute = 100;
  private on = false;
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  get enabled(): boolean {
    return this.on;
  }

  get limit(): number {
    return this.perMinute;
  }

  /** Turns limiting on with fresh windows. */
  enable(perMinute = 100): void {
    if (!Number.isInteger(perMinute) || perMinute < 1) throw new RangeError('perMinute must be a positive integer');
    this.perMinute = perMinute;
    this.on = true;
    this.windows.clear();
  }

  disable(): void {
    this.on = false;
    this.windows.clear();
  }

  /** Counts one request from `ip` and says whether it may proceed. */
  hit(ip: string): RateDecision {
    const t = this.now();
    let w = this.windows.get(ip);
    if (!w || t - w.start >= 60_000) {
      w = { start: t, count: 0 };
      this.windows.set(ip, w);
    }
    w.count++;
    const resetSeconds = Math.max(1, Math.ceil((w.start + 60_000 - t) / 1000));
    return {
      allowed: w.count <= this.perMinute,
      limit: this.perMinute,
      remaining: Math.max(0, this.perMinute - w.count),
      resetSeconds,
    };
  }
}

/** The client address as the app sees it behind the edge proxy: first X-Forwarded-For hop. */
export function clientIp(forwardedFor: string | string[] | undefined, remoteAddress: string): string {
  const header = Array.isArray(forwardedFor) ? forwardedFor[0] : forwardedFor;
  const first = header?.split(',')[0]?.trim();
  return first || remoteAddress.replace(/^::ffff:/, '');
}
