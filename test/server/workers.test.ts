/**
 * WORKERS=2 over real sockets: two worker processes serve the one port (each connection to the
 * next, as /health's `pid` shows) while the primary has not loaded the gateway; a worker killed
 * with SIGKILL is replaced and requests keep succeeding meanwhile; SIGTERM to the primary under
 * load lets every in-flight request finish with 200, then the whole cluster exits 0. And what
 * WORKERS does to the configuration: `auto`, and each worker's share of the budgets.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Replicas, startReplicas } from '../../replicas/start-all.ts';
import { restartDelayMs } from '../../src/cluster.ts';
import { loadConfig } from '../../src/config.ts';
import { baseUrlOf, fresh, freshText, type Spawned, spawnNode } from './spawned.ts';

const rssKb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);

/** The worker pids that answer `n` fresh /health requests. */
async function healthPids(base: string, n: number): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < n; i++) {
    const { status, json } = await fresh(base, '/health');
    expect(status).toBe(200);
    pids.add(json.pid);
  }
  return pids;
}

describe('the WORKERS setting', () => {
  it('is 1 by default, a count, or auto (one per available core); anything else is refused', () => {
    expect(loadConfig([], {}).workers).toBe(1);
    expect(loadConfig(['--workers', '3'], {}).workers).toBe(3);
    expect(loadConfig([], { WORKERS: 'auto' }).workers).toBe(availableParallelism());
    for (const bad of ['0', '-1', '1.5', 'many', '257']) {
      expect(() => loadConfig([], { WORKERS: bad })).toThrow(/^WORKERS must be an integer from 1 to 256 or auto/);
    }
  });

  it('without Redis gives each worker 1/N of each budget (at least 1); with Redis the shared bucket is whole', () => {
    const env = {
      EEGDASH_REQUESTS_PER_MINUTE: '50',
      DANDI_REQUESTS_PER_MINUTE: '0',
      BRAINSTEM_REQUESTS_PER_MINUTE: '3',
    };
    expect(loadConfig([], { ...env, WORKERS: '4' }).budgets.perMinute).toEqual({ eegdash: 12, dandi: 0, brainstem: 1 });
    expect(loadConfig([], { ...env, WORKERS: '1' }).budgets.perMinute).toEqual({ eegdash: 50, dandi: 0, brainstem: 3 });
    expect(loadConfig([], { ...env, WORKERS: '4', REDIS_URL: 'redis://127.0.0.1:6379' }).budgets.perMinute).toEqual({
      eegdash: 50,
      dandi: 0,
      brainstem: 3,
    });
  });

  it('replaces a worker at once after a long life, else after 250 ms doubling up to 30 s', () => {
    expect([0, 1, 2, 3, 8, 20].map(restartDelayMs)).toEqual([0, 250, 500, 1_000, 30_000, 30_000]);
  });
});

describe('WORKERS=2', () => {
  let replicas: Replicas;
  let gateway: Spawned;
  let base: string;
  let workers: number[];

  const listening = () => gateway.logs().filter((e) => e.msg === 'gateway listening');

  beforeAll(async () => {
    replicas = await startReplicas();
    gateway = spawnNode(['--import', 'tsx', 'src/main.ts'], { ...replicas.env, WORKERS: '2' });
    const lines = await gateway.waitForLogs((e) => e.msg === 'gateway listening', 2);
    base = baseUrlOf(lines[0]!);
    workers = lines.map((e) => e.pid as number);
  });

  afterAll(async () => {
    await gateway?.stop();
    await replicas?.close();
  });

  it('two worker processes serve the port; the primary has not loaded the gateway', async () => {
    expect(new Set(listening().map(baseUrlOf))).toEqual(new Set([base]));
    const primary = gateway.child.pid!;
    expect(workers).not.toContain(primary);
    expect(await healthPids(base, 8)).toEqual(new Set(workers));
    const query = await fresh(base, '/graphql', '{ sessions(first: 1, portal: PUBLIC) { totalCount } }');
    expect(query.status).toBe(200);
    expect(query.json.data.sessions.totalCount).toBeGreaterThan(0);
    // Schema, resolvers and Yoga live in the workers only.
    for (const pid of workers) expect(rssKb(primary)).toBeLessThan(rssKb(pid) / 2);
  });

  it('answers /metrics for the whole cluster, whichever worker takes the scrape', async () => {
    const operations = (text: string) =>
      Number(
        /^graphql_operation_duration_seconds_count\{operation_name="WorkerCount",operation_type="query"\} (\d+)$/m.exec(
          text,
        )?.[1] ?? 0,
      );
    const before = operations((await freshText(base, '/metrics')).text);
    for (let i = 0; i < 6; i++) {
      const { status, json } = await fresh(base, '/graphql', 'query WorkerCount { __typename }');
      expect(status).toBe(200);
      expect(json.data).toEqual({ __typename: 'Query' });
    }
    // A connection each: node:cluster's round robin hands consecutive scrapes to both workers.
    for (let i = 0; i < 6; i++) {
      const scrape = await freshText(base, '/metrics');
      expect(scrape.status).toBe(200);
      expect(scrape.text).not.toMatch(/unavailable/);
      // Counted in both workers, summed by the primary: every scrape sees all six.
      expect(operations(scrape.text) - before).toBe(6);
    }
  });

  it('replaces a worker killed with SIGKILL; requests keep succeeding meanwhile', async () => {
    const [victim, survivor] = workers as [number, number];
    process.kill(victim, 'SIGKILL');
    // Node's round-robin handoff: a connection handed to the worker in the instant it dies is
    // never answered (see README, Workers). Once the primary has seen the exit, none is.
    await gateway.waitForLogs((e) => e.msg === 'worker exited; replacing it' && e.pid === victim);
    const deadline = Date.now() + 20_000;
    let replacement: number | undefined;
    let served = 0;
    while (replacement === undefined) {
      expect(Date.now()).toBeLessThan(deadline);
      const health = await fresh(base, '/health');
      expect(health.status).toBe(200);
      // The survivor, or the replacement already serving before its log line was read: never the dead one.
      expect(health.json.pid).not.toBe(victim);
      served++;
      replacement =
        health.json.pid === survivor
          ? listening()
              .map((e) => e.pid as number)
              .find((pid) => !workers.includes(pid))
          : (health.json.pid as number);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(served).toBeGreaterThan(0);
    expect(gateway.logs()).toContainEqual(
      expect.objectContaining({ msg: 'worker exited; replacing it', pid: victim, signal: 'SIGKILL' }),
    );
    workers = [survivor, replacement];
    expect(await healthPids(base, 8)).toEqual(new Set(workers));
  });

  it('SIGTERM to the primary under load: in-flight requests finish with 200, then exit 0', async () => {
    replicas.brainstem.faults.set({ latencyMs: 1_000 });
    replicas.brainstem.log.clear();
    const inFlight = Array.from({ length: 6 }, (_, i) =>
      fresh(base, '/graphql', `{ sessions(first: ${i + 1}, portal: PUBLIC) { totalCount edges { node { name } } } }`),
    );
    // Every request has reached BrainSTEM (each worker has some in flight) before the signal.
    const deadline = Date.now() + 5_000;
    while (replicas.brainstem.log.count(/session/) < 6) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 20));
    }
    const signalled = Date.now();
    gateway.child.kill('SIGTERM');
    const results = await Promise.all(inFlight);
    for (const [i, { status, json }] of results.entries()) {
      expect(status).toBe(200);
      expect(json.errors).toBeUndefined();
      expect(json.data.sessions.edges).toHaveLength(i + 1);
    }
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(10_000);
    for (const pid of workers) {
      expect(gateway.logs()).toContainEqual(expect.objectContaining({ msg: 'shutting down', signal: 'SIGTERM', pid }));
    }
    await expect(fresh(base, '/health')).rejects.toThrow();
  });
});
