/**
 * Servers in child processes of their own (`node --import tsx …`), so they do not share a CPU
 * thread with the load generator, and a summary of a child's `--cpu-prof` profile.
 */
import { markdownTable } from './load.ts';
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SETTINGS } from '../src/config.ts';

/** The repository root: children run from here, so `--import tsx` resolves. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Child {
  /** What `ready` found in the child's output, e.g. its URL. */
  url: string;
  pid: number;
  /** SIGTERM, then waits for the exit (a `--cpu-prof` profile is written on a graceful exit). */
  stop(): Promise<void>;
}

export interface ChildOptions {
  /** Script below ROOT, e.g. `src/main.ts`. */
  script: string;
  env: Record<string, string>;
  /** Node flags before `--import tsx`, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
  /** Reads one output line (stdout and stderr); returns the URL once the child is listening. */
  ready(line: string): string | undefined;
  timeoutMs?: number;
}

/**
 * The environment for a child: this process's, less every gateway setting (so a `CACHE=off` in
 * the caller's shell cannot change a scenario behind its back), plus `env`.
 */
export function childEnv(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const settings = new Set(Object.values(SETTINGS).map((s) => s.env));
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !settings.has(k)) out[k] = v;
  return { ...out, ...env };
}

export function startChild(options: ChildOptions): Promise<Child> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.nodeFlags ?? []), '--import', 'tsx', options.script],
    { cwd: ROOT, env: childEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const tail: string[] = [];
  return new Promise<Child>((resolve, reject) => {
    let found = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${options.script} did not start within ${options.timeoutMs ?? 60_000} ms:\n${tail.join('\n')}`),
      );
    }, options.timeoutMs ?? 60_000);
    const onLine = (line: string) => {
      if (found) return; // keep draining, so a chatty child never blocks on a full pipe
      tail.push(line);
      if (tail.length > 20) tail.shift();
      const url = options.ready(line);
      if (url === undefined) return;
      found = true;
      clearTimeout(timer);
      resolve({
        url,
        pid: child.pid!,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    child.once('exit', (code, signal) => {
      if (found) return;
      clearTimeout(timer);
      reject(new Error(`${options.script} exited (${code ?? signal}) before listening:\n${tail.join('\n')}`));
    });
  });
}

/** `src/main.ts` (the gateway as deployed) with these settings; resolves once it listens. */
export function startGatewayChild(env: Record<string, string>, nodeFlags: string[] = []): Promise<Child> {
  return startChild({
    script: 'src/main.ts',
    env: { PORT: '0', HOST: '127.0.0.1', ...env },
    nodeFlags,
    ready: (line) => {
      if (!line.includes('gateway listening')) return undefined;
      const graphql = (JSON.parse(line) as { graphql?: string }).graphql;
      return graphql ? new URL(graphql).origin : undefined;
    },
  });
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  /** Sampled time inside the window, in ms (all of it when the clocks did not line up). */
  sampledMs: number;
  /** Of which the thread was idle (waiting for I/O). */
  idleMs: number;
  windowed: boolean;
  /** Self time by function, largest first. */
  functions: { name: string; where: string; ms: number; percent: number }[];
  /** The repository's own functions by time on the stack (inclusive), largest first. */
  ownFunctionsTotal: { name: string; where: string; ms: number; percent: number }[];
  /** Self time by package (node_modules), gateway file (src/…), Node internals or V8 entry. */
  selfByPlace: { place: string; ms: number; percent: number }[];
  /** Time with the place anywhere on the stack (inclusive), largest first. */
  totalByPlace: { place: string; ms: number; percent: number }[];
}

/** Where a frame's code lives: `graphql-yoga`, `src/http/upstream.ts`, `node:internal/…`, `(garbage collector)`. */
function placeOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(V8 builtins)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith('node:')) return url.replace(/^node:internal\/([^/]+).*$/, 'node:internal/$1');
  const path = url.replace(/^file:\/\//, '');
  return path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
}

/** Code of this repository (src/, datasources/, resolvers/), as opposed to packages and Node. */
const isOwn = (place: string) =>
  !place.startsWith('(') && !place.startsWith('node:') && !place.startsWith('/') && place.includes('.ts');

/** At the bottom of nearly every stack: their inclusive time says nothing. */
const EVERYWHERE = new Set([
  '(V8 builtins)',
  'node:internal/process',
  'node:internal/async_hooks',
  'node:internal/timers',
]);

/**
 * Sums self time by function and by place over the samples taken between `fromUs` and `toUs`
 * (`process.hrtime` µs: V8 stamps samples with the same monotonic clock on Linux), so start-up
 * and shutdown are left out. `--cpu-prof` writes one profile per thread (tsx's loader hooks run
 * in a worker of their own): the busiest one in the window is the gateway's main thread.
 */
export function summariseProfile(dir: string, fromUs: number, toUs: number, top = 15): ProfileSummary {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}`);
  const summaries = files.map((f) => summariseFile(join(dir, f), fromUs, toUs, top));
  const busy = (x: ProfileSummary) => x.sampledMs - x.idleMs;
  return summaries.reduce((a, b) => (busy(b) > busy(a) ? b : a));
}

function summariseFile(file: string, fromUs: number, toUs: number, top: number): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  // Each sample stands for the time until the next one.
  const times: number[] = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) {
    t += d;
    times.push(t);
  }
  const inWindow = times.filter((x) => x >= fromUs && x <= toUs).length;
  const windowed = inWindow > profile.samples.length / 10;
  const self = new Map<number, number>();
  let sampled = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const at = times[i]!;
    if (windowed && (at < fromUs || at > toUs)) continue;
    const dt = ((times[i + 1] ?? at) - at) / 1000;
    self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + dt);
    sampled += dt;
  }

  const fn = new Map<string, { name: string; where: string; ms: number }>();
  const ownTotal = new Map<string, { name: string; where: string; ms: number }>();
  const selfPlace = new Map<string, number>();
  const totalPlace = new Map<string, number>();
  // tsx hands V8 each file transpiled onto one line: for the repository's own files the line
  // number says nothing, and the function name and file are what there is.
  const whereOf = (frame: ProfileNode['callFrame'], place: string) =>
    frame.url === '' || isOwn(place) ? place : `${place}:${frame.lineNumber + 1}`;
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    const place = placeOf(node.callFrame);
    const where = whereOf(node.callFrame, place);
    const key = `${node.callFrame.functionName}@${where}`;
    const entry = fn.get(key) ?? { name: node.callFrame.functionName || '(anonymous)', where, ms: 0 };
    entry.ms += ms;
    fn.set(key, entry);
    selfPlace.set(place, (selfPlace.get(place) ?? 0) + ms);
    const places = new Set<string>();
    const own = new Map<string, { name: string; where: string }>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (frame.functionName === '(root)') continue;
      const p = placeOf(frame);
      places.add(p);
      if (isOwn(p)) own.set(`${frame.functionName}@${p}`, { name: frame.functionName || '(anonymous)', where: p });
    }
    for (const p of places) if (!EVERYWHERE.has(p)) totalPlace.set(p, (totalPlace.get(p) ?? 0) + ms);
    for (const [k, f] of own) {
      const e = ownTotal.get(k) ?? { ...f, ms: 0 };
      e.ms += ms;
      ownTotal.set(k, e);
    }
  }
  const pct = (ms: number) => (100 * ms) / Math.max(1e-9, sampled);
  const rankedFunctions = (m: Map<string, { name: string; where: string; ms: number }>) =>
    [...m.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((f) => ({ ...f, percent: pct(f.ms) }));
  const ranked = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([place, ms]) => ({ place, ms, percent: pct(ms) }));
  return {
    file,
    sampledMs: sampled,
    idleMs: selfPlace.get('(idle)') ?? 0,
    windowed,
    functions: rankedFunctions(fn),
    ownFunctionsTotal: rankedFunctions(ownTotal),
    selfByPlace: ranked(selfPlace),
    totalByPlace: ranked(totalPlace),
  };
}

/**
 * POSTs one GraphQL request to a server under test and returns its `data`; throws on a non-200,
 * an error, or no data, so a benchmark never measures a failing query.
 */
export async function queryData(origin: string, body: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body,
  });
  const json = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (res.status !== 200 || json.errors?.length || !json.data) {
    throw new Error(`query failed (${res.status}): ${JSON.stringify(json.errors ?? json).slice(0, 500)}`);
  }
  return json.data;
}

/** A CPU profile summary as three Markdown tables: hottest functions, files and packages, the repository's own functions. */
export function profileTables(p: ProfileSummary): string {
  return [
    markdownTable(
      ['self %', 'function', 'where'],
      p.functions.map((f) => [f.percent.toFixed(1), f.name, f.where]),
    ),
    markdownTable(
      ['self %', 'package / file', 'total % (on the stack)', 'package / file '],
      Array.from({ length: Math.max(p.selfByPlace.length, p.totalByPlace.length) }, (_, i) => [
        p.selfByPlace[i]?.percent.toFixed(1) ?? '',
        p.selfByPlace[i]?.place ?? '',
        p.totalByPlace[i]?.percent.toFixed(1) ?? '',
        p.totalByPlace[i]?.place ?? '',
      ]),
    ),
    markdownTable(
      ["the repository's functions: total %", 'function', 'file'],
      p.ownFunctionsTotal.map((f) => [f.percent.toFixed(1), f.name, f.where]),
    ),
  ].join('\n');
}

/** The bare Yoga server (bench/bare-yoga.ts) in a child of its own, answering `data` (written to `dir`). */
export function startBareYogaChild(data: unknown, dir: string): Promise<Child> {
  const file = join(dir, 'data.json');
  writeFileSync(file, JSON.stringify(data));
  return startChild({
    script: 'bench/bare-yoga.ts',
    env: { BENCH_BARE_DATA: file, NODE_ENV: 'production' },
    ready: (line) => (line.startsWith('{"url"') ? (JSON.parse(line) as { url: string }).url : undefined),
  });
}
