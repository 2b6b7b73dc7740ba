/**
 * `npm run bench:cpu [-- cpu] [pool]`: what one request costs the gateway in CPU, against a bare
 * graphql-yoga server answering the same JSON (issue 11, item 8), and how many connections per
 * archive the upstream pool should have.
 *
 * - cpu: three queries — `{ __typename }`, a 20-dandiset list, a 100-asset page with subjects —
 *   against the gateway (src/main.ts as deployed, a child process of its own) under several
 *   settings (NODE_ENV, GRAPHQL_JIT, the upstream cache, the response cache), and against
 *   bench/bare-yoga.ts (another child) over the JSON the gateway answered; replicas at 0 ms in a
 *   third child; the same closed loop (bench/load.ts) from this process for all. For each: req/s
 *   and the server's CPU ms per request (`/proc/<pid>/stat` over the measured window ÷ answers),
 *   and both as a ratio to the bare server. Profiled (`--cpu-prof`) when the asset page, before
 *   any cache, stays below 0.6× the bare server.
 * - pool: the 50 sessions → dandisets → latest version + 10 assets query (bench/cross.ts) at
 *   50 ms per upstream request, CACHE=off, 32 clients, with UPSTREAM_CONNECTIONS 16, 32 and 64.
 *
 * This file is also the replicas' child process (`BENCH_CPU_ROLE=replicas`), so they do not share
 * a thread with the gateway or the load generator. Request budgets are off (0) in every gateway
 * here: with CACHE=off a closed loop would otherwise measure ARCHIVE_RATE_LIMITED answers.
 * Figures, not assertions: nothing here fails on a number.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedLoop, type LoopResult, markdownTable, num } from './load.ts';
import {
  type Child,
  profileTables,
  queryData,
  startBareYogaChild,
  startChild,
  startGatewayChild,
  summariseProfile,
} from './processes.ts';

/** The three queries of the issue; none has aliases, so the bare server's default resolvers read the recorded JSON. */
const QUERIES = {
  typename: { label: '`{ __typename }`', query: '{ __typename }' },
  dandisets: {
    label: '20-dandiset list',
    query:
      'query DandisetList { dandisets(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id identifier embargoStatus draftVersion { name assetCount } } } } }',
  },
  assets: {
    label: '100-asset page with subjects',
    query:
      'query AssetPage($id: String!) { dandiset(identifier: $id) { draftVersion { assets(first: 100) { edges { node { assetId path size encodingFormat digests { algorithm value } subjects { identifier species { name } sex { name } age } session { name startDate } } } } } } }',
  },
} as const;
type QueryName = keyof typeof QUERIES;
const QUERY_NAMES = Object.keys(QUERIES) as QueryName[];

/** bench/cross.ts's first scenario (copied: it is not exported there). */
const SESSIONS_TO_ASSETS = `query($first: Int!) {
  sessions(first: $first, portal: PUBLIC) { edges { node { id name downloadLinks { url } dandisets {
    identifier mostRecentPublishedVersion { version name } draftVersion { assets(first: 10) { edges { node { path size } } } }
  } } } }
}`;

/** One gateway configuration under test. */
interface Variant {
  nodeEnv: 'production' | 'development';
  jit: boolean;
  /** The upstream cache (CACHE), warmed by one request before the load. */
  cache: boolean;
  /** The GraphQL response cache (RESPONSE_CACHE). */
  responseCache: boolean;
}

const variantEnv = (v: Variant): Record<string, string> => ({
  NODE_ENV: v.nodeEnv,
  GRAPHQL_JIT: String(v.jit),
  CACHE: v.cache ? 'on' : 'off',
  RESPONSE_CACHE: v.responseCache ? 'on' : 'off',
});

/** Every combination of NODE_ENV and JIT, before any cache and with a warm upstream cache; then both caches. */
const VARIANTS: Variant[] = [
  ...[false, true].flatMap((cache) =>
    (['development', 'production'] as const).flatMap((nodeEnv) =>
      [false, true].map((jit) => ({ nodeEnv, jit, cache, responseCache: false })),
    ),
  ),
  { nodeEnv: 'production', jit: false, cache: true, responseCache: true },
  { nodeEnv: 'production', jit: true, cache: true, responseCache: true },
];

/** Every gateway here: no cost extensions, no budgets (see the file's comment). */
const GATEWAY_BASE = {
  COST_EXTENSIONS: 'false',
  DANDI_REQUESTS_PER_MINUTE: '0',
  EEGDASH_REQUESTS_PER_MINUTE: '0',
  BRAINSTEM_REQUESTS_PER_MINUTE: '0',
};

/** The benchmark's own knobs (environment variables), read once. */
function cpuSettings() {
  return {
    connections: num('BENCH_CONNECTIONS', 32),
    warmupSeconds: num('BENCH_WARMUP_SECONDS', 2),
    seconds: num('BENCH_CPU_SECONDS', 6),
    /** `auto`: profile when the asset page before any cache is below 0.6× the bare server; `always`; `never`. */
    profile: process.env.BENCH_PROFILE ?? 'auto',
    profileSeconds: num('BENCH_PROFILE_SECONDS', 5),
    poolLatencyMs: num('BENCH_POOL_LATENCY_MS', 50),
    poolSeconds: num('BENCH_POOL_SECONDS', 8),
    poolSizes: (process.env.BENCH_POOL_SIZES ?? '16,32,64').split(',').map(Number).filter(Number.isInteger),
  };
}
type Settings = ReturnType<typeof cpuSettings>;

const out = (text = '') => process.stdout.write(`${text}\n`);
const fixed = (n: number, digits: number) => n.toFixed(digits);

// --- the replicas' child -------------------------------------------------------------------------

/** Child role: the three replicas at `BENCH_LATENCY_MS`; prints the gateway settings and a dandiset with ≥ 100 assets. */
async function serveReplicas(): Promise<void> {
  const { startReplicas } = await import('../replicas/start-all.ts');
  const replicas = await startReplicas();
  const all = [replicas.dandi, replicas.eegdash, replicas.brainstem];
  for (const r of all) r.faults.set({ latencyMs: num('BENCH_LATENCY_MS', 0) });
  // A closed loop sends hundreds of requests a second: the logs are not read here, keep them small.
  setInterval(() => {
    for (const r of all) r.log.clear();
  }, 1_000).unref();
  const { store } = replicas.dandi;
  const big = store.dandisets.find((d) => d.embargoStatus === 'OPEN' && store.draft(d).assetCount >= 100);
  if (!big) throw new Error('no open dandiset with 100 assets in the seed');
  process.stdout.write(`${JSON.stringify({ replicas: { env: replicas.env, assetDandiset: big.identifier } })}\n`);
  process.once('SIGTERM', () => {
    replicas.close().then(() => process.exit(0));
  });
}

interface ReplicasChild extends Child {
  env: Record<string, string>;
  assetDandiset: string;
}

async function startReplicasChild(latencyMs: number): Promise<ReplicasChild> {
  const child = await startChild({
    script: 'bench/cpu.ts',
    env: { BENCH_CPU_ROLE: 'replicas', BENCH_LATENCY_MS: String(latencyMs), NODE_ENV: 'production' },
    ready: (line) => (line.startsWith('{"replicas"') ? line : undefined),
  });
  const { replicas } = JSON.parse(child.url) as { replicas: { env: Record<string, string>; assetDandiset: string } };
  return { ...child, ...replicas };
}

// --- measuring ---------------------------------------------------------------------------------

interface Measured extends LoopResult {
  /** Server CPU (user + system) per answer, ms; undefined off Linux. */
  cpuMsPerRequest: number | undefined;
}

function measure(
  s: Settings,
  origin: string,
  pid: number,
  body: string,
  connections = s.connections,
  seconds = s.seconds,
  onWindow?: (a: number, b: number) => void,
): Promise<Measured> {
  return closedLoop({
    origin,
    path: '/graphql',
    body,
    connections,
    warmupMs: s.warmupSeconds * 1000,
    durationMs: seconds * 1000,
    serverPid: pid,
    ...(onWindow ? { onWindow } : {}),
  }).then((r) => ({
    ...r,
    cpuMsPerRequest:
      r.serverCpuPercent === undefined || r.completed === 0
        ? undefined
        : (r.serverCpuPercent / 100) * ((seconds * 1000) / r.completed),
  }));
}

/** POSTs once; returns the answer's `data`, or throws on errors (a broken query must not look fast). */
interface CpuRow {
  query: QueryName;
  server: string;
  variant: Variant | undefined;
  result: Measured;
  /** The gateway's answer was the recorded one (the bare server's). */
  identical: boolean;
}

const describe = (v: Variant) =>
  `NODE_ENV=${v.nodeEnv}, JIT ${v.jit ? 'on' : 'off'}, ${
    v.cache ? (v.responseCache ? 'both caches warm' : 'upstream cache warm') : 'no cache'
  }`;

/** The lower CPU per request of two rounds (and its req/s): the round least disturbed by the machine's neighbours. */
const better = (a: Measured, b: Measured): Measured =>
  (a.cpuMsPerRequest ?? Number.POSITIVE_INFINITY) <= (b.cpuMsPerRequest ?? Number.POSITIVE_INFINITY) ? a : b;

async function cpuScenario(s: Settings): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cpu-'));
  const children: Child[] = [];
  try {
    const replicas = await startReplicasChild(0);
    children.push(replicas);
    const bodies = Object.fromEntries(
      QUERY_NAMES.map((q) => [
        q,
        JSON.stringify({ query: QUERIES[q].query, variables: q === 'assets' ? { id: replicas.assetDandiset } : {} }),
      ]),
    ) as Record<QueryName, string>;
    const gatewayEnv = (v: Variant) => ({ ...replicas.env, ...GATEWAY_BASE, ...variantEnv(v) });

    // The bare server answers what the gateway answered, recorded once (one data file, each query
    // reads its own root field).
    const recorder = await startGatewayChild(gatewayEnv(VARIANTS[0]!));
    children.push(recorder);
    const recorded = {} as Record<QueryName, string>;
    const merged: Record<string, unknown> = {};
    for (const q of QUERY_NAMES) {
      const data = await queryData(recorder.url, bodies[q]);
      recorded[q] = JSON.stringify(data);
      Object.assign(merged, data);
    }
    await children.pop()!.stop();
    const bare = await startBareYogaChild(merged, dir);
    children.push(bare);
    for (const q of QUERY_NAMES) {
      const size = recorded[q].length;
      const same = JSON.stringify(await queryData(bare.url, bodies[q])) === recorded[q];
      out(`${QUERIES[q].label}: answer ${(size / 1024).toFixed(1)} KB of data; bare server identical: ${same}`);
    }

    // The bare server before and after the gateways (the better round is kept).
    const bareFirst = {} as Record<QueryName, Measured>;
    for (const q of QUERY_NAMES) bareFirst[q] = await measure(s, bare.url, bare.pid, bodies[q]);

    const rows: CpuRow[] = [];
    for (const v of VARIANTS) {
      const gw = await startGatewayChild(gatewayEnv(v));
      children.push(gw);
      for (const q of QUERY_NAMES) {
        const identical = JSON.stringify(await queryData(gw.url, bodies[q])) === recorded[q]; // warms the caches
        rows.push({
          query: q,
          server: 'gateway',
          variant: v,
          result: await measure(s, gw.url, gw.pid, bodies[q]),
          identical,
        });
      }
      await children.pop()!.stop();
      process.stderr.write(`measured ${describe(v)}\n`);
    }
    const bareBest = {} as Record<QueryName, Measured>;
    for (const q of QUERY_NAMES) bareBest[q] = better(bareFirst[q], await measure(s, bare.url, bare.pid, bodies[q]));
    await children.pop()!.stop();

    printCpu(rows, bareBest, s);

    // The asset page before any cache, with the settings production runs with.
    const chosen = rows.find(
      (r) => r.query === 'assets' && r.variant?.nodeEnv === 'production' && !r.variant.cache && r.variant.jit,
    );
    const ratio =
      chosen?.result.cpuMsPerRequest && bareBest.assets.cpuMsPerRequest
        ? bareBest.assets.cpuMsPerRequest / chosen.result.cpuMsPerRequest
        : 0;
    if (s.profile === 'always' || (s.profile === 'auto' && ratio < 0.6)) {
      const variant: Variant = { nodeEnv: 'production', jit: true, cache: false, responseCache: false };
      const profDir = join(dir, 'profile');
      const prof = await startGatewayChild(gatewayEnv(variant), ['--cpu-prof', '--cpu-prof-dir', profDir]);
      children.push(prof);
      await queryData(prof.url, bodies.assets);
      let window: [number, number] = [0, 0];
      await measure(s, prof.url, prof.pid, bodies.assets, s.connections, s.profileSeconds, (a, b) => {
        window = [a, b];
      });
      await children.pop()!.stop();
      printProfile(summariseProfile(profDir, window[0], window[1], 20), `${describe(variant)}, asset page`);
    }
  } finally {
    while (children.length) await children.pop()!.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function printCpu(rows: CpuRow[], bare: Record<QueryName, Measured>, s: Settings): void {
  out(
    `\n${s.connections} connections, closed loop, ${s.warmupSeconds} s warm-up then ${s.seconds} s measured per row; ` +
      'CPU: the server process (user + system, /proc) over the measured window ÷ answers. ' +
      'Ratios to the bare server: req/s ÷ its req/s, and its CPU ms per request ÷ this one (how many requests a core serves, relative).\n',
  );
  const cpu = (m: Measured) => (m.cpuMsPerRequest === undefined ? '?' : fixed(m.cpuMsPerRequest, 2));
  const table: string[][] = [];
  for (const q of QUERY_NAMES) {
    const b = bare[q];
    table.push([
      QUERIES[q].label,
      'bare graphql-yoga',
      String(Math.round(b.requestsPerSecond)),
      fixed(b.p50Ms, 1),
      cpu(b),
      '1',
      '1',
      String(b.failed),
    ]);
    for (const r of rows.filter((x) => x.query === q)) {
      const m = r.result;
      table.push([
        '',
        `gateway, ${describe(r.variant!)}${r.identical ? '' : ' (answer DIFFERS)'}`,
        String(Math.round(m.requestsPerSecond)),
        fixed(m.p50Ms, 1),
        cpu(m),
        fixed(m.requestsPerSecond / Math.max(1e-9, b.requestsPerSecond), 2),
        m.cpuMsPerRequest && b.cpuMsPerRequest ? fixed(b.cpuMsPerRequest / m.cpuMsPerRequest, 2) : '?',
        String(m.failed),
      ]);
    }
  }
  process.stdout.write(
    markdownTable(['query', 'server', 'req/s', 'p50 ms', 'CPU ms/req', 'req/s ratio', 'CPU ratio', 'failed'], table),
  );
  out(
    `\nload average now: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

function printProfile(p: ReturnType<typeof summariseProfile>, what: string): void {
  out(
    `\nGateway CPU profile (--cpu-prof; ${what}; ${Math.round(p.sampledMs)} ms sampled on the main thread, ` +
      `${Math.round((100 * p.idleMs) / Math.max(1, p.sampledMs))}% idle${p.windowed ? ', load window only' : ', whole process'}):\n`,
  );
  process.stdout.write(profileTables(p));
}

// --- the pool ----------------------------------------------------------------------------------

async function poolScenario(s: Settings): Promise<void> {
  const children: Child[] = [];
  try {
    const replicas = await startReplicasChild(s.poolLatencyMs);
    children.push(replicas);
    const body = JSON.stringify({ query: SESSIONS_TO_ASSETS, variables: { first: 50 } });
    const table: string[][] = [];
    for (const size of s.poolSizes) {
      const gw = await startGatewayChild({
        ...replicas.env,
        ...GATEWAY_BASE,
        NODE_ENV: 'production',
        CACHE: 'off',
        RESPONSE_CACHE: 'off',
        UPSTREAM_CONNECTIONS: String(size),
      });
      children.push(gw);
      await queryData(gw.url, body);
      const one = await measure(s, gw.url, gw.pid, body, 1, Math.max(2, s.poolSeconds / 2));
      const many = await measure(s, gw.url, gw.pid, body, s.connections, s.poolSeconds);
      await children.pop()!.stop();
      table.push([
        String(size),
        fixed(one.p50Ms, 0),
        String(Math.round(many.requestsPerSecond * 10) / 10),
        fixed(many.p50Ms, 0),
        fixed(many.p99Ms, 0),
        String(many.failed),
        many.serverCpuPercent === undefined ? '?' : `${Math.round(many.serverCpuPercent)}%`,
      ]);
    }
    out(
      `\n50 sessions → their dandisets → latest version + 10 assets (1 BrainSTEM + 18 DANDI requests per query), ` +
        `${s.poolLatencyMs} ms per upstream request, CACHE=off, RESPONSE_CACHE=off, no budgets; one client, then ` +
        `${s.connections} clients in a closed loop (${s.poolSeconds} s):\n`,
    );
    process.stdout.write(
      markdownTable(
        [
          'UPSTREAM_CONNECTIONS',
          '1 client: p50 ms',
          `${s.connections} clients: queries/s`,
          'p50 ms',
          'p99 ms',
          'failed',
          'gateway CPU',
        ],
        table,
      ),
    );
  } finally {
    while (children.length) await children.pop()!.stop();
  }
}

// --- entry -------------------------------------------------------------------------------------

const SCENARIOS = ['cpu', 'pool'] as const;

async function main(args: string[]): Promise<void> {
  const unknown = args.filter((a) => !(SCENARIOS as readonly string[]).includes(a));
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.join(', ')}`);
  const chosen = args.length ? args : [...SCENARIOS];
  const s = cpuSettings();
  const cpu = cpus();
  out('# CPU per request\n');
  out(`Node ${process.version}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? '?'})`);
  out(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  out(
    `bench: BENCH_CONNECTIONS=${s.connections} BENCH_WARMUP_SECONDS=${s.warmupSeconds} BENCH_CPU_SECONDS=${s.seconds} ` +
      `BENCH_PROFILE=${s.profile} BENCH_PROFILE_SECONDS=${s.profileSeconds} BENCH_POOL_LATENCY_MS=${s.poolLatencyMs} ` +
      `BENCH_POOL_SECONDS=${s.poolSeconds} BENCH_POOL_SIZES=${s.poolSizes.join(',')}`,
  );
  out(
    `every gateway: ${Object.entries(GATEWAY_BASE)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}, other settings at their defaults\n`,
  );
  if (chosen.includes('cpu')) {
    out('## CPU per request: gateway against a bare graphql-yoga server, replicas at 0 ms\n');
    await cpuScenario(s);
  }
  if (chosen.includes('pool')) {
    out('\n## Upstream pool size');
    await poolScenario(s);
  }
}

if (process.env.BENCH_CPU_ROLE === 'replicas') await serveReplicas();
else await main(process.argv.slice(2));
