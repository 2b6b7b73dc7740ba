/**
 * The IP fence behind `/admin/security/blocked` and `/admin/security/unblock` (spec 4.24, 7):
 * the real deployment counts offences per client IP and blocks repeat offenders, who then get
 * `403 {"detail":"Blocked"}` for every request. The rule itself is UNCONFIRMED; the replica's
 * (its own choice): every request refused by the rate limit is an offence, and once a test sets
 * a `threshold` the threshold-th offence blocks the IP until an admin unblocks it (off by
 * default, like the rate limit itself, so throttling tests never lock a client out). Tests may
 * also block an address directly.
 */

export interface BlockedEntry {
  ip: string;
  offense_count: number;
  blocked_at: string;
  reason: string;
}

export class SecurityFence {
  /** Offences that block an IP; null: offences are counted, nobody is blocked automatically. */
  private threshold: number | null = null;
  private readonly offences = new Map<string, number>();
  private readonly blocked = new Map<string, BlockedEntry>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Offences after which an IP is blocked (≥ 1), or null to block nobody automatically. */
  configure(options: { threshold?: number | null }): void {
    const t = options.threshold;
    if (t === undefined) return;
    if (t !== null && (!Number.isInteger(t) || t < 1)) throw new RangeError('threshold must be a positive integer');
    this.threshold = t;
  }

  /** Counts one offence of `ip`; blocks it at the threshold. */
  offend(ip: string, reason = 'rate limit exceeded'): void {
    const count = (this.offences.get(ip) ?? 0) + 1;
    this.offences.set(ip, count);
    const entry = this.blocked.get(ip);
    if (entry) entry.offense_count = count;
    else if (this.threshold !== null && count >= this.threshold) this.block(ip, reason);
  }

  /** Blocks `ip` now (a test hook, and what the threshold does). */
  block(ip: string, reason = 'blocked by an operator'): void {
    const count = Math.max(this.offences.get(ip) ?? 0, 1);
    this.offences.set(ip, count);
    this.blocked.set(ip, { ip, offense_count: count, blocked_at: new Date(this.now()).toISOString(), reason });
  }

  isBlocked(ip: string): boolean {
    return this.blocked.has(ip);
  }

  /** Lifts the block and forgets the offences; false when `ip` was not blocked. */
  unblock(ip: string): boolean {
    this.offences.delete(ip);
    return this.blocked.delete(ip);
  }

  /** Blocked IPs, oldest block first. */
  list(): BlockedEntry[] {
    return [...this.blocked.values()].map((e) => ({ ...e }));
  }

  reset(): void {
    this.offences.clear();
    this.blocked.clear();
    this.threshold = null;
  }
}
