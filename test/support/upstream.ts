/**
 * An upstream client for tests that talk to a replica without the gateway: no retries, no logs.
 */
import type { ArchiveName } from '../../src/http/archive-error.ts';
import { UpstreamClient, type UpstreamOptions } from '../../src/http/upstream.ts';
import { silentLogger } from '../../src/logger.ts';

export const testUpstream = (
  archive: ArchiveName,
  baseUrl: string,
  options: Partial<UpstreamOptions> = {},
): UpstreamClient =>
  new UpstreamClient({
    archive,
    baseUrl,
    connections: 4,
    timeoutMs: 2_000,
    retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1, maxTotalDelayMs: 1 },
    userAgent: 'test',
    logger: silentLogger,
    ...options,
  });
