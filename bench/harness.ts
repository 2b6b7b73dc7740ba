/**
 * Benchmark plumbing: replicas with a fixed added latency, a gateway pointed at them, and a
 * table of what each scenario cost (upstream requests, the minimum possible, wall time) next to
 * the same data fetched the way the archives' Python clients do it (one call per item, in order).
 */
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { createGateway, type Gateway } from '../src/server.ts';
import { startReplicas, type Replicas } from '../replicas/start-all.ts';

export interface Stack {
  replicas: Replicas;
  gateway: Gateway;
  url: string;
  /** POSTs a query; throws on GraphQL errors so a broken scenario cannot report a fast time. */
  query(query: string, variables?: Record<string, unknown>): Promise<any>;
  /** Upstream requests logged by all replicas since the last `resetLogs()`. */
  upstreamRequests(): number;
  resetLogs(): void;
  close(): Promise<void>;
}

export async function startStack(latencyMs: number): Promise<Stack> {
  const replicas = await startReplicas();
  for (const r of [replicas.dandi, replicas.eegdash, replicas.brainstem]) r.faults.set({ latencyMs });
  const config = loadConfig([], { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...replicas.env });
  const gateway = createGateway(config, silentLogger);
  const url = await gateway.listen();
  const all = () => [replicas.dandi, replicas.eegdash, replicas.brainstem];
  return {
    replicas,
    gateway,
    url,
    query: async (query, variables) => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: unknown; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(`query failed: ${body.errors[0]!.message}`);
      return body.data;
    },
    upstreamRequests: () => all().reduce((n, r) => n + r.log.count(), 0),
    resetLogs: () => {
      for (const r of all()) r.log.clear();
    },
    close: async () => {
      await gateway.close(1_000);
      await replicas.close();
    },
  };
}

export interface Row {
  scenario: string;
  gatewayRequests: number;
  minimumRequests: number;
  gatewayMs: number;
  sequentialRequests: number;
  sequentialMs: number;
}

/** Runs `fn` and returns its result and wall time in ms. */
export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await fn();
  return [result, Math.round(performance.now() - started)];
}

/** A GET against a replica, as a Python client would send it (JSON, no batching). */
export async function getJson(url: string, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(url, { headers: { accept: 'application/json', ...headers } });
  if (!res.ok) throw new Error(`${url} -> ${res.status}`);
  return res.json();
}

export function printTable(rows: Row[], latencyMs: number): void {
  const header = [
    'scenario',
    'gateway requests',
    'minimum',
    'gateway ms',
    'sequential requests',
    'sequential ms',
    'speed-up',
  ];
  const lines = rows.map((r) => [
    r.scenario,
    String(r.gatewayRequests),
    String(r.minimumRequests),
    String(r.gatewayMs),
    String(r.sequentialRequests),
    String(r.sequentialMs),
    `${(r.sequentialMs / Math.max(1, r.gatewayMs)).toFixed(1)}x`,
  ]);
  process.stdout.write(`\nUpstream latency added by every replica: ${latencyMs} ms\n\n`);
  process.stdout.write(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n`);
  for (const l of lines) process.stdout.write(`| ${l.join(' | ')} |\n`);
  const mem = process.memoryUsage();
  process.stdout.write(
    `\nProcess memory after the run (gateway + replicas): rss ${Math.round(mem.rss / 2 ** 20)} MiB, heap ${Math.round(mem.heapUsed / 2 ** 20)} MiB\n`,
  );
}
