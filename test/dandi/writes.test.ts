/**
 * DANDI writes through the gateway, over real sockets against the replica: the curator's round
 * trip (create → upload → metadata → validation errors → fix → publish → the published version
 * read back), every other write, and refusals — UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT —
 * that leave nothing half-made, with the upstream requests each costs.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DANDI_REPLICA_TOKENS } from '../../replicas/dandi/server.ts';
import {
  DandiCreateDandisetDocument,
  DandiDeleteAssetDocument,
  DandiDeleteDandisetDocument,
  DandiDeleteZarrFilesDocument,
  DandiDraftStateDocument,
  DandiPublishDocument,
  DandiPublishedVersionDocument,
  DandiRenameAssetDocument,
  DandiSetOwnersDocument,
  DandiStarDocument,
  DandiUnembargoDocument,
  DandiUnstarDocument,
  DandiUpdateAssetMetadataDocument,
  DandiUpdateMetadataDocument,
  DandiUploadAssetDocument,
} from '../gql/graphql.ts';
import { startDandiReplica } from '../../replicas/dandi/server.ts';
import { useDandiStack } from '../support/dandi.ts';
import { errorCodes, useReplicaStack } from '../support/gateway.ts';
import { nwbLike, OTHER, OWNER, referenceEtag, sendUpload } from './multipart.ts';

const s = useDandiStack();

const CONTACT = {
  name: 'Doe, Jane',
  email: 'jane.doe@example.org',
  roleNames: ['dcite:ContactPerson', 'dcite:Author'],
};

async function create(name = 'Curation test', headers: Record<string, string> = OWNER, embargo = false) {
  const res = await s.gw.execute(DandiCreateDandisetDocument, { input: { name, embargo } }, headers);
  expect(res.errors).toBeUndefined();
  return res.data!.createDandiset!.identifier;
}

async function upload(
  identifier: string,
  path: string,
  bytes: Uint8Array<ArrayBuffer>,
  headers: Record<string, string> = OWNER,
) {
  return sendUpload(
    s.gw.url,
    DandiUploadAssetDocument,
    { identifier, path, metadata: { encodingFormat: 'application/x-nwb' } },
    { name: path.split('/').pop()!, body: new Blob([bytes]) },
    headers,
  );
}

const draftState = async (identifier: string, headers: Record<string, string> = OWNER) =>
  (await s.gw.execute(DandiDraftStateDocument, { identifier }, headers)).data!.dandiset!;

describe("a curator's round trip", () => {
  it('creates, uploads, sees validation errors, fixes them, publishes and reads the published version back', async () => {
    // create
    const created = await s.gw.execute(
      DandiCreateDandisetDocument,
      { input: { name: 'Mouse V1 two-photon', metadata: { keywords: ['V1'] } } },
      OWNER,
    );
    expect(created.errors).toBeUndefined();
    const dandiset = created.data!.createDandiset!;
    expect(dandiset.identifier).toMatch(/^\d{6}$/);
    expect(dandiset.embargoStatus).toBe('OPEN');
    expect(dandiset.draftVersion).toMatchObject({ version: 'draft', name: 'Mouse V1 two-photon' });
    const id = dandiset.identifier;

    // upload a small NWB-like file through the gateway (multipart request)
    s.dandi.log.clear();
    s.dandi.objectStore.log.clear();
    const bytes = nwbLike(300 * 1024);
    const up = await upload(id, 'sub-01/sub-01_ses-1_ophys.nwb', bytes);
    expect(up.errors).toBeUndefined();
    const uploaded = up.data!.uploadAsset!;
    expect(uploaded).toMatchObject({ reusedBlob: false, parts: 1, size: bytes.length });
    expect(uploaded.etag).toBe(referenceEtag(bytes, 64 * 1024 * 1024));
    expect(uploaded.asset).toMatchObject({ path: 'sub-01/sub-01_ses-1_ophys.nwb', size: bytes.length });
    expect(uploaded.asset!.digests).toContainEqual({ algorithm: 'dandi:dandi-etag', value: uploaded.etag });
    // path check, initialize, complete, validate, asset: five API requests; one part PUT + the completion on the store
    expect(s.dandi.log.entries.map((e) => `${e.method} ${e.path.replace(/[0-9a-f-]{36}/, ':id')}`)).toEqual([
      `GET /api/dandisets/${id}/versions/draft/assets/`,
      'POST /api/uploads/initialize/',
      'POST /api/uploads/:id/complete/',
      'POST /api/uploads/:id/validate/',
      `POST /api/dandisets/${id}/versions/draft/assets/`,
    ]);
    expect(s.dandi.objectStore.log.entries.map((e) => e.method)).toEqual(['PUT', 'POST']);

    // metadata that DANDI finds invalid: the errors are visible on the draft
    const invalid = await s.gw.execute(
      DandiUpdateMetadataDocument,
      { identifier: id, input: { metadata: { license: [], contributors: [{ name: 'Jane Doe' }] } } },
      OWNER,
    );
    expect(invalid.errors).toBeUndefined();
    const bad = invalid.data!.updateDandisetMetadata!;
    expect(bad.status).toBe('INVALID');
    const fields = bad.validationErrors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['description', 'license', 'contributor.0.name']));
    // the current document was kept: keywords survive the change
    expect((bad.rawMetadata as { keywords?: string[] }).keywords).toEqual(['V1']);

    // publishing an invalid draft is refused, and nothing is published
    const refused = await s.gw.execute(DandiPublishDocument, { identifier: id, wait: true }, OWNER);
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
    // with the reasons, so the curator sees what to fix
    expect(refused.errors![0]!.extensions).toMatchObject({ draftStatus: 'Invalid' });
    expect((refused.errors![0]!.extensions!.validationErrors as { field: string }[]).map((e) => e.field)).toContain(
      'description',
    );
    expect((await draftState(id)).mostRecentPublishedVersion).toBeNull();

    // fixed
    const fixed = await s.gw.execute(
      DandiUpdateMetadataDocument,
      {
        identifier: id,
        input: {
          metadata: {
            description: 'Two-photon imaging of mouse V1 during a visual task.',
            license: ['spdx:CC-BY-4.0'],
            contributors: [CONTACT],
          },
        },
      },
      OWNER,
    );
    expect(fixed.errors).toBeUndefined();
    expect(fixed.data!.updateDandisetMetadata).toMatchObject({
      status: 'VALID',
      validationErrors: [],
      license: ['spdx:CC-BY-4.0'],
      contributors: [{ name: 'Doe, Jane' }],
    });

    // publish and wait for the new version
    const published = await s.gw.execute(
      DandiPublishDocument,
      { identifier: id, releaseNotes: 'First release', wait: true },
      OWNER,
    );
    expect(published.errors).toBeUndefined();
    const p = published.data!.publishDandiset!;
    expect(p.finished).toBe(true);
    expect(p.draftStatus).toBe('Published');
    const version = p.version!;
    expect(version.version).toMatch(/^0\.\d{6}\.\d{4}$/);
    expect(version.doi).toContain(`${id}/${version.version}`);
    expect(version.assets!.totalCount).toBe(1);
    expect(p.dandiset!.mostRecentPublishedVersion?.version).toBe(version.version);

    // read back as anyone would
    const read = await s.gw.execute(DandiPublishedVersionDocument, { identifier: id, version: version.version });
    expect(read.errors).toBeUndefined();
    expect(read.data!.dandiset!.version).toMatchObject({
      version: version.version,
      name: 'Mouse V1 two-photon',
      description: 'Two-photon imaging of mouse V1 during a visual task.',
      assets: { totalCount: 1, edges: [{ node: { path: 'sub-01/sub-01_ses-1_ophys.nwb', size: bytes.length } }] },
    });
    expect(read.data!.dandiset!.version!.assets!.edges[0]!.node.digests).toContainEqual({
      algorithm: 'dandi:dandi-etag',
      value: uploaded.etag,
    });

    // a published dandiset cannot be deleted
    const del = await s.gw.execute(DandiDeleteDandisetDocument, { identifier: id }, OWNER);
    expect(errorCodes(del)).toEqual(['FORBIDDEN']);
  });

  it('answers at once without `wait`, and the version appears', async () => {
    const id = await create();
    expect((await upload(id, 'sub-02/sub-02.nwb', nwbLike(2048, 2))).errors).toBeUndefined();
    await s.gw.execute(
      DandiUpdateMetadataDocument,
      {
        identifier: id,
        input: { metadata: { description: 'd', license: ['spdx:CC0-1.0'], contributors: [CONTACT] } },
      },
      OWNER,
    );
    const res = await s.gw.execute(DandiPublishDocument, { identifier: id, wait: false }, OWNER);
    expect(res.errors).toBeUndefined();
    expect(res.data!.publishDandiset).toMatchObject({ finished: false, draftStatus: 'Publishing', version: null });
    await new Promise((r) => setTimeout(r, 300));
    expect((await draftState(id)).mostRecentPublishedVersion?.version).toMatch(/^0\.\d{6}\.\d{4}$/);
  });
});

describe('refusals leave nothing half-made', () => {
  it('anonymous writes are UNAUTHENTICATED before anything is sent', async () => {
    s.dandi.log.clear();
    s.dandi.objectStore.log.clear();
    const res = await s.gw.execute(DandiCreateDandisetDocument, { input: { name: 'x' } });
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    const up = await upload('000003', 'a.nwb', nwbLike(100), {});
    expect(errorCodes(up)).toEqual(['UNAUTHENTICATED']);
    const star = await s.gw.execute(DandiStarDocument, { identifier: '000003' });
    expect(errorCodes(star)).toEqual(['UNAUTHENTICATED']);
    expect(s.dandi.log.count()).toBe(0);
    expect(s.dandi.objectStore.log.count()).toBe(0);
  });

  it("another user's dandiset is FORBIDDEN: no blob, no asset", async () => {
    const id = await create('Owned by the owner');
    s.dandi.log.clear();
    s.dandi.objectStore.log.clear();
    const up = await upload(id, 'sub-01/x.nwb', nwbLike(4096, 3), OTHER);
    expect(errorCodes(up)).toEqual(['FORBIDDEN']);
    expect(up.errors![0]!.extensions).toMatchObject({ upload: { stage: 'initialize', blobExists: false } });
    expect(s.dandi.objectStore.log.count()).toBe(0);
    const meta = await s.gw.execute(
      DandiUpdateMetadataDocument,
      { identifier: id, input: { name: 'Taken over' } },
      OTHER,
    );
    expect(errorCodes(meta)).toEqual(['FORBIDDEN']);
    const state = await draftState(id);
    expect(state.draftVersion!.assets!.totalCount).toBe(0);
    const del = await s.gw.execute(DandiDeleteDandisetDocument, { identifier: id }, OTHER);
    expect(errorCodes(del)).toEqual(['FORBIDDEN']);
  });

  it('a bad path is BAD_USER_INPUT before anything is sent', async () => {
    const id = await create();
    s.dandi.log.clear();
    s.dandi.objectStore.log.clear();
    for (const path of ['/abs.nwb', 'a/../b.nwb', 'bad|char.nwb', 'x'.repeat(513)]) {
      const up = await upload(id, path, nwbLike(100));
      expect(errorCodes(up)).toEqual(['BAD_USER_INPUT']);
      expect(up.errors![0]!.extensions).toMatchObject({ argument: 'path' });
    }
    expect(s.dandi.log.count()).toBe(0);
    expect(s.dandi.objectStore.log.count()).toBe(0);
  });

  it('a path taken is BAD_USER_INPUT before the bytes go up; the same bytes elsewhere reuse the blob', async () => {
    const id = await create();
    const bytes = nwbLike(10_000, 4);
    const first = await upload(id, 'sub-01/a.nwb', bytes);
    expect(first.errors).toBeUndefined();
    s.dandi.log.clear();
    s.dandi.objectStore.log.clear();
    const again = await upload(id, 'sub-01/a.nwb', bytes);
    expect(errorCodes(again)).toEqual(['BAD_USER_INPUT']);
    expect(again.errors![0]!.extensions).toMatchObject({
      conflict: true,
      assetId: first.data!.uploadAsset!.asset!.assetId,
    });
    expect(s.dandi.log.count()).toBe(1);
    const elsewhere = await upload(id, 'sub-01/b.nwb', bytes);
    expect(elsewhere.errors).toBeUndefined();
    expect(elsewhere.data!.uploadAsset).toMatchObject({
      reusedBlob: true,
      parts: 0,
      blobId: first.data!.uploadAsset!.blobId,
    });
    expect(s.dandi.objectStore.log.count()).toBe(0);
    expect((await draftState(id)).draftVersion!.assets!.totalCount).toBe(2);
  });

  it('malformed identifiers and ids are BAD_USER_INPUT unsent', async () => {
    s.dandi.log.clear();
    const a = await s.gw.execute(DandiDeleteDandisetDocument, { identifier: '12' }, OWNER);
    const b = await s.gw.execute(DandiDeleteAssetDocument, { identifier: '000003', assetId: 'nope' }, OWNER);
    const c = await s.gw.execute(DandiSetOwnersDocument, { identifier: '000003', usernames: [] }, OWNER);
    expect([...errorCodes(a), ...errorCodes(b), ...errorCodes(c)]).toEqual([
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
    ]);
    expect(s.dandi.log.count()).toBe(0);
  });
});

describe('other writes', () => {
  it('renames an asset, replaces and merges its metadata, deletes it', async () => {
    const id = await create();
    const up = await upload(id, 'sub-01/old.nwb', nwbLike(5000, 5));
    const assetId = up.data!.uploadAsset!.asset!.assetId;

    const renamed = await s.gw.execute(
      DandiRenameAssetDocument,
      { identifier: id, assetId, path: 'sub-01/new.nwb' },
      OWNER,
    );
    expect(renamed.errors).toBeUndefined();
    const moved = renamed.data!.renameAsset!;
    expect(moved.path).toBe('sub-01/new.nwb');
    expect(moved.assetId).not.toBe(assetId);

    const merged = await s.gw.execute(
      DandiUpdateAssetMetadataDocument,
      { identifier: id, assetId: moved.assetId, metadata: { keywords: ['calcium'] }, merge: true },
      OWNER,
    );
    expect(merged.errors).toBeUndefined();
    const after = merged.data!.updateAssetMetadata!;
    expect(after.path).toBe('sub-01/new.nwb');
    expect(after.rawMetadata).toMatchObject({ keywords: ['calcium'], encodingFormat: 'application/x-nwb' });

    const bad = await s.gw.execute(
      DandiRenameAssetDocument,
      { identifier: id, assetId: after.assetId, path: '../escape.nwb' },
      OWNER,
    );
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);

    const deleted = await s.gw.execute(DandiDeleteAssetDocument, { identifier: id, assetId: after.assetId }, OWNER);
    expect(deleted.data!.deleteAsset).toEqual({ identifier: id, assetId: after.assetId });
    expect((await draftState(id)).draftVersion!.assets!.totalCount).toBe(0);
  });

  it('stars and unstars for any approved user', async () => {
    const id = await create();
    const star = await s.gw.execute(DandiStarDocument, { identifier: id }, OTHER);
    expect(star.errors).toBeUndefined();
    expect(star.data!.starDandiset).toMatchObject({
      starCount: 1,
      starred: true,
      dandiset: { starCount: 1, isStarred: true },
    });
    const unstar = await s.gw.execute(DandiUnstarDocument, { identifier: id }, OTHER);
    expect(unstar.data!.unstarDandiset).toEqual({ starCount: 0, starred: false });
  });

  it('sets owners; an unknown user is BAD_USER_INPUT', async () => {
    const id = await create();
    const set = await s.gw.execute(
      DandiSetOwnersDocument,
      { identifier: id, usernames: ['replica-owner', 'replica-other'] },
      OWNER,
    );
    expect(set.errors).toBeUndefined();
    expect(set.data!.setDandisetOwners!.usernames.sort()).toEqual(['replica-other', 'replica-owner']);
    const unknown = await s.gw.execute(DandiSetOwnersDocument, { identifier: id, usernames: ['nobody-here'] }, OWNER);
    expect(errorCodes(unknown)).toEqual(['BAD_USER_INPUT']);
  });

  it('unembargoes an embargoed dandiset; an open one is BAD_USER_INPUT', async () => {
    const id = await create('Embargoed', OWNER, true);
    expect((await draftState(id)).embargoStatus).toBe('EMBARGOED');
    const anon = await s.gw.execute(DandiDraftStateDocument, { identifier: id });
    expect(errorCodes(anon)[0]).toBe('UNAUTHENTICATED');
    const res = await s.gw.execute(DandiUnembargoDocument, { identifier: id }, OWNER);
    expect(res.errors).toBeUndefined();
    expect(res.data!.unembargoDandiset).toEqual({ identifier: id, embargoStatus: 'OPEN' });
    const again = await s.gw.execute(DandiUnembargoDocument, { identifier: id }, OWNER);
    expect(errorCodes(again)).toEqual(['BAD_USER_INPUT']);
  });

  it('deletes an unpublished dandiset', async () => {
    const id = await create();
    const res = await s.gw.execute(DandiDeleteDandisetDocument, { identifier: id }, OWNER);
    expect(res.data!.deleteDandiset).toEqual({ identifier: id, assetId: null });
    const gone = await s.gw.execute(DandiDraftStateDocument, { identifier: id }, OWNER);
    expect(errorCodes(gone)[0]).toBe('NOT_FOUND');
  });

  it('a write is never retried: one POST even when the archive answers 503', async () => {
    s.dandi.faults.queue({ kind: 'status', status: 503, pathIncludes: '/api/dandisets' });
    s.dandi.log.clear();
    const res = await s.gw.execute(DandiCreateDandisetDocument, { input: { name: 'once' } }, OWNER);
    expect(errorCodes(res)).toEqual(['ARCHIVE_UNAVAILABLE']);
    expect(s.dandi.log.count((e) => e.method === 'POST')).toBe(1);
  });
});

describe('Zarr entries', () => {
  /** A Zarr of `count` entries in a new dandiset, uploaded straight to the replica as dandi-cli would. */
  async function zarrWith(count: number): Promise<{ id: string; zarrId: string; keys: string[] }> {
    const id = await create('With a Zarr');
    const auth = { authorization: `token ${DANDI_REPLICA_TOKENS.owner}`, 'content-type': 'application/json' };
    const zarr = await fetch(`${s.dandi.apiUrl}/zarr/`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'sample.zarr', dandiset: id }),
    });
    expect(zarr.status).toBe(200);
    const zarrId = ((await zarr.json()) as { zarr_id: string }).zarr_id;
    const keys = [...Array.from({ length: count - 1 }, (_, i) => `0/${i}`), '.zattrs'];
    const bodies = keys.map((k) => new TextEncoder().encode(`chunk ${k}`));
    const md5s = bodies.map((b) => createHash('md5').update(b).digest('base64'));
    const urls = (await (
      await fetch(`${s.dandi.apiUrl}/zarr/${zarrId}/files/`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify(keys.map((path, i) => ({ path, base64md5: md5s[i] }))),
      })
    ).json()) as string[];
    for (const [i, url] of urls.entries()) {
      const put = await fetch(url, { method: 'PUT', body: bodies[i]!, headers: { 'content-md5': md5s[i]! } });
      expect(put.status).toBe(200);
    }
    return { id, zarrId, keys };
  }

  const remaining = async (zarrId: string) =>
    (
      (await (await fetch(`${s.dandi.apiUrl}/zarr/${zarrId}/files/?limit=1000`)).json()) as {
        results: { Key: string }[];
      }
    ).results.length;

  it('deletes entries 100 paths per request, then asks for the checksum again', async () => {
    const { zarrId, keys } = await zarrWith(121);
    expect(await remaining(zarrId)).toBe(121);
    s.dandi.log.clear();
    const paths = keys.filter((k) => k.startsWith('0/'));
    const res = await s.gw.execute(DandiDeleteZarrFilesDocument, { zarrId, paths }, OWNER);
    expect(res.errors).toBeUndefined();
    expect(res.data!.deleteZarrFiles).toEqual({ deleted: 120, finalized: true, zarr: { zarrId } });
    expect(s.dandi.log.entries.map((e) => `${e.method} ${e.path.replace(zarrId, ':id')}`)).toEqual([
      'DELETE /api/zarr/:id/files/',
      'DELETE /api/zarr/:id/files/',
      'POST /api/zarr/:id/finalize/',
    ]);
    expect(await remaining(zarrId)).toBe(1);
  });

  it("another user's Zarr is FORBIDDEN and keeps its entries; bad paths are BAD_USER_INPUT unsent", async () => {
    const { zarrId } = await zarrWith(3);
    const other = await s.gw.execute(DandiDeleteZarrFilesDocument, { zarrId, paths: ['0/0'] }, OTHER);
    expect(errorCodes(other)).toEqual(['FORBIDDEN']);
    s.dandi.log.clear();
    const bad = await s.gw.execute(DandiDeleteZarrFilesDocument, { zarrId, paths: ['../x'] }, OWNER);
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(s.dandi.log.count()).toBe(0);
    expect(await remaining(zarrId)).toBe(3);
  });
});

describe('publishing on a slow archive (validation and publication in the background)', () => {
  const slow = useReplicaStack(
    'dandi',
    () => startDandiReplica({ validationDelayMs: 300, publishDelayMs: 1_500 }),
    (r) => ({ dandiApiUrl: r.apiUrl }),
    (r) => r.log.clear(),
  );

  async function validDraft(): Promise<string> {
    const created = await slow.gw.execute(DandiCreateDandisetDocument, { input: { name: 'Slow' } }, OWNER);
    const id = created.data!.createDandiset!.identifier;
    const up = await sendUpload(
      slow.gw.url,
      DandiUploadAssetDocument,
      { identifier: id, path: 'sub-01/slow.nwb' },
      { name: 'slow.nwb', body: new Blob([nwbLike(4096, 21)]) },
      OWNER,
    );
    expect(up.errors).toBeUndefined();
    const meta = await slow.gw.execute(
      DandiUpdateMetadataDocument,
      { identifier: id, input: { metadata: { description: 'd', license: ['spdx:CC0-1.0'], contributors: [CONTACT] } } },
      OWNER,
    );
    // DANDI validates later: the draft is Pending when the PUT answers
    expect(meta.data!.updateDandisetMetadata!.status).toBe('PENDING');
    return id;
  }

  it('waits for the pending validation, then gives up waiting at waitTimeoutMs (the publication goes on)', async () => {
    const id = await validDraft();
    const started = Date.now();
    const res = await slow.gw.execute(DandiPublishDocument, { identifier: id, wait: true, waitTimeoutMs: 800 }, OWNER);
    expect(res.errors).toBeUndefined();
    expect(res.data!.publishDandiset).toMatchObject({ finished: false, draftStatus: 'Publishing', version: null });
    expect(Date.now() - started).toBeLessThan(1_400);
    // the publish was sent once, after the validation finished
    expect(slow.dandi.log.count((e) => e.path.endsWith('/publish/'))).toBe(1);
    await new Promise((r) => setTimeout(r, 1_800));
    const state = await slow.gw.execute(DandiDraftStateDocument, { identifier: id }, OWNER);
    expect(state.data!.dandiset!.mostRecentPublishedVersion?.version).toMatch(/^0\.\d{6}\.\d{4}$/);
  });

  it('with a long enough wait, returns the new version', async () => {
    const id = await validDraft();
    const res = await slow.gw.execute(
      DandiPublishDocument,
      { identifier: id, wait: true, waitTimeoutMs: 10_000 },
      OWNER,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.publishDandiset).toMatchObject({ finished: true, draftStatus: 'Published' });
    expect(res.data!.publishDandiset!.waitedMs).toBeGreaterThanOrEqual(1_000);
    const bad = await slow.gw.execute(DandiPublishDocument, { identifier: id, waitTimeoutMs: 10_000_000 }, OWNER);
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
  });
});
