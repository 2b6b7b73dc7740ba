/**
 * The load generator of the dashboard benchmarks: a closed loop over undici's `Pool` (N
 * connections, each sending its next request as soon as the previous answer is read), the same
 * for the gateway and for the bare Yoga server it is compared with, and small statistics helpers.
 */
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';

/** A benchmark knob: the environment variable `name` as a non-negative number, else `fallback`. */
export const num = (name: string, fallback: number): number => {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${text}"`);
  return n;
};

export interface LoopOptions {
  /** Origin of the server, e.g. `http://127.0.0.1:4000`. */
  origin: string;
  path: string;
  /** JSON body POSTed on every request. */
  body: string;
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** Called with the measured window's start and end (`process.hrtime` in µs), for profiles. */
  onWindow?: (fromUs: number, toUs: number) => void;
  /** Server process to read CPU time from (`/proc/<pid>/stat`, Linux only). */
  serverPid?: number;
}

export interface LoopResult {
  /** Answers completed inside the measured window. */
  completed: number;
  /** Of those, answers that were not 200 or carried `errors`. */
  failed: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU used by this (the load generator's) process during the window, % of one core. */
  clientCpuPercent: number;
  /** CPU used by the server process during the window, % of one core (undefined off Linux). */
  serverCpuPercent: number | undefined;
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** Runs the closed loop: `warmupMs` unmeasured, then `durationMs` measured. */
export async function closedLoop(options: LoopOptions): Promise<LoopResult> {
  const pool = new Pool(options.origin, { connections: options.connections, pipelining: 1 });
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  const started = performance.now();
  const from = started + options.warmupMs;
  const to = from + options.durationMs;
  const latencies: number[] = [];
  let failed = 0;
  let cpuAtStart: NodeJS.CpuUsage | undefined;
  let serverAtStart: number | undefined;
  let fromUs = 0;
  const windowStart = setTimeout(() => {
    cpuAtStart = process.cpuUsage();
    serverAtStart = options.serverPid === undefined ? undefined : processCpuMs(options.serverPid);
    fromUs = nowUs();
  }, options.warmupMs);
  let cpu: NodeJS.CpuUsage | undefined;
  let serverMs: number | undefined;
  let toUs = 0;
  const windowEnd = setTimeout(() => {
    cpu = process.cpuUsage(cpuAtStart);
    serverMs = options.serverPid === undefined ? undefined : processCpuMs(options.serverPid);
    toUs = nowUs();
  }, options.warmupMs + options.durationMs);

  const worker = async () => {
    for (;;) {
      const t0 = performance.now();
      if (t0 >= to) return;
      let ok = false;
      try {
        const res = await pool.request({ path: options.path, method: 'POST', headers, body: options.body });
        const text = await res.body.text();
        ok = res.statusCode === 200 && !text.includes('"errors"');
      } catch {
        ok = false;
      }
      const t1 = performance.now();
      if (t1 >= from && t1 <= to) {
        latencies.push(t1 - t0);
        if (!ok) failed++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, worker));
  } finally {
    clearTimeout(windowStart);
    clearTimeout(windowEnd);
    await pool.close();
  }
  options.onWindow?.(fromUs, toUs);
  const seconds = options.durationMs / 1000;
  const used = cpu ? (cpu.user + cpu.system) / 1000 : 0;
  return {
    completed: latencies.length,
    failed,
    requestsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    clientCpuPercent: (100 * used) / options.durationMs,
    serverCpuPercent:
      serverAtStart === undefined || serverMs === undefined
        ? undefined
        : (100 * (serverMs - serverAtStart)) / options.durationMs,
  };
}

/** CPU time (user + system) a process has used so far, in ms, from `/proc`; undefined elsewhere. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** The `p`th percentile (nearest rank) of `values`; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** `| a | b |` rows with a header separator, for tables that paste into the README. */
export function markdownTable(header: string[], rows: string[][]): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}
