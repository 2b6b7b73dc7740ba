/**
 * HTTP caching and compression over real sockets: `Cache-Control` (public, private, no-store),
 * `Vary`, a weak `ETag` that is stable for the same answer, 304 for a GET whose `If-None-Match`
 * matches, and gzip/br only when `Accept-Encoding` asks — never on SSE. Raw node:http requests,
 * because fetch would ask for and undo the compression itself.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamStats } from '../../src/http/stats.ts';
import {
  CACHE_VARY,
  cacheControl,
  ifNoneMatchMatches,
  MIN_COMPRESSED_BYTES,
  mergeVary,
  negotiateEncoding,
  useCompression,
  useHttpCaching,
  weakETag,
} from '../../src/plugins/http-caching.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { useAllReplicas } from '../support/replicas.ts';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

interface Send {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One request as node:http sends it: no Accept-Encoding unless given, nothing decoded. */
function send(base: string, path: string, { method = 'GET', headers = {}, body }: Send = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('error', reject);
      res.on('end', () => {
        const all = Buffer.concat(parts);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: all, text: all.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const graphqlGet = (base: string, query: string, headers: Record<string, string> = {}) =>
  send(base, `/graphql?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/json', ...headers } });

const graphqlPost = (base: string, body: unknown, headers: Record<string, string> = {}) =>
  send(base, '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });

const TYPENAME = '{ __typename }';
/** Reads DANDI, and answers well over MIN_COMPRESSED_BYTES. */
const DANDISETS = '{ dandisets(first: 50) { totalCount edges { node { identifier draftVersion { name } } } } }';
const VARY = CACHE_VARY.join(', ');

const maxAge = (answer: Answer): number => {
  const m = /max-age=(\d+)/.exec(String(answer.headers['cache-control']));
  expect(m).not.toBeNull();
  return Number(m?.[1]);
};

describe('the parts', () => {
  it('merges Vary without repeating a name, whatever its case, and keeps *', () => {
    expect(mergeVary(null, ['Accept', 'Cookie'])).toBe('Accept, Cookie');
    expect(mergeVary('Origin', ['Accept'])).toBe('Origin, Accept');
    expect(mergeVary('origin, accept', ['Accept', 'Origin', 'Cookie'])).toBe('origin, accept, Cookie');
    expect(mergeVary('*', ['Accept'])).toBe('*');
  });

  it('compares If-None-Match weakly: lists, *, W/ on either side', () => {
    const etag = 'W/"abc"';
    expect(ifNoneMatchMatches('W/"abc"', etag)).toBe(true);
    expect(ifNoneMatchMatches('"abc"', etag)).toBe(true);
    expect(ifNoneMatchMatches('"x", W/"y" ,W/"abc"', etag)).toBe(true);
    expect(ifNoneMatchMatches(' * ', etag)).toBe(true);
    expect(ifNoneMatchMatches('"abcd"', etag)).toBe(false);
    expect(ifNoneMatchMatches('abc', etag)).toBe(false);
    expect(ifNoneMatchMatches('', etag)).toBe(false);
    expect(ifNoneMatchMatches(null, etag)).toBe(false);
  });

  it('makes max-age whole seconds of freshness, 0 when nothing from an archive was used', () => {
    expect(cacheControl(undefined, false)).toBe('public, max-age=0');
    expect(cacheControl(59_999, false)).toBe('public, max-age=59');
    expect(cacheControl(300_000, true)).toBe('private, max-age=300');
    expect(cacheControl(0, true)).toBe('private, max-age=0');
  });

  it('weak ETag: base64url SHA-1 of the body', () => {
    const sha1 = createHash('sha1').update('{"data":{}}').digest('base64url');
    expect(weakETag('{"data":{}}')).toBe(`W/"${sha1}"`);
  });

  it('negotiates br or gzip by q-value, br on a tie, nothing when neither is wanted', () => {
    expect(negotiateEncoding(null)).toBeUndefined();
    expect(negotiateEncoding('identity')).toBeUndefined();
    expect(negotiateEncoding('deflate')).toBeUndefined();
    expect(negotiateEncoding('gzip')).toBe('gzip');
    expect(negotiateEncoding('deflate, gzip')).toBe('gzip');
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(negotiateEncoding('GZIP ; Q=1')).toBe('gzip');
    expect(negotiateEncoding('gzip;q=0, br;q=0')).toBeUndefined();
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('*, br;q=0')).toBe('gzip');
  });
});

describe('on the gateway, against the replicas', () => {
  const s = useAllReplicas({ UPSTREAM_MAX_RETRIES: '0' });

  describe('Cache-Control', () => {
    it('makes a query public, max-age=0 when it read no archive', async () => {
      const res = await graphqlGet(s.gw.url, TYPENAME);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text).data).toEqual({ __typename: 'Query' });
      expect(res.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
      expect(res.headers['cache-control']).toBe('public, max-age=0');
      expect(res.headers.vary).toBe(VARY);
      expect(res.headers.etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    });

    it('gives a query that read DANDI its freshness as max-age, in whole seconds', async () => {
      const res = await graphqlGet(s.gw.url, DANDISETS);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text).errors).toBeUndefined();
      expect(res.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
      // 0 until the upstream cache notes freshness; then as long as the least fresh page it read.
      expect(maxAge(res)).toBeGreaterThanOrEqual(0);
      expect(res.headers.etag).toBeDefined();
    });

    it.each([
      ['x-dandi-api-key', 'key-123'],
      ['x-eegdash-token', 'tok'],
      ['x-brainstem-token', 'tok'],
      ['authorization', 'Bearer x'],
      ['cookie', 'session=1'],
    ])('makes the answer private when the request carries %s', async (name, value) => {
      const res = await graphqlGet(s.gw.url, TYPENAME, { [name]: value });
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
      expect(res.headers.etag).toBeDefined();
    });

    it('never stores a mutation', async () => {
      const res = await graphqlPost(s.gw.url, { query: 'mutation { refreshLinkIndex { builtAt } }' });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text).errors).toBeUndefined();
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.etag).toBeUndefined();
      expect(res.headers.vary).toBe(VARY);
    });

    it('never stores a partial result (one archive failing)', async () => {
      s.replicas.dandi.faults.set({ errorRate: 1, errorStatus: 503 });
      const res = await graphqlGet(s.gw.url, `{ __typename ${DANDISETS.slice(1)}`);
      const body = JSON.parse(res.text);
      expect(body.data.__typename).toBe('Query');
      expect(body.errors[0].extensions.code).toBe('ARCHIVE_UNAVAILABLE');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.etag).toBeUndefined();
    });

    it('never stores a non-200 answer (a syntax error)', async () => {
      const res = await graphqlGet(s.gw.url, '{ nope(', { accept: 'application/graphql-response+json' });
      expect(res.status).toBe(400);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.etag).toBeUndefined();
    });

    it('never stores a batch', async () => {
      const res = await graphqlPost(s.gw.url, [{ query: TYPENAME }, { query: TYPENAME }]);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.etag).toBeUndefined();
    });
  });

  describe('ETag and 304', () => {
    it('is the same for the same answer, though extensions.cost differs each time', async () => {
      const a = await graphqlGet(s.gw.url, DANDISETS);
      const b = await graphqlGet(s.gw.url, DANDISETS);
      expect(JSON.parse(a.text).extensions.cost).toBeDefined();
      expect(a.headers.etag).toBeDefined();
      expect(b.headers.etag).toBe(a.headers.etag);
      // POST or GET, the same answer has the same validator.
      expect((await graphqlPost(s.gw.url, { query: DANDISETS })).headers.etag).toBe(a.headers.etag);
      expect((await graphqlGet(s.gw.url, TYPENAME)).headers.etag).not.toBe(a.headers.etag);
    });

    it('answers a GET whose If-None-Match matches with 304, no body, and the same headers', async () => {
      const first = await graphqlGet(s.gw.url, DANDISETS);
      const etag = String(first.headers.etag);
      for (const inm of [etag, etag.slice(2), `"nope", ${etag}`, '*']) {
        const again = await graphqlGet(s.gw.url, DANDISETS, { 'if-none-match': inm });
        expect(again.status).toBe(304);
        expect(again.body.byteLength).toBe(0);
        expect(again.headers.etag).toBe(etag);
        expect(again.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
        expect(again.headers.vary).toBe(VARY);
        expect(again.headers['content-encoding']).toBeUndefined();
      }
    });

    it('a 304 stays empty when the client asks for gzip too', async () => {
      const { headers } = await graphqlGet(s.gw.url, DANDISETS);
      const again = await graphqlGet(s.gw.url, DANDISETS, {
        'if-none-match': String(headers.etag),
        'accept-encoding': 'gzip',
      });
      expect(again.status).toBe(304);
      expect(again.body.byteLength).toBe(0);
      expect(again.headers['content-encoding']).toBeUndefined();
    });

    it('answers 200 with the body when If-None-Match does not match', async () => {
      const res = await graphqlGet(s.gw.url, DANDISETS, { 'if-none-match': 'W/"something-else"' });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text).data.dandisets.edges.length).toBeGreaterThan(0);
    });

    it('never answers a POST with 304', async () => {
      const first = await graphqlPost(s.gw.url, { query: DANDISETS });
      const again = await graphqlPost(s.gw.url, { query: DANDISETS }, { 'if-none-match': String(first.headers.etag) });
      expect(again.status).toBe(200);
      expect(again.text).not.toBe('');
      expect(again.headers.etag).toBe(first.headers.etag);
    });

    it('never answers 304 for an answer that is not stored, even to *', async () => {
      const res = await graphqlPost(
        s.gw.url,
        { query: 'mutation { refreshLinkIndex { builtAt } }' },
        { 'if-none-match': '*' },
      );
      expect(res.status).toBe(200);
    });
  });

  describe('compression', () => {
    it('gzips when Accept-Encoding asks for gzip, to the same bytes as the plain answer', async () => {
      const plain = await graphqlGet(s.gw.url, DANDISETS);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.byteLength).toBeGreaterThan(MIN_COMPRESSED_BYTES);
      expect(plain.headers.vary).toContain('Accept-Encoding');

      const gz = await graphqlGet(s.gw.url, DANDISETS, { 'accept-encoding': 'gzip' });
      expect(gz.status).toBe(200);
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers['content-type']).toContain('application/json');
      expect(Number(gz.headers['content-length'])).toBe(gz.body.byteLength);
      expect(gz.body.byteLength).toBeLessThan(plain.body.byteLength);
      const unzipped = gunzipSync(gz.body).toString('utf8');
      // The same answer (only extensions.cost, what this run cost, differs), with the same validator.
      const { extensions: _a, ...plainRest } = JSON.parse(plain.text);
      const { extensions: _b, ...gzRest } = JSON.parse(unzipped);
      expect(gzRest).toEqual(plainRest);
      expect(gz.headers.etag).toBe(plain.headers.etag);
      expect(gz.headers.vary).toBe(VARY);
    });

    it('uses brotli when asked for it (as browsers do), and POST answers too', async () => {
      const br = await graphqlPost(s.gw.url, { query: DANDISETS }, { 'accept-encoding': 'gzip, deflate, br, zstd' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(JSON.parse(brotliDecompressSync(br.body).toString('utf8')).data.dandisets.totalCount).toBeGreaterThan(0);
    });

    it('sends identity when nothing usable is asked for, and small bodies as they are', async () => {
      for (const ae of ['identity', 'deflate', 'gzip;q=0']) {
        const res = await graphqlGet(s.gw.url, DANDISETS, { 'accept-encoding': ae });
        expect(res.headers['content-encoding']).toBeUndefined();
        expect(JSON.parse(res.text).data.dandisets).toBeDefined();
      }
      const small = await graphqlGet(s.gw.url, TYPENAME, { 'accept-encoding': 'gzip' });
      expect(small.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(small.text).data).toEqual({ __typename: 'Query' });
    });

    it('leaves SSE uncompressed and unstored, and it still streams the result', async () => {
      const res = await send(s.gw.url, `/graphql?query=${encodeURIComponent(DANDISETS)}`, {
        headers: { accept: 'text/event-stream', 'accept-encoding': 'gzip, br' },
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/event-stream');
      expect(res.headers['content-encoding']).not.toMatch(/gzip|br/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.etag).toBeUndefined();
      const data = /event: next\ndata: (.*)\n\n/.exec(res.text);
      expect(JSON.parse(data?.[1] ?? 'null').data.dandisets.totalCount).toBeGreaterThan(0);
      expect(res.text).toContain('event: complete');
    });

    it('leaves multipart/mixed uncompressed and unstored', async () => {
      const res = await graphqlPost(
        s.gw.url,
        { query: DANDISETS },
        { accept: 'multipart/mixed', 'accept-encoding': 'gzip' },
      );
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('multipart/mixed');
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toContain('"totalCount"');
    });
  });

  describe('what is not a GraphQL answer', () => {
    it('leaves /health, /ready and refusals alone, even when gzip is asked for', async () => {
      const health = await send(s.gw.url, '/health', { headers: { 'accept-encoding': 'gzip' } });
      expect(health.status).toBe(200);
      expect(JSON.parse(health.text)).toEqual({ status: 'ok' });
      expect(health.headers['cache-control']).toBe('no-store');
      expect(health.headers.etag).toBeUndefined();
      expect(health.headers.vary).toBeUndefined();

      const ready = await send(s.gw.url, '/ready', { headers: { 'accept-encoding': 'gzip' } });
      expect(JSON.parse(ready.text).archives).toBeDefined();
      expect(ready.headers.etag).toBeUndefined();

      const missing = await send(s.gw.url, '/nope', { headers: { 'accept-encoding': 'gzip' } });
      expect(missing.status).toBe(404);
      expect(JSON.parse(missing.text).errors[0].extensions.code).toBe('NOT_FOUND');
    });

    it('leaves a preflight alone', async () => {
      const res = await send(s.gw.url, '/graphql', {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
      });
      expect(res.status).toBeLessThan(300);
      expect(res.headers.etag).toBeUndefined();
      expect(res.headers['cache-control']).toBeUndefined();
    });

    it('compresses GraphiQL when asked, without caching headers of its own', async () => {
      const plain = await send(s.gw.url, '/graphql', { headers: { accept: 'text/html' } });
      const gz = await send(s.gw.url, '/graphql', { headers: { accept: 'text/html', 'accept-encoding': 'gzip' } });
      expect(plain.headers['content-type']).toContain('text/html');
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers.vary).toBe('Accept-Encoding');
      expect(gz.headers.etag).toBeUndefined();
      expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    });
  });
});

describe('an archive down', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { UPSTREAM_MAX_RETRIES: '0' } }); // every archive on a closed port
  });
  afterAll(() => gw.close());

  it('answers no-store, without an ETag', async () => {
    const res = await graphqlGet(gw.url, DANDISETS);
    const body = JSON.parse(res.text);
    expect(body.errors[0].extensions.code).toBe('ARCHIVE_UNAVAILABLE');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers.vary).toBe(VARY);
  });
});

describe('without cost extensions', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({
      env: { COST_EXTENSIONS: 'false', CORS_ORIGIN: 'https://app.example,https://lab.example' },
    });
  });
  afterAll(() => gw.close());

  it('the ETag is the SHA-1 of the body as sent', async () => {
    const res = await graphqlGet(gw.url, TYPENAME);
    expect(res.headers.etag).toBe(weakETag(res.text));
  });

  it("keeps CORS's Vary: Origin next to its own names", async () => {
    const res = await graphqlGet(gw.url, TYPENAME, { origin: 'https://app.example' });
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(res.headers.vary).toBe(`Origin, ${VARY}`);
    const again = await graphqlGet(gw.url, TYPENAME, {
      origin: 'https://app.example',
      'if-none-match': String(res.headers.etag),
    });
    expect(again.status).toBe(304);
    expect(again.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(again.headers.vary).toBe(`Origin, ${VARY}`);
  });
});

/**
 * The numeric case before the upstream cache lands: a resolver notes freshness on the context's
 * UpstreamStats itself, as the cache will, on a Yoga with just these two plugins.
 */
describe('with freshness noted', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { fresh(ms: [Int!]!): Int }',
        resolvers: {
          Query: {
            fresh: (_: unknown, { ms }: { ms: number[] }, ctx: { stats: UpstreamStats }) => {
              for (const m of ms) ctx.stats.noteFreshness(m);
              return ms.length;
            },
          },
        },
      }),
      context: () => ({ stats: new UpstreamStats() }),
      logging: false,
      plugins: [useHttpCaching() as any, useCompression()],
    });
    server = createServer(yoga);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('takes max-age from the least fresh thing the answer used', async () => {
    const res = await graphqlGet(base, '{ fresh(ms: [300000, 90500, 120000]) }');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=90');
  });

  it('is private with a credential, and 0 when something was already stale', async () => {
    const res = await graphqlGet(base, '{ fresh(ms: [300000, 0]) }', { 'x-eegdash-token': 't' });
    expect(res.headers['cache-control']).toBe('private, max-age=0');
  });

  it('revalidates to 304 with the same freshness', async () => {
    const q = '{ fresh(ms: [60000]) }';
    const first = await graphqlGet(base, q);
    const again = await graphqlGet(base, q, { 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.headers['cache-control']).toBe('public, max-age=60');
  });
});
