/**
 * The dashboard example and GraphiQL in a real browser: Debian's chromium driven by
 * playwright-core, against the demo stack started in-process (the three replicas and a gateway
 * configured as `npm run demo` configures it, serving examples/dashboard and trusting its
 * persisted documents). Screenshots go to test-artifacts/ (git-ignored) for people to look at.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { type Browser, chromium, type Page } from 'playwright-core';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Replicas, startReplicas } from '../../replicas/start-all.ts';
import dashboardCodegen from '../../examples/dashboard/codegen.ts';
import { DashboardSessionsDocument } from '../../examples/dashboard/src/gql/graphql.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { DASHBOARD_EXAMPLE } from '../../src/plugins/static-example.ts';
import { createGateway, type Gateway } from '../../src/server.ts';
import { requireBinary } from '../support/system-packages.ts';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');
const PAGE_SIZE = 50; // the page's default
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let replicas: Replicas;
let gateway: Gateway;
let base: string;
let browser: Browser;
let page: Page;
/** What the page logged as an error or threw (a CSP violation, a bug): none expected. */
let pageErrors: string[];

beforeAll(async () => {
  const executablePath = requireBinary({ binary: 'chromium', package: 'chromium' });
  replicas = await startReplicas();
  // As src/demo.ts configures it, and for determinism: no request budgets (the test sends more
  // than a user would in a minute), quick retries, and EEGDash answers cached only for 1 ms with
  // no stale-while-revalidate, so a later failure is answered from the cache with a note.
  const config = loadConfig([], {
    COST_EXTENSIONS: 'true',
    HOST: '127.0.0.1',
    PERSISTED_DOCUMENTS: DASHBOARD_EXAMPLE.manifest,
    ...replicas.env,
    PORT: '0',
    LOG_LEVEL: 'silent',
    UPSTREAM_RETRY_BASE_MS: '5',
    EEGDASH_REQUESTS_PER_MINUTE: '0',
    DANDI_REQUESTS_PER_MINUTE: '0',
    BRAINSTEM_REQUESTS_PER_MINUTE: '0',
    EEGDASH_CACHE_TTL_MS: '1',
    CACHE_STALE_WHILE_REVALIDATE_MS: '0',
  });
  gateway = createGateway(config, silentLogger, { staticSites: [DASHBOARD_EXAMPLE] });
  base = await gateway.listen();
  // launch() gives every run a fresh temporary profile (user-data-dir) and removes it on close.
  browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await gateway?.close(1_000);
  await replicas?.close();
});

beforeEach(async () => {
  for (const replica of [replicas.dandi, replicas.eegdash, replicas.brainstem]) replica.faults.reset();
  gateway.upstreams.sharing.forget();
  pageErrors = [];
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    // Chromium logs every 4xx as "Failed to load resource": the page's one refused documentId
    // (a gateway without the manifest) is expected, and bad answers fail the assertions anyway.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      pageErrors.push(message.text());
    }
  });
});

afterEach(async () => {
  await page?.close();
});

const dashboard = `${DASHBOARD_EXAMPLE.path}/`;

/** Opens the dashboard and waits until its last part has arrived; returns its final state. */
async function openDashboard(): Promise<string> {
  await page.goto(base + dashboard);
  await page.waitForSelector('main[data-deferred="done"]', { timeout: 15_000 });
  return (await page.getAttribute('main', 'data-state')) ?? '';
}

const rowNames = () => page.$$eval('#sessions tbody tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.session));
const bars = (chart: string) =>
  page.$$eval(`svg[data-chart="${chart}"] g.bar`, (gs) =>
    gs.map((g) => ({ label: g.getAttribute('data-label'), value: Number(g.getAttribute('data-value')) })),
  );
const notices = () =>
  page.$$eval('[data-archive-notice]', (ps) =>
    ps.map((p) => ({
      archive: (p as HTMLElement).dataset.archiveNotice,
      kind: (p as HTMLElement).dataset.kind,
      codes: (p as HTMLElement).dataset.codes,
      visible: (p as HTMLElement).offsetHeight > 0,
    })),
  );

/** Whether the gateway knows the dashboard's document by hash (the demo's PERSISTED_DOCUMENTS). */
async function gatewayTakesDocumentId(): Promise<boolean> {
  const hash = (DashboardSessionsDocument.__meta__ as { hash: string }).hash;
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    // The document defers a part: its answer is a stream, which only multipart can carry.
    headers: { 'content-type': 'application/json', accept: 'multipart/mixed, application/graphql-response+json' },
    body: JSON.stringify({ documentId: hash, variables: { first: 1 } }),
  });
  await res.body?.cancel();
  return res.status === 200;
}

describe('the dashboard example', () => {
  it('serves the page and its script from the gateway, and nothing else of the directory', async () => {
    const redirect = await fetch(base + DASHBOARD_EXAMPLE.path, { redirect: 'manual' });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe(dashboard);
    const html = await fetch(base + dashboard);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await html.text()).toContain('app/main.js');
    const js = await fetch(`${base + dashboard}app/main.js`);
    expect(js.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    const etag = js.headers.get('etag')!;
    expect((await fetch(`${base + dashboard}app/main.js`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    for (const path of [
      'codegen.ts',
      'src/gql/persisted-documents.json',
      '../../package.json',
      '%2e%2e/codegen.ts',
      '.x.js',
    ]) {
      expect((await fetch(`${base + dashboard}${path}`)).status, path).toBe(404);
    }
    expect((await fetch(base + dashboard, { method: 'POST' })).status).toBe(405);
  });

  it('shows sessions with their dandisets and datasets, two charts, and the EEGDash part deferred', async () => {
    // A slow EEGDash: the table must show before its part arrives.
    replicas.eegdash.faults.set({ latencyMs: 400 });
    await page.goto(base + dashboard);
    await page.waitForSelector('main[data-state="deferring"]', { timeout: 15_000 });
    expect(await rowNames()).toHaveLength(PAGE_SIZE);
    expect(await page.locator('#sessions td .pending').count()).toBeGreaterThan(0);
    expect(await page.getAttribute('svg[data-chart="sampling-rates"]', 'data-bars')).toBe('0');
    expect((await bars('species')).length).toBeGreaterThan(0); // DANDI came with the first part

    await page.waitForSelector('main[data-deferred="done"]', { timeout: 15_000 });
    expect(await page.getAttribute('main', 'data-state')).toBe('ready');
    const names = await rowNames();
    expect(names).toHaveLength(PAGE_SIZE);
    expect(names[0]).toBe('LQ001-20141218');
    expect(await page.locator('#sessions td .pending').count()).toBe(0);
    // Linked data from the other two archives, in the rows.
    expect(await page.locator('#sessions td a[href*="/dandiset/"]').count()).toBeGreaterThan(0);
    expect(await page.locator('#sessions td .id').first().textContent()).toMatch(/^ds\d+/);

    const species = await bars('species');
    expect(species.length).toBeGreaterThanOrEqual(2);
    expect(species.every((b) => b.value > 0)).toBe(true);
    expect(species.map((b) => b.label)).toContain('Mus musculus');
    const rates = await bars('sampling-rates');
    expect(rates.length).toBeGreaterThanOrEqual(2);
    expect(rates.every((b) => b.value > 0 && /^\d+ Hz$/.test(b.label ?? ''))).toBe(true);
    expect(await page.locator('svg[data-chart] rect').count()).toBe(species.length + rates.length);

    expect(await notices()).toEqual([]);
    expect(await page.textContent('#range')).toMatch(/^Sessions 1–50 of \d+$/);
    const sentAs = (await gatewayTakesDocumentId()) ? 'documentId' : 'query text';
    expect(await page.textContent('#request-info')).toContain(`Sent by ${sentAs}`);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('pages forward and back with the cursors', async () => {
    expect(await openDashboard()).toBe('ready');
    const first = await rowNames();
    expect(await page.isDisabled('#previous')).toBe(true);

    await page.click('#next');
    await page.waitForSelector('main[data-deferred="done"]');
    const second = await rowNames();
    expect(second).toHaveLength(PAGE_SIZE);
    expect(second.some((name) => first.includes(name))).toBe(false);
    expect(await page.textContent('#range')).toMatch(/^Sessions 51–100 of /);
    expect(await page.isDisabled('#previous')).toBe(false);

    await page.click('#previous');
    await page.waitForSelector('main[data-deferred="done"]');
    expect(await rowNames()).toEqual(first);
    expect(await page.textContent('#range')).toMatch(/^Sessions 1–50 of /);
    expect(await page.isDisabled('#previous')).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('says which archive failed while the other archives still show', async () => {
    replicas.eegdash.faults.set({ errorRate: 1 });
    expect(await openDashboard()).toBe('partial');

    expect(await notices()).toEqual([
      { archive: 'eegdash', kind: 'failed', codes: 'ARCHIVE_UNAVAILABLE', visible: true },
    ]);
    expect(await page.textContent('[data-archive-notice="eegdash"]')).toContain('EEGDash could not answer');
    // BrainSTEM's sessions and DANDI's dandisets are all there.
    expect(await rowNames()).toHaveLength(PAGE_SIZE);
    expect(await page.locator('#sessions td a[href*="/dandiset/"]').count()).toBeGreaterThan(0);
    expect((await bars('species')).length).toBeGreaterThanOrEqual(2);
    // The sessions that link EEGDash datasets say so; no dataset is shown.
    expect(await page.locator('#sessions td .missing', { hasText: 'EEGDash unavailable' }).count()).toBeGreaterThan(0);
    expect(await page.locator('#sessions td .id').count()).toBe(0);
    expect(await bars('sampling-rates')).toEqual([]);
    expect(await page.textContent('svg[data-chart="sampling-rates"]')).toContain('EEGDash unavailable');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-eegdash-down.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it("says when an archive's part is an older answer from the cache", async () => {
    expect(await openDashboard()).toBe('ready'); // fills the cache
    replicas.eegdash.faults.set({ errorRate: 1 });
    expect(await openDashboard()).toBe('ready'); // EEGDash down, its last answers served instead

    expect(await notices()).toEqual([
      { archive: 'eegdash', kind: 'stale', codes: 'ARCHIVE_UNAVAILABLE', visible: true },
    ]);
    expect(await page.textContent('[data-archive-notice="eegdash"]')).toMatch(
      /as the gateway last saw them, \d+ s ago/,
    );
    expect((await bars('sampling-rates')).length).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#sessions td .missing').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});

describe('GraphiQL', () => {
  it('runs its default query, which reaches all three archives', async () => {
    await page.goto(`${base}/graphql`);
    const button = page.locator('.graphiql-execute-button');
    await button.waitFor({ timeout: 20_000 });
    // The editor is ready once it shows the default query.
    await page.locator('.graphiql-query-editor', { hasText: 'SessionsAndTheirData' }).waitFor({ timeout: 20_000 });
    const answered = page.waitForResponse(
      (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('SessionsAndTheirData'),
      { timeout: 20_000 },
    );
    await button.click();
    const response = await answered;
    expect(response.status()).toBe(200);
    const result = JSON.parse(await response.text());
    expect(result.errors).toBeUndefined();
    const sessions = result.data.sessions.edges.map((e: any) => e.node);
    expect(sessions.length).toBeGreaterThan(0); // BrainSTEM
    expect(sessions.flatMap((s: any) => s.dandisets).length).toBeGreaterThan(0); // DANDI
    expect(sessions.flatMap((s: any) => s.datasets).length).toBeGreaterThan(0); // EEGDash
    expect(Object.keys(result.extensions.cost.archives).sort()).toEqual(['brainstem', 'dandi', 'eegdash']);
    // And GraphiQL shows it.
    await page.locator('.graphiql-response', { hasText: '"sessions"' }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql.png') });
  });
});

describe('the committed build of the example', () => {
  const root = join(import.meta.dirname, '..', '..');

  it('src/gql is what codegen makes of queries.graphql and the schema', async () => {
    const outputs: { filename: string; content: string }[] = await generate(
      { ...dashboardCodegen, cwd: root, silent: true },
      false,
    );
    expect(outputs.map((o) => o.filename).sort()).toEqual([
      'examples/dashboard/src/gql/gql.ts',
      'examples/dashboard/src/gql/graphql.ts',
      'examples/dashboard/src/gql/persisted-documents.json',
    ]);
    for (const output of outputs) {
      const committed = await readFile(join(root, output.filename), 'utf8');
      expect(
        committed,
        `${output.filename} is stale: run npx graphql-codegen --config examples/dashboard/codegen.ts`,
      ).toBe(output.content);
    }
  });

  it('app/ is what tsc makes of src/, which type-checks', async () => {
    const dir = DASHBOARD_EXAMPLE.dir;
    const config = ts.readConfigFile(join(dir, 'tsconfig.json'), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dir);
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    const emitted = new Map<string, string>();
    const emit = program.emit(undefined, (file, text) => emitted.set(relative(dir, file), text));
    const problems = [...ts.getPreEmitDiagnostics(program), ...emit.diagnostics].map((d) =>
      ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    );
    expect(problems).toEqual([]);
    const committed = (await readdir(join(dir, 'app'), { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)));
    expect(committed.sort(), 'app/ has files tsc no longer emits').toEqual([...emitted.keys()].sort());
    for (const [file, text] of emitted) {
      expect(await readFile(join(dir, file), 'utf8'), `${file} is stale: run npx tsc -p examples/dashboard`).toBe(text);
    }
  });
});
