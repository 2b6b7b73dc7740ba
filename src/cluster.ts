/**
 * `WORKERS=N` (N > 1): this process becomes the cluster's primary. It never loads the schema or
 * the gateway: it forks N workers (each a whole gateway; node:cluster shares the port between
 * them), replaces a worker that dies — at once if it had been running a while, after a pause
 * that doubles while replacements keep dying young, so a crash loop does not spin — and on
 * SIGTERM or SIGINT passes it to every worker, which stops gracefully (in-flight requests
 * finish), and exits when the last one is gone (0 if all stopped cleanly). A second signal, or
 * workers still running 15 s later, kill them. With METRICS on it also merges the workers'
 * metrics for whichever worker a scrape reaches (src/observability/cluster-metrics.ts).
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from './logger.ts';

/** A worker that ran at least this long before dying is not in a crash loop: replaced at once. */
export const STABLE_MS = 10_000;
const FIRST_RESTART_DELAY_MS = 250;
const MAX_RESTART_DELAY_MS = 30_000;
/** The gateway's own shutdown grace (10 s, see Gateway.close) and some margin; then SIGKILL. */
const STOP_TIMEOUT_MS = 15_000;

/**
 * How long to wait before replacing a worker, given how many workers of its slot in a row died
 * younger than STABLE_MS (this one included): 0 for none, then 250 ms doubling up to 30 s.
 */
export function restartDelayMs(youngDeaths: number): number {
  if (youngDeaths <= 0) return 0;
  return Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** (youngDeaths - 1));
}

export interface PrimaryOptions {
  workers: number;
  logger: Logger;
  /** Answer the workers' `/metrics` scrapes with the whole cluster's metrics (METRICS). */
  metrics?: boolean;
  /** Longest wait for the workers after a stop signal before they are killed (ms). */
  stopTimeoutMs?: number;
}

/** Runs this process as the cluster's primary until every worker is gone; then exits. */
export async function runPrimary({
  workers,
  logger,
  metrics = false,
  stopTimeoutMs = STOP_TIMEOUT_MS,
}: PrimaryOptions): Promise<void> {
  if (metrics) (await import('./observability/cluster-metrics.ts')).serveClusterMetrics();
  const slots = new Map<Worker, { slot: number; forkedAt: number }>();
  const youngDeaths: number[] = new Array(workers).fill(0);
  const pending = new Set<NodeJS.Timeout>();
  let everListened = false;
  let stopping = false;
  let exitCode = 0;

  const fork = (slot: number) => {
    const worker = cluster.fork();
    slots.set(worker, { slot, forkedAt: Date.now() });
  };
  const finishIfEmpty = () => {
    if (stopping && slots.size === 0) process.exit(exitCode);
  };

  cluster.on('listening', () => {
    everListened = true;
  });
  cluster.on('exit', (worker, code, signal) => {
    const entry = slots.get(worker);
    slots.delete(worker);
    if (!entry) return;
    const pid = worker.process.pid;
    if (stopping) {
      // A worker still loading when the signal came has no handler yet and dies of it: clean too.
      if (code !== 0 && signal !== 'SIGTERM' && signal !== 'SIGINT') exitCode = 1;
      finishIfEmpty();
      return;
    }
    if (!everListened) {
      // Not a crash to retry: the port is taken, or the gateway cannot start at all. The worker
      // has said why on stderr; stop the others and exit with its code.
      logger.error('worker failed to start; stopping', { pid, code, signal });
      exitCode = code || 1;
      stop('SIGTERM');
      return;
    }
    const young = Date.now() - entry.forkedAt < STABLE_MS;
    youngDeaths[entry.slot] = young ? (youngDeaths[entry.slot] ?? 0) + 1 : 0;
    const delay = restartDelayMs(youngDeaths[entry.slot] ?? 0);
    logger.warn('worker exited; replacing it', { pid, code, signal, restartInMs: delay });
    const timer = setTimeout(() => {
      pending.delete(timer);
      if (!stopping) fork(entry.slot);
    }, delay);
    pending.add(timer);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const timer of pending) clearTimeout(timer);
    pending.clear();
    logger.info('stopping workers', { signal, workers: slots.size });
    // The same signal, forwarded: a worker that already has it (Ctrl+C reaches the whole process
    // group) ignores the repeat, see stopOnSignals.
    for (const worker of slots.keys()) worker.process.kill(signal);
    setTimeout(() => kill('workers did not stop in time; killed'), stopTimeoutMs).unref();
    finishIfEmpty();
  };
  const kill = (why: string) => {
    if (slots.size === 0) return;
    logger.warn(why, { workers: slots.size });
    exitCode = 1;
    for (const worker of slots.keys()) worker.process.kill('SIGKILL');
  };

  // A second signal does not wait for the graceful stop.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => (stopping ? kill(`second ${signal}; workers killed`) : stop(signal)));
  }

  logger.info('starting workers', { workers, pid: process.pid });
  for (let slot = 0; slot < workers; slot++) fork(slot);
}
