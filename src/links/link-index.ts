/**
 * The reverse of BrainSTEM's `download_links`: which public sessions cite a dandiset or an
 * EEGDash dataset. BrainSTEM has no server-side filter on that JSON field (its docs list none),
 * so the gateway reads every public session once, indexes the parsed links, and refreshes in the
 * background. Only the public portal is indexed: what it answers is the same for every caller.
 */
import { BrainstemDataSource } from '../../datasources/brainstem.ts';
import { UpstreamStats } from '../http/stats.ts';
import type { UpstreamClient } from '../http/upstream.ts';
import type { Logger } from '../logger.ts';
import { dandisetOf, parseLink } from './parse-link.ts';

export interface LinkIndexOptions {
  brainstem: UpstreamClient;
  logger: Logger;
  /** Background refresh period in ms; 0 refreshes only on demand (and on first use). */
  refreshMs: number;
  /** Origins that serve the DANDI API besides api.dandiarchive.org (the configured one). */
  dandiApiOrigins: string[];
  /** Origins of the DANDI web UI whose links count as DANDI's (besides dandiarchive.org). */
  dandiWebOrigins?: string[];
  /** Shortest time between two refreshes asked for on demand. */
  minOnDemandMs?: number;
}

export interface LinkIndexStatus {
  builtAt: Date | null;
  sessionCount: number;
  linkCount: number;
  refreshing: boolean;
  lastError: string | null;
  lastRefreshMs: number | null;
  /** Upstream requests the last refresh made. */
  lastRefreshRequests: number | null;
}

/** The archives a session's links can point into. */
export type LinkedArchive = 'dandi' | 'eegdash';

interface Snapshot {
  byDandiset: Map<string, string[]>;
  byDataset: Map<string, string[]>;
  /** Sessions with at least one link into each archive, in the order BrainSTEM listed them. */
  byArchive: Record<LinkedArchive, string[]>;
  sessionCount: number;
  linkCount: number;
  builtAt: Date;
}

export class LinkIndex {
  private snapshot: Snapshot | null = null;
  private inFlight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastError: string | null = null;
  private lastRefreshMs: number | null = null;
  private lastRefreshRequests: number | null = null;

  constructor(private readonly options: LinkIndexOptions) {}

  /**
   * Rebuilds every `refreshMs` in the background. The first build happens on first use (or when
   * asked), so a gateway that never needs reverse links never reads BrainSTEM for them.
   */
  schedule(): void {
    if (this.options.refreshMs > 0 && !this.timer) {
      this.timer = setInterval(() => void this.refresh(), this.options.refreshMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Rebuilds the index; concurrent calls share one rebuild. Failures keep the previous index. */
  refresh(): Promise<void> {
    this.inFlight ??= this.rebuild().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** A refresh asked for by a client: skipped when the index is younger than the minimum interval. */
  async refreshOnDemand(): Promise<LinkIndexStatus> {
    const age = this.snapshot ? Date.now() - this.snapshot.builtAt.getTime() : Infinity;
    if (age >= (this.options.minOnDemandMs ?? 5_000)) await this.refresh();
    else await this.inFlight;
    return this.status();
  }

  /** Waits for a first build if there has never been one. */
  async ready(): Promise<void> {
    if (!this.snapshot) await this.refresh();
  }

  /** Ids of the public sessions whose links point at the dandiset (or a version or asset of it). */
  sessionsCitingDandiset(identifier: string): string[] {
    return this.snapshot?.byDandiset.get(identifier) ?? [];
  }

  /** Ids of the public sessions whose links point at the EEGDash dataset. */
  sessionsCitingDataset(datasetId: string): string[] {
    return this.snapshot?.byDataset.get(datasetId) ?? [];
  }

  /** Ids of the public sessions with at least one link into `archive` (each once, in listing order). */
  sessionsLinkingTo(archive: LinkedArchive): string[] {
    return this.snapshot?.byArchive[archive] ?? [];
  }

  status(): LinkIndexStatus {
    return {
      builtAt: this.snapshot?.builtAt ?? null,
      sessionCount: this.snapshot?.sessionCount ?? 0,
      linkCount: this.snapshot?.linkCount ?? 0,
      refreshing: this.inFlight !== null,
      lastError: this.lastError,
      lastRefreshMs: this.lastRefreshMs,
      lastRefreshRequests: this.lastRefreshRequests,
    };
  }

  private async rebuild(): Promise<void> {
    const started = performance.now();
    const stats = new UpstreamStats();
    try {
      const source = new BrainstemDataSource(this.options.brainstem, {}, stats);
      const sessions = await source.listAll('session', { portal: 'public' });
      const byDandiset = new Map<string, string[]>();
      const byDataset = new Map<string, string[]>();
      const linking: Record<LinkedArchive, Set<string>> = { dandi: new Set(), eegdash: new Set() };
      let linkCount = 0;
      for (const session of sessions) {
        const id = String(session.id);
        for (const link of session.download_links ?? []) {
          if (typeof link?.url !== 'string') continue;
          const target = parseLink(link.url, this.options.dandiApiOrigins, this.options.dandiWebOrigins ?? []);
          if (target.kind === 'external') continue;
          linkCount++;
          const dandiset = dandisetOf(target);
          if (target.kind === 'dataset') add(byDataset, target.datasetId, id);
          else if (dandiset) add(byDandiset, dandiset, id);
          linking[target.kind === 'dataset' ? 'eegdash' : 'dandi'].add(id);
        }
      }
      const byArchive = { dandi: [...linking.dandi], eegdash: [...linking.eegdash] };
      this.snapshot = {
        byDandiset,
        byDataset,
        byArchive,
        sessionCount: sessions.length,
        linkCount,
        builtAt: new Date(),
      };
      this.lastError = null;
      this.options.logger.info('link index refreshed', { sessions: sessions.length, links: linkCount });
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.options.logger.warn('link index refresh failed', { error: this.lastError });
    } finally {
      this.lastRefreshMs = Math.round(performance.now() - started);
      this.lastRefreshRequests = stats.snapshot().brainstem?.requests ?? 0;
    }
  }
}

function add(map: Map<string, string[]>, key: string, sessionId: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [sessionId]);
  else if (!list.includes(sessionId)) list.push(sessionId);
}
