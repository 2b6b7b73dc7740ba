/**
 * The CLI as users run it, in child processes: SIGTERM to `npm start` / `npm run demo` reaches
 * the gateway (the port closes, exit 0); `--help` prints the settings; a bad flag or a port in
 * use is one clear line on stderr and a non-zero exit, never a stack trace.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLOSED = 'http://127.0.0.1:9';

interface Run {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: Run[] = [];

function run(command: string, args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const r = { child, stdout: () => out, stderr: () => err, exited };
  running.push(r);
  return r;
}

const gatewayCli = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], env);

afterEach(async () => {
  for (const r of running.splice(0)) {
    if (r.child.exitCode !== null || r.child.signalCode !== null) continue;
    r.child.kill('SIGTERM');
    const late = setTimeout(() => r.child.kill('SIGKILL'), 5_000);
    await r.exited;
    clearTimeout(late);
  }
});

/** Resolves with the first match of `pattern` in what `read` returns, polling until it appears. */
async function waitFor(r: Run, read: () => string, pattern: RegExp, ms = 60_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const match = pattern.exec(read());
    if (match) return match;
    if (r.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`no ${pattern} in output; stdout: ${r.stdout()} stderr: ${r.stderr()}`);
    }
    await new Promise((res) => setTimeout(res, 50));
  }
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/health`);
    return false;
  } catch {
    return true;
  }
}

async function expectStopsOnSigterm(r: Run, base: string) {
  expect((await fetch(`${base}/health`)).status).toBe(200);
  r.child.kill('SIGTERM'); // to npm, which forwards it to its child: the gateway itself
  const started = Date.now();
  const { code } = await r.exited;
  expect(code).toBe(0);
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(await refused(base)).toBe(true);
}

const oneLine = (text: string) => text.trim().split('\n');

describe('signals through npm', () => {
  it('npm start: SIGTERM closes the port and exits 0', { timeout: 90_000 }, async () => {
    const r = run('npm', ['start', '--silent'], {
      PORT: '0',
      HOST: '127.0.0.1',
      DANDI_API_URL: CLOSED,
      EEGDASH_API_URL: CLOSED,
      BRAINSTEM_API_URL: CLOSED,
    });
    const [, base] = await waitFor(r, r.stderr, /"graphql":"(http:\/\/[^"]+)\/graphql"/);
    await expectStopsOnSigterm(r, base!);
    expect(r.stderr()).toContain('"msg":"shutting down","signal":"SIGTERM"');
  });

  it('npm run demo: SIGTERM closes the port and exits 0', { timeout: 90_000 }, async () => {
    const r = run('npm', ['run', 'demo', '--silent'], { PORT: '0' });
    const [, base] = await waitFor(r, r.stdout, /GraphiQL\s+(http:\/\/\S+)\/graphql/);
    await expectStopsOnSigterm(r, base!);
  });
});

describe('flags', () => {
  it.each(['src/main.ts', 'src/demo.ts'])('%s --help prints the settings and exits 0', async (entry) => {
    const r = run(process.execPath, ['--import', 'tsx', entry, '--help']);
    expect((await r.exited).code).toBe(0);
    expect(r.stdout()).toMatch(/^Usage: npm (start|run demo) -- \[flags\]/);
    for (const name of ['--port', 'MAX_BODY_BYTES', 'READY_PROBE_INTERVAL_MS', 'CORS_ORIGIN']) {
      expect(r.stdout()).toContain(name);
    }
  });

  it.each(['src/main.ts', 'src/demo.ts'])('%s --bogus: one line, exit 2', async (entry) => {
    const r = run(process.execPath, ['--import', 'tsx', entry, '--bogus']);
    expect((await r.exited).code).toBe(2);
    expect(oneLine(r.stderr())).toHaveLength(1);
    expect(r.stderr()).toContain('unknown flag --bogus');
    expect(r.stderr()).not.toMatch(/\n\s+at /);
  });

  it('an invalid value: one line naming the setting, exit 2', async () => {
    const r = gatewayCli(['--port', 'eighty']);
    expect((await r.exited).code).toBe(2);
    expect(oneLine(r.stderr())).toHaveLength(1);
    expect(r.stderr()).toContain('PORT');
  });
});

describe('a port in use', () => {
  let blocker: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
    blocker = undefined;
  });

  it('is one line naming the port, and a non-zero exit', async () => {
    const server = createServer();
    blocker = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const r = gatewayCli(['--port', String(port), '--host', '127.0.0.1'], {
      DANDI_API_URL: CLOSED,
      EEGDASH_API_URL: CLOSED,
      BRAINSTEM_API_URL: CLOSED,
    });
    const { code } = await r.exited;
    expect(code).not.toBe(0);
    expect(oneLine(r.stderr())).toEqual([expect.stringContaining(`port ${port} is already in use`)]);
    expect(r.stderr()).not.toMatch(/\n\s+at /);
  });
});
