/**
 * A gateway command (`node dist/src/main.js`, `node --import tsx src/main.ts`, with WORKERS or
 * not) in a child process of its own, for the tests of the build and of the worker mode: its
 * JSON log lines as they come, its exit code, and /health asked over a fresh connection (so a
 * cluster's primary hands each request to the next worker). The child is killed if the test
 * process exits first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SETTINGS } from '../../src/config.ts';
import type { LogEntry } from '../support/log.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Spawned {
  child: ChildProcess;
  /** The JSON log lines so far (stdout and stderr). */
  logs(): LogEntry[];
  /** The last output lines, raw, for failure messages. */
  tail(lines?: number): string;
  /** Resolves with the first `count` log entries `match` accepts, polling until they appear. */
  waitForLogs(match: (e: LogEntry) => boolean, count?: number, ms?: number): Promise<LogEntry[]>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after 5 s; resolves on exit. Safe to call twice. */
  stop(): Promise<void>;
}

/** Fast retries, no cache or budgets, info logs: what a test of the process around the gateway needs. */
const DEFAULTS: Record<string, string> = {
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'info',
  CACHE: 'off',
  UPSTREAM_RETRY_BASE_MS: '5',
  EEGDASH_REQUESTS_PER_MINUTE: '0',
  DANDI_REQUESTS_PER_MINUTE: '0',
  BRAINSTEM_REQUESTS_PER_MINUTE: '0',
};

/** Runs `node ...args` from the repository root with this environment less any gateway setting, NODE_ENV and NODE_OPTIONS. */
export function spawnNode(args: string[], env: Record<string, string>): Spawned {
  const dropped = new Set([...Object.values(SETTINGS).map((s) => s.env), 'NODE_ENV', 'NODE_OPTIONS']);
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !dropped.has(k)) base[k] = v;
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...base, ...DEFAULTS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      process.removeListener('exit', killOnExit);
      resolve({ code, signal });
    }),
  );
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
  createInterface({ input: child.stderr! }).on('line', (l) => lines.push(l));
  const logs = () =>
    lines.flatMap((line) => {
      try {
        const entry = JSON.parse(line) as LogEntry;
        return typeof entry?.msg === 'string' ? [entry] : [];
      } catch {
        return [];
      }
    });
  const tail = (n = 30) => lines.slice(-n).join('\n');
  const alive = () => child.exitCode === null && child.signalCode === null;

  let stopping: Promise<void> | undefined;
  return {
    child,
    logs,
    tail,
    exited,
    waitForLogs: async (match, count = 1, ms = 30_000) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = logs().filter(match);
        if (found.length >= count) return found.slice(0, count);
        if (!alive() || Date.now() > deadline) {
          throw new Error(`${count} matching log lines did not come (${alive() ? 'timeout' : 'exited'}):\n${tail()}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: () => {
      stopping ??= (async () => {
        if (!alive()) return;
        child.kill('SIGTERM');
        const late = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(late);
      })();
      return stopping;
    },
  };
}

/** The base URL a "gateway listening" line names. */
export const baseUrlOf = (entry: LogEntry): string => new URL(String(entry.graphql)).origin;

/**
 * A request on a connection of its own (no keep-alive), so node:cluster hands each to a worker
 * anew: GET `path`, or POST `query` to `/graphql` when one is given. Resolves with the status and
 * the body's text; rejects if no answer comes within 10 s.
 */
export function freshText(base: string, path: string, query?: string): Promise<{ status: number; text: string }> {
  const body = query === undefined ? undefined : JSON.stringify({ query });
  const headers: Record<string, string | number> = { connection: 'close' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers.accept = 'application/graphql-response+json';
    headers['content-length'] = Buffer.byteLength(body);
  }
  return new Promise((resolve, reject) => {
    const options = { method: body ? 'POST' : 'GET', agent: false, headers, timeout: 10_000 };
    const req = request(`${base}${path}`, options, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        text += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer to ${path} within 10 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** `freshText`, with the body parsed as JSON (rejects when it is not). */
export async function fresh(base: string, path: string, query?: string): Promise<{ status: number; json: any }> {
  const { status, text } = await freshText(base, path, query);
  try {
    return { status, json: JSON.parse(text) };
  } catch {
    throw new Error(`status ${status}, not JSON: ${text.slice(0, 200)}`);
  }
}
