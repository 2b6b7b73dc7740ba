/**
 * The gateway as deployed, in a process of its own: `node --import tsx src/main.ts` with an
 * environment, found by the "gateway listening" line it logs. Tests of what several instances
 * share (Redis: cache, single flight, budgets) need separate processes, not two gateways in one
 * process, or anything module-level would be shared behind the test's back. The child is killed
 * when the test process exits, so a crashed worker leaves no gateway behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SETTINGS } from '../../src/config.ts';
import { postGraphql, TEST_SETTINGS } from './gateway.ts';
import type { LogEntry } from './log.ts';

/** The repository root: the child runs from here, so `--import tsx` resolves. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const START_TIMEOUT_MS = 30_000;
const EXIT_TIMEOUT_MS = 5_000;
/** Output lines kept, for failure messages and for tests that read the log. */
const KEEP_LINES = 2_000;

export interface GatewayProcess {
  /** e.g. `http://127.0.0.1:54321` (the GraphQL endpoint is `${url}/graphql`). */
  url: string;
  pid: number;
  /** POSTs a GraphQL request (an object is sent as JSON) to `/graphql`. */
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any; text: string }>;
  /** The JSON log lines the child wrote so far (stdout and stderr), parsed; other lines left out. */
  logs(): LogEntry[];
  /** The last output lines, raw, for a failure message. */
  tail(lines?: number): string;
  /** Whether the process is still running. */
  alive(): boolean;
  /** SIGTERM, wait for the exit; SIGKILL after 5 s. Safe to call twice. */
  close(): Promise<void>;
}

/** The in-process test gateway's settings, with info logs: the URL is read from them. */
const DEFAULTS: Record<string, string> = { ...TEST_SETTINGS, LOG_LEVEL: 'info' };

/**
 * This process's environment less every gateway setting (a `CACHE=off` in the shell running
 * the tests must not change what a test sees), then the defaults above, then `env`.
 */
function childEnv(env: Record<string, string>): Record<string, string> {
  const settings = new Set(Object.values(SETTINGS).map((s) => s.env));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !settings.has(k)) out[k] = v;
  return { ...out, ...DEFAULTS, ...env };
}

/** Starts `src/main.ts` with these settings; resolves once it listens (its URL read from its log). */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null;

  const lines: string[] = [];
  let onListening: (url: string) => void = () => {};
  const listening = new Promise<string>((resolve) => {
    onListening = resolve;
  });
  const onLine = (line: string) => {
    lines.push(line);
    if (lines.length > KEEP_LINES) lines.shift();
    if (!line.includes('gateway listening')) return;
    try {
      const graphql = (JSON.parse(line) as { graphql?: string }).graphql;
      if (graphql) onListening(new URL(graphql).origin);
    } catch {}
  };
  // Both streams are read to the end, so a chatty child never blocks on a full pipe.
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);
  const tail = (n = 20) => lines.slice(-n).join('\n');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      if (alive()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      process.removeListener('exit', killOnExit);
    })();
    return closing;
  };

  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    listening.then((url) => ({ url })),
    exited.then(() => ({ error: `exited (${child.exitCode ?? child.signalCode}) before listening` })),
    new Promise<{ error: string }>((resolve) => {
      timer = setTimeout(() => resolve({ error: `did not listen within ${START_TIMEOUT_MS} ms` }), START_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  if ('error' in outcome) {
    await close();
    throw new Error(`gateway process ${outcome.error}:\n${tail()}`);
  }
  const url = outcome.url;

  const post = (body: unknown, headers: Record<string, string> = {}) => postGraphql(url, body, headers);

  return {
    url,
    pid: child.pid ?? 0,
    post,
    logs: () =>
      lines.flatMap((line) => {
        try {
          const entry = JSON.parse(line) as LogEntry;
          return typeof entry === 'object' && entry !== null && typeof entry.msg === 'string' ? [entry] : [];
        } catch {
          return [];
        }
      }),
    tail,
    alive,
    close,
  };
}
