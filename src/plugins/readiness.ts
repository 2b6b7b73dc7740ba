/**
 * `/ready`: answered at once from what a background probe last saw, never by waiting for an
 * archive. Each archive is asked its cheapest public endpoint every READY_PROBE_INTERVAL_MS
 * (one request at a time per archive, no retries, the usual per-attempt timeout). The gateway is
 * ready (200) while at least one archive answers, since every field of the others degrades to a
 * coded error on its own; 503 only when none does (or before the first probe has finished).
 *
 * Probing starts with `start()` (the CLI and the demo call it after listening) or with the first
 * `/ready` request, so a gateway nobody asks about readiness sends the archives nothing.
 */
import type { Plugin } from 'graphql-yoga';
import type { ArchiveName } from '../http/archive-error.ts';
import { ArchiveError } from '../http/archive-error.ts';
import type { Upstreams } from '../http/upstreams.ts';

/** Public, cheap, unauthenticated endpoints of each archive. */
const PROBES: Record<ArchiveName, { path: string; query?: Record<string, string> }> = {
  dandi: { path: '/info/' },
  eegdash: { path: '/health' },
  brainstem: { path: '/public/stem/project/', query: { limit: '1' } },
};

export interface ArchiveReadiness {
  /** The last probe was answered. */
  ok: boolean;
  /** When the last probe finished; null until the first has. */
  checkedAt: string | null;
  /** How long the last probe took. */
  ms: number | null;
  /** The most recent failure, kept after the archive recovers. */
  lastError: { code: string; message: string; cause?: string; status?: number; at: string } | null;
}

export interface ReadinessReport {
  ready: boolean;
  archives: Record<ArchiveName, ArchiveReadiness>;
}

export class ReadinessProbe {
  private readonly states: Record<ArchiveName, ArchiveReadiness>;
  private controller: AbortController | undefined;

  constructor(
    private readonly upstreams: Upstreams,
    private readonly intervalMs: number,
  ) {
    const initial = (): ArchiveReadiness => ({ ok: false, checkedAt: null, ms: null, lastError: null });
    this.states = { dandi: initial(), eegdash: initial(), brainstem: initial() };
  }

  /** Starts probing every archive (again after `stop`); does nothing while already probing. */
  start(): void {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    for (const archive of Object.keys(PROBES) as ArchiveName[]) void this.loop(archive, controller.signal);
  }

  /** Stops probing and abandons the probes in flight (so closing the pools does not wait). */
  stop(): void {
    this.controller?.abort();
    this.controller = undefined;
  }

  report(): ReadinessReport {
    const archives = structuredClone(this.states);
    return { ready: Object.values(archives).some((s) => s.ok), archives };
  }

  private async loop(archive: ArchiveName, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.probe(archive, signal);
      await pause(this.intervalMs, signal);
    }
  }

  private async probe(archive: ArchiveName, signal: AbortSignal): Promise<void> {
    const started = performance.now();
    const { path, query } = PROBES[archive];
    let failure: unknown;
    try {
      await this.upstreams[archive].json({ path, query, retry: false, cache: false, budgetWaitMs: 0, signal });
    } catch (error) {
      failure = error;
    }
    if (signal.aborted) return; // stopped: what a cancelled probe saw says nothing about the archive
    // The archive's budget had no token to spare: users' requests come first; the last probe stands.
    if (failure instanceof ArchiveError && failure.details?.requestSent === false) return;
    const state = this.states[archive];
    state.checkedAt = new Date().toISOString();
    state.ms = Math.round(performance.now() - started);
    state.ok = failure === undefined;
    if (failure !== undefined) state.lastError = { ...describe(failure), at: state.checkedAt };
  }
}

function describe(error: unknown): { code: string; message: string; cause?: string; status?: number } {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  if (!(error instanceof ArchiveError)) return { code: 'ARCHIVE_UNAVAILABLE', message, ...(cause ? { cause } : {}) };
  return {
    code: error.code,
    message,
    ...(cause ? { cause } : {}),
    ...(error.status !== undefined ? { status: error.status } : {}),
  };
}

/** Resolves after `ms`, or as soon as `signal` aborts; never keeps the process alive. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Serves `/ready` (that exact path) from the probe's last results. */
export function useReadiness(probe: ReadinessProbe): Plugin {
  return {
    onRequest({ url, endResponse }) {
      if (url.pathname !== '/ready') return;
      probe.start();
      const report = probe.report();
      endResponse(
        new Response(JSON.stringify(report), {
          status: report.ready ? 200 : 503,
          headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
        }),
      );
    },
  };
}
