/**
 * The build as production runs it: tsconfig.build.json compiles the gateway to JavaScript, and
 * plain `node <out>/src/main.js` — no tsx, no TypeScript in the process — answers /health,
 * GraphiQL and a query across the three replicas, in production mode, and stops on SIGTERM.
 * The built code imports nothing but Node's modules and production dependencies, which is all
 * the Dockerfile's runtime stage installs.
 *
 * It compiles into a directory of its own (under the git-ignored tmp/, inside the repository so
 * node_modules resolves), not dist/, which another test file's `npm start` may be using.
 * `--noCheck`: `npm test` type-checks already; here only the emitted JavaScript matters.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Replicas, startReplicas } from '../../replicas/start-all.ts';
import { DEFAULT_QUERY } from '../../src/graphiql.ts';
import type { LogEntry } from '../support/log.ts';
import { baseUrlOf, fresh, ROOT, type Spawned, spawnNode } from './spawned.ts';

const OUT = join(ROOT, 'tmp', `build-test-${process.pid}`);
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(OUT, join(d.parentPath, d.name)));

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  await promisify(execFile)(process.execPath, [TSC, '-p', 'tsconfig.build.json', '--outDir', OUT, '--noCheck'], {
    cwd: ROOT,
  });
}, 120_000);

afterAll(() => {
  rmSync(OUT, { recursive: true, force: true });
});

describe('the emitted code', () => {
  it('is JavaScript for src, datasources and resolvers only, importing .js', () => {
    const emitted = files(OUT);
    expect(new Set(emitted.map((f) => f.split('/')[0]))).toEqual(new Set(['src', 'datasources', 'resolvers']));
    expect(emitted).toContain('src/main.js');
    expect(emitted).toContain('src/cluster.js');
    expect(emitted).not.toContain('src/demo.js'); // the demo starts the replicas: it stays on tsx
    expect(emitted.filter((f) => !f.endsWith('.js'))).toEqual([]);
    for (const file of emitted) {
      const text = readFileSync(join(OUT, file), 'utf8');
      expect(text, file).not.toMatch(/from\s+["']\.{1,2}\/[^"']*\.ts["']|import\(["']\.{1,2}\/[^"']*\.ts["']\)/);
    }
  });

  it('imports only Node built-ins and production dependencies (what the runtime image has)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    const builtins = new Set(builtinModules);
    const packages = new Set<string>();
    for (const file of files(OUT)) {
      const text = readFileSync(join(OUT, file), 'utf8');
      for (const [, spec] of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']([^"'./][^"']*)["']/g)) {
        const name = spec!.startsWith('@') ? spec!.split('/').slice(0, 2).join('/') : spec!.split('/')[0]!;
        if (!name.startsWith('node:') && !builtins.has(name)) packages.add(name);
      }
    }
    expect(packages.size).toBeGreaterThan(5);
    expect([...packages].filter((p) => !(p in pkg.dependencies))).toEqual([]);
    expect(pkg.scripts.start).toBe('exec node dist/src/main.js');
  });
});

describe('node <out>/src/main.js', () => {
  let replicas: Replicas;
  let gateway: Spawned;
  let base: string;
  let listening: LogEntry;

  beforeAll(async () => {
    replicas = await startReplicas();
    gateway = spawnNode([join(OUT, 'src', 'main.js')], replicas.env);
    listening = (await gateway.waitForLogs((e) => e.msg === 'gateway listening'))[0]!;
    base = baseUrlOf(listening);
  });

  afterAll(async () => {
    await gateway?.stop();
    await replicas?.close();
  });

  it('is plain node, without tsx or a loader, in production mode', () => {
    const pid = gateway.child.pid!;
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(argv).toEqual([process.execPath, join(OUT, 'src', 'main.js')]);
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    expect(environ.filter((v) => v.startsWith('NODE_OPTIONS=') || v.startsWith('NODE_ENV='))).toEqual([]);
    // tsx would have started esbuild's service as a child process; the gateway starts none.
    const children = readdirSync(`/proc/${pid}/task`).flatMap((t) =>
      readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean),
    );
    expect(children).toEqual([]);
    // NODE_ENV was unset: main set it before the gateway's modules loaded.
    expect(listening.nodeEnv).toBe('production');
  });

  it('answers /health and serves GraphiQL from its dependencies', async () => {
    expect(await fresh(base, '/health')).toEqual({ status: 200, json: { status: 'ok' } });
    const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Neuroarchive Gateway');
  });

  it('answers GraphiQL’s default query across the three replicas', async () => {
    const { status, json } = await fresh(base, '/graphql', DEFAULT_QUERY);
    expect(status).toBe(200);
    expect(json.errors).toBeUndefined();
    const sessions = json.data.sessions.edges.map((e: any) => e.node);
    expect(sessions).toHaveLength(10);
    expect(sessions.flatMap((s: any) => s.dandisets).length).toBeGreaterThan(0);
    expect(sessions.flatMap((s: any) => s.datasets).length).toBeGreaterThan(0);
    for (const replica of [replicas.dandi, replicas.eegdash, replicas.brainstem]) {
      expect(replica.log.count()).toBeGreaterThan(0);
    }
  });

  it('stops on SIGTERM with exit 0', async () => {
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    await expect(fresh(base, '/health')).rejects.toThrow();
  });
});
