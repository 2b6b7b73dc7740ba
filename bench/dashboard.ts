/**
 * `npm run bench:dashboard` (or `npm run bench -- dashboard [simulation|throughput|coalescing]`):
 * what the upstream cache and the request budgets do for a dashboard that many users keep open.
 *
 * 1. simulation — N users each send the same three-archive dashboard query every 10 s, with the
 *    cache on and off (budgets on in both): upstream requests per archive per minute (from the
 *    replicas' logs), latency, errors by code, `extensions.staleData`.
 * 2. throughput — the same query against a warm gateway and against a bare Yoga server answering
 *    the recorded result, each in a child process of its own, under the same closed-loop load;
 *    profiled (`--cpu-prof`) when the gateway does less than 0.8× the bare server.
 * 3. coalescing — the upstream requests of one cold query against those of 20 identical ones at
 *    once.
 *
 * Figures, not assertions: nothing here fails on a number.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { startReplicas, type Replicas } from '../replicas/start-all.ts';
import type { ArchiveName } from '../src/http/archive-error.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { createGateway, type Gateway } from '../src/server.ts';
import { closedLoop, type LoopResult, markdownTable, num, percentile } from './load.ts';
import {
  type Child,
  profileTables,
  queryData,
  startBareYogaChild,
  startGatewayChild,
  summariseProfile,
} from './processes.ts';

/** One query over the three archives, as a dashboard would send it (no aliases). */
export const DASHBOARD_QUERY = `query Dashboard($d: String!) {
  sessions(first: 10) { totalCount edges { node { name dandisets { identifier embargoStatus } datasets { datasetId name } } } }
  dandiset(identifier: $d) { identifier embargoStatus draftVersion { name assetCount } mostRecentPublishedVersion { version name } }
  datasets(first: 10) { totalCount edges { node { datasetId name recordingModality } } }
  eegdashCatalogTotals { datasets files subjects }
}`;

const ARCHIVES: readonly ArchiveName[] = ['dandi', 'eegdash', 'brainstem'];
const LABEL: Record<ArchiveName, string> = { dandi: 'DANDI', eegdash: 'EEGDash', brainstem: 'BrainSTEM' };

/** The benchmark's own knobs (environment variables), read once. */
export function benchSettings() {
  return {
    latencyMs: num('BENCH_LATENCY_MS', 20),
    simulationSeconds: num('BENCH_DASHBOARD_SECONDS', 120),
    intervalSeconds: num('BENCH_DASHBOARD_INTERVAL_SECONDS', 10),
    users: (process.env.BENCH_DASHBOARD_USERS ?? '100')
      .split(',')
      .map((u) => Math.max(1, Math.round(Number(u))))
      .filter((u) => Number.isFinite(u)),
    connections: num('BENCH_CONNECTIONS', 32),
    warmupSeconds: num('BENCH_WARMUP_SECONDS', 2),
    throughputSeconds: num('BENCH_THROUGHPUT_SECONDS', 10),
    /** `auto`: profile the gateway when it does less than 0.8× the bare server; `always`; `never`. */
    profile: process.env.BENCH_PROFILE ?? 'auto',
    profileSeconds: num('BENCH_PROFILE_SECONDS', 5),
    concurrent: num('BENCH_CONCURRENT', 20),
    /** Turns each server gets in the throughput scenario (the best is reported). */
    rounds: num('BENCH_ROUNDS', 2),
  };
}
type Settings = ReturnType<typeof benchSettings>;

const out = (text = '') => process.stdout.write(`${text}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const round = (n: number, digits = 0) => Number(n.toFixed(digits));

/** Settings of an in-process gateway: the defaults, pointed at the replicas, plus `overrides`. */
function gatewayConfig(replicas: Replicas, overrides: Record<string, string> = {}): Config {
  return loadConfig([], { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...replicas.env, ...overrides });
}

async function startGateway(replicas: Replicas, overrides: Record<string, string>): Promise<[Gateway, string]> {
  const gateway = createGateway(gatewayConfig(replicas, overrides), silentLogger);
  return [gateway, await gateway.listen()];
}

function clearLogs(replicas: Replicas): void {
  for (const a of ARCHIVES) replicas[a].log.clear();
}

const counts = (replicas: Replicas): Record<ArchiveName, number> =>
  Object.fromEntries(ARCHIVES.map((a) => [a, replicas[a].log.count()])) as Record<ArchiveName, number>;

/** The readiness probe's requests (`src/plugins/readiness.ts`), told apart from the users'. */
const PROBE: Record<ArchiveName, (path: string) => boolean> = {
  dandi: (p) => p.endsWith('/info/'),
  eegdash: (p) => p.endsWith('/health'),
  brainstem: (p) => p.includes('/public/stem/project/'),
};

/** What a GraphQL answer said: error codes (with archive) and stale-data notes. */
interface Tally {
  responses: number;
  withErrors: number;
  failedHttp: number;
  withStaleData: number;
  /** `CODE` → archive → count. */
  errors: Map<string, Map<string, number>>;
  /** `archive:REASON` → count of notes. */
  stale: Map<string, number>;
  latencies: number[];
}

const newTally = (): Tally => ({
  responses: 0,
  withErrors: 0,
  failedHttp: 0,
  withStaleData: 0,
  errors: new Map(),
  stale: new Map(),
  latencies: [],
});

function record(tally: Tally, status: number, text: string, ms: number): void {
  tally.responses++;
  tally.latencies.push(ms);
  if (status !== 200) tally.failedHttp++;
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    bump(tally.errors, `HTTP_${status}_NOT_JSON`, '-');
    return;
  }
  if (body.errors?.length) tally.withErrors++;
  for (const e of body.errors ?? []) bump(tally.errors, String(e.extensions?.code ?? 'NO_CODE'), e.extensions?.archive);
  const notes = body.extensions?.staleData;
  if (Array.isArray(notes) && notes.length > 0) {
    tally.withStaleData++;
    for (const n of notes)
      tally.stale.set(`${n.archive}:${n.reason}`, (tally.stale.get(`${n.archive}:${n.reason}`) ?? 0) + 1);
  }
}

function bump(map: Map<string, Map<string, number>>, code: string, archive: unknown): void {
  const inner = map.get(code) ?? new Map<string, number>();
  const a = typeof archive === 'string' ? archive : '-';
  inner.set(a, (inner.get(a) ?? 0) + 1);
  map.set(code, inner);
}

function describeErrors(errors: Tally['errors']): string {
  if (errors.size === 0) return 'none';
  return [...errors]
    .map(([code, by]) => {
      const total = [...by.values()].reduce((a, b) => a + b, 0);
      const parts = [...by].map(([a, n]) => `${a} ${n}`).join(', ');
      return `${code} ${total} (${parts})`;
    })
    .join('; ');
}

/** Arrival times (ms since the run began) of the requests each replica logged, polled every 250 ms. */
class UpstreamClock {
  readonly arrivals: Record<ArchiveName, { at: number; probe: boolean }[]> = { dandi: [], eegdash: [], brainstem: [] };
  private readonly seen: Record<ArchiveName, number> = { dandi: 0, eegdash: 0, brainstem: 0 };
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly replicas: Replicas,
    private readonly t0: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), 250);
  }

  stop(): void {
    clearInterval(this.timer);
    this.tick();
  }

  private tick(): void {
    const at = performance.now() - this.t0;
    for (const a of ARCHIVES) {
      const entries = this.replicas[a].log.entries;
      for (let i = this.seen[a]; i < entries.length; i++)
        this.arrivals[a].push({ at, probe: PROBE[a](entries[i]!.path) });
      this.seen[a] = entries.length;
    }
  }
}

/** The most requests in any 60 s window. */
function busiestMinute(times: number[]): number {
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= 60_000) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

interface SimulationRun {
  users: number;
  cache: 'on' | 'off';
  seconds: number;
  tally: Tally;
  perArchive: Record<
    ArchiveName,
    { total: number; probes: number; minutes: number[]; busiest: number; busiestUsers: number; budget: number }
  >;
}

/** Scenario 1, one run: `users` dashboards polling every `intervalSeconds` for `seconds`. */
async function simulate(
  replicas: Replicas,
  dandiset: string,
  users: number,
  cache: 'on' | 'off',
  s: Settings,
): Promise<SimulationRun> {
  const [gateway, url] = await startGateway(replicas, { CACHE: cache });
  const budgets = gatewayConfig(replicas).budgets.perMinute;
  const pool = new Pool(url, { connections: users, pipelining: 1 });
  const body = JSON.stringify({ query: DASHBOARD_QUERY, variables: { d: dandiset } });
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  const tally = newTally();
  const intervalMs = s.intervalSeconds * 1000;
  clearLogs(replicas);
  const t0 = performance.now();
  const clock = new UpstreamClock(replicas, t0);
  clock.start();
  gateway.readiness.start(); // as src/main.ts does once it listens: its probes spend budget too
  const end = t0 + s.simulationSeconds * 1000;
  const user = async (i: number) => {
    let next = t0 + (i * intervalMs) / users;
    while (next < end) {
      await sleep(next - performance.now());
      const started = performance.now();
      try {
        const res = await pool.request({ path: '/graphql', method: 'POST', headers, body });
        record(tally, res.statusCode, await res.body.text(), performance.now() - started);
      } catch (error) {
        tally.responses++;
        bump(tally.errors, `NETWORK_${(error as NodeJS.ErrnoException).code ?? 'ERROR'}`, '-');
      }
      next += intervalMs;
      while (next < performance.now()) next += intervalMs; // a dashboard that fell behind skips a beat
    }
  };
  await Promise.all(Array.from({ length: users }, (_, i) => user(i)));
  await sleep(end - performance.now()); // the last user's last beat may come before the end
  clock.stop();
  const seconds = (performance.now() - t0) / 1000;
  await pool.close();
  await gateway.close(1_000);

  // Whole minutes from the start, then what is left (answers still in flight when the users
  // stopped sending) in a bucket of its own, unless it is under a second.
  const minutes = Math.max(1, Math.ceil((seconds - 1) / 60));
  const perArchive = {} as SimulationRun['perArchive'];
  for (const a of ARCHIVES) {
    const arrivals = clock.arrivals[a];
    const buckets = Array.from({ length: minutes }, () => 0);
    for (const r of arrivals) buckets[Math.min(minutes - 1, Math.floor(r.at / 60_000))]!++;
    perArchive[a] = {
      total: arrivals.length,
      probes: arrivals.filter((r) => r.probe).length,
      minutes: buckets,
      busiest: busiestMinute(arrivals.map((r) => r.at)),
      busiestUsers: busiestMinute(arrivals.filter((r) => !r.probe).map((r) => r.at)),
      budget: budgets[a],
    };
  }
  return { users, cache, seconds, tally, perArchive };
}

function printSimulation(run: SimulationRun, s: Settings): void {
  const { tally } = run;
  out(`\n### ${run.users} users, CACHE=${run.cache} (${round(run.seconds)} s, budgets at their defaults)\n`);
  out(
    `queries answered: ${tally.responses}; gateway latency p50 ${round(percentile(tally.latencies, 50))} ms, ` +
      `p99 ${round(percentile(tally.latencies, 99))} ms, max ${round(Math.max(0, ...tally.latencies))} ms`,
  );
  out(
    `answers with errors: ${tally.withErrors} (HTTP status other than 200: ${tally.failedHttp}); ` +
      `with extensions.staleData: ${tally.withStaleData}` +
      (tally.stale.size ? ` (${[...tally.stale].map(([k, n]) => `${k} ${n}`).join(', ')})` : ''),
  );
  out(`errors by code (archive count): ${describeErrors(tally.errors)}\n`);
  const minuteHeads = run.perArchive.dandi.minutes.map((_, m) => {
    const span = Math.min(60, run.seconds - 60 * m);
    return span < 59.5 ? `minute ${m + 1} (${round(span)} s)` : `minute ${m + 1}`;
  });
  const rows = ARCHIVES.map((a) => {
    const r = run.perArchive[a];
    return [
      LABEL[a],
      String(r.total),
      String(r.probes),
      ...r.minutes.map(String),
      String(r.busiest),
      String(r.busiestUsers),
      String(r.budget),
    ];
  });
  process.stdout.write(
    markdownTable(
      [
        'archive',
        'upstream requests',
        'of which /ready probes',
        ...minuteHeads,
        'busiest 60 s',
        'busiest 60 s without probes',
        'budget /min',
      ],
      rows,
    ),
  );
  if (s.simulationSeconds < 60) out('(run shorter than 60 s: "busiest 60 s" is the whole run)');
  const eeg = run.perArchive.eegdash.busiest;
  out(`goal EEGDash ≤ 60/min: ${eeg <= 60 ? 'met' : 'NOT met'} (busiest 60 s: ${eeg})`);
}

/** POSTs the dashboard query once; returns the parsed body. */
interface ThroughputResult {
  /** One result per round, in the order run (gateway and bare taking turns). */
  gatewayRounds: LoopResult[];
  bareRounds: LoopResult[];
  /** The best round of each: the one least disturbed by whatever else the machine was doing. */
  gateway: LoopResult;
  bare: LoopResult;
  ratio: number;
  upstreamDuringRun: Record<ArchiveName, number>;
  identical: boolean;
  profile?: ReturnType<typeof summariseProfile>;
}

const GATEWAY_CHILD_ENV = { NODE_ENV: 'production', COST_EXTENSIONS: 'false' };

const best = (rounds: LoopResult[]) => rounds.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));

/**
 * Scenario 2: warm gateway against the bare Yoga server, each in a child of its own, both up
 * from the start and loaded in turns (gateway, bare, gateway, bare…), so a neighbour's burst on a
 * shared machine does not fall on one side only.
 */
async function throughput(replicas: Replicas, dandiset: string, s: Settings): Promise<ThroughputResult> {
  const body = JSON.stringify({ query: DASHBOARD_QUERY, variables: { d: dandiset } });
  const loop = (origin: string, pid: number, durationMs: number, onWindow?: (a: number, b: number) => void) =>
    closedLoop({
      origin,
      path: '/graphql',
      body,
      connections: s.connections,
      warmupMs: s.warmupSeconds * 1000,
      durationMs,
      serverPid: pid,
      ...(onWindow ? { onWindow } : {}),
    });

  const dir = mkdtempSync(join(tmpdir(), 'bench-dashboard-'));
  const children: Child[] = [];
  try {
    const gw = await startGatewayChild({ ...replicas.env, ...GATEWAY_CHILD_ENV });
    children.push(gw);
    const recorded = await queryData(gw.url, body); // the cold query: fills the cache
    const bareChild = await startBareYogaChild(recorded, dir);
    children.push(bareChild);
    const identical = JSON.stringify(await queryData(bareChild.url, body)) === JSON.stringify(recorded);

    const gatewayRounds: LoopResult[] = [];
    const bareRounds: LoopResult[] = [];
    const upstreamDuringRun: Record<ArchiveName, number> = { dandi: 0, eegdash: 0, brainstem: 0 };
    for (let round = 0; round < Math.max(1, Math.round(s.rounds)); round++) {
      clearLogs(replicas);
      gatewayRounds.push(await loop(gw.url, gw.pid, s.throughputSeconds * 1000));
      for (const [a, n] of Object.entries(counts(replicas)) as [ArchiveName, number][]) upstreamDuringRun[a] += n;
      bareRounds.push(await loop(bareChild.url, bareChild.pid, s.throughputSeconds * 1000));
    }
    while (children.length) await children.pop()!.stop();

    const gateway = best(gatewayRounds);
    const bare = best(bareRounds);
    const ratio = gateway.requestsPerSecond / Math.max(1e-9, bare.requestsPerSecond);
    const result: ThroughputResult = { gatewayRounds, bareRounds, gateway, bare, ratio, upstreamDuringRun, identical };
    if (s.profile === 'always' || (s.profile === 'auto' && ratio < 0.8)) {
      const profDir = join(dir, 'profile');
      const prof = await startGatewayChild({ ...replicas.env, ...GATEWAY_CHILD_ENV }, [
        '--cpu-prof',
        '--cpu-prof-dir',
        profDir,
      ]);
      children.push(prof);
      let window: [number, number] = [0, 0];
      await queryData(prof.url, body);
      await loop(prof.url, prof.pid, s.profileSeconds * 1000, (a, b) => {
        window = [a, b];
      });
      await children.pop()!.stop();
      result.profile = summariseProfile(profDir, window[0], window[1]);
    }
    return result;
  } finally {
    for (const c of children) await c.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function printThroughput(r: ThroughputResult, s: Settings): void {
  out(
    `\n${s.connections} connections, closed loop, ${s.warmupSeconds} s warm-up then ${s.throughputSeconds} s measured; ` +
      `gateway with ${Object.entries(GATEWAY_CHILD_ENV)
        .map(([k, v]) => `${k}=${v}`)
        .join(
          ' ',
        )}, cache warm; bare Yoga answering the recorded data (identical answer: ${r.identical ? 'yes' : 'NO'})\n`,
  );
  const row = (name: string, x: LoopResult) => [
    name,
    String(round(x.requestsPerSecond)),
    String(round(x.p50Ms, 1)),
    String(round(x.p99Ms, 1)),
    String(x.failed),
    x.serverCpuPercent === undefined ? '?' : `${round(x.serverCpuPercent)}%`,
    `${round(x.clientCpuPercent)}%`,
  ];
  process.stdout.write(
    markdownTable(
      ['server', 'req/s', 'p50 ms', 'p99 ms', 'failed', 'server CPU', 'load generator CPU'],
      r.gatewayRounds.flatMap((g, i) => [
        row(`gateway (warm cache), round ${i + 1}${g === r.gateway ? ' (best)' : ''}`, g),
        row(`bare graphql-yoga, round ${i + 1}${r.bareRounds[i] === r.bare ? ' (best)' : ''}`, r.bareRounds[i]!),
      ]),
    ),
  );
  out(
    `\nratio gateway/bare (best rounds): ${r.ratio.toFixed(2)}× (goal ≥ 0.8×: ${r.ratio >= 0.8 ? 'met' : 'NOT met'}); ` +
      `load average now: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  out(
    `upstream requests during the gateway's run: ${ARCHIVES.map((a) => `${LABEL[a]} ${r.upstreamDuringRun[a]}`).join(', ')} ` +
      '(the /ready probes only, if the cache held)',
  );
  if (!r.profile) return;
  const p = r.profile;
  out(
    `\nGateway CPU profile (--cpu-prof, ${s.profileSeconds} s of the same load, ${round(p.sampledMs)} ms sampled on the main thread, ${round((100 * p.idleMs) / Math.max(1, p.sampledMs))}% of it idle` +
      `${p.windowed ? ', load window only' : ', whole process: the clocks did not line up'}):\n`,
  );
  process.stdout.write(profileTables(p));
}

interface CoalescingRow {
  label: string;
  requests: Record<ArchiveName, number>;
  ms: number;
  errors: string;
}

/** Scenario 3: one cold query against N identical cold ones at once, each on a fresh gateway. */
async function coalescing(replicas: Replicas, dandiset: string, s: Settings): Promise<CoalescingRow[]> {
  const body = JSON.stringify({ query: DASHBOARD_QUERY, variables: { d: dandiset } });
  const n = Math.max(1, Math.round(s.concurrent));
  const cases = [
    { label: '1 cold query', n: 1, cache: 'on' },
    { label: `${n} identical cold queries at once`, n, cache: 'on' },
    { label: `${n} identical queries at once, CACHE=off`, n, cache: 'off' },
  ];
  const rows: CoalescingRow[] = [];
  for (const c of cases) {
    const [gateway, url] = await startGateway(replicas, { CACHE: c.cache });
    try {
      clearLogs(replicas);
      const tally = newTally();
      const started = performance.now();
      await Promise.all(
        Array.from({ length: c.n }, async () => {
          const t = performance.now();
          const res = await fetch(`${url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body,
          });
          record(tally, res.status, await res.text(), performance.now() - t);
        }),
      );
      rows.push({
        label: c.label,
        requests: counts(replicas),
        ms: Math.round(performance.now() - started),
        errors: describeErrors(tally.errors),
      });
    } finally {
      await gateway.close(1_000);
    }
  }
  return rows;
}

function printCoalescing(rows: CoalescingRow[]): void {
  out('');
  process.stdout.write(
    markdownTable(
      ['case', ...ARCHIVES.map((a) => `${LABEL[a]} requests`), 'total', 'wall ms', 'errors'],
      rows.map((r) => [
        r.label,
        ...ARCHIVES.map((a) => String(r.requests[a])),
        String(ARCHIVES.reduce((t, a) => t + r.requests[a], 0)),
        String(r.ms),
        r.errors,
      ]),
    ),
  );
  const [one, many] = rows;
  if (one && many) {
    const same = ARCHIVES.every((a) => one.requests[a] === many.requests[a]);
    out(`\ngoal (the same requests as one query): ${same ? 'met' : 'NOT met'}`);
  }
}

function printSettings(replicas: Replicas, s: Settings): void {
  const c = gatewayConfig(replicas);
  const cpu = cpus();
  out('# Dashboard and cache benchmarks\n');
  out(
    `Node ${process.version}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? '?'}), ${round(totalmem() / 2 ** 30, 1)} GiB`,
  );
  out(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  out(
    `bench: BENCH_LATENCY_MS=${s.latencyMs} BENCH_DASHBOARD_SECONDS=${s.simulationSeconds} ` +
      `BENCH_DASHBOARD_INTERVAL_SECONDS=${s.intervalSeconds} BENCH_DASHBOARD_USERS=${s.users.join(',')} ` +
      `BENCH_CONNECTIONS=${s.connections} BENCH_WARMUP_SECONDS=${s.warmupSeconds} ` +
      `BENCH_THROUGHPUT_SECONDS=${s.throughputSeconds} BENCH_PROFILE=${s.profile} ` +
      `BENCH_PROFILE_SECONDS=${s.profileSeconds} BENCH_ROUNDS=${s.rounds} BENCH_CONCURRENT=${s.concurrent}`,
  );
  out(
    `gateway defaults: CACHE=${c.cache.enabled ? 'on' : 'off'}, TTL ms ${ARCHIVES.map((a) => `${a} ${c.cache.ttlMs[a]}`).join(', ')}, ` +
      `published ${c.cache.publishedTtlMs}, stale-while-revalidate ${c.cache.staleWhileRevalidateMs}, ` +
      `stale-if-error ${c.cache.staleIfErrorMs}; budgets /min ${ARCHIVES.map((a) => `${a} ${c.budgets.perMinute[a]}`).join(', ')}, ` +
      `budget wait ${c.budgets.waitMs} ms; ${c.upstream.connections} connections per archive; ` +
      `Redis ${c.redisUrl ? 'yes' : 'no (in-process cache and budgets)'}; ready probe every ${c.readyProbeIntervalMs} ms`,
  );
  out(`\nDashboard query:\n${DASHBOARD_QUERY}`);
}

const SCENARIOS = ['simulation', 'throughput', 'coalescing'] as const;

export async function runDashboard(args: string[]): Promise<void> {
  const unknown = args.filter((a) => !(SCENARIOS as readonly string[]).includes(a));
  if (unknown.length)
    throw new Error(`unknown dashboard scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.join(', ')}`);
  const chosen = args.length ? args : [...SCENARIOS];
  const s = benchSettings();
  const replicas = await startReplicas();
  try {
    for (const a of ARCHIVES) replicas[a].faults.set({ latencyMs: s.latencyMs });
    const dandiset = replicas.dandi.store.dandisets.find((d) => d.embargoStatus === 'OPEN')!.identifier;
    printSettings(replicas, s);

    if (chosen.includes('simulation')) {
      out(
        `\n## 1. Dashboard simulation: each user sends the query every ${s.intervalSeconds} s ` +
          `(users start spread over the first ${s.intervalSeconds} s), gateway in this process`,
      );
      const runs: SimulationRun[] = [];
      for (const users of s.users) {
        for (const cache of ['on', 'off'] as const) {
          const run = await simulate(replicas, dandiset, users, cache, s);
          printSimulation(run, s);
          runs.push(run);
        }
      }
      out('\nSummary (busiest 60 s per archive, /ready probes included):\n');
      process.stdout.write(
        markdownTable(
          [
            'users',
            'CACHE',
            'queries',
            'p50 ms',
            'p99 ms',
            ...ARCHIVES.map((a) => `${LABEL[a]} /min (budget)`),
            'answers with errors',
            'errors by code',
            'staleData answers',
          ],
          runs.map((r) => [
            String(r.users),
            r.cache,
            String(r.tally.responses),
            String(round(percentile(r.tally.latencies, 50))),
            String(round(percentile(r.tally.latencies, 99))),
            ...ARCHIVES.map((a) => `${r.perArchive[a].busiest} (${r.perArchive[a].budget})`),
            String(r.tally.withErrors),
            describeErrors(r.tally.errors),
            String(r.tally.withStaleData),
          ]),
        ),
      );
    }
    if (chosen.includes('throughput')) {
      out('\n## 2. Warm-cache throughput: gateway against a bare graphql-yoga server, each in a child process');
      printThroughput(await throughput(replicas, dandiset, s), s);
    }
    if (chosen.includes('coalescing')) {
      out(`\n## 3. ${s.concurrent} concurrent identical cold queries (a fresh gateway for each case)`);
      printCoalescing(await coalescing(replicas, dandiset, s));
    }
    const mem = process.memoryUsage();
    out(
      `\nThis process (replicas + load generator + in-process gateways) after the run: ` +
        `rss ${Math.round(mem.rss / 2 ** 20)} MiB, heap ${Math.round(mem.heapUsed / 2 ** 20)} MiB`,
    );
  } finally {
    await replicas.close();
  }
}
