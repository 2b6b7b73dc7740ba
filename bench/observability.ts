/**
 * `npm run bench -- observability`: what metrics and traces cost a dashboard query (issue 11's
 * "≤ 5% throughput" goal). The dashboard query of bench/dashboard.ts against one gateway child per
 * setting — nothing, `/metrics` only, `/metrics` and OTLP traces of every operation, and of 10% of
 * them (the SDK's standard `OTEL_TRACES_SAMPLER`) — each loaded in turns by the same
 * closed loop, medians of the rounds compared. Traces go to a sink in this process that reads and drops each
 * OTLP/HTTP export, so the exporter does its full work (serialising, POSTing) as against a
 * collector. Access logs are on in every setting (they are not optional in production), written
 * to a pipe this process drains. The replicas run in this process at `BENCH_LATENCY_MS` (default
 * 20 ms); the caches are warm, which makes the per-request cost of observing the largest share
 * (`BENCH_RESPONSE_CACHE=off` executes every answer instead of serving it whole).
 * Figures, not assertions.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { startReplicas } from '../replicas/start-all.ts';
import { DASHBOARD_QUERY } from './dashboard.ts';
import { closedLoop, type LoopResult, markdownTable, num } from './load.ts';
import { type Child, queryData, startGatewayChild } from './processes.ts';

const out = (text = '') => process.stdout.write(`${text}\n`);

/** An OTLP/HTTP endpoint that reads each export whole and answers 200, counting spans' bytes. */
async function startTraceSink(): Promise<{
  url: string;
  exports: () => number;
  bytes: () => number;
  close(): Promise<void>;
}> {
  let exports = 0;
  let bytes = 0;
  const server: Server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    req.on('end', () => {
      exports++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports: () => exports,
    bytes: () => bytes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Setting {
  label: string;
  env: Record<string, string>;
}

export async function runObservability(): Promise<void> {
  const s = {
    latencyMs: num('BENCH_LATENCY_MS', 20),
    connections: num('BENCH_CONNECTIONS', 32),
    warmupSeconds: num('BENCH_WARMUP_SECONDS', 2),
    seconds: num('BENCH_THROUGHPUT_SECONDS', 8),
    rounds: Math.max(1, Math.round(num('BENCH_ROUNDS', 4))),
    /** `BENCH_RESPONSE_CACHE=off`: every answer executed (upstream cache still warm), not served whole. */
    responseCache: process.env.BENCH_RESPONSE_CACHE !== 'off',
  };
  const replicas = await startReplicas();
  const sink = await startTraceSink();
  const children: Child[] = [];
  try {
    for (const r of [replicas.dandi, replicas.eegdash, replicas.brainstem]) r.faults.set({ latencyMs: s.latencyMs });
    const dandiset = replicas.dandi.store.dandisets.find((d) => d.embargoStatus === 'OPEN')!.identifier;
    const body = JSON.stringify({ query: DASHBOARD_QUERY, variables: { d: dandiset } });
    const base = {
      ...replicas.env,
      NODE_ENV: 'production',
      COST_EXTENSIONS: 'false',
      RESPONSE_CACHE: s.responseCache ? 'on' : 'off',
    };
    const traces = { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_BSP_SCHEDULE_DELAY: '1000' };
    const settings: Setting[] = [
      { label: 'no metrics, no traces', env: { ...base, METRICS: 'false' } },
      { label: '/metrics', env: { ...base, METRICS: 'true' } },
      { label: '/metrics + OTLP traces, every operation', env: { ...base, METRICS: 'true', ...traces } },
      {
        label: '/metrics + OTLP traces, 10% sampled',
        env: {
          ...base,
          METRICS: 'true',
          ...traces,
          OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
          OTEL_TRACES_SAMPLER_ARG: '0.1',
        },
      },
    ];
    const gateways: Child[] = [];
    for (const setting of settings) {
      const gw = await startGatewayChild(setting.env);
      children.push(gw);
      gateways.push(gw);
      await queryData(gw.url, body); // the cold query: fills the caches
    }
    const rounds: LoopResult[][] = settings.map(() => []);
    for (let round = 0; round < s.rounds; round++) {
      // Each round starts with the next setting, so none is always measured first or last.
      for (let k = 0; k < gateways.length; k++) {
        const i = (round + k) % gateways.length;
        const gw = gateways[i]!;
        rounds[i]!.push(
          await closedLoop({
            origin: gw.url,
            path: '/graphql',
            body,
            connections: s.connections,
            warmupMs: s.warmupSeconds * 1000,
            durationMs: s.seconds * 1000,
            serverPid: gw.pid,
          }),
        );
      }
    }
    const median = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    };
    const cpuMs = (r: LoopResult) =>
      r.serverCpuPercent === undefined ? Number.NaN : (r.serverCpuPercent * 10) / r.requestsPerSecond;
    const rows = rounds.map((r) => ({
      rps: median(r.map((x) => x.requestsPerSecond)),
      best: Math.max(...r.map((x) => x.requestsPerSecond)),
      cpu: median(r.map(cpuMs)),
      failed: r.reduce((n, x) => n + x.failed, 0),
      all: r.map((x) => Math.round(x.requestsPerSecond)).join(', '),
    }));
    const first = rows[0]!;
    const cost = (value: number, baseline: number, higherIsBetter: boolean) =>
      `${(100 * (higherIsBetter ? 1 - value / baseline : value / baseline - 1)).toFixed(1)}%`;
    out(
      `\n${s.connections} connections, closed loop, ${s.warmupSeconds} s warm-up then ${s.seconds} s, ` +
        `${s.rounds} rounds in turns; replicas at ${s.latencyMs} ms; ` +
        `${s.responseCache ? 'both caches warm (answers served whole)' : 'RESPONSE_CACHE=off, upstream cache warm (every answer executed)'}; ` +
        'NODE_ENV=production, access logs on in every row. Cost: throughput lost (medians of the rounds), and ' +
        'CPU per request added, against the first row\n',
    );
    process.stdout.write(
      markdownTable(
        [
          'gateway',
          'req/s (median)',
          'throughput cost',
          'CPU ms / request (median)',
          'CPU cost',
          'best round req/s',
          'all rounds req/s',
          'failed',
        ],
        settings.map((setting, i) => {
          const r = rows[i]!;
          return [
            setting.label,
            String(Math.round(r.rps)),
            i === 0 ? '—' : cost(r.rps, first.rps, true),
            r.cpu.toFixed(3),
            i === 0 ? '—' : cost(r.cpu, first.cpu, false),
            String(Math.round(r.best)),
            r.all,
            String(r.failed),
          ];
        }),
      ),
    );
    out(
      `\ntrace sink: ${sink.exports()} OTLP exports, ${(sink.bytes() / 2 ** 20).toFixed(1)} MiB; ` +
        `load average now: ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    );
  } finally {
    while (children.length) await children.pop()!.stop();
    await sink.close();
    await replicas.close();
  }
}
