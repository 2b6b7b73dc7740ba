/**
 * Access logs over real sockets: one JSON line per request (GraphQL and others) with the request
 * id (the client's, when sane, else a new UUID; returned in `X-Request-Id`), method, path without
 * its query string, status, duration, the operation, upstream requests and cache hits per
 * archive and the answer's error codes. The captured output never holds a credential, the query
 * text nor a variable's value.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BRAINSTEM_REPLICA_TOKENS } from '../../replicas/brainstem/server.ts';
import { DANDI_REPLICA_TOKENS } from '../../replicas/dandi/server.ts';
import { EEGDASH_REPLICA_ADMIN_TOKEN } from '../../replicas/eegdash/server.ts';
import { startReplicas, type Replicas } from '../../replicas/start-all.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/logger.ts';
import { createAccessLogger, requestIdOf } from '../../src/observability/access-log.ts';
import { createGateway, type Gateway } from '../../src/server.ts';

/** Everything the gateway wrote to its access log, as one string (what an operator would grep). */
let output = '';
const destination = {
  write(chunk: string) {
    output += chunk;
  },
};
let replicas: Replicas;
let gateway: Gateway;
let url: string;

beforeAll(async () => {
  replicas = await startReplicas();
  const config = loadConfig([], {
    ...replicas.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    COST_EXTENSIONS: 'true',
    CACHE: 'on',
    RESPONSE_CACHE: 'off',
    UPSTREAM_MAX_RETRIES: '0',
    LINK_INDEX_REFRESH_MS: '0',
    EEGDASH_REQUESTS_PER_MINUTE: '0',
    DANDI_REQUESTS_PER_MINUTE: '0',
    BRAINSTEM_REQUESTS_PER_MINUTE: '0',
  });
  gateway = createGateway(config, silentLogger, { accessLog: destination });
  url = await gateway.listen();
});
afterAll(async () => {
  await gateway?.close(1_000);
  await replicas?.close();
});
beforeEach(() => {
  output = '';
  gateway.upstreams.sharing.forget();
  for (const r of [replicas.dandi, replicas.eegdash, replicas.brainstem]) r.faults.reset();
});

type Line = Record<string, any>;

/** The access lines so far, once there are `n` (a line is written when its response is done). */
async function lines(n: number): Promise<Line[]> {
  const deadline = Date.now() + 2_000;
  for (;;) {
    const parsed = output
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Line);
    if (parsed.length >= n || Date.now() > deadline) return parsed;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const CROSS = `query LoggedDashboard($session: ID!, $marker: String!) {
  session(id: $session, portal: PUBLIC) { name dandisets { identifier draftVersion { name } } }
  records(first: 2, where: { dataset: [$marker] }) { edges { node { dataName } } }
}`;
const MARKER = 'variable-value-7c1e';
const CREDENTIALS = {
  'x-dandi-api-key': DANDI_REPLICA_TOKENS.owner,
  'x-eegdash-token': EEGDASH_REPLICA_ADMIN_TOKEN,
  'x-brainstem-token': BRAINSTEM_REPLICA_TOKENS.alice,
  authorization: 'Bearer authorization-secret-91d3',
  cookie: 'session=cookie-secret-4b2a',
};

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify(body),
  });

describe('access log', () => {
  it('writes one line per query with its operation and upstream costs, and nothing secret', async () => {
    const session = replicas.brainstem.seed.publicDandiSession;
    const res = await post(
      { query: CROSS, variables: { session, marker: MARKER } },
      { ...CREDENTIALS, 'x-request-id': 'client-request-1' },
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.errors).toBeUndefined();
    expect(res.headers.get('x-request-id')).toBe('client-request-1');

    const [line, ...rest] = await lines(1);
    expect(rest).toEqual([]);
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request',
      requestId: 'client-request-1',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'LoggedDashboard',
      operationType: 'query',
    });
    expect(typeof line!.time).toBe('string');
    expect(line!.durationMs).toBeGreaterThan(0);
    const cost = body.extensions.cost.archives;
    expect(line!.upstreamRequests).toEqual({
      brainstem: cost.brainstem.requests,
      dandi: cost.dandi.requests,
      eegdash: cost.eegdash.requests,
    });
    expect(line!.upstreamRequests.dandi).toBeGreaterThan(0);
    expect(line!.errorCodes).toBeUndefined();

    for (const secret of [...Object.values(CREDENTIALS), 'authorization-secret', 'cookie-secret', MARKER, session]) {
      expect(output).not.toContain(secret);
    }
    expect(output).not.toContain('dandisets {'); // nor the query text
  });

  it('generates a request id when the client sent none or a bad one', async () => {
    const plain = await post({ query: '{ __typename }' });
    const spaced = await post({ query: '{ __typename }' }, { 'x-request-id': 'has a space' });
    const long = await post({ query: '{ __typename }' }, { 'x-request-id': 'x'.repeat(129) });
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const ids = [plain, spaced, long].map((r) => r.headers.get('x-request-id'));
    for (const id of ids) expect(id).toMatch(uuid);
    expect(new Set(ids).size).toBe(3);
    const logged = await lines(3);
    expect(logged.map((l) => l.requestId).sort()).toEqual([...ids].sort());
    expect(logged.map((l) => l.operationType)).toEqual(['query', 'query', 'query']);
    expect(logged.some((l) => 'operationName' in l)).toBe(false); // anonymous
    expect(requestIdOf('x'.repeat(128))).toBe('x'.repeat(128));
  });

  it('logs the error codes of a partial answer, and the cache hits', async () => {
    replicas.eegdash.faults.set({ errorRate: 1, errorStatus: 503 });
    const query = {
      query: CROSS,
      variables: { session: replicas.brainstem.seed.publicDandiSession, marker: MARKER },
    };
    const first = await (await post(query)).json();
    expect(first.data.session.name).toBeTruthy();
    expect(first.errors.map((e: any) => e.extensions.code)).toEqual(['ARCHIVE_UNAVAILABLE']);
    await post(query); // the BrainSTEM and DANDI reads now come from the upstream cache
    const [failed, cached] = await lines(2);
    expect(failed).toMatchObject({ status: 200, errorCodes: ['ARCHIVE_UNAVAILABLE'], errorCount: 1 });
    expect(failed!.cacheHits).toBeUndefined();
    expect(cached!.cacheHits.brainstem).toBeGreaterThan(0);
    expect(cached!.cacheHits.dandi).toBeGreaterThan(0);
  });

  it('logs the codes of a refusal before execution, and requests for other paths', async () => {
    await post({ query: '{ noSuchField }' });
    await fetch(`${url}/health`);
    await fetch(`${url}/metrics`);
    await fetch(`${url}/nowhere?token=query-secret-5e`);
    const get = await fetch(
      `${url}/graphql?query=${encodeURIComponent('{ __typename }')}&variables={"x":"get-secret-6f"}`,
      {
        headers: { accept: 'application/json' },
      },
    );
    expect(get.status).toBe(200);
    const logged = await lines(5);
    expect(logged.map((l) => [l.method, l.path, l.status])).toEqual([
      ['POST', '/graphql', 400],
      ['GET', '/health', 200],
      ['GET', '/metrics', 200],
      ['GET', '/nowhere', 404],
      ['GET', '/graphql', 200],
    ]);
    expect(logged[0]!.errorCodes).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(logged[1]!.operationName).toBeUndefined();
    expect(logged[1]!.upstreamRequests).toBeUndefined();
    expect(output).not.toContain('query-secret');
    expect(output).not.toContain('get-secret');
  });
});

describe('LOG_FORMAT', () => {
  it('is json by default, and nothing but json or pretty', () => {
    expect(loadConfig([], {}).logFormat).toBe('json');
    expect(loadConfig(['--log-format', 'pretty'], {}).logFormat).toBe('pretty');
    expect(() => loadConfig([], { LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be json or pretty, got "xml"/);
    expect(() => loadConfig([], { METRICS: 'maybe' })).toThrow(/METRICS/);
  });

  it('pretty prints a line for people', async () => {
    const chunks: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    const log = createAccessLogger({ level: 'info', format: 'pretty', destination: sink });
    log.info({ requestId: 'r1', method: 'POST', path: '/graphql', status: 200, durationMs: 12.5 }, 'request');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const text = chunks.join('');
    expect(text).toContain('request POST /graphql → 200 in 12.5 ms');
    expect(text).toContain('"requestId":"r1"');
    expect(() => JSON.parse(text)).toThrow();
  });
});
