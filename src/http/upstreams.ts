/**
 * One UpstreamClient (and so one connection pool) per archive, built once per gateway from the
 * config and shared by all requests.
 */
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { UpstreamClient } from './upstream.ts';
import type { ArchiveName } from './archive-error.ts';

export type Upstreams = Record<ArchiveName, UpstreamClient> & { close(): Promise<void> };

export const USER_AGENT = 'neuroarchive-gateway/0.1.0';

export function createUpstreams(config: Config, logger: Logger): Upstreams {
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
    });
  const clients = {
    dandi: make('dandi', config.dandiApiUrl),
    eegdash: make('eegdash', config.eegdashApiUrl),
    brainstem: make('brainstem', config.brainstemApiUrl),
  };
  return {
    ...clients,
    close: async () => {
      await Promise.all(Object.values(clients).map((c) => c.close()));
    },
  };
}
