/**
 * The deployment's budget is the Lua script of `RedisShared.budget()`; one process's is `step()`
 * in `MemoryBudget`. They are meant to be the same rules written twice, so here both get the
 * same sequence of takes and pauses at the same moments, against a real redis-server, and must
 * make the same decisions (grant or refuse) with waits and retry-afters a few ms apart (the two
 * run a moment apart, on Redis's clock and on this process's). The Redis side alternates between
 * two clients, as two gateway instances would take from the one bucket.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Budget, type BudgetDecision, type BudgetSettings, MemoryBudget } from '../../src/http/cache/budget.ts';
import { RedisShared } from '../../src/http/cache/redis.ts';
import { silentLogger } from '../../src/logger.ts';
import { type RedisServer, startRedis } from '../support/redis.ts';

let redis: RedisServer;
let instances: RedisShared[] = [];

beforeAll(async () => {
  redis = await startRedis();
  instances = [new RedisShared(redis.url, silentLogger), new RedisShared(redis.url, silentLogger)];
});
afterAll(async () => {
  await Promise.all(instances.map((i) => i.close()));
  await redis?.close();
});
beforeEach(() => redis.flush());

type Op = { take: number } | { pause: number } | { sleep: number };

/** A decision as one number: the wait of a grant, or minus the retry-after of a refusal. */
const signed = (d: BudgetDecision) => (d.granted ? d.waitMs : -d.retryAfterMs);

/** Runs `ops` on the shared bucket (clients taking turns) and on a MemoryBudget, side by side. */
async function bothRun(archive: string, settings: BudgetSettings, ops: Op[]) {
  const shared: Budget[] = instances.map((i) => i.budget(archive, settings));
  const memory = new MemoryBudget(settings);
  const rows: { op: Op; redis: BudgetDecision; memory: BudgetDecision; apartMs: number }[] = [];
  let turn = 0;
  // How far apart in time the two sides have acted so far: their answers may differ by that much.
  let apartMs = 0;
  for (const op of ops) {
    if ('sleep' in op) {
      await new Promise((r) => setTimeout(r, op.sleep));
    } else if ('pause' in op) {
      const started = performance.now();
      await shared[turn++ % shared.length]!.penalize(op.pause);
      await memory.penalize(op.pause);
      apartMs = Math.max(apartMs, performance.now() - started);
    } else {
      const started = performance.now();
      const fromRedis = await shared[turn++ % shared.length]!.take(op.take);
      const fromMemory = await memory.take(op.take);
      apartMs = Math.max(apartMs, performance.now() - started);
      rows.push({ op, redis: fromRedis, memory: fromMemory, apartMs });
    }
  }
  return rows;
}

/**
 * Grants and refusals equal; waits and retry-afters no further apart than the two sides acted
 * (a round trip to Redis, well under a millisecond on an idle machine), plus rounding.
 */
const toleranceMs = (apartMs: number) => Math.ceil(apartMs) + 2;

function expectSame(rows: Awaited<ReturnType<typeof bothRun>>): void {
  for (const [i, row] of rows.entries()) {
    const what = `take #${i} (${JSON.stringify(row.op)}): redis ${JSON.stringify(row.redis)}, memory ${JSON.stringify(row.memory)}`;
    expect(row.redis.granted, what).toBe(row.memory.granted);
    expect(Math.abs(signed(row.redis) - signed(row.memory)), what).toBeLessThanOrEqual(toleranceMs(row.apartMs));
  }
}

describe('the Redis budget and the in-process budget', () => {
  it('grant the burst, refuse past it, and promise tokens to waiters alike', async () => {
    // 10 per second: a token every 100 ms; a burst of 5.
    const settings = { perMinute: 600, capacity: 5 };
    const rows = await bothRun('burst', settings, [
      ...Array.from({ length: 5 }, () => ({ take: 0 })),
      { take: 0 }, // empty: refused, the next token in ~100 ms
      { take: 150 }, // waits ~100 ms for it
      { take: 150 }, // the one after is ~200 ms away: refused
      { take: 1_000 }, // waits ~200 ms
      { sleep: 250 },
      { take: 0 }, // the promised tokens are paid back first: still refused
      { take: 400 },
    ]);
    expectSame(rows);
    expect(rows.map((r) => r.redis.granted)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      true,
      false,
      true,
      false,
      true,
    ]);
    expect(signed(rows[5]!.redis)).toBeLessThan(-90);
    expect(rows[6]!.redis).toMatchObject({ granted: true, waitMs: expect.any(Number) });
    expect((rows[6]!.redis as { waitMs: number }).waitMs).toBeGreaterThan(90);
  });

  it('pause, halve the rate once per burst of 429s, and halve again after a second', async () => {
    const settings = { perMinute: 600, capacity: 3 };
    const rows = await bothRun('pause', settings, [
      { take: 0 },
      { take: 0 },
      { pause: 300 }, // a 429 with Retry-After 0.3 s: nothing for 300 ms, then 5 per second
      { take: 0 }, // refused: 300 ms, then a whole token at the halved rate (200 ms)
      { pause: 100 }, // a second 429 of the same burst: no second halving, the pause stands
      { take: 0 },
      { take: 2_000 }, // granted after that wait
      { sleep: 400 },
      { take: 0 },
      { take: 2_000 },
      { sleep: 1_100 },
      { pause: 0 }, // more than a second after the last: halved again, to 2.5 per second
      { take: 0 },
      { take: 2_000 },
    ]);
    expectSame(rows);
    expect(rows.map((r) => r.redis.granted)).toEqual([true, true, false, false, true, false, true, false, true]);
    // 300 ms of pause and 200 ms for a token at half rate.
    expect(signed(rows[2]!.redis)).toBeLessThan(-490);
    expect(signed(rows[3]!.redis)).toBeLessThan(-490); // the shorter second pause changed nothing
    // At a quarter of the rate a token takes 400 ms.
    expect(signed(rows[7]!.redis)).toBeLessThan(-390);
  });

  it('share one bucket between instances: what one takes the other cannot', async () => {
    const settings = { perMinute: 60, capacity: 10 };
    // Ten takes from each of two instances: ten grants in all, as from one MemoryBudget.
    const rows = await bothRun(
      'shared',
      settings,
      Array.from({ length: 20 }, () => ({ take: 0 })),
    );
    expectSame(rows);
    expect(rows.filter((r) => r.redis.granted)).toHaveLength(10);
  });
});
