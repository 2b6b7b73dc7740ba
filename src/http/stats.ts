/**
 * What one GraphQL request cost upstream, per archive: requests sent (retries included), loads
 * answered by a DataLoader without a request, answers taken from the shared cache (fresh or
 * stale), calls that rode on an identical one already in flight, time spent waiting for the
 * archive's budget, and the time spent waiting on the archive. It also holds the operation's
 * ceiling on upstream requests, the last line of defence against a query that fans out further
 * than any estimate foresaw, and how long what the answer used stays fresh (for `Cache-Control`).
 */
import type { ArchiveName } from './archive-error.ts';

export interface ArchiveCost {
  requests: number;
  retries: number;
  /** Loads answered from a per-request DataLoader cache or batch, without a request of their own. */
  servedByLoaders: number;
  /** Reads answered by the shared upstream cache while fresh, without a request. */
  cacheHits: number;
  /** Reads answered by the shared cache past their freshness (while it refreshes, or the archive failed). */
  staleServes: number;
  /** Reads that waited for an identical request already in flight (this or another operation's). */
  coalesced: number;
  /** Requests that had to wait for the archive's request budget before being sent. */
  budgetWaits: number;
  /** Wall time during which at least one request to this archive was in flight, in ms. */
  waitMs: number;
}

/** An answer served from the cache past its freshness, because the archive could not give a fresh one. */
export interface StaleServe {
  archive: ArchiveName;
  /** How old the served answer is, in seconds. */
  ageSeconds: number;
  /** Why no fresh answer: the archive's error code (e.g. ARCHIVE_UNAVAILABLE), or REVALIDATING. */
  reason: string;
}

type Counter = 'cacheHits' | 'staleServes' | 'coalesced' | 'budgetWaits';

export class UpstreamStats {
  private readonly costs = new Map<ArchiveName, ArchiveCost & { inFlight: number; since: number }>();
  private admitted = 0;
  private freshForMs: number | undefined;
  /** Stale answers served for a failing archive, for the response's `extensions.staleData`. */
  readonly staleServed: StaleServe[] = [];

  /** `maxRequests`: the most requests the operation may send, all archives and retries together. */
  constructor(readonly maxRequests = Number.POSITIVE_INFINITY) {}

  /**
   * Takes one request of the ceiling before it is queued; false once the ceiling is spent. Taken
   * synchronously, so concurrent fields cannot overshoot it together.
   */
  admit(): boolean {
    if (this.admitted >= this.maxRequests) return false;
    this.admitted++;
    return true;
  }

  private entry(archive: ArchiveName) {
    let e = this.costs.get(archive);
    if (!e) {
      e = {
        requests: 0,
        retries: 0,
        servedByLoaders: 0,
        cacheHits: 0,
        staleServes: 0,
        coalesced: 0,
        budgetWaits: 0,
        waitMs: 0,
        inFlight: 0,
        since: 0,
      };
      this.costs.set(archive, e);
    }
    return e;
  }

  /** Marks a request as sent (it has a connection); call the returned function when it is done. */
  begin(archive: ArchiveName, isRetry: boolean): () => void {
    const e = this.entry(archive);
    e.requests++;
    if (isRetry) e.retries++;
    if (e.inFlight++ === 0) e.since = performance.now();
    return () => {
      if (--e.inFlight === 0) e.waitMs += performance.now() - e.since;
    };
  }

  servedByLoader(archive: ArchiveName, n = 1): void {
    this.entry(archive).servedByLoaders += n;
  }

  count(archive: ArchiveName, what: Counter): void {
    this.entry(archive)[what]++;
  }

  /** Records a stale answer served because `reason`; it is reported next to the data. */
  servedStale(serve: StaleServe): void {
    this.entry(serve.archive).staleServes++;
    if (serve.reason !== 'REVALIDATING') this.staleServed.push(serve);
  }

  /**
   * Notes that something the answer used stays fresh `ms` longer (0: already stale, or not
   * cacheable). The answer is as fresh as the least fresh thing it used.
   */
  noteFreshness(ms: number): void {
    const left = Math.max(0, Math.floor(ms));
    this.freshForMs = this.freshForMs === undefined ? left : Math.min(this.freshForMs, left);
  }

  /** How long the answer stays fresh (ms): undefined when it used nothing from an archive. */
  freshness(): number | undefined {
    return this.freshForMs;
  }

  snapshot(): Partial<Record<ArchiveName, ArchiveCost>> {
    const out: Partial<Record<ArchiveName, ArchiveCost>> = {};
    for (const [archive, e] of this.costs) {
      const { inFlight: _inFlight, since: _since, ...cost } = e;
      out[archive] = { ...cost, waitMs: Math.round(e.waitMs * 10) / 10 };
    }
    return out;
  }
}
