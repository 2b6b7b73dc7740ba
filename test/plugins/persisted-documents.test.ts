/**
 * Trusted documents over real sockets, with the manifest codegen writes for test/operations
 * (test/gql/persisted-documents.json): `documentId` (POST body and GET URL) and APQ hashes run
 * the manifest's documents; unknown ids are 404 PERSISTED_QUERY_NOT_FOUND; with
 * PERSISTED_DOCUMENTS_ONLY=true any other document is 400 PERSISTED_QUERY_ONLY, and nothing
 * reaches an archive. Without a manifest, APQ registers queries as Apollo's does. A bad manifest
 * stops the gateway at startup with one line.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocumentNode } from 'graphql';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { canonicalId } from '../../src/plugins/persisted-manifest.ts';
import { BrainstemSessionCountDocument, DandisetIdentifiersDocument, DeferredEegdashDocument } from '../gql/graphql.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { useAllReplicas } from '../support/replicas.ts';

const MANIFEST = fileURLToPath(new URL('../gql/persisted-documents.json', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The id codegen gave a typed document (`__meta__.hash`: `sha256:<hex>`). */
const idOf = (document: DocumentNode): string => {
  const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!hash) throw new Error('document has no __meta__.hash: run npm run codegen');
  return hash;
};
const hexOf = (document: DocumentNode) => idOf(document).replace(/^sha256:/, '');
const apq = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const codes = (json: any): unknown[] => (json?.errors ?? []).map((e: any) => e.extensions?.code);

const s = useAllReplicas({ PERSISTED_DOCUMENTS: MANIFEST });
const upstreamRequests = () => {
  const c = s.counts();
  return c.dandi + c.eegdash + c.brainstem;
};

/** A second gateway over the same replicas, for one describe block. */
function useGateway(env: Record<string, string>): { readonly gw: TestGateway } {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({
      dandiApiUrl: s.replicas.env.DANDI_API_URL,
      eegdashApiUrl: s.replicas.env.EEGDASH_API_URL,
      brainstemApiUrl: s.replicas.env.BRAINSTEM_API_URL,
      env,
    });
  });
  afterAll(async () => {
    await gw?.close();
  });
  return {
    get gw() {
      return gw;
    },
  };
}

describe('with a manifest (PERSISTED_DOCUMENTS), other documents allowed', () => {
  it('runs the manifest document a `documentId` names, as if its text had been sent', async () => {
    const variables = { first: 3 };
    const byText = await s.gw.execute(DandisetIdentifiersDocument, variables);
    const byId = await s.gw.post({ documentId: idOf(DandisetIdentifiersDocument), variables });
    expect(byId.status).toBe(200);
    expect(byId.json.errors).toBeUndefined();
    expect(byId.json.data).toEqual(byText.data);
    expect(byId.json.data.dandisets.edges).toHaveLength(3);
    // The bare hex and the `sha256:` form name the same document.
    const bare = await s.gw.post({ documentId: hexOf(DandisetIdentifiersDocument), variables });
    expect(bare.json.data).toEqual(byText.data);
  });

  it('takes `documentId` from the URL of a GET, cacheable like any GET query', async () => {
    const url = new URL(`${s.gw.url}/graphql`);
    url.searchParams.set('documentId', idOf(DandisetIdentifiersDocument));
    url.searchParams.set('variables', JSON.stringify({ first: 2 }));
    const res = await fetch(url, { headers: { accept: 'application/graphql-response+json' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(res.headers.get('etag')).toBeTruthy();
    expect((await res.json()).data.dandisets.edges).toHaveLength(2);
  });

  it('accepts an APQ hash (extensions.persistedQuery) of a manifest document', async () => {
    const res = await s.gw.post({
      extensions: apq(hexOf(BrainstemSessionCountDocument)),
      variables: { portal: 'PUBLIC' },
    });
    expect(res.status).toBe(200);
    expect(res.json.data.sessions.totalCount).toBeGreaterThan(0);
  });

  it('runs trusted documents with @defer too', async () => {
    const res = await fetch(`${s.gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'multipart/mixed' },
      body: JSON.stringify({ documentId: idOf(DeferredEegdashDocument), variables: { first: 1 } }),
    });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('"hasNext":true');
    expect(body).toContain('"label":"eegdash"');
  });

  it('answers an unknown id 404 PERSISTED_QUERY_NOT_FOUND, sending nothing upstream', async () => {
    for (const body of [
      { documentId: `sha256:${'0'.repeat(64)}` },
      { documentId: 'not-a-hash' },
      { extensions: apq('f'.repeat(64)) },
    ]) {
      const res = await s.gw.post(body, { accept: 'application/json' }); // 404 whatever the media type
      expect(res.status).toBe(404);
      expect(codes(res.json)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    }
    expect(upstreamRequests()).toBe(0);
  });

  it('still runs a document sent in full, but never adds it to the manifest', async () => {
    const query = '{ dandisets(first: 1) { totalCount } }';
    const withHash = await s.gw.post({ query, extensions: apq(sha256(query)) });
    expect(withHash.json.data.dandisets.totalCount).toBeGreaterThan(0);
    const later = await s.gw.post({ extensions: apq(sha256(query)) });
    expect(later.status).toBe(404);
    expect(codes(later.json)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('refuses a query sent with a hash that is not its own (400 PERSISTED_QUERY_HASH_MISMATCH)', async () => {
    const res = await s.gw.post({ query: '{ __typename }', extensions: apq(sha256('{ other }')) });
    expect(res.status).toBe(400);
    expect(codes(res.json)).toEqual(['PERSISTED_QUERY_HASH_MISMATCH']);
  });

  it('refuses a documentId that is not a string, and keeps "Must provide query string." for an empty request', async () => {
    const bad = await s.gw.post({ documentId: 42 });
    expect(bad.status).toBe(400);
    expect(codes(bad.json)).toEqual(['BAD_REQUEST']);
    const empty = await s.gw.post({});
    expect(empty.status).toBe(400);
    expect(empty.json.errors[0].message).toBe('Must provide query string.');
  });
});

describe('PERSISTED_DOCUMENTS_ONLY=true', () => {
  const only = useGateway({ PERSISTED_DOCUMENTS: MANIFEST, PERSISTED_DOCUMENTS_ONLY: 'true' });

  it('runs documents of the manifest, by documentId or APQ hash', async () => {
    const byId = await only.gw.post({ documentId: idOf(DandisetIdentifiersDocument), variables: { first: 2 } });
    expect(byId.status).toBe(200);
    expect(byId.json.data.dandisets.edges).toHaveLength(2);
    const byHash = await only.gw.post({ extensions: apq(hexOf(DandisetIdentifiersDocument)), variables: { first: 1 } });
    expect(byHash.json.data.dandisets.edges).toHaveLength(1);
  });

  it('refuses any document sent as text with 400 PERSISTED_QUERY_ONLY, before anything is sent', async () => {
    const text = print(DandisetIdentifiersDocument);
    for (const body of [
      { query: '{ dandisets(first: 1) { totalCount } }' },
      { query: text, variables: { first: 1 } }, // even a manifest document's own text
      { query: text, extensions: apq(sha256(text)) },
      { query: '{ __schema { queryType { name } } }' }, // introspection too
      {}, // neither a query nor an id
    ]) {
      const res = await only.gw.post(body, { accept: 'application/json' });
      expect(res.status).toBe(400);
      expect(codes(res.json)).toEqual(['PERSISTED_QUERY_ONLY']);
    }
    const url = new URL(`${only.gw.url}/graphql`);
    url.searchParams.set('query', '{ __typename }');
    const get = await fetch(url, { headers: { accept: 'application/json' } });
    expect(get.status).toBe(400);
    expect(codes(await get.json())).toEqual(['PERSISTED_QUERY_ONLY']);
    expect(upstreamRequests()).toBe(0);
  });

  it('answers an unknown id 404 PERSISTED_QUERY_NOT_FOUND', async () => {
    const res = await only.gw.post({ documentId: `sha256:${'1'.repeat(64)}` });
    expect(res.status).toBe(404);
    expect(codes(res.json)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });
});

describe('without a manifest: APQ as Apollo does it', () => {
  const open = useGateway({});
  const query = '{ sessions(first: 1, portal: PUBLIC) { totalCount } }';

  it('asks for an unknown hash, registers it with its query, then runs it by hash alone', async () => {
    const first = await open.gw.post({ extensions: apq(sha256(query)) });
    expect(first.status).toBe(404);
    expect(first.json.errors[0]).toMatchObject({
      message: 'PersistedQueryNotFound',
      extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
    });
    expect(upstreamRequests()).toBe(0);

    const registering = await open.gw.post({ query, extensions: apq(sha256(query)) });
    expect(registering.status).toBe(200);
    const total = registering.json.data.sessions.totalCount;
    expect(total).toBeGreaterThan(0);

    const byHash = await open.gw.post({ extensions: apq(sha256(query).toUpperCase()) });
    expect(byHash.status).toBe(200);
    expect(byHash.json.data.sessions.totalCount).toBe(total);
    // A `documentId` may name a registered query too.
    const byId = await open.gw.post({ documentId: `sha256:${sha256(query)}` });
    expect(byId.json.data.sessions.totalCount).toBe(total);
  });

  it('registers nothing under a hash that is not the query’s', async () => {
    const other = '{ dandisets(first: 1) { totalCount } }';
    const res = await open.gw.post({ query: other, extensions: apq(sha256(`${other} `)) });
    expect(res.status).toBe(400);
    expect(codes(res.json)).toEqual(['PERSISTED_QUERY_HASH_MISMATCH']);
    const later = await open.gw.post({ extensions: apq(sha256(`${other} `)) });
    expect(codes(later.json)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('runs any document as before', async () => {
    const res = await open.gw.post({ query });
    expect(res.status).toBe(200);
    expect(res.json.errors).toBeUndefined();
  });
});

describe('the manifest at startup', () => {
  const dir = mkdtempSync(join(tmpdir(), 'persisted-documents-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const problem = (env: Record<string, string>): string => {
    try {
      loadConfig([], env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('no ConfigError');
  };

  it('reads codegen’s manifest, every id in one spelling', () => {
    const { persistedDocuments } = loadConfig([], { PERSISTED_DOCUMENTS: MANIFEST });
    expect(persistedDocuments.only).toBe(false);
    expect(persistedDocuments.manifest?.get(idOf(DandisetIdentifiersDocument))).toContain('query DandisetIdentifiers');
    expect(canonicalId(hexOf(DandisetIdentifiersDocument).toUpperCase())).toBe(idOf(DandisetIdentifiersDocument));
  });

  it('reads an Apollo persisted query manifest', () => {
    const body = 'query One { __typename }';
    const path = file(
      'apollo.json',
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: sha256(body), name: 'One', type: 'query', body }],
      }),
    );
    const { persistedDocuments } = loadConfig([], { PERSISTED_DOCUMENTS: path, PERSISTED_DOCUMENTS_ONLY: 'true' });
    expect(persistedDocuments.manifest?.get(`sha256:${sha256(body)}`)).toBe(body);
    expect(persistedDocuments.only).toBe(true);
  });

  it('refuses a missing, unreadable, malformed or empty manifest with one line naming it', () => {
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.json'), /^PERSISTED_DOCUMENTS: cannot read ".*missing\.json" \(ENOENT\)$/],
      [file('broken.json', '{ "a": '), /^PERSISTED_DOCUMENTS: ".*broken\.json" is not JSON \(.+\)$/],
      [file('array.json', '["{ a }"]'), /^PERSISTED_DOCUMENTS: ".*array\.json" must map document ids to documents/],
      [file('numbers.json', '{ "a": 1 }'), /must map document ids to documents/],
      [file('empty.json', '{}'), /^PERSISTED_DOCUMENTS: ".*empty\.json" has no documents$/],
      [
        file('syntax.json', '{ "abc": "query { dandisets(" }'),
        /^PERSISTED_DOCUMENTS: document "abc" in ".*syntax\.json" does not parse: Syntax Error: .+$/,
      ],
    ];
    for (const [path, message] of cases) {
      const text = problem({ PERSISTED_DOCUMENTS: path });
      expect(text).toMatch(message);
      expect(text).not.toContain('\n');
    }
  });

  it('refuses PERSISTED_DOCUMENTS_ONLY without a manifest, and a value that is not a boolean', () => {
    expect(problem({ PERSISTED_DOCUMENTS_ONLY: 'true' })).toBe(
      'PERSISTED_DOCUMENTS_ONLY=true needs PERSISTED_DOCUMENTS (the manifest of trusted documents)',
    );
    expect(problem({ PERSISTED_DOCUMENTS: MANIFEST, PERSISTED_DOCUMENTS_ONLY: 'maybe' })).toBe(
      'PERSISTED_DOCUMENTS_ONLY must be true or false, got "maybe"',
    );
  });

  it('stops `npm start` with one line on stderr and exit 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', PERSISTED_DOCUMENTS: join(dir, 'missing.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^configuration error: PERSISTED_DOCUMENTS: cannot read ".*missing\.json" \(ENOENT\)\n$/);
  });
});
