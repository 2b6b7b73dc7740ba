/**
 * What the gateway's upstream clients share across requests — the cache, single flight and
 * budgets — built from the config, in this process or (with `REDIS_URL`) in Redis for the whole
 * deployment. A Redis that fails costs the cache (misses) and falls back to this process's own
 * budget; it never fails a GraphQL request.
 */
import type { Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { ArchiveName } from '../archive-error.ts';
import type { UpstreamEvents } from '../events.ts';
import { type Budget, type BudgetDecision, type BudgetSettings, MemoryBudget } from './budget.ts';
import { UpstreamCache } from './cache.ts';
import { RedisShared } from './redis.ts';
import { MemoryStore } from './store.ts';

export interface Sharing {
  cache: UpstreamCache | undefined;
  budgets: Partial<Record<ArchiveName, Budget>>;
  /** The in-process store, when there is one (for tests and metrics). */
  memory: MemoryStore | undefined;
  /**
   * Forgets this process's cached answers and budget state (pauses included): a fresh start,
   * as tests need between cases. What Redis holds is left to Redis.
   */
  forget(): void;
  close(): Promise<void>;
}

/** An archive with no budget set is not limited, but still paused by its 429s and blocks. */
const UNLIMITED = 1e12;

/** The burst a budget allows after a quiet spell: ten seconds' worth. */
export const budgetSettings = (perMinute: number): BudgetSettings =>
  perMinute > 0
    ? { perMinute, capacity: Math.max(1, Math.ceil(perMinute / 6)) }
    : { perMinute: UNLIMITED, capacity: UNLIMITED };

/** A shared budget that falls back to this process's own while Redis cannot answer. */
function withFallback(shared: Budget, local: Budget): Budget {
  return {
    take: (maxWaitMs: number): Promise<BudgetDecision> => shared.take(maxWaitMs).catch(() => local.take(maxWaitMs)),
    penalize: async (pauseMs: number) => {
      await Promise.allSettled([shared.penalize(pauseMs), local.penalize(pauseMs)]);
    },
  };
}

export function createSharing(config: Config, logger: Logger, events?: UpstreamEvents): Sharing {
  const redis = config.redisUrl ? new RedisShared(config.redisUrl, logger) : undefined;
  const memory = config.cache.enabled && !redis ? new MemoryStore(config.cache.maxBytes) : undefined;
  const store = redis ?? memory;
  const cache =
    config.cache.enabled && store
      ? new UpstreamCache(store, config.cache, logger, redis, config.upstream.timeoutMs, events)
      : undefined;
  const budgets: Partial<Record<ArchiveName, Budget>> = {};
  const locals: MemoryBudget[] = [];
  for (const [archive, perMinute] of Object.entries(config.budgets.perMinute) as [ArchiveName, number][]) {
    const settings = budgetSettings(perMinute);
    const local = new MemoryBudget(settings);
    locals.push(local);
    budgets[archive] = redis ? withFallback(redis.budget(archive, settings), local) : local;
  }
  return {
    cache,
    budgets,
    memory,
    forget: () => {
      memory?.clear();
      for (const budget of locals) budget.reset();
    },
    close: async () => {
      await redis?.close();
    },
  };
}
