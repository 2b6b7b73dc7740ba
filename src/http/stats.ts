/**
 * What one GraphQL request cost upstream, per archive: requests sent (retries included), loads
 * answered by a DataLoader without a request, and the time spent waiting on the archive. It also
 * holds the operation's ceiling on upstream requests, the last line of defence against a query
 * that fans out further than any estimate foresaw.
 */
import type { ArchiveName } from './archive-error.ts';

export interface ArchiveCost {
  requests: number;
  retries: number;
  /** Loads answered from a per-request DataLoader cache or batch, without a request of their own. */
  servedByLoaders: number;
  /** Wall time during which at least one request to this archive was in flight, in ms. */
  waitMs: number;
}

export class UpstreamStats {
  private readonly costs = new Map<ArchiveName, ArchiveCost & { inFlight: number; since: number }>();
  private admitted = 0;

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
      e = { requests: 0, retries: 0, servedByLoaders: 0, waitMs: 0, inFlight: 0, since: 0 };
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

  snapshot(): Partial<Record<ArchiveName, ArchiveCost>> {
    const out: Partial<Record<ArchiveName, ArchiveCost>> = {};
    for (const [archive, e] of this.costs) {
      out[archive] = {
        requests: e.requests,
        retries: e.retries,
        servedByLoaders: e.servedByLoaders,
        waitMs: Math.round(e.waitMs * 10) / 10,
      };
    }
    return out;
  }
}
