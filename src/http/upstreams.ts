/**
 * One UpstreamClient (and so one connection pool) per archive, built once per gateway from the
 * config and shared by all requests, with the cache and budgets they share (`cache/sharing.ts`).
 */
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { createSharing, type Sharing } from './cache/sharing.ts';
import type { UpstreamEvents } from './events.ts';
import { UpstreamClient } from './upstream.ts';
import type { ArchiveName } from './archive-error.ts';

export type Upstreams = Record<ArchiveName, UpstreamClient> & { sharing: Sharing; close(): Promise<void> };

export const USER_AGENT = 'neuroarchive-gateway/0.1.0';

export function createUpstreams(config: Config, logger: Logger, events?: UpstreamEvents): Upstreams {
  const sharing = createSharing(config, logger, events);
  const make = (archive: ArchiveName, baseUrl: string) =>
    new UpstreamClient({
      archive,
      baseUrl,
      connections: config.upstream.connections,
      timeoutMs: config.upstream.timeoutMs,
      queueTimeoutMs: config.upstream.queueTimeoutMs,
      retry: {
        maxRetries: config.upstream.maxRetries,
        baseDelayMs: config.upstream.retryBaseDelayMs,
        maxDelayMs: config.upstream.retryMaxDelayMs,
        maxTotalDelayMs: config.upstream.retryBudgetMs,
      },
      userAgent: USER_AGENT,
      logger,
      cache: sharing.cache,
      budget: sharing.budgets[archive],
      budgetWaitMs: config.budgets.waitMs,
      events,
    });
  const clients = {
    dandi: make('dandi', config.dandiApiUrl),
    eegdash: make('eegdash', config.eegdashApiUrl),
    brainstem: make('brainstem', config.brainstemApiUrl),
  };
  return {
    ...clients,
    sharing,
    close: async () => {
      await Promise.all(Object.values(clients).map((c) => c.close()));
      await sharing.close();
    },
  };
}
