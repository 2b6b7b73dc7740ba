/**
 * Refs, not fetches: a DANDI root or parent field returns a key, and the archive is asked only
 * for what a selected field needs. Request counts come from the replica's request log; a missing
 * or embargoed dandiset still ends in null plus a coded error at the first field that needed it.
 */
import { describe, expect, it } from 'vitest';
import { DANDI_REPLICA_TOKENS } from '../../replicas/dandi/server.ts';
import { useDandiStack } from '../support/dandi.ts';
import { errorCodes } from '../support/gateway.ts';

const s = useDandiStack();

const open = () => s.dandi.store.dandisets.filter((d) => d.embargoStatus === 'OPEN');
const withAssets = () => open().find((d) => s.dandi.store.draft(d).assetCount >= 60)!;
const embargoed = () => s.dandi.store.dandisets.find((d) => d.embargoStatus === 'EMBARGOED')!;
const globalId = (type: string, key: string) => Buffer.from(`${type}:${key}`).toString('base64');

const DRAFT_ASSETS = `query($id: String!) {
  dandiset(identifier: $id) { identifier draftVersion { assets(first: 50) { edges { node { assetId path size } } } } }
}`;

describe('root and parent fields are refs', () => {
  it('answers `dandiset(identifier:) { identifier url }` without asking DANDI', async () => {
    const d = open()[0]!;
    const res = await s.gw.post({ query: '{ dandiset(identifier: "000003") { identifier url } }' });
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data.dandiset).toEqual({ identifier: '000003', url: 'https://dandiarchive.org/dandiset/000003' });
    const v = await s.gw.post({
      query: `{ dandiset(identifier: "${d.identifier}") { draftVersion { version isDraft url dandiset { identifier } } } }`,
    });
    expect(v.json.data.dandiset.draftVersion).toEqual({
      version: 'draft',
      isDraft: true,
      url: `https://dandiarchive.org/dandiset/${d.identifier}/draft`,
      dandiset: { identifier: d.identifier },
    });
    expect(s.dandi.log.count()).toBe(0);
  });

  it('lists the draft of `dandiset(identifier:)` in exactly one request', async () => {
    const d = withAssets();
    const res = await s.gw.post({ query: DRAFT_ASSETS, variables: { id: d.identifier } });
    expect(res.json.errors).toBeUndefined();
    const paths = res.json.data.dandiset.draftVersion.assets.edges.map((e: any) => e.node.path);
    expect(paths).toEqual(
      s.dandi.store
        .assetsOf(d.identifier)
        .slice(0, 50)
        .map((a) => a.path),
    );
    expect(s.dandi.log.entries.map((e) => e.path)).toEqual([`/api/dandisets/${d.identifier}/versions/draft/assets/`]);
  });

  it('lists the assets of `node(id: <Version>)` in exactly one request', async () => {
    const d = withAssets();
    const res = await s.gw.post({
      query:
        'query($id: ID!) { node(id: $id) { id ... on Version { assets(first: 50) { edges { node { assetId } } } } } }',
      variables: { id: globalId('Version', `${d.identifier}/draft`) },
    });
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data.node.assets.edges).toHaveLength(50);
    expect(s.dandi.log.entries.map((e) => e.path)).toEqual([`/api/dandisets/${d.identifier}/versions/draft/assets/`]);
  });

  it('lists the files of `version(version:)` without fetching the version or the dandiset', async () => {
    const d = withAssets();
    const res = await s.gw.post({
      query: `{ dandiset(identifier: "${d.identifier}") { version(version: "draft") {
        assets(first: 2) { edges { node { assetId } } } paths { path } } } }`,
    });
    expect(res.json.errors).toBeUndefined();
    expect(s.dandi.log.entries.map((e) => e.path).sort()).toEqual([
      `/api/dandisets/${d.identifier}/versions/draft/assets/`,
      `/api/dandisets/${d.identifier}/versions/draft/assets/paths/`,
    ]);
  });

  it("reads the draft's summary from the dandiset detail when the metadata is not needed", async () => {
    const d = open()[0]!;
    const res = await s.gw.post({
      query: `{ dandiset(identifier: "${d.identifier}") { embargoStatus draftVersion { name assetCount status } } }`,
    });
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data.dandiset.draftVersion).toMatchObject({
      name: s.dandi.store.draft(d).name,
      assetCount: s.dandi.store.draft(d).assetCount,
    });
    expect(s.dandi.log.entries.map((e) => e.path)).toEqual([`/api/dandisets/${d.identifier}/`]);
  });

  it('answers `asset(id:)` and `zarr(id:)` keys without a request, and loads them for other fields', async () => {
    const asset = s.dandi.store.assetsOf(open()[0]!.identifier)[0]!;
    const zarrId = open()
      .flatMap((d) => s.dandi.store.assetsOf(d.identifier))
      .find((a) => a.zarrId)!.zarrId!;
    const keys = await s.gw.post({
      query: `{ asset(id: "${asset.assetId}") { assetId dandiset { identifier } } zarr(id: "${zarrId}") { zarrId } }`,
    });
    expect(keys.json.data).toEqual({ asset: { assetId: asset.assetId, dandiset: null }, zarr: { zarrId } });
    expect(s.dandi.log.count()).toBe(0);
    const full = await s.gw.post({ query: `{ asset(id: "${asset.assetId}") { path } }` });
    expect(full.json.data.asset.path).toBe(asset.path);
    expect(s.dandi.log.entries.map((e) => e.path)).toEqual([`/api/assets/${asset.assetId}/info/`]);
  });
});

describe('a missing or hidden dandiset, found by the first field that needs it', () => {
  it('is NOT_FOUND at the asset list when only the list was asked for', async () => {
    const res = await s.gw.post({ query: DRAFT_ASSETS, variables: { id: '999999' } });
    expect(res.json.data.dandiset).toEqual({ identifier: '999999', draftVersion: { assets: null } });
    expect(errorCodes(res.json)).toEqual(['NOT_FOUND']);
    expect(res.json.errors[0]).toMatchObject({
      path: ['dandiset', 'draftVersion', 'assets'],
      extensions: { archive: 'dandi', status: 404 },
    });
    expect(s.dandi.log.entries.map((e) => [e.path, e.status])).toEqual([
      ['/api/dandisets/999999/versions/draft/assets/', 404],
    ]);
  });

  it('makes the dandiset null when a field of its detail was asked for', async () => {
    const res = await s.gw.post({ query: '{ dandiset(identifier: "999999") { created } }' });
    expect(res.json.data.dandiset).toBeNull();
    expect(errorCodes(res.json)).toEqual(['NOT_FOUND']);
    expect(res.json.errors[0].path).toEqual(['dandiset', 'created']);
    expect(s.dandi.log.count()).toBe(1);
  });

  it('keeps embargo answers: UNAUTHENTICATED, FORBIDDEN, or the assets for the owner', async () => {
    const id = embargoed().identifier;
    const anonymous = await s.gw.post({ query: DRAFT_ASSETS, variables: { id } });
    expect(anonymous.json.data.dandiset.draftVersion.assets).toBeNull();
    expect(errorCodes(anonymous.json)).toEqual(['UNAUTHENTICATED']);
    const other = await s.gw.post(
      { query: DRAFT_ASSETS, variables: { id } },
      { 'X-Dandi-Api-Key': DANDI_REPLICA_TOKENS.other },
    );
    expect(errorCodes(other.json)).toEqual(['FORBIDDEN']);
    const owner = await s.gw.post(
      { query: DRAFT_ASSETS, variables: { id } },
      { 'X-Dandi-Api-Key': DANDI_REPLICA_TOKENS.owner },
    );
    expect(owner.json.errors).toBeUndefined();
    expect(owner.json.data.dandiset.draftVersion.assets).not.toBeNull();
    expect(s.dandi.log.count('/assets/')).toBe(3);
  });

  it('leaves a missing version null with NOT_FOUND at the first field that reads it', async () => {
    const d = open()[0]!;
    const res = await s.gw.post({
      query: `{ dandiset(identifier: "${d.identifier}") { identifier version(version: "0.999999.9999") { name } } }`,
    });
    expect(res.json.data.dandiset).toEqual({ identifier: d.identifier, version: null });
    expect(errorCodes(res.json)).toEqual(['NOT_FOUND']);
  });
});

describe('ids are checked before anything is sent', () => {
  it.each([
    ['{ dandiset(identifier: "27") { identifier } }', 'identifier'],
    ['{ dandiset(identifier: "000027") { version(version: "latest") { version } } }', 'version'],
    ['{ asset(id: "not-a-uuid") { assetId } }', 'id'],
    ['{ zarr(id: "ZARR") { zarrId } }', 'id'],
  ])('%s → BAD_USER_INPUT naming the argument', async (query, argument) => {
    const res = await s.gw.post({ query });
    expect(errorCodes(res.json)).toEqual(['BAD_USER_INPUT']);
    expect(res.json.errors[0].extensions).toMatchObject({ archive: 'dandi', argument });
    expect(s.dandi.log.count()).toBe(0);
  });

  it('refuses a malformed compound global ID', async () => {
    for (const key of ['000027', '000027/latest', 'x/draft']) {
      const res = await s.gw.post({
        query: 'query($id: ID!) { node(id: $id) { id } }',
        variables: { id: globalId('Version', key) },
      });
      expect(errorCodes(res.json)).toEqual(['BAD_USER_INPUT']);
    }
    const asset = await s.gw.post({
      query: 'query($id: ID!) { node(id: $id) { id } }',
      variables: { id: globalId('Asset', '000027/draft/nope') },
    });
    expect(errorCodes(asset.json)).toEqual(['BAD_USER_INPUT']);
    expect(s.dandi.log.count()).toBe(0);
  });
});
