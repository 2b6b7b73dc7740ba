/**
 * Conformance tests for the DANDI replica's write API over real sockets (global fetch): create
 * → metadata → validation errors → fix → multipart upload through the object store → asset →
 * publish → the published version read back; refusals (401 / 403 / 400 / 405 / 409); stars,
 * owners, embargo; zarr create / upload / rmfiles / finalize. Small parts (1 KiB) keep it fast.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DANDISET_IDS } from '../../replicas/common/catalog.ts';
import { Prng } from '../../replicas/common/prng.ts';
import type { DandisetRecord } from '../../replicas/dandi/model.ts';
import { multipartEtag } from '../../replicas/dandi/object-store.ts';
import { planParts } from '../../replicas/dandi/routes-uploads.ts';
import { DANDI_REPLICA_TOKENS, startDandiReplica, type DandiReplica } from '../../replicas/dandi/server.ts';

const PART = 1024;
let r: DandiReplica;

beforeAll(async () => {
  r = await startDandiReplica({ partSize: PART, publishDelayMs: 30, ingestDelayMs: 10, maxUploadBytes: 64 * 1024 });
});
afterAll(async () => {
  await r.close();
});

type Who = 'owner' | 'other';

interface Answer {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

async function call(
  method: string,
  path: string,
  opts: { who?: Who; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const url = path.startsWith('http') ? path : `${r.apiUrl}${path}`;
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.who) headers.authorization = `token ${DANDI_REPLICA_TOKENS[opts.who]}`;
  let body: string | undefined = opts.raw;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(url, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

const NOT_AUTHENTICATED = { detail: 'Authentication credentials were not provided.' };
const FORBIDDEN = { detail: 'You do not have permission to perform this action.' };

const GOOD_METADATA = {
  description: 'Extracellular recordings in mouse visual cortex during a detection task.',
  license: ['spdx:CC-BY-4.0'],
  contributor: [
    {
      schemaKey: 'Person',
      name: 'Curie, Marie',
      email: 'marie@example.org',
      roleName: ['dcite:ContactPerson', 'dcite:Author'],
      includeInCitation: true,
    },
  ],
  keywords: ['mouse', 'V1'],
};

async function createDandiset(name = 'Replica write test', metadata: object = GOOD_METADATA, query = '') {
  const res = await call('POST', `/dandisets/${query}`, { who: 'owner', body: { name, metadata } });
  expect(res.status).toBe(200);
  return res.body as { identifier: string; draft_version: { status: string }; embargo_status: string };
}

const info = async (id: string, version = 'draft', who: Who = 'owner') =>
  (await call('GET', `/dandisets/${id}/versions/${version}/info/`, { who })).body;

/** A Buffer as a fetch body. */
const bodyOf = (b: Buffer): Uint8Array<ArrayBuffer> => new Uint8Array(b);

/** Deterministic non-ASCII bytes (so exact-byte serving is checked). */
function bytesOf(seed: string, size: number): Buffer {
  const rng = new Prng(seed);
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = rng.int(0, 255);
  return b;
}

/** The whole client side of a blob upload; returns the validate answer. */
async function uploadBlob(dandiset: string, bytes: Buffer, who: Who = 'owner'): Promise<Answer> {
  const parts = planParts(bytes.length, PART);
  const etag = multipartEtag(bytes, parts);
  const init = await call('POST', '/uploads/initialize/', {
    who,
    body: { contentSize: bytes.length, digest: { algorithm: 'dandi:dandi-etag', value: etag }, dandiset },
  });
  if (init.status !== 200) return init;
  let at = 0;
  const done: { part_number: number; size: number; etag: string }[] = [];
  for (const p of init.body.parts as { part_number: number; size: number; upload_url: string }[]) {
    const chunk = bytes.subarray(at, at + p.size);
    at += p.size;
    const put = await fetch(p.upload_url, { method: 'PUT', body: bodyOf(chunk) });
    expect(put.status).toBe(200);
    const got = put.headers.get('etag') ?? '';
    expect(got).toBe(`"${createHash('md5').update(chunk).digest('hex')}"`);
    done.push({ part_number: p.part_number, size: p.size, etag: got.replace(/"/g, '') });
  }
  const complete = await call('POST', `/uploads/${init.body.upload_id}/complete/`, { who, body: { parts: done } });
  expect(complete.status).toBe(200);
  const s3 = await fetch(complete.body.complete_url, { method: 'POST', body: complete.body.body });
  expect(s3.status).toBe(200);
  expect(await s3.text()).toContain(`<ETag>"${etag}"</ETag>`);
  return call('POST', `/uploads/${init.body.upload_id}/validate/`, { who });
}

async function addAsset(id: string, path: string, blobId: string, extra: object = {}) {
  return call('POST', `/dandisets/${id}/versions/draft/assets/`, {
    who: 'owner',
    body: { metadata: { path, encodingFormat: 'application/x-nwb', ...extra }, blob_id: blobId },
  });
}

async function until<T>(probe: () => Promise<T>, ok: (t: T) => boolean, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const t = await probe();
    if (ok(t) || Date.now() > end) return t;
    await new Promise((res) => setTimeout(res, 10));
  }
}

const maxSeeded = () => Math.max(...DANDISET_IDS.map(Number));

describe('authentication and permissions', () => {
  it('refuses anonymous writes with 401 and bad tokens with "Invalid token."', async () => {
    const anon = await call('POST', '/dandisets/', { body: { name: 'x', metadata: {} } });
    expect(anon.status).toBe(401);
    expect(anon.body).toEqual(NOT_AUTHENTICATED);
    const bad = await call('POST', '/dandisets/', {
      body: { name: 'x', metadata: {} },
      headers: { authorization: 'token 0000000000000000000000000000000000000000' },
    });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ detail: 'Invalid token.' });
    const id = (await createDandiset()).identifier;
    for (const [method, path, body] of [
      ['PUT', `/dandisets/${id}/versions/draft/`, { name: 'y', metadata: {} }],
      ['DELETE', `/dandisets/${id}/`, undefined],
      ['POST', `/dandisets/${id}/star/`, undefined],
      ['PUT', `/dandisets/${id}/users/`, [{ username: 'replica-other' }]],
      ['POST', `/dandisets/${id}/versions/draft/publish/`, undefined],
      ['POST', '/zarr/', { name: 'a.zarr', dandiset: id }],
    ] as const) {
      const res = await call(method, path, { body });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body).toEqual(NOT_AUTHENTICATED);
    }
  });

  it('answers 403 to approved users who do not own the dandiset', async () => {
    const id = (await createDandiset()).identifier;
    for (const [method, path, body] of [
      ['PUT', `/dandisets/${id}/versions/draft/`, { name: 'y', metadata: GOOD_METADATA }],
      ['DELETE', `/dandisets/${id}/`, undefined],
      ['PUT', `/dandisets/${id}/users/`, [{ username: 'replica-other' }]],
      ['POST', `/dandisets/${id}/versions/draft/publish/`, undefined],
      ['POST', `/dandisets/${id}/versions/draft/assets/`, { metadata: { path: 'a.nwb' }, blob_id: 'x' }],
      ['POST', '/zarr/', { name: 'a.zarr', dandiset: id }],
      ['GET', `/dandisets/${id}/uploads/`, undefined],
    ] as const) {
      const res = await call(method, path, { who: 'other', body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body).toEqual(FORBIDDEN);
    }
    const init = await call('POST', '/uploads/initialize/', {
      who: 'other',
      body: {
        contentSize: 3,
        digest: { algorithm: 'dandi:dandi-etag', value: multipartEtag(Buffer.from('abc'), [3]) },
        dandiset: id,
      },
    });
    expect(init.status).toBe(403);
    // Nothing changed.
    const d = (await call('GET', `/dandisets/${id}/`)).body;
    expect(d.draft_version.name).toBe('Replica write test');
  });

  it('answers 404 for unknown dandisets and 405 with Allow for methods a route lacks', async () => {
    const res = await call('PUT', '/dandisets/999998/versions/draft/', {
      who: 'owner',
      body: { name: 'x', metadata: {} },
    });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Not found.' });
    const m = await call('PATCH', '/dandisets/', { who: 'owner' });
    expect(m.status).toBe(405);
    expect(m.headers.get('allow')).toBe('GET, POST, HEAD');
  });
});

describe('create and edit a dandiset', () => {
  it('creates with the next free identifier, the creator as owner and contact, and validates', async () => {
    const before = maxSeeded();
    const d = await createDandiset('A brand new dandiset', { description: 'About it.', license: ['spdx:CC0-1.0'] });
    expect(Number(d.identifier)).toBeGreaterThan(before);
    expect(d.identifier).toMatch(/^\d{6}$/);
    expect(d.embargo_status).toBe('OPEN');
    // Validation is synchronous by default: no assets → Invalid, for the assets summary only.
    expect(d.draft_version.status).toBe('Invalid');
    const v = await info(d.identifier);
    expect(v.version_validation_errors).toEqual([
      {
        field: 'assetsSummary',
        message: 'Value error, A Dandiset containing no files or zero bytes is not publishable',
      },
    ]);
    expect(v.contact_person).toBe('Owner, Rosalind');
    expect(v.metadata.contributor[0]).toMatchObject({ name: 'Owner, Rosalind', roleName: ['dcite:ContactPerson'] });
    expect(v.metadata).toMatchObject({
      identifier: `DANDI:${d.identifier}`,
      id: `DANDI:${d.identifier}/draft`,
      name: 'A brand new dandiset',
      schemaKey: 'Dandiset',
      assetsSummary: { numberOfBytes: 0, numberOfFiles: 0 },
      access: [{ schemaKey: 'AccessRequirements', status: 'dandi:OpenAccess' }],
    });
    const users = await call('GET', `/dandisets/${d.identifier}/users/`);
    expect(users.body.map((u: { username: string }) => u.username)).toEqual(['replica-owner']);
    const mine = await call('GET', '/dandisets/?user=me&page_size=1000', { who: 'owner' });
    expect(mine.body.results.map((x: { identifier: string }) => x.identifier)).toContain(d.identifier);
    // Identifiers are never reused, even after a delete.
    expect((await call('DELETE', `/dandisets/${d.identifier}/`, { who: 'owner' })).status).toBe(204);
    const next = await createDandiset();
    expect(Number(next.identifier)).toBe(Number(d.identifier) + 1);
  });

  it('rejects a bad create body with DRF field errors and creates nothing', async () => {
    const first = await createDandiset();
    const missing = await call('POST', '/dandisets/', { who: 'owner', body: { metadata: {} } });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ name: ['This field is required.'] });
    const long = await call('POST', '/dandisets/', { who: 'owner', body: { name: 'x'.repeat(301), metadata: {} } });
    expect(long.body).toEqual({ name: ['Ensure this field has no more than 300 characters.'] });
    const badBool = await call('POST', '/dandisets/?embargo=maybe', {
      who: 'owner',
      body: { name: 'x', metadata: {} },
    });
    expect(badBool.body).toEqual({ embargo: ['Must be a valid boolean.'] });
    const json = await call('POST', '/dandisets/', {
      who: 'owner',
      raw: '{nope',
      headers: { 'content-type': 'application/json' },
    });
    expect(json.status).toBe(400);
    expect(json.body.detail).toMatch(/^JSON parse error/);
    const after = await createDandiset();
    expect(Number(after.identifier)).toBe(Number(first.identifier) + 1);
  });

  it('PUT draft metadata: strips computed fields, reports each validation error, then validates', async () => {
    const id = (await createDandiset()).identifier;
    const bad = await call('PUT', `/dandisets/${id}/versions/draft/`, {
      who: 'owner',
      body: {
        name: 'Renamed',
        metadata: {
          identifier: 'DANDI:000001',
          doi: '10.1/fake',
          assetsSummary: { numberOfFiles: 99 },
          contributor: [{ schemaKey: 'Person', name: 'Nobody', roleName: ['dcite:Author'] }],
        },
      },
    });
    expect(bad.status).toBe(200);
    expect(bad.body.status).toBe('Invalid');
    expect(bad.body.name).toBe('Renamed');
    expect(bad.body.metadata.identifier).toBe(`DANDI:${id}`);
    expect(bad.body.metadata.doi).toBeUndefined();
    expect(bad.body.metadata.assetsSummary.numberOfFiles).toBe(0);
    const fields = (bad.body.version_validation_errors as { field: string; message: string }[]).map((e) => e.field);
    expect(fields).toEqual(['description', 'license', 'contributor.0.name', 'assetsSummary']);
    expect(bad.body.version_validation_errors[0]).toEqual({ field: 'description', message: 'Field required' });

    const noContact = await call('PUT', `/dandisets/${id}/versions/draft/`, {
      who: 'owner',
      body: {
        name: 'Renamed',
        metadata: {
          ...GOOD_METADATA,
          contributor: [{ schemaKey: 'Person', name: 'Doe, Jane', roleName: ['dcite:Author'] }],
        },
      },
    });
    expect(noContact.body.version_validation_errors).toContainEqual({
      field: 'contributor',
      message: 'Value error, At least one contributor must have role ContactPerson',
    });

    const good = await call('PUT', `/dandisets/${id}/versions/draft/`, {
      who: 'owner',
      body: { name: 'Renamed', metadata: GOOD_METADATA },
    });
    expect(good.body.version_validation_errors.map((e: { field: string }) => e.field)).toEqual(['assetsSummary']);
    expect(good.body.contact_person).toBe('Curie, Marie');
    const meta = (await call('GET', `/dandisets/${id}/versions/draft/`)).body;
    expect(meta.description).toBe(GOOD_METADATA.description);
    expect(meta.citation).toContain('Curie, Marie');
    const detail = (await call('GET', `/dandisets/${id}/`)).body;
    expect(detail.contact_person).toBe('Curie, Marie');
    expect(detail.draft_version.name).toBe('Renamed');

    const missing = await call('PUT', `/dandisets/${id}/versions/draft/`, { who: 'owner', body: { name: 'x' } });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ metadata: ['This field is required.'] });
  });

  it('finds newly written metadata through search', async () => {
    const id = (await createDandiset('Zebrafish tectum xylophone', { ...GOOD_METADATA })).identifier;
    const res = await call('GET', '/dandisets/?search=xylophone');
    expect(res.body.results.map((d: { identifier: string }) => d.identifier)).toEqual([id]);
  });
});

describe('uploads, assets and publishing', () => {
  it('runs the whole flow: upload → asset → valid → publish → published version readable', async () => {
    const id = (await createDandiset('Flow dandiset')).identifier;
    const bytes = bytesOf('flow', 2 * PART + 300);
    const blob = await uploadBlob(id, bytes);
    expect(blob.status).toBe(200);
    expect(blob.body).toEqual({
      blob_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      etag: multipartEtag(bytes, [PART, PART, 300]),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
    });
    expect(blob.body.etag).toMatch(/-3$/);

    // Blob lookup by either digest; a second initialize of the same content is a 409.
    const byEtag = await call('POST', '/blobs/digest/', {
      body: { algorithm: 'dandi:dandi-etag', value: blob.body.etag },
    });
    expect(byEtag.body).toEqual(blob.body);
    const bySha = await call('POST', '/blobs/digest/', {
      body: { algorithm: 'dandi:sha2-256', value: blob.body.sha256 },
    });
    expect(bySha.body.blob_id).toBe(blob.body.blob_id);
    expect(
      (await call('POST', '/blobs/digest/', { body: { algorithm: 'dandi:sha2-256', value: 'f'.repeat(64) } })).status,
    ).toBe(404);
    const again = await call('POST', '/uploads/initialize/', {
      who: 'owner',
      body: {
        contentSize: bytes.length,
        digest: { algorithm: 'dandi:dandi-etag', value: blob.body.etag },
        dandiset: id,
      },
    });
    expect(again.status).toBe(409);
    expect(again.body).toBe('Blob already exists.');
    expect(again.headers.get('location')).toBe(blob.body.blob_id);

    const asset = await addAsset(id, 'sub-01/sub-01_ecephys.nwb', blob.body.blob_id, {
      wasAttributedTo: [
        {
          schemaKey: 'Participant',
          identifier: '01',
          species: { name: 'Mus musculus - House mouse', identifier: 'NCBITaxon:10090' },
        },
      ],
      approach: [{ schemaKey: 'ApproachType', name: 'electrophysiological approach' }],
    });
    expect(asset.status).toBe(200);
    expect(asset.body).toMatchObject({
      blob: blob.body.blob_id,
      zarr: null,
      path: 'sub-01/sub-01_ecephys.nwb',
      size: bytes.length,
    });
    expect(asset.body.metadata.digest).toEqual({
      'dandi:dandi-etag': blob.body.etag,
      'dandi:sha2-256': blob.body.sha256,
    });
    expect(asset.body.metadata.id).toBe(`dandiasset:${asset.body.asset_id}`);
    const assetId = asset.body.asset_id as string;

    // Visible at once in listings, paths, the asset routes, and the version totals.
    const list = await call('GET', `/dandisets/${id}/versions/draft/assets/`);
    expect(list.body.results.map((a: { asset_id: string }) => a.asset_id)).toEqual([assetId]);
    const paths = await call('GET', `/dandisets/${id}/versions/draft/assets/paths/`);
    expect(paths.body.results).toMatchObject([{ path: 'sub-01', aggregate_files: 1, aggregate_size: bytes.length }]);
    expect((await call('GET', `/assets/${assetId}/`)).body.contentSize).toBe(bytes.length);
    expect((await call('GET', `/dandisets/${id}/versions/draft/assets/${assetId}/validation/`)).body).toEqual({
      status: 'Valid',
      validation_errors: [],
    });
    const v = await info(id);
    expect(v.status).toBe('Valid');
    expect(v.version_validation_errors).toEqual([]);
    expect(v.asset_count).toBe(1);
    expect(v.metadata.assetsSummary).toMatchObject({
      numberOfFiles: 1,
      numberOfBytes: bytes.length,
      numberOfSubjects: 1,
      species: [{ name: 'Mus musculus - House mouse' }],
      approach: [{ name: 'electrophysiological approach' }],
    });

    // The bytes come back exactly: the download redirect, then the bucket (non-ASCII → object store).
    const dl = await call('GET', `/assets/${assetId}/download/`);
    expect(dl.status).toBe(302);
    const got = await fetch(dl.headers.get('location') ?? '');
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    const ranged = await fetch(dl.headers.get('location') ?? '', { headers: { range: 'bytes=100-199' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);

    // Publish: 202, Publishing, then a new version with a DOI and the same assets.
    const pub = await call('POST', `/dandisets/${id}/versions/draft/publish/`, {
      who: 'owner',
      body: { release_notes: 'First!' },
    });
    expect(pub.status).toBe(202);
    expect(pub.text).toBe('');
    expect((await info(id)).status).toBe('Publishing');
    const versions = await until(
      () => call('GET', `/dandisets/${id}/versions/`),
      (res) => res.body.count === 2,
    );
    expect(versions.body.count).toBe(2);
    const published = versions.body.results[1];
    expect(published.version).toMatch(/^0\.\d{6}\.\d{4}$/);
    expect(published.status).toBe('Valid');
    expect(published.release_notes).toBe('First!');
    const pinfo = await info(id, published.version);
    expect(pinfo.metadata).toMatchObject({
      doi: `10.48324/dandi.${id}/${published.version}`,
      version: published.version,
      releaseNotes: 'First!',
      description: GOOD_METADATA.description,
    });
    expect(pinfo.metadata.publishedBy.schemaKey).toBe('PublishActivity');
    const passets = await call('GET', `/dandisets/${id}/versions/${published.version}/assets/`);
    expect(passets.body.results.map((a: { asset_id: string }) => a.asset_id)).toEqual([assetId]);
    expect((await call('GET', `/assets/${assetId}/`)).body.datePublished).toBeDefined();
    const detail = (await call('GET', `/dandisets/${id}/`)).body;
    expect(detail.draft_version.status).toBe('Published');
    expect(detail.most_recent_published_version.version).toBe(published.version);

    // Published versions are immutable; the unchanged draft cannot be republished; no delete.
    const put = await call('PUT', `/dandisets/${id}/versions/${published.version}/`, {
      who: 'owner',
      body: { name: 'x', metadata: GOOD_METADATA },
    });
    expect(put.status).toBe(405);
    expect(put.body).toBe('Only draft versions can be modified.');
    const addToPublished = await call('POST', `/dandisets/${id}/versions/${published.version}/assets/`, {
      who: 'owner',
      body: { metadata: { path: 'b.nwb' }, blob_id: blob.body.blob_id },
    });
    expect(addToPublished.status).toBe(405);
    const republish = await call('POST', `/dandisets/${id}/versions/draft/publish/`, { who: 'owner' });
    expect(republish.status).toBe(400);
    expect(republish.body).toBe('There have been no changes to the draft version since the last publish.');
    const del = await call('DELETE', `/dandisets/${id}/`, { who: 'owner' });
    expect(del.status).toBe(403);
    expect(del.body).toBe('Cannot delete dandisets with published versions.');

    // Editing after publication: rename → new asset id, draft back to Valid, published untouched.
    const renamed = await call('PUT', `/dandisets/${id}/versions/draft/assets/${assetId}/`, {
      who: 'owner',
      body: {
        metadata: { path: 'sub-01/renamed.nwb', encodingFormat: 'application/x-nwb' },
        blob_id: blob.body.blob_id,
      },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.asset_id).not.toBe(assetId);
    expect(renamed.body.path).toBe('sub-01/renamed.nwb');
    expect((await info(id)).status).toBe('Valid');
    const draftPaths = (await call('GET', `/dandisets/${id}/versions/draft/assets/`)).body.results.map(
      (a: { path: string }) => a.path,
    );
    expect(draftPaths).toEqual(['sub-01/renamed.nwb']);
    const pubPaths = (await call('GET', `/dandisets/${id}/versions/${published.version}/assets/`)).body.results.map(
      (a: { path: string }) => a.path,
    );
    expect(pubPaths).toEqual(['sub-01/sub-01_ecephys.nwb']);
    // The same PUT again changes nothing: same asset id.
    const same = await call('PUT', `/dandisets/${id}/versions/draft/assets/${renamed.body.asset_id}/`, {
      who: 'owner',
      body: {
        metadata: { path: 'sub-01/renamed.nwb', encodingFormat: 'application/x-nwb' },
        blob_id: blob.body.blob_id,
      },
    });
    expect(same.body.asset_id).toBe(renamed.body.asset_id);
    // A second publication gets a later version id.
    expect((await call('POST', `/dandisets/${id}/versions/draft/publish/`, { who: 'owner' })).status).toBe(202);
    const v3 = await until(
      () => call('GET', `/dandisets/${id}/versions/?order=-created`),
      (res) => res.body.count === 3,
    );
    expect(v3.body.results[0].version > published.version).toBe(true);
  });

  it('serves uploaded ASCII blobs from the API origin bucket path too', async () => {
    const id = (await createDandiset()).identifier;
    const text = Buffer.from('# README\nplain ascii text\n'.repeat(80));
    const blob = await uploadBlob(id, text);
    const asset = await call('POST', `/dandisets/${id}/versions/draft/assets/`, {
      who: 'owner',
      body: { metadata: { path: 'README.md', encodingFormat: 'text/markdown' }, blob_id: blob.body.blob_id },
    });
    const url = asset.body.metadata.contentUrl[1] as string;
    expect(url.startsWith(`${r.origin}/s3/blobs/`)).toBe(true);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(text.toString());
    expect(res.headers.get('etag')).toBe(`"${blob.body.etag}"`);
  });

  it('checks the upload: part count, size cap, wrong digest, oversize parts, missing parts', async () => {
    const id = (await createDandiset()).identifier;
    const bytes = bytesOf('bad', PART + 10);
    const digest = (value: string, size = bytes.length) => ({
      who: 'owner' as const,
      body: { contentSize: size, digest: { algorithm: 'dandi:dandi-etag', value }, dandiset: id },
    });
    const wrongCount = await call('POST', '/uploads/initialize/', digest(`${'a'.repeat(32)}-5`));
    expect(wrongCount.status).toBe(400);
    expect(wrongCount.body.digest[0]).toContain('2 parts');
    const tooBig = await call('POST', '/uploads/initialize/', digest(`${'a'.repeat(32)}-1`, 10 ** 9));
    expect(tooBig.body).toEqual({ contentSize: ['Ensure this value is less than or equal to 65536.'] });
    const badField = await call('POST', '/uploads/initialize/', {
      who: 'owner',
      body: { contentSize: 'x', digest: { algorithm: 'md5', value: 'x' }, dandiset: '12' },
    });
    expect(Object.keys(badField.body).sort()).toEqual(['contentSize', 'dandiset', 'digest']);

    // Declared digest that the bytes do not have → validate 400, no blob.
    const lie = `${'b'.repeat(32)}-2`;
    const init = await call('POST', '/uploads/initialize/', digest(lie));
    expect(init.status).toBe(200);
    expect(init.body.parts.map((p: { size: number }) => p.size)).toEqual([PART, 10]);
    const listed = await call('GET', `/dandisets/${id}/uploads/`, { who: 'owner' });
    expect(listed.body.results.map((u: { upload_id: string }) => u.upload_id)).toEqual([init.body.upload_id]);
    expect((await call('GET', `/dandisets/${id}/`)).body.draft_version.active_uploads).toBe(1);
    // A part larger than planned is refused by the bucket.
    const over = await fetch(init.body.parts[1].upload_url, { method: 'PUT', body: bodyOf(bytes.subarray(0, 11)) });
    expect(over.status).toBe(400);
    expect(await over.text()).toContain('EntityTooLarge');
    const early = await call('POST', `/uploads/${init.body.upload_id}/validate/`, { who: 'owner' });
    expect(early.status).toBe(400);
    expect(early.body).toMatch(/^Object blobs\/.* does not exist\.$/);
    const etags: string[] = [];
    let at = 0;
    for (const p of init.body.parts) {
      const put = await fetch(p.upload_url, { method: 'PUT', body: bodyOf(bytes.subarray(at, at + p.size)) });
      at += p.size;
      etags.push((put.headers.get('etag') ?? '').replace(/"/g, ''));
    }
    // A tampered signature is refused.
    const forged = await fetch(
      init.body.parts[0].upload_url.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=00'),
      {
        method: 'PUT',
        body: 'x',
      },
    );
    expect(forged.status).toBe(403);
    // Completing with a wrong part ETag fails at the bucket.
    const wrong = await call('POST', `/uploads/${init.body.upload_id}/complete/`, {
      who: 'owner',
      body: {
        parts: [
          { part_number: 1, size: PART, etag: 'f'.repeat(32) },
          { part_number: 2, size: 10, etag: etags[1] },
        ],
      },
    });
    const s3wrong = await fetch(wrong.body.complete_url, { method: 'POST', body: wrong.body.body });
    expect(s3wrong.status).toBe(400);
    expect(await s3wrong.text()).toContain('InvalidPart');
    const complete = await call('POST', `/uploads/${init.body.upload_id}/complete/`, {
      who: 'owner',
      body: { parts: etags.map((etag, i) => ({ part_number: i + 1, size: init.body.parts[i].size, etag })) },
    });
    expect((await fetch(complete.body.complete_url, { method: 'POST', body: complete.body.body })).status).toBe(200);
    const validate = await call('POST', `/uploads/${init.body.upload_id}/validate/`, { who: 'owner' });
    expect(validate.status).toBe(400);
    expect(validate.body).toBe(`ETag ${lie} does not match actual ETag ${multipartEtag(bytes, [PART, 10])}.`);
    expect((await call('POST', '/blobs/digest/', { body: { algorithm: 'dandi:dandi-etag', value: lie } })).status).toBe(
      404,
    );
    // Clearing the uploads.
    expect((await call('DELETE', `/dandisets/${id}/uploads/`, { who: 'owner' })).status).toBe(204);
    expect((await call('GET', `/dandisets/${id}/uploads/`, { who: 'owner' })).body.count).toBe(0);
    expect((await call('POST', `/uploads/${init.body.upload_id}/validate/`, { who: 'owner' })).status).toBe(404);
  });

  it('has its own request log and fault switches on the object store', async () => {
    const id = (await createDandiset()).identifier;
    r.objectStore.log.clear();
    r.log.clear();
    r.objectStore.faults.queue({ kind: 'status', status: 503, pathIncludes: '/s3/blobs/' });
    const bytes = bytesOf('faulty', PART + 1);
    const init = await call('POST', '/uploads/initialize/', {
      who: 'owner',
      body: {
        contentSize: bytes.length,
        digest: { algorithm: 'dandi:dandi-etag', value: multipartEtag(bytes, [PART, 1]) },
        dandiset: id,
      },
    });
    const first = await fetch(init.body.parts[0].upload_url, { method: 'PUT', body: bodyOf(bytes.subarray(0, PART)) });
    expect(first.status).toBe(503);
    const retry = await fetch(init.body.parts[0].upload_url, { method: 'PUT', body: bodyOf(bytes.subarray(0, PART)) });
    expect(retry.status).toBe(200);
    expect(r.objectStore.log.count('/s3/blobs/')).toBe(2);
    expect(r.objectStore.log.entries.map((e) => e.status)).toEqual([503, 200]);
    expect(r.log.count('/s3/blobs/')).toBe(0);
    r.objectStore.faults.reset();
  });

  it('uploads an empty file as zero parts', async () => {
    const id = (await createDandiset()).identifier;
    const empty = createHash('md5').update(Buffer.alloc(0)).digest('hex');
    const init = await call('POST', '/uploads/initialize/', {
      who: 'owner',
      body: { contentSize: 0, digest: { algorithm: 'dandi:dandi-etag', value: `${empty}-0` }, dandiset: id },
    });
    expect(init.status).toBe(200);
    expect(init.body.parts).toEqual([]);
  });

  it('refuses bad asset requests (400 / 404 / 409) without changing the draft', async () => {
    const id = (await createDandiset()).identifier;
    const blob = (await uploadBlob(id, bytesOf('assets', 100))).body;
    expect((await addAsset(id, 'a/b.nwb', blob.blob_id)).status).toBe(200);
    const cases: [unknown, number, unknown][] = [
      [{ metadata: { path: '/abs.nwb' }, blob_id: blob.blob_id }, 400, 'Path must not begin with a slash.'],
      [
        { metadata: { path: 'a/../b.nwb' }, blob_id: blob.blob_id },
        400,
        'Path must not contain empty, "." or ".." components.',
      ],
      [
        { metadata: { path: `${'x'.repeat(513)}` }, blob_id: blob.blob_id },
        400,
        'Ensure this field has no more than 512 characters.',
      ],
      [
        { metadata: { path: 'bad|char.nwb' }, blob_id: blob.blob_id },
        400,
        'Invalid characters in path "bad|char.nwb".',
      ],
      [{ metadata: {}, blob_id: blob.blob_id }, 400, 'No path specified in metadata.'],
      [
        { metadata: { path: 'x.nwb' } },
        400,
        { non_field_errors: ['Exactly one of blob_id or zarr_id must be specified.'] },
      ],
      [{ blob_id: blob.blob_id }, 400, { metadata: ['This field is required.'] }],
      [{ metadata: { path: 'x.nwb' }, blob_id: '11111111-2222-4333-8444-555555555555' }, 404, { detail: 'Not found.' }],
      [{ metadata: { path: 'a/b.nwb' }, blob_id: blob.blob_id }, 409, 'An asset with that path already exists'],
      [{ metadata: { path: 'a' }, blob_id: blob.blob_id }, 409, 'Asset path conflicts with existing asset a/b.nwb'],
    ];
    for (const [body, status, answer] of cases) {
      const res = await call('POST', `/dandisets/${id}/versions/draft/assets/`, { who: 'owner', body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body).toEqual(answer);
    }
    expect((await info(id)).asset_count).toBe(1);
  });

  it('reports invalid asset metadata and refuses to publish until it is fixed or removed', async () => {
    const id = (await createDandiset()).identifier;
    const blob = (await uploadBlob(id, bytesOf('invalid', 50))).body;
    const good = await addAsset(id, 'good.nwb', blob.blob_id);
    const bad = await call('POST', `/dandisets/${id}/versions/draft/assets/`, {
      who: 'owner',
      body: { metadata: { path: 'bad.dat', wasAttributedTo: [{ schemaKey: 'Participant' }] }, blob_id: blob.blob_id },
    });
    expect(bad.status).toBe(200);
    const v = await info(id);
    expect(v.status).toBe('Valid');
    expect(v.asset_validation_errors).toEqual([
      { field: 'encodingFormat', message: 'Field required', path: 'bad.dat' },
      { field: 'wasAttributedTo.0.identifier', message: 'Field required', path: 'bad.dat' },
    ]);
    expect(
      (await call('GET', `/dandisets/${id}/versions/draft/assets/${bad.body.asset_id}/validation/`)).body.status,
    ).toBe('Invalid');
    const pub = await call('POST', `/dandisets/${id}/versions/draft/publish/`, { who: 'owner' });
    expect(pub.status).toBe(400);
    expect(pub.body).toBe('Dandiset metadata or asset metadata is not valid');
    const del = await call('DELETE', `/dandisets/${id}/versions/draft/assets/${bad.body.asset_id}/`, { who: 'owner' });
    expect(del.status).toBe(204);
    expect((await info(id)).asset_validation_errors).toEqual([]);
    expect((await call('GET', `/assets/${bad.body.asset_id}/`)).status).toBe(404);
    expect((await call('GET', `/assets/${good.body.asset_id}/`)).status).toBe(200);
    expect((await call('POST', `/dandisets/${id}/versions/draft/publish/`, { who: 'owner' })).status).toBe(202);
  });

  it('refuses to publish an empty or invalid draft', async () => {
    const id = (await createDandiset()).identifier;
    const res = await call('POST', `/dandisets/${id}/versions/draft/publish/`, { who: 'owner' });
    expect(res.status).toBe(400);
    expect(res.body).toBe('Dandiset metadata or asset metadata is not valid');
  });

  it('edits and publishes a seeded dandiset, keeping its generated metadata', async () => {
    const ds = r.store.dandisets.find(
      (d: DandisetRecord) =>
        d.owners.includes('replica-owner') && d.embargoStatus === 'OPEN' && r.store.draft(d).status === 'Valid',
    ) as DandisetRecord;
    expect(ds).toBeDefined();
    const before = (await call('GET', `/dandisets/${ds.identifier}/versions/draft/`)).body;
    const blob = (await uploadBlob(ds.identifier, bytesOf('seeded', 64))).body;
    const asset = await addAsset(ds.identifier, 'derivatives/extra.nwb', blob.blob_id);
    expect(asset.status).toBe(200);
    const v = await info(ds.identifier);
    expect(v.status).toBe('Valid');
    expect(v.metadata.description).toBe(before.description);
    expect(v.metadata.contributor).toEqual(before.contributor);
    expect(v.asset_count).toBe(r.store.draft(ds).assetCount);
    expect(v.metadata.assetsSummary.numberOfFiles).toBe(before.assetsSummary.numberOfFiles + 1);
    // A seeded blob can back a new asset; its digests carry over.
    const seededAsset = r.store.draft(ds).assets.find((a) => a.blobId && !a.metadata);
    const copy = await addAsset(ds.identifier, 'derivatives/copy.nwb', seededAsset?.blobId as string);
    expect(copy.status).toBe(200);
    const original = (await call('GET', `/assets/${seededAsset?.assetId}/`)).body;
    expect(copy.body.metadata.digest).toEqual(original.digest);
    expect(copy.body.size).toBe(seededAsset?.size);
  });
});

describe('stars, owners, embargo, delete', () => {
  it('stars and unstars for any approved user', async () => {
    const id = (await createDandiset()).identifier;
    const star = await call('POST', `/dandisets/${id}/star/`, { who: 'other' });
    expect(star.status).toBe(200);
    expect(star.body).toEqual({ count: 1 });
    expect((await call('POST', `/dandisets/${id}/star/`, { who: 'other' })).body).toEqual({ count: 1 });
    expect((await call('POST', `/dandisets/${id}/star/`, { who: 'owner' })).body).toEqual({ count: 2 });
    const seen = (await call('GET', `/dandisets/${id}/`, { who: 'other' })).body;
    expect(seen).toMatchObject({ star_count: 2, is_starred: true });
    const starred = await call('GET', '/dandisets/?starred=true', { who: 'other' });
    expect(starred.body.results[0].identifier).toBe(id);
    expect((await call('DELETE', `/dandisets/${id}/star/`, { who: 'other' })).body).toEqual({ count: 1 });
    expect((await call('GET', `/dandisets/${id}/`, { who: 'other' })).body.is_starred).toBe(false);
  });

  it('sets owners; refuses removing everyone and unknown users', async () => {
    const id = (await createDandiset()).identifier;
    const set = await call('PUT', `/dandisets/${id}/users/`, {
      who: 'owner',
      body: [{ username: 'replica-owner' }, { username: 'replica-other' }],
    });
    expect(set.status).toBe(200);
    expect(set.body.map((u: { username: string }) => u.username)).toEqual(['replica-owner', 'replica-other']);
    expect(set.body[1]).toEqual({ username: 'replica-other', name: 'Otto Other', email: 'other@replica.dandi.test' });
    const none = await call('PUT', `/dandisets/${id}/users/`, { who: 'owner', body: [] });
    expect(none.status).toBe(400);
    expect(none.body).toBe('Cannot remove all draft owners');
    const unknown = await call('PUT', `/dandisets/${id}/users/`, {
      who: 'owner',
      body: [{ username: 'no-such-user' }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toBe('User no-such-user not found');
    // The new co-owner may now write; handing over leaves the first owner out.
    const handover = await call('PUT', `/dandisets/${id}/users/`, {
      who: 'other',
      body: [{ username: 'replica-other' }],
    });
    expect(handover.status).toBe(200);
    const denied = await call('PUT', `/dandisets/${id}/versions/draft/`, {
      who: 'owner',
      body: { name: 'x', metadata: {} },
    });
    expect(denied.status).toBe(403);
  });

  it('keeps new embargoed dandisets invisible to others until unembargoed', async () => {
    const d = await createDandiset('Secret data', GOOD_METADATA, '?embargo=true');
    expect(d.embargo_status).toBe('EMBARGOED');
    const id = d.identifier;
    expect((await call('GET', `/dandisets/${id}/`)).status).toBe(401);
    expect((await call('GET', `/dandisets/${id}/`, { who: 'other' })).status).toBe(403);
    expect((await call('GET', `/dandisets/${id}/`, { who: 'owner' })).status).toBe(200);
    expect((await call('POST', `/dandisets/${id}/star/`, { who: 'other' })).status).toBe(403);
    const listed = await call('GET', '/dandisets/?embargoed=true&page_size=1000', { who: 'other' });
    expect(listed.body.results.map((x: { identifier: string }) => x.identifier)).not.toContain(id);
    const meta = (await call('GET', `/dandisets/${id}/versions/draft/`, { who: 'owner' })).body;
    expect(meta.access[0].status).toBe('dandi:EmbargoedAccess');
    // Embargoed blobs need the signed URL.
    const blob = (await uploadBlob(id, bytesOf('secret', 40))).body;
    const asset = await addAsset(id, 'secret.nwb', blob.blob_id);
    const unsigned = await fetch(asset.body.metadata.contentUrl[1]);
    expect(unsigned.status).toBe(403);
    const pub = await call('POST', `/dandisets/${id}/versions/draft/publish/`, { who: 'owner' });
    expect(pub.body).toBe('Operation only allowed on OPEN dandisets');

    expect((await call('POST', `/dandisets/${id}/unembargo/`, { who: 'other' })).status).toBe(403);
    const un = await call('POST', `/dandisets/${id}/unembargo/`, { who: 'owner' });
    expect(un.status).toBe(200);
    const open = await call('GET', `/dandisets/${id}/`);
    expect(open.status).toBe(200);
    expect(open.body.embargo_status).toBe('OPEN');
    expect((await fetch(asset.body.metadata.contentUrl[1], { redirect: 'follow' })).status).toBe(200);
    const again = await call('POST', `/dandisets/${id}/unembargo/`, { who: 'owner' });
    expect(again.status).toBe(400);
    expect(again.body).toBe('Dandiset not embargoed');
  });

  it('deletes an unpublished dandiset with its zarrs and uploads', async () => {
    const id = (await createDandiset()).identifier;
    const z = await call('POST', '/zarr/', { who: 'owner', body: { name: 'gone.zarr', dandiset: id } });
    expect((await call('DELETE', `/dandisets/${id}/`, { who: 'other' })).status).toBe(403);
    const del = await call('DELETE', `/dandisets/${id}/`, { who: 'owner' });
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expect((await call('GET', `/dandisets/${id}/`)).status).toBe(404);
    expect((await call('GET', `/zarr/${z.body.zarr_id}/`)).status).toBe(404);
    expect((await call('DELETE', `/dandisets/${id}/`, { who: 'owner' })).status).toBe(404);
  });
});

describe('zarr archives', () => {
  const md5b64 = (b: Buffer | string) => createHash('md5').update(b).digest('base64');

  it('creates, uploads, lists, removes files and finalizes with a checksum', async () => {
    const id = (await createDandiset()).identifier;
    const created = await call('POST', '/zarr/', { who: 'owner', body: { name: 'sample.zarr', dandiset: id } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      name: 'sample.zarr',
      dandiset: id,
      status: 'Pending',
      checksum: null,
      file_count: 0,
      size: 0,
    });
    const zarrId = created.body.zarr_id as string;
    const dup = await call('POST', '/zarr/', { who: 'owner', body: { name: 'sample.zarr', dandiset: id } });
    expect(dup.status).toBe(400);
    expect(dup.body).toBe('Zarr already exists');
    expect((await call('POST', '/zarr/', { who: 'owner', body: { name: 'x.zarr', dandiset: '12' } })).body).toEqual({
      dandiset: ['A valid Dandiset identifier is required.'],
    });

    const files: [string, Buffer][] = [
      ['.zgroup', Buffer.from('{"zarr_format": 2}')],
      ['0/.zarray', Buffer.from('{"chunks": [2]}')],
      ['0/0', bytesOf('chunk0', 300)],
      ['0/1', bytesOf('chunk1', 200)],
    ];
    const urls = await call('POST', `/zarr/${zarrId}/files/`, {
      who: 'owner',
      body: files.map(([path, b]) => ({ path, base64md5: md5b64(b) })),
    });
    expect(urls.status).toBe(200);
    expect(urls.body).toHaveLength(4);
    for (const [i, [, b]] of files.entries()) {
      const put = await fetch(urls.body[i], { method: 'PUT', body: bodyOf(b), headers: { 'content-md5': md5b64(b) } });
      expect(put.status).toBe(200);
    }
    // Bad Content-MD5 → BadDigest; the entry is not written.
    const liar = await call('POST', `/zarr/${zarrId}/files/`, {
      who: 'owner',
      body: [{ path: '0/2', base64md5: md5b64('other') }],
    });
    const bad = await fetch(liar.body[0], { method: 'PUT', body: 'not other' });
    expect(bad.status).toBe(400);
    const badPath = await call('POST', `/zarr/${zarrId}/files/`, {
      who: 'owner',
      body: [{ path: '../x', base64md5: md5b64('x') }],
    });
    expect(badPath.status).toBe(400);

    const listing = await call('GET', `/zarr/${zarrId}/files/`);
    expect(listing.body.results.map((e: { Key: string }) => e.Key)).toEqual(['.zgroup', '0/.zarray', '0/0', '0/1']);
    expect(listing.body.results[2]).toMatchObject({
      ETag: createHash('md5')
        .update(files[2]?.[1] as Buffer)
        .digest('hex'),
      Size: 300,
    });
    const chunk = await fetch(`${r.apiUrl}/zarr/${zarrId}/files/?prefix=0/0&download=true`);
    expect(Buffer.from(await chunk.arrayBuffer()).equals(files[2]?.[1] as Buffer)).toBe(true);

    expect((await call('POST', `/zarr/${zarrId}/finalize/`, { who: 'owner' })).status).toBe(204);
    const complete = await until(
      () => call('GET', `/zarr/${zarrId}/`),
      (res) => res.body.status === 'Complete',
    );
    expect(complete.body).toMatchObject({ status: 'Complete', file_count: 4, size: 18 + 15 + 300 + 200 });
    expect(complete.body.checksum).toMatch(/^[0-9a-f]{32}-4--533$/);

    // An asset backed by the zarr.
    const asset = await call('POST', `/dandisets/${id}/versions/draft/assets/`, {
      who: 'owner',
      body: { metadata: { path: 'sample.zarr' }, zarr_id: zarrId },
    });
    expect(asset.status).toBe(200);
    expect(asset.body).toMatchObject({ zarr: zarrId, blob: null, size: 533 });
    expect(asset.body.metadata).toMatchObject({
      encodingFormat: 'application/x-zarr',
      digest: { 'dandi:dandi-zarr-checksum': complete.body.checksum },
    });

    // rmfiles: gone from the listing, archive back to Pending until finalized again.
    const rm = await call('DELETE', `/zarr/${zarrId}/files/`, {
      who: 'owner',
      body: [{ path: '0/1' }, { path: 'nope' }],
    });
    expect(rm.status).toBe(204);
    const after = await call('GET', `/zarr/${zarrId}/files/`);
    expect(after.body.results.map((e: { Key: string }) => e.Key)).toEqual(['.zgroup', '0/.zarray', '0/0']);
    expect((await call('GET', `/zarr/${zarrId}/`)).body).toMatchObject({ status: 'Pending', checksum: null });
    const pub = await call('POST', `/dandisets/${id}/versions/draft/publish/`, { who: 'owner' });
    expect(pub.body).toBe('Cannot publish dandisets which contain zarrs with incomplete checksums');
    await call('POST', `/zarr/${zarrId}/finalize/`, { who: 'owner' });
    const again = await until(
      () => call('GET', `/zarr/${zarrId}/`),
      (res) => res.body.status === 'Complete',
    );
    expect(again.body.checksum).toMatch(/-3--333$/);
    const v = await until(
      () => info(id),
      (x) => x.size === 333,
    );
    expect(v.size).toBe(333);

    // Only owners write; others 403, anonymous 401.
    expect((await call('DELETE', `/zarr/${zarrId}/files/`, { who: 'other', body: [{ path: '0/0' }] })).status).toBe(
      403,
    );
    expect((await call('POST', `/zarr/${zarrId}/finalize/`)).status).toBe(401);
  });
});

describe('replica isolation and options', () => {
  it('gives every replica its own state', async () => {
    const id = (await createDandiset('Only in the first replica')).identifier;
    const other = await startDandiReplica();
    try {
      const res = await fetch(`${other.apiUrl}/dandisets/${id}/`);
      expect(res.status).toBe(404);
      expect(other.store.dandisets.map((d) => d.identifier)).toEqual(DANDISET_IDS);
    } finally {
      await other.close();
    }
  });

  it('can validate after a delay (Pending first)', async () => {
    const slow = await startDandiReplica({ validationDelayMs: 40 });
    try {
      const res = await fetch(`${slow.apiUrl}/dandisets/`, {
        method: 'POST',
        headers: { authorization: `token ${DANDI_REPLICA_TOKENS.owner}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Slow', metadata: GOOD_METADATA }),
      });
      const d = await res.json();
      expect(d.draft_version.status).toBe('Pending');
      const url = `${slow.apiUrl}/dandisets/${d.identifier}/versions/draft/info/`;
      const done = await until(
        async () => (await fetch(url)).json(),
        (x: any) => x.status !== 'Pending',
      );
      expect(done.status).toBe('Invalid');
      expect(done.version_validation_errors.map((e: { field: string }) => e.field)).toEqual(['assetsSummary']);
    } finally {
      await slow.close();
    }
  });
});
