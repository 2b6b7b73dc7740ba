/**
 * What one GraphQL request cost upstream, per archive: requests sent (retries included), loads
 * answered by a DataLoader without a request, and the time spent waiting on the archive.
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

  private entry(archive: ArchiveName) {
    let e = this.costs.get(archive);
    if (!e) {
      e = { requests: 0, retries: 0, servedByLoaders: 0, waitMs: 0, inFlight: 0, since: 0 };
      this.costs.set(archive, e);
    }
    return e;
  }

  /** Marks a request as started; call the returned function when it is done. */
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
