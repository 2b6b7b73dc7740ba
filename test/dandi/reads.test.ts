/**
 * The DANDI side of the gateway over real HTTP against the DANDI replica: what users see, and
 * how many upstream requests each query costs (from the replica's request log).
 */
import { describe, expect, it } from 'vitest';
import {
  AssetByIdDocument,
  AssetByPathDocument,
  AssetsWithDandisetsDocument,
  DandisetDetailDocument,
  DandisetIdentifiersDocument,
  DandisetPageDocument,
  NodeByIdDocument,
  VersionAssetsDocument,
  VersionAssetsWithMetadataDocument,
  VersionPathsDocument,
  ZarrEntriesDocument,
} from '../gql/graphql.ts';
import { useDandiStack } from '../support/dandi.ts';
import { errorCodes } from '../support/gateway.ts';

const s = useDandiStack();

const openDandisets = () => s.dandi.store.dandisets!.filter((d) => d.embargoStatus === 'OPEN');
const bigDandiset = () =>
  s.dandi.store.dandisets!.find((d) => d.embargoStatus === 'OPEN' && s.dandi.store.draft(d).assetCount > 2000)!;

describe('dandisets', () => {
  it('pages through every open dandiset, one upstream request per page', async () => {
    const seen: string[] = [];
    let after: string | null | undefined;
    let pages = 0;
    do {
      const res = await s.gw.execute(DandisetIdentifiersDocument, { first: 100, after });
      expect(res.errors).toBeUndefined();
      const conn = res.data!.dandisets!;
      seen.push(...conn.edges.map((e) => e.node.identifier));
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
      pages++;
    } while (after);
    const expected = openDandisets().map((d) => d.identifier);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 100));
    expect(s.dandi.log.count('/api/dandisets/')).toBe(pages);
  });

  it('passes search, ordering and totalCount through', async () => {
    const res = await s.gw.execute(DandisetPageDocument, { first: 5, orderBy: 'ID_DESC' });
    const ids = res.data!.dandisets!.edges.map((e) => e.node.identifier);
    expect(ids).toEqual(
      openDandisets()
        .map((d) => d.identifier)
        .reverse()
        .slice(0, 5),
    );
    expect(res.data!.dandisets!.totalCount).toBe(openDandisets().length);
    const entry = s.dandi.log.entries[0]!;
    expect(entry.query.get('ordering')).toBe('-id');
    expect(entry.query.get('page_size')).toBe('5');

    const target = openDandisets()[10]!;
    const found = await s.gw.execute(DandisetPageDocument, { first: 10, search: target.identifier });
    expect(found.data!.dandisets!.edges.map((e) => e.node.identifier)).toContain(target.identifier);
  });

  it('returns a dandiset with its versions and typed metadata', async () => {
    const d = s.dandi.store.dandisets!.find((x) => x.embargoStatus === 'OPEN' && s.dandi.store.latestPublished(x))!;
    const res = await s.gw.execute(DandisetDetailDocument, { identifier: d.identifier });
    expect(res.errors).toBeUndefined();
    const ds = res.data!.dandiset!;
    expect(ds.identifier).toBe(d.identifier);
    expect(ds.draftVersion!.name).toBe(s.dandi.store.draft(d).name);
    expect(ds.draftVersion!.assetCount).toBe(s.dandi.store.draft(d).assetCount);
    expect(ds.draftVersion!.contributors.some((c) => c.isContactPerson)).toBe(true);
    expect(ds.draftVersion!.license.length).toBeGreaterThan(0);
    expect(ds.draftVersion!.assetsSummary?.numberOfFiles).toBeGreaterThan(0);
    expect(ds.mostRecentPublishedVersion!.version).toBe(s.dandi.store.latestPublished(d)!.version);
    expect(ds.mostRecentPublishedVersion!.doi).toBe(
      `10.48324/dandi.${d.identifier}/${ds.mostRecentPublishedVersion!.version}`,
    );
    expect(ds.versions!.map((v) => v.version)).toEqual(s.dandi.store.versionsOf(d.identifier).map((v) => v.version));
    // detail + draft info + published info + versions list: independent calls, each once.
    expect(s.dandi.log.count()).toBe(4);
  });

  it('gives null and NOT_FOUND for a missing dandiset', async () => {
    const res = await s.gw.execute(DandisetDetailDocument, { identifier: '999999' });
    expect(res.data!.dandiset).toBeNull();
    // The detail, the draft's info and the version list are asked for together (a ref fetches
    // nothing by itself), so each field that needed one of them reports its own NOT_FOUND.
    expect(new Set(errorCodes(res))).toEqual(new Set(['NOT_FOUND']));
    for (const e of res.errors!) expect(e.extensions).toMatchObject({ archive: 'dandi', status: 404 });
  });

  it('refuses a malformed identifier before any upstream request', async () => {
    const res = await s.gw.execute(DandisetDetailDocument, { identifier: '12' });
    expect(res.data!.dandiset).toBeNull();
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(s.dandi.log.count()).toBe(0);
  });

  it('refuses a page size over the maximum with BAD_USER_INPUT', async () => {
    const res = await s.gw.execute(DandisetPageDocument, { first: 5000 });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions).toMatchObject({ argument: 'first', maximum: 1000 });
    expect(s.dandi.log.count()).toBe(0);
  });
});

describe('assets', () => {
  it('pages across several upstream pages with exact cursors', async () => {
    const d = bigDandiset();
    const expected = s.dandi.store.assetsOf(d.identifier).map((a) => a.assetId);
    const seen: string[] = [];
    let after: string | null | undefined;
    do {
      const res = await s.gw.execute(VersionAssetsDocument, {
        identifier: d.identifier,
        version: 'draft',
        first: 1000,
        after,
      });
      expect(res.errors).toBeUndefined();
      const conn = res.data!.dandiset!.version!.assets!;
      if (!after) expect(conn.totalCount).toBe(expected.length);
      seen.push(...conn.edges.map((e) => e.node.assetId));
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(expected);
  });

  it('serves an unaligned window from a single upstream page', async () => {
    const d = bigDandiset();
    const head = await s.gw.execute(VersionAssetsDocument, { identifier: d.identifier, version: 'draft', first: 30 });
    const after = head.data!.dandiset!.version!.assets!.pageInfo.endCursor;
    s.dandi.log.clear();
    const res = await s.gw.execute(VersionAssetsDocument, {
      identifier: d.identifier,
      version: 'draft',
      first: 20,
      after,
    });
    expect(res.data!.dandiset!.version!.assets!.edges).toHaveLength(20);
    expect(res.data!.dandiset!.version!.assets!.totalCount).toBe(s.dandi.store.draft(d).assetCount);
    // One request for the rows; DANDI sends the count only with page 1, so `totalCount` costs one
    // more (a one-row page 1).
    // Rows 30..49 fit one page of 25 (page 2), so no second page is needed.
    const listings = s.dandi.log
      .filter('/assets/')
      .map((e) => `${e.query.get('page') ?? '1'}x${e.query.get('page_size')}`);
    expect(listings.sort()).toEqual(['1x1', '2x25']);
  });

  it('filters by path prefix and glob, and orders by path', async () => {
    const d = bigDandiset();
    const first = s.dandi.store.assetsOf(d.identifier).find((a) => a.path.startsWith('sub-'))!;
    const prefix = first.path.slice(0, first.path.indexOf('/') + 1);
    const res = await s.gw.execute(VersionAssetsDocument, {
      identifier: d.identifier,
      version: 'draft',
      first: 50,
      path: prefix,
      orderBy: 'PATH',
    });
    const paths = res.data!.dandiset!.version!.assets!.edges.map((e) => e.node.path);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((p) => p.startsWith(prefix))).toBe(true);
    expect([...paths].sort()).toEqual(paths);
    const glob = await s.gw.execute(VersionAssetsDocument, {
      identifier: d.identifier,
      version: 'draft',
      first: 10,
      glob: '*.nwb',
    });
    expect(glob.data!.dandiset!.version!.assets!.edges.every((e) => e.node.path.endsWith('.nwb'))).toBe(true);
  });

  it('asks for metadata inline only when the query selects metadata fields', async () => {
    const d = bigDandiset();
    const brief = await s.gw.execute(VersionAssetsDocument, { identifier: d.identifier, version: 'draft', first: 25 });
    expect(brief.errors).toBeUndefined();
    expect(s.dandi.log.filter('/assets/').every((e) => !e.query.has('metadata'))).toBe(true);
    s.dandi.log.clear();
    const rich = await s.gw.execute(VersionAssetsWithMetadataDocument, { identifier: d.identifier, first: 25 });
    expect(rich.errors).toBeUndefined();
    const nodes = rich.data!.dandiset!.draftVersion!.assets!.edges.map((e) => e.node);
    expect(nodes).toHaveLength(25);
    const nwb = nodes.find((n) => n.encodingFormat === 'application/x-nwb')!;
    expect(nwb.subjects[0]?.species?.name).toBeTruthy();
    expect(nwb.digests.map((x) => x.algorithm)).toContain('dandi:dandi-etag');
    expect(nwb.downloadUrl).toBe(
      `${s.dandi.apiUrl}/dandisets/${d.identifier}/versions/draft/assets/${nwb.assetId}/download/`,
    );
    // One asset page with every document: no dandiset detail first, and not 25 more requests.
    expect(s.dandi.log.count()).toBe(1);
    expect(s.dandi.log.filter('/assets/')[0]!.query.get('metadata')).toBe('true');
  });

  it('fetches 50 assets with their dandisets in no more requests than distinct keys', async () => {
    const chosen = openDandisets()
      .filter((d) => s.dandi.store.draft(d).assetCount >= 10)
      .slice(0, 5);
    const ids: string[] = [];
    for (const d of chosen) {
      const res = await s.gw.execute(VersionAssetsDocument, { identifier: d.identifier, version: 'draft', first: 10 });
      ids.push(...res.data!.dandiset!.version!.assets!.edges.map((e) => e.node.id));
    }
    expect(ids).toHaveLength(50);
    s.dandi.log.clear();
    const res = await s.gw.execute(AssetsWithDandisetsDocument, { ids: [...ids, ids[0]!, ids[1]!] });
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.nodes!;
    expect(nodes).toHaveLength(52);
    for (const [i, d] of chosen.entries()) {
      for (const n of nodes.slice(i * 10, i * 10 + 10)) {
        expect(n).toMatchObject({
          __typename: 'Asset',
          dandiset: { identifier: d.identifier, contactPerson: expect.any(String) },
        });
      }
    }
    const distinctKeys = 50 + chosen.length;
    expect(s.dandi.log.count()).toBeLessThanOrEqual(distinctKeys);
    expect(s.dandi.log.count('/api/assets/')).toBe(50);
    expect(s.dandi.log.count(/^\/api\/dandisets\/\d{6}\/$/)).toBe(chosen.length);
    expect((res.extensions as any).cost.archives.dandi.servedByLoaders).toBeGreaterThanOrEqual(2);
  });

  it('finds an asset by exact path, and null for a prefix that is not a file', async () => {
    const d = bigDandiset();
    const asset = s.dandi.store.assetsOf(d.identifier).find((a) => a.path.includes('/'))!;
    const hit = await s.gw.execute(AssetByPathDocument, { identifier: d.identifier, path: asset.path });
    expect(hit.data!.dandiset!.draftVersion!.assetByPath).toEqual({ assetId: asset.assetId, path: asset.path });
    const miss = await s.gw.execute(AssetByPathDocument, { identifier: d.identifier, path: asset.path.slice(0, 5) });
    expect(miss.data!.dandiset!.draftVersion!.assetByPath).toBeNull();
  });

  it('lists a directory level, every page', async () => {
    const d = bigDandiset();
    const res = await s.gw.execute(VersionPathsDocument, { identifier: d.identifier, prefix: '' });
    expect(res.errors).toBeUndefined();
    const root = res.data!.dandiset!.draftVersion!.paths!;
    const total = root.reduce((n, p) => n + p.fileCount, 0);
    expect(total).toBe(s.dandi.store.draft(d).assetCount);
    expect(root.some((p) => p.isFolder)).toBe(true);
  });

  it('looks an asset up by id, and lists Zarr entries with the after cursor', async () => {
    const zarrAsset = s.dandi.store.dandisets
      .filter((d) => d.embargoStatus === 'OPEN')
      .flatMap((d) => s.dandi.store.assetsOf(d.identifier))
      .find((a) => a.zarrId)!;
    const byId = await s.gw.execute(AssetByIdDocument, { id: zarrAsset.assetId });
    expect(byId.data!.asset).toMatchObject({ assetId: zarrAsset.assetId, isZarr: true, dandiset: null });

    const zarr = s.dandi.store.zarr(zarrAsset.zarrId!)!;
    const keys: string[] = [];
    let after: string | null | undefined;
    s.dandi.log.clear();
    do {
      const res = await s.gw.execute(ZarrEntriesDocument, { id: zarrAsset.assetId, first: 1000, after });
      expect(res.errors).toBeUndefined();
      const conn = res.data!.asset!.zarrEntries!;
      keys.push(...conn.edges.map((e) => e.node.key));
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
    } while (after);
    expect(keys).toEqual(zarr.entries.map((e) => e.key));
    expect(s.dandi.log.count('/files/')).toBe(Math.max(1, Math.ceil(zarr.entries.length / 1000)));
  });
});

describe('node', () => {
  it('resolves every DANDI type from its global ID', async () => {
    const d = bigDandiset();
    const detail = await s.gw.execute(DandisetDetailDocument, { identifier: d.identifier });
    const asset = await s.gw.execute(VersionAssetsDocument, { identifier: d.identifier, version: 'draft', first: 1 });
    const ids = [
      detail.data!.dandiset!.id,
      detail.data!.dandiset!.draftVersion!.id,
      asset.data!.dandiset!.version!.assets!.edges[0]!.node.id,
    ];
    const types = [];
    for (const id of ids) {
      const res = await s.gw.execute(NodeByIdDocument, { id });
      expect(res.errors).toBeUndefined();
      expect(res.data!.node!.id).toBe(id);
      types.push(res.data!.node!.__typename);
    }
    expect(types).toEqual(['Dandiset', 'Version', 'Asset']);
  });

  it('rejects a global ID that is not one', async () => {
    const res = await s.gw.execute(NodeByIdDocument, { id: 'not-a-global-id' });
    expect(res.data?.node ?? null).toBeNull();
    expect(res.errors?.length).toBe(1);
    expect(res.status).toBeLessThan(500);
  });
});
