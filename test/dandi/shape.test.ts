/**
 * Valid JSON of the wrong shape from DANDI, over real sockets (the replica's `body` fault answers
 * 200 with the given JSON): every body the gateway reads is checked where it arrives, and a bad
 * one is ARCHIVE_BAD_RESPONSE naming the archive and the key — never INTERNAL_SERVER_ERROR, an
 * empty list, or rows built from a string's characters.
 */
import { describe, expect, it } from 'vitest';
import { DandiDataSource } from '../../datasources/dandi.ts';
import { UpstreamStats } from '../../src/http/stats.ts';
import { useDandiStack } from '../support/dandi.ts';
import { errorCodes } from '../support/gateway.ts';

const s = useDandiStack();

const open = () => s.dandi.store.dandisets.filter((d) => d.embargoStatus === 'OPEN');
const withZarr = () =>
  open()
    .flatMap((d) => s.dandi.store.assetsOf(d.identifier))
    .find((a) => a.zarrId)!;

/** Sends `query` with `body` served for the first request whose path contains `pathIncludes`. */
async function withBody(query: string, body: unknown, pathIncludes?: string) {
  s.dandi.faults.queue({ kind: 'body', body, pathIncludes });
  const res = await s.gw.post({ query });
  expect(res.status).toBe(200);
  return res.json;
}

/** The one error of a response: ARCHIVE_BAD_RESPONSE from DANDI, naming `key`. */
function expectBadShape(json: any, key: string) {
  expect(errorCodes(json)).toEqual(['ARCHIVE_BAD_RESPONSE']);
  expect(json.errors[0].extensions).toMatchObject({ code: 'ARCHIVE_BAD_RESPONSE', archive: 'dandi', key });
  expect(json.errors[0].message).toContain(`"${key}"`);
}

const DANDISETS = '{ dandisets(first: 3) { totalCount edges { node { identifier } } } }';

describe('list bodies', () => {
  it.each([
    ['`results` missing', { count: 3, next: null }, 'results'],
    ['`results` a string', { count: 3, next: null, results: 'oops' }, 'results'],
    ['`results` of strings', { count: 3, next: null, results: ['000001', '000002'] }, 'results[]'],
    ['`count` a string', { count: 'many', next: null, results: [] }, 'count'],
    ['`next` a number', { count: 0, next: 2, results: [] }, 'next'],
    ['a row without `identifier`', { count: 1, next: null, results: [{ created: 'x' }] }, 'results[].identifier'],
  ])('dandisets: %s → ARCHIVE_BAD_RESPONSE', async (_, body, key) => {
    const json = await withBody(DANDISETS, body);
    expect(json.data).toEqual({ dandisets: null });
    expectBadShape(json, key);
    expect(s.dandi.log.count()).toBe(1); // a wrong shape is not retried
  });

  it('checks asset pages, directory pages, version lists and zarr listings', async () => {
    const d = open().find((x) => s.dandi.store.draft(x).assetCount > 0)!;
    const assets = await withBody(
      `{ dandiset(identifier: "${d.identifier}") { draftVersion { assets(first: 2) { edges { node { path } } } } } }`,
      { count: 1, next: null, results: [{ asset_id: 'a', path: 'p', size: '12' }] },
    );
    expect(assets.data.dandiset.draftVersion.assets).toBeNull();
    expectBadShape(assets, 'results[].blob');

    const paths = await withBody(`{ dandiset(identifier: "${d.identifier}") { draftVersion { paths { path } } } }`, {
      count: 1,
      next: null,
      results: [{ aggregate_files: 1 }],
    });
    expect(paths.data.dandiset.draftVersion.paths).toBeNull();
    expectBadShape(paths, 'results[].path');

    const versions = await withBody(`{ dandiset(identifier: "${d.identifier}") { versions { version } } }`, {
      count: 1,
      next: null,
      results: 'draft',
    });
    expect(versions.data.dandiset.versions).toBeNull();
    expectBadShape(versions, 'results');

    const asset = withZarr();
    const files = await withBody(
      `{ asset(id: "${asset.assetId}") { zarrEntries(first: 5) { edges { node { key } } } } }`,
      { next: null, results: [{ Key: 7 }] },
      '/files/',
    );
    expect(files.data.asset.zarrEntries).toBeNull();
    expectBadShape(files, 'results[].Key');
  });
});

describe('detail bodies', () => {
  it.each([
    ['a list', [1, 2], 'body'],
    ['a string', 'oops', 'body'],
    ['null', null, 'body'],
    [
      'missing `embargo_status`',
      { identifier: '000003', created: 'c', modified: 'm', contact_person: '' },
      'embargo_status',
    ],
  ])('dandiset detail %s → ARCHIVE_BAD_RESPONSE', async (_, body, key) => {
    const d = open()[0]!;
    const json = await withBody(`{ dandiset(identifier: "${d.identifier}") { identifier created } }`, body);
    expect(json.data).toEqual({ dandiset: null });
    expectBadShape(json, key);
  });

  it('checks the nested version summaries of a detail', async () => {
    const d = open()[0]!;
    const detail = {
      identifier: d.identifier,
      created: 'c',
      modified: 'm',
      contact_person: '',
      embargo_status: 'OPEN',
      most_recent_published_version: null,
      draft_version: { version: 'draft', name: 5 },
    };
    const json = await withBody(`{ dandiset(identifier: "${d.identifier}") { created } }`, detail);
    expectBadShape(json, 'draft_version.name');
  });

  it('checks version info, asset info and zarr bodies', async () => {
    const d = open()[0]!;
    const info = await withBody(`{ dandiset(identifier: "${d.identifier}") { draftVersion { description } } }`, {
      version: 'draft',
      name: 'n',
      asset_count: 0,
      size: 0,
      status: 'Valid',
      created: 'c',
      modified: 'm',
      metadata: 'none',
    });
    expect(info.data.dandiset.draftVersion).toEqual({ description: null });
    expectBadShape(info, 'metadata');

    const asset = withZarr();
    const assetInfo = await withBody(`{ asset(id: "${asset.assetId}") { path } }`, ['not', 'an', 'asset']);
    expect(assetInfo.data.asset).toBeNull();
    expectBadShape(assetInfo, 'body');

    const zarr = await withBody(`{ zarr(id: "${asset.zarrId}") { name fileCount } }`, {
      zarr_id: asset.zarrId,
      name: 'z',
      dandiset: d.identifier,
      status: 'Complete',
      checksum: null,
      file_count: -1,
      size: 0,
    });
    expect(zarr.data.zarr).toBeNull();
    expectBadShape(zarr, 'file_count');
  });

  it('checks `/info/`', async () => {
    // A datasource per request, as the gateway makes them (each asks a URL once).
    const dandi = () => new DandiDataSource(s.gw.gateway.upstreams.dandi, {}, new UpstreamStats());
    expect((await dandi().info()).schema_version).toBeTruthy();
    s.dandi.faults.queue({ kind: 'body', body: { version: '1.0.0', schema_version: ['0.7.0'] } });
    await expect(dandi().info()).rejects.toMatchObject({
      code: 'ARCHIVE_BAD_RESPONSE',
      details: { key: 'schema_version' },
    });
  });
});
