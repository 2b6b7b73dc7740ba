/**
 * A real Debian redis-server for a test: its own process on a free loopback port, nothing
 * persisted (no RDB, no AOF, no config file, a temp dir as its working dir), stopped after.
 * Real parts, not mocks: the cache tests talk to the Redis they will meet in production.
 * The globalSetup installs redis-server when missing; see system-packages.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { requireBinary } from './system-packages.ts';

export interface RedisServer {
  /** e.g. `redis://127.0.0.1:54321`, for the gateway's config or an ioredis client. */
  url: string;
  port: number;
  /** The redis-server process id, so a test can check it is gone after close(). */
  pid: number;
  /** Empties every database (FLUSHALL), e.g. in a beforeEach. */
  flush(): Promise<void>;
  /** SIGTERM, wait for the process to exit, remove its temp dir. Safe to call twice. */
  close(): Promise<void>;
}

/** Another process can take the port between our probe and redis-server's bind: try again. */
const ATTEMPTS = 5;
const READY_TIMEOUT_MS = 10_000;
const EXIT_TIMEOUT_MS = 5_000;

export async function startRedis(): Promise<RedisServer> {
  const binary = requireBinary({ binary: 'redis-server', package: 'redis-server' });
  const dir = await mkdtemp(join(tmpdir(), 'gateway-redis-'));
  try {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const started = await launch(binary, port, dir);
      if (started.ok) return serverHandle(started.child, port, dir);
      if (!started.addressInUse || attempt === ATTEMPTS) throw new Error(started.message);
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A port the kernel just handed out on 127.0.0.1, released again for redis-server to bind; as
 * the replicas do, the kernel picks (port 0) rather than a guess from a range.
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

type Launch = { ok: true; child: ChildProcess } | { ok: false; addressInUse: boolean; message: string };

/** Starts redis-server and waits until it answers PING, or exits, or READY_TIMEOUT_MS passes. */
async function launch(binary: string, port: number, dir: string): Promise<Launch> {
  const child = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--protected-mode',
      'yes',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--daemonize',
      'no',
      // Log to stdout, which we keep (the tail) for a failure message.
      '--logfile',
      '',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<string>((resolve) => {
    child.once('error', (error) => {
      exited = true;
      resolve(error.message);
    });
    child.once('exit', (code, signal) => {
      exited = true;
      resolve(signal ? `signal ${signal}` : `exit code ${code}`);
    });
  });

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!exited && Date.now() < deadline) {
    // Raced with the exit: a probe to a port someone else holds may take seconds to give up.
    const pid = child.pid ?? -1;
    if (await Promise.race([answersPing(port, pid), exit.then(() => false)])) return { ok: true, child };
    await Promise.race([exit, sleep(25)]);
  }
  if (!exited) {
    await stop(child);
    return { ok: false, addressInUse: false, message: failure(port, `no PONG in ${READY_TIMEOUT_MS} ms`, log) };
  }
  const how = await exit;
  return { ok: false, addressInUse: /address already in use/i.test(log), message: failure(port, how, log) };
}

/**
 * One connection attempt, no retries: true once the server is up, not loading, and is our
 * process. The pid check matters in exactly the race the retries are for: when another process
 * (perhaps another worker's redis-server) took the port first, a bare PING would be answered by
 * that one while ours exits with "Address already in use".
 */
async function answersPing(port: number, pid: number): Promise<boolean> {
  const client = probeClient(port);
  try {
    await client.connect();
    if ((await client.ping()) !== 'PONG') return false;
    return /^process_id:(\d+)\r?$/m.exec(await client.info('server'))?.[1] === String(pid);
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** A client that fails fast instead of queueing and reconnecting: the harness does its own retries. */
function probeClient(port: number): Redis {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1_000,
    // Whatever holds a stolen port may accept and never answer; the probe must not wait forever.
    // (The ready check's INFO has no such bound, so it is off: a loading server fails PING anyway.)
    commandTimeout: 1_000,
    enableReadyCheck: false,
  });
  // Failures reach the caller through the rejected command; without a listener ioredis would
  // also print "Unhandled error event" for every refused probe.
  client.on('error', () => {});
  return client;
}

function serverHandle(child: ChildProcess, port: number, dir: string): RedisServer {
  // A worker that dies without running afterAll must not leave redis-server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let closing: Promise<void> | undefined;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? 0,
    flush: async () => {
      const client = probeClient(port);
      try {
        await client.connect();
        await client.flushall();
      } finally {
        client.disconnect();
      }
    },
    close: () => {
      closing ??= (async () => {
        process.removeListener('exit', killOnExit);
        await stop(child);
        await rm(dir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}

/** SIGTERM and wait for the exit; SIGKILL if it takes longer than EXIT_TIMEOUT_MS. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

const failure = (port: number, how: string, log: string): string => {
  const last = log
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1);
  return `redis-server on 127.0.0.1:${port} did not start (${how})${last ? `: ${last}` : ''}`;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
