/**
 * What `npm start` and `npm run demo` share: `--help`, one clear line (and no stack trace) for a
 * bad flag (exit 2) or a port that cannot be used (exit 1), and a graceful stop on SIGINT/SIGTERM.
 * `npm start` runs `node dist/src/main.js` and `npm run demo` `node --import tsx` (both with
 * `exec`), so these handlers are in the process npm signals.
 */
import cluster from 'node:cluster';
import { type Config, ConfigError, loadConfig, SETTINGS } from './config.ts';

/** Prints the settings table and exits 0 when `--help` (or `-h`) is among the arguments. */
export function helpIfAsked(argv: string[], usage: string): void {
  if (!argv.includes('--help') && !argv.includes('-h')) return;
  const rows = Object.values(SETTINGS).map(
    (s) => `  --${s.flag.padEnd(30)} ${s.env.padEnd(28)} ${s.description} (default: ${s.default})`,
  );
  process.stdout.write(
    `Usage: ${usage}\n\nflag                             environment variable\n${rows.join('\n')}\n`,
  );
  process.exit(0);
}

/** The config, or one line on stderr and exit 2. */
export function configOrExit(argv: string[], env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(argv, env);
  } catch (error) {
    fail(error instanceof ConfigError ? `configuration error: ${error.message}` : describe(error), 2);
  }
}

/** Awaits `listening`; a port in use (or not allowed) is one line on stderr and exit 1. */
export async function listenOrExit(listening: Promise<string>, config: Config): Promise<string> {
  try {
    return await listening;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`port ${config.port} is already in use (choose another with PORT or --port)`, 1);
    if (code === 'EACCES') fail(`not allowed to listen on port ${config.port} (choose another with PORT or --port)`, 1);
    if (code === 'EADDRNOTAVAIL') fail(`cannot listen on ${config.host}: no such local address (HOST or --host)`, 1);
    fail(describe(error), 1);
  }
}

/**
 * On the first SIGINT or SIGTERM runs `stop` and exits 0 (1 if it fails); a second one kills.
 * A cluster worker ignores the second: it gets Ctrl+C's SIGINT from the terminal and the same
 * SIGINT forwarded by the primary, which is the one that kills on a second signal (src/cluster.ts).
 */
export function stopOnSignals(stop: (signal: NodeJS.Signals) => Promise<unknown>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const listen = cluster.isWorker ? process.on.bind(process) : process.once.bind(process);
    listen(signal, () => {
      if (stopping) return;
      stopping = true;
      stop(signal).then(
        () => process.exit(0),
        (error: unknown) => fail(describe(error), 1),
      );
    });
  }
}

/** Last resort for anything else at startup: one line, not a stack trace. */
export function exitOnStartupError(error: unknown): never {
  fail(describe(error), 1);
}

function describe(error: unknown): string {
  return `error: ${error instanceof Error ? error.message : String(error)}`;
}

function fail(line: string, code: number): never {
  process.stderr.write(`${line}\n`);
  process.exit(code);
}
