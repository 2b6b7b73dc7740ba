/**
 * The state gateway instances share through Redis: cached answers, the generations that writes
 * bump, the locks by which one instance fetches what several want (single flight across
 * instances), and one request budget per archive for the whole deployment. ioredis is the
 * client (the one the GraphQL tooling around Yoga uses); every command has a short timeout, and
 * the callers treat a failing Redis as a cache miss, never as a failed GraphQL request.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../../logger.ts';
import { type Budget, type BudgetDecision, type BudgetSettings, decide } from './budget.ts';
import type { CachedResponse, CacheStore, StoredRead } from './store.ts';

const PREFIX = 'neuroarchive:';
const FILLED = `${PREFIX}filled`;

/**
 * The bucket of `budget.ts#step`, atomically in Redis, on Redis's clock (so instances whose
 * clocks differ still share one rate). KEYS[1]: the bucket. ARGV: op (take|pause), capacity,
 * perMinute, maxWaitMs or pauseMs. Returns what `step` returns.
 */
const BUCKET_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local s = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'factor', 'penalizedAt')
local capacity = tonumber(ARGV[2])
local perMinute = tonumber(ARGV[3])
local arg = tonumber(ARGV[4])
local tokens = tonumber(s[1]) or capacity
local at = tonumber(s[2]) or now
local factor = tonumber(s[3]) or 1
local penalizedAt = tonumber(s[4]) or 0
if factor < 1 and now - penalizedAt >= 60000 then
  factor = math.min(1, factor * 2)
  penalizedAt = now
end
local rate = perMinute * factor / 60000
if now > at then
  tokens = math.min(capacity, tokens + (now - at) * rate)
  at = now
end
local result = 0
if ARGV[1] == 'pause' then
  if now - penalizedAt > 1000 then
    factor = math.max(0.125, factor / 2)
    penalizedAt = now
  end
  tokens = math.min(tokens, 0)
  at = math.max(at, now + arg)
else
  local wait = at - now
  if tokens < 1 then wait = wait + (1 - tokens) / rate end
  wait = math.ceil(wait)
  if wait > arg then
    result = -wait - 1
  else
    tokens = tokens - 1
    result = wait
  end
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at), 'factor', tostring(factor), 'penalizedAt', tostring(penalizedAt))
redis.call('PEXPIRE', KEYS[1], 3600000)
return result
`;

/** Deletes a lock only while it is still the caller's (it may have expired and been taken since). */
const UNLOCK_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

type BucketRedis = Redis & {
  bucket(key: string, op: string, capacity: number, perMinute: number, arg: number): Promise<number>;
  unlockIfOwner(key: string, token: string): Promise<number>;
};

export class RedisShared implements CacheStore {
  private readonly client: BucketRedis;
  private readonly subscriber: Redis;
  private readonly waiters = new Map<string, Set<() => void>>();
  /** This instance's locks and their tokens. */
  private readonly held = new Map<string, string>();

  constructor(url: string, logger: Logger) {
    const options = {
      // Fail fast: a slow or absent Redis must cost a cache miss, not a hung GraphQL request.
      commandTimeout: 500,
      connectTimeout: 2_000,
      maxRetriesPerRequest: 1,
      enableAutoPipelining: true,
      lazyConnect: false,
    };
    this.client = new Redis(url, options) as BucketRedis;
    this.client.defineCommand('bucket', { numberOfKeys: 1, lua: BUCKET_SCRIPT });
    this.client.defineCommand('unlockIfOwner', { numberOfKeys: 1, lua: UNLOCK_SCRIPT });
    this.subscriber = new Redis(url, { ...options, commandTimeout: undefined, enableAutoPipelining: false });
    let warned = 0;
    const onError = (error: Error) => {
      if (Date.now() - warned < 30_000) return;
      warned = Date.now();
      logger.warn('redis unavailable; serving without the shared cache', { error: error.message });
    };
    this.client.on('error', onError);
    this.subscriber.on('error', onError);
    this.subscriber.subscribe(FILLED).catch(onError);
    this.subscriber.on('message', (channel: string, key: string) => {
      if (channel !== FILLED) return;
      const waiting = this.waiters.get(key);
      if (!waiting) return;
      this.waiters.delete(key);
      for (const wake of waiting) wake();
    });
  }

  /**
   * Fails at once while Redis is not connected: waiting for it in ioredis's offline queue would
   * cost every cache read a command timeout, several times per upstream request.
   */
  private up(): BucketRedis {
    if (this.client.status !== 'ready') throw new Error(`redis is ${this.client.status}`);
    return this.client;
  }

  async get(key: string, generationKey: string): Promise<StoredRead> {
    this.up();
    const [entry, generation] = await this.client.mget(PREFIX + key, PREFIX + generationKey);
    return { entry: entry ? (JSON.parse(entry) as CachedResponse) : undefined, generation: Number(generation ?? 0) };
  }

  async set(key: string, entry: CachedResponse): Promise<void> {
    const ttl = Math.ceil(entry.keepUntil - Date.now());
    if (ttl > 0) await this.up().set(PREFIX + key, JSON.stringify(entry), 'PX', ttl);
  }

  async invalidate(generationKeys: readonly string[]): Promise<void> {
    const client = this.up();
    await Promise.all(generationKeys.map((key) => client.incr(PREFIX + key)));
  }

  /** Takes the right to fetch `key` for `ttlMs`; false when another instance holds it. */
  async lock(key: string, ttlMs: number): Promise<boolean> {
    const token = randomUUID();
    const taken = (await this.up().set(`${PREFIX}lock:${key}`, token, 'PX', Math.ceil(ttlMs), 'NX')) === 'OK';
    if (taken) this.held.set(key, token);
    return taken;
  }

  /** Gives the right back (if it is still ours) and wakes every instance waiting on it. */
  async unlock(key: string): Promise<void> {
    const token = this.held.get(key);
    this.held.delete(key);
    if (token) await this.up().unlockIfOwner(`${PREFIX}lock:${key}`, token);
    await this.up().publish(FILLED, key);
  }

  /** Resolves when the holder of `key` lets go, after `ms` at the latest, or when `signal` aborts. */
  waitForUnlock(key: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let waiting = this.waiters.get(key);
      if (!waiting) {
        waiting = new Set();
        this.waiters.set(key, waiting);
      }
      const set = waiting;
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        set.delete(done);
        if (set.size === 0 && this.waiters.get(key) === set) this.waiters.delete(key);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      set.add(done);
      // The holder may have let go between our failed lock and this subscription: look once.
      this.client.exists(`${PREFIX}lock:${key}`).then(
        (n) => {
          if (n === 0) done();
        },
        () => done(),
      );
    });
  }

  /** One budget for `archive`, shared by every instance on this Redis. */
  budget(archive: string, settings: BudgetSettings): Budget {
    const key = `${PREFIX}budget:${archive}`;
    return {
      take: async (maxWaitMs: number): Promise<BudgetDecision> =>
        decide(await this.up().bucket(key, 'take', settings.capacity, settings.perMinute, maxWaitMs)),
      penalize: async (pauseMs: number): Promise<void> => {
        await this.up().bucket(key, 'pause', settings.capacity, settings.perMinute, pauseMs);
      },
    };
  }

  async close(): Promise<void> {
    for (const waiting of this.waiters.values()) for (const wake of waiting) wake();
    this.waiters.clear();
    await Promise.allSettled([this.client.quit(), this.subscriber.quit()]);
  }
}
