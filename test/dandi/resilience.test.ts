/**
 * How the gateway behaves when DANDI misbehaves or refuses: retries, timeouts, broken answers,
 * embargo and credentials, and bad input from the client.
 */
import { describe, expect, it } from 'vitest';
import { DANDI_REPLICA_TOKENS } from '../../replicas/dandi/server.ts';
import { DandisetPageDocument, DandisetTitleDocument } from '../gql/graphql.ts';
import { useDandiStack } from '../support/dandi.ts';
import { errorCodes, startGateway } from '../support/gateway.ts';

const s = useDandiStack();

/**
 * The distinct error codes of a response. Fields that read the same failed document (here
 * `embargoStatus` and `draftVersion.name`, both from the dandiset detail) each report the failure.
 */
const codes = (res: Parameters<typeof errorCodes>[0]) => [...new Set(errorCodes(res))];

const open = () => s.dandi.store.dandisets!.find((d) => d.embargoStatus === 'OPEN')!;
const embargoed = () => s.dandi.store.dandisets!.find((d) => d.embargoStatus === 'EMBARGOED')!;

describe('retries', () => {
  it('succeeds after a 503', async () => {
    s.dandi.faults.queue({ kind: 'status', status: 503 });
    const res = await s.gw.execute(DandisetTitleDocument, { identifier: open().identifier });
    expect(res.errors).toBeUndefined();
    expect(res.data!.dandiset!.identifier).toBe(open().identifier);
    expect(s.dandi.log.entries.map((e) => e.status)).toEqual([503, 200]);
    expect((res.extensions as any).cost.archives.dandi).toMatchObject({ requests: 2, retries: 1 });
  });

  it('waits as long as Retry-After asks after a 429, then succeeds', async () => {
    s.dandi.faults.queue({ kind: 'status', status: 429, retryAfter: 1 });
    const started = performance.now();
    const res = await s.gw.execute(DandisetTitleDocument, { identifier: open().identifier });
    expect(res.errors).toBeUndefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(s.dandi.log.entries.map((e) => e.status)).toEqual([429, 200]);
  });

  it('retries a dropped connection and a malformed body', async () => {
    s.dandi.faults.queue({ kind: 'drop' }, { kind: 'malformed' });
    const res = await s.gw.execute(DandisetTitleDocument, { identifier: open().identifier });
    expect(res.errors).toBeUndefined();
    expect(s.dandi.log.count()).toBe(3);
  });

  it('gives ARCHIVE_UNAVAILABLE once the retries are spent', async () => {
    s.dandi.faults.queue(...Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 502 })));
    const res = await s.gw.execute(DandisetTitleDocument, { identifier: open().identifier });
    expect(res.data!.dandiset).toBeNull();
    expect(codes(res)).toEqual(['ARCHIVE_UNAVAILABLE']);
    expect(res.errors![0]!.extensions).toMatchObject({ archive: 'dandi', status: 502 });
    expect(s.dandi.log.count()).toBe(4); // 1 + UPSTREAM_MAX_RETRIES (3)
  });

  it('gives ARCHIVE_RATE_LIMITED when Retry-After asks for more than the retry budget', async () => {
    s.dandi.faults.queue({ kind: 'status', status: 429, retryAfter: 600 });
    const res = await s.gw.execute(DandisetTitleDocument, { identifier: open().identifier });
    expect(codes(res)).toEqual(['ARCHIVE_RATE_LIMITED']);
    // Gives up at once rather than waiting: the 429 is the only request, and no retry was made.
    expect(s.dandi.log.entries.map((e) => e.status)).toEqual([429]);
    expect((res.extensions as any).cost.archives.dandi).toMatchObject({ requests: 1, retries: 0 });
  });
});

describe('timeouts', () => {
  it('gives ARCHIVE_TIMEOUT without hanging', async () => {
    const fast = await startGateway({ dandiApiUrl: s.dandi.apiUrl, env: { UPSTREAM_TIMEOUT_MS: '300' } });
    try {
      s.dandi.faults.queue({ kind: 'hang' });
      const started = performance.now();
      const res = await fast.execute(DandisetTitleDocument, { identifier: open().identifier });
      const elapsed = performance.now() - started;
      expect(res.data!.dandiset).toBeNull();
      expect(codes(res)).toEqual(['ARCHIVE_TIMEOUT']);
      expect(elapsed).toBeGreaterThanOrEqual(290);
      // The gateway aborted the one hung request and did not retry it.
      expect(s.dandi.log.entries.map((e) => e.fault)).toEqual(['hang']);
      expect((res.extensions as any).cost.archives.dandi).toMatchObject({ requests: 1, retries: 0 });
    } finally {
      await fast.close();
    }
  });

  it('gives ARCHIVE_UNAVAILABLE for an archive nobody listens on', async () => {
    const nowhere = await startGateway({ dandiApiUrl: 'http://127.0.0.1:9/api', env: { UPSTREAM_MAX_RETRIES: '1' } });
    try {
      const res = await nowhere.execute(DandisetTitleDocument, { identifier: '000003' });
      expect(codes(res)).toEqual(['ARCHIVE_UNAVAILABLE']);
      expect(res.status).toBe(200);
    } finally {
      await nowhere.close();
    }
  });
});

describe('embargo and credentials', () => {
  it('gives UNAUTHENTICATED anonymously, FORBIDDEN to a non-owner, data to the owner', async () => {
    const id = embargoed().identifier;
    const anonymous = await s.gw.execute(DandisetTitleDocument, { identifier: id });
    expect(anonymous.data!.dandiset).toBeNull();
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);

    const other = await s.gw.execute(
      DandisetTitleDocument,
      { identifier: id },
      { 'X-Dandi-Api-Key': DANDI_REPLICA_TOKENS.other },
    );
    expect(codes(other)).toEqual(['FORBIDDEN']);

    const owner = await s.gw.execute(
      DandisetTitleDocument,
      { identifier: id },
      { 'X-Dandi-Api-Key': DANDI_REPLICA_TOKENS.owner },
    );
    expect(owner.errors).toBeUndefined();
    expect(owner.data!.dandiset).toMatchObject({ identifier: id, embargoStatus: 'EMBARGOED' });
  });

  it('forwards the key to DANDI as `token KEY` and never reuses it for another caller', async () => {
    await s.gw.execute(
      DandisetTitleDocument,
      { identifier: open().identifier },
      { 'X-Dandi-Api-Key': DANDI_REPLICA_TOKENS.owner },
    );
    await s.gw.execute(DandisetTitleDocument, { identifier: open().identifier });
    expect(s.dandi.log.entries.map((e) => e.authorization)).toEqual([`token ${DANDI_REPLICA_TOKENS.owner}`, undefined]);
  });

  it('lists embargoed dandisets only for a caller who may see them', async () => {
    const mine = await s.gw.execute(
      DandisetPageDocument,
      { first: 100, includeEmbargoed: true, mine: true },
      { 'X-Dandi-Api-Key': DANDI_REPLICA_TOKENS.owner },
    );
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.dandisets!.edges.some((e) => e.node.embargoStatus === 'EMBARGOED')).toBe(true);
    const anonymous = await s.gw.execute(DandisetPageDocument, { first: 10, includeEmbargoed: true });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a credential header with control characters', async () => {
    const res = await s.gw.post({ query: '{ __typename }' }, { 'X-Dandi-Api-Key': 'abc def' });
    expect(res.status).toBeLessThan(500);
    expect(res.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('bad requests', () => {
  it('answers a syntax error with a GraphQL error, not a 500', async () => {
    const res = await s.gw.post({ query: '{ dandiset(identifier: "000003" { identifier }' });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].message).toMatch(/Syntax Error/);
  });

  it('answers an unknown field with a validation error', async () => {
    const res = await s.gw.post({ query: '{ dandiset(identifier: "000003") { nope } }' });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(s.dandi.log.count()).toBe(0);
  });

  it('answers a wrongly typed variable with BAD_USER_INPUT', async () => {
    const res = await s.gw.post({
      query: 'query($n: Int) { dandisets(first: $n) { totalCount } }',
      variables: { n: 'many' },
    });
    expect(res.status).toBeLessThan(500);
    expect(res.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers a body that is not JSON with 400', async () => {
    const res = await s.gw.post('{"query": ');
    expect(res.status).toBe(400);
  });
});

describe('health', () => {
  it('is live, and reports each archive in /ready', async () => {
    expect((await fetch(`${s.gw.url}/health`)).status).toBe(200);
    type Report = { ready: boolean; archives: Record<string, { ok: boolean; checkedAt: string | null }> };
    // `/ready` answers from a background probe its first call starts: ask until every archive was probed.
    const probed = async () => {
      const res = await fetch(`${s.gw.url}/ready`);
      return { status: res.status, body: (await res.json()) as Report };
    };
    await expect.poll(async () => Object.values((await probed()).body.archives).every((a) => a.checkedAt)).toBe(true);
    const { status, body } = await probed();
    expect(body.archives.dandi!.ok).toBe(true);
    // This gateway has no EEGDash or BrainSTEM to talk to; it is still ready, as DANDI answers.
    expect(body.archives.eegdash!.ok).toBe(false);
    expect(status).toBe(200);
  });

  it('answers CORS preflights for the credential headers', async () => {
    const res = await fetch(`${s.gw.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://dashboard.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-dandi-api-key',
      },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-dandi-api-key');
  });
});

describe('query limits', () => {
  it('refuses a document nested deeper than the limit before anything runs', async () => {
    let selection = 'identifier';
    for (let i = 0; i < 8; i++) selection = `draftVersion { dandiset { ${selection} } }`;
    const res = await s.gw.post({ query: `{ dandiset(identifier: "000003") { ${selection} } }` });
    expect(res.status).toBeLessThan(500);
    expect(res.json.data ?? null).toBeNull();
    expect(res.json.errors[0].message).toMatch(/depth/i);
    expect(res.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(s.dandi.log.count()).toBe(0);
  });

  it('refuses too many aliases', async () => {
    const fields = Array.from({ length: 31 }, (_, i) => `a${i}: dandiset(identifier: "000003") { identifier }`).join(
      ' ',
    );
    const res = await s.gw.post({ query: `{ ${fields} }` });
    expect(res.status).toBeLessThan(500);
    expect(res.json.data ?? null).toBeNull();
    expect(res.json.errors[0].message).toMatch(/aliases limit of 30/i);
    expect(res.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(s.dandi.log.count()).toBe(0);
  });
});
