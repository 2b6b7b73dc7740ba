/**
 * Input bounds for DANDI, through the gateway over real sockets: `search`, `path` and `glob`
 * past the lookup bound (DANDI's own 1024 for `search`) or too long for the request URL once
 * encoded are refused with BAD_USER_INPUT before anything is sent; a refused identifier is
 * quoted by its start only; an archive's own 414 or 431 is BAD_USER_INPUT, its status kept.
 */
import { describe, expect, it } from 'vitest';
import { assetQuery, dandisetQuery } from '../../datasources/dandi-params.ts';
import { MAX_LOOKUP_LENGTH, MAX_QUERY_LENGTH } from '../../datasources/input-bounds.ts';
import { DandisetPageDocument, DandisetTitleDocument, VersionAssetsDocument } from '../gql/graphql.ts';
import { useDandiStack } from '../support/dandi.ts';
import { errorCodes } from '../support/gateway.ts';
import { expectNothingSent } from '../support/nothing-sent.ts';

const s = useDandiStack();

const nothingSent = (...results: { extensions?: unknown }[]) => expectNothingSent('dandi', s.dandi.log, ...results);

const openDandiset = () => s.dandi.store.dandisets!.find((d) => d.embargoStatus === 'OPEN')!;

describe('search text', () => {
  it(`refuses a search longer than DANDI's own ${MAX_LOOKUP_LENGTH} characters, sending nothing`, async () => {
    const res = await s.gw.execute(DandisetPageDocument, { first: 5, search: 's'.repeat(MAX_LOOKUP_LENGTH + 1) });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    // The resolver names the argument; the datasource would refuse it as well (`field: search`).
    expect(res.errors?.[0]?.extensions).toMatchObject({ archive: 'dandi', argument: 'search' });
    expect(res.data).toEqual({ dandisets: null });
    nothingSent(res);
  });

  it('refuses a search within the bound that would still be too long once encoded', async () => {
    // 1000 CJK characters are 9000 characters of query string.
    const res = await s.gw.execute(DandisetPageDocument, { first: 5, search: '脑'.repeat(1_000) });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'search',
      maximumLength: MAX_QUERY_LENGTH,
    });
    nothingSent(res);
    const fits = await s.gw.execute(DandisetPageDocument, { first: 5, search: '脑'.repeat(100) });
    expect(fits.errors).toBeUndefined();
    expect(s.dandi.log.count()).toBeGreaterThan(0);
  });
});

describe('the datasource on its own', () => {
  it("refuses over-long text parameters in the archive's terms", () => {
    expect(() => dandisetQuery({ search: 'x'.repeat(MAX_LOOKUP_LENGTH + 1) })).toThrow(
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        details: { field: 'search', maximumLength: MAX_LOOKUP_LENGTH },
      }),
    );
    expect(() => assetQuery({ glob: `*${'g'.repeat(MAX_LOOKUP_LENGTH)}` })).toThrow(
      expect.objectContaining({ details: { field: 'glob', maximumLength: MAX_LOOKUP_LENGTH } }),
    );
    expect(dandisetQuery({ search: 'mouse', mine: true })).toEqual(
      expect.objectContaining({ search: 'mouse', user: 'me' }),
    );
  });
});

describe('asset path and glob', () => {
  it.each(['path', 'glob'] as const)('refuses a %s past the lookup bound', async (field) => {
    const res = await s.gw.execute(VersionAssetsDocument, {
      identifier: openDandiset().identifier,
      version: 'draft',
      first: 5,
      [field]: `sub-${'p'.repeat(MAX_LOOKUP_LENGTH)}`,
    });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions).toMatchObject({ archive: 'dandi', field, maximumLength: MAX_LOOKUP_LENGTH });
    nothingSent(res);
  });
});

describe('identifiers', () => {
  it('quotes only the start of a 100 KB identifier it refuses', async () => {
    const res = await s.gw.execute(DandisetTitleDocument, { identifier: '9'.repeat(100_000) });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'identifier' });
    expect(res.errors?.[0]?.message.length).toBeLessThan(200);
    nothingSent(res);
  });
});

describe('an archive refusing a request as too large', () => {
  it.each([414, 431])('maps %i to BAD_USER_INPUT, keeps the status, does not retry', async (status) => {
    s.dandi.faults.queue({ kind: 'status', status, pathIncludes: '/dandisets/' });
    const res = await s.gw.execute(DandisetPageDocument, { first: 5, search: 'mouse' });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions).toMatchObject({ archive: 'dandi', status });
    expect(res.errors?.[0]?.message).toMatch(new RegExp(`too large for the archive \\(HTTP ${status}`));
    expect(s.dandi.log.count()).toBe(1);
  });
});
