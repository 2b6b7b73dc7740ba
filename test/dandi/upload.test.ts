/**
 * Uploads through the gateway against a replica cutting files into small (64 KiB) parts: a
 * file of several parts with its dandi-etag checked independently and its bytes read back,
 * parts retried, failures that say what exists (and a retry that reuses a stored blob), the
 * MAX_UPLOAD_BYTES bound (declared and streamed), the direct upload (startUpload / PUT parts /
 * completeUpload), and no temporary file left behind.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { startDandiReplica, type DandiReplica } from '../../replicas/dandi/server.ts';
import {
  DandiCompleteUploadDocument,
  DandiCreateDandisetDocument,
  DandiDraftStateDocument,
  DandiStartUploadDocument,
  DandiUploadAssetDocument,
} from '../gql/graphql.ts';
import { errorCodes, useReplicaStack } from '../support/gateway.ts';
import { nwbLike, OTHER, OWNER, referenceEtag, sendUpload } from './multipart.ts';

const PART = 64 * 1024;
const MAX_UPLOAD = 2 * 1024 * 1024;

const s = useReplicaStack<'dandi', DandiReplica>(
  'dandi',
  () => startDandiReplica({ partSize: PART }),
  (r) => ({
    dandiApiUrl: r.apiUrl,
    env: { DANDI_ETAG_PART_BYTES: String(PART), MAX_UPLOAD_BYTES: String(MAX_UPLOAD) },
  }),
  (r) => {
    r.log.clear();
    r.faults.reset();
    r.objectStore.log.clear();
    r.objectStore.faults.reset();
  },
);

// The gateway spools into os.tmpdir(): a directory of this file's own (TMPDIR, read on every
// call), so the uploads of test files running at the same time are not counted here.
const ownTmp = mkdtempSync(join(tmpdir(), 'upload-test-'));
process.env.TMPDIR = ownTmp;
afterAll(() => rmSync(ownTmp, { recursive: true, force: true }));
const spooled = () => readdirSync(tmpdir()).filter((f) => f.startsWith('gateway-upload-')).length;

async function create(): Promise<string> {
  const res = await s.gw.execute(DandiCreateDandisetDocument, { input: { name: 'Uploads' } }, OWNER);
  expect(res.errors).toBeUndefined();
  return res.data!.createDandiset!.identifier;
}

const upload = (identifier: string, path: string, bytes: Uint8Array<ArrayBuffer>, headers = OWNER) =>
  sendUpload(
    s.gw.url,
    DandiUploadAssetDocument,
    { identifier, path },
    { name: 'f.nwb', body: new Blob([bytes]) },
    headers,
  );

const assetsOf = async (identifier: string) =>
  (await s.gw.execute(DandiDraftStateDocument, { identifier }, OWNER)).data!.dandiset!.draftVersion!.assets!;

const storeRequests = (method: string) => s.dandi.objectStore.log.count((e) => e.method === method);

describe('uploadAsset', () => {
  it('uploads a file of several parts with the right dandi-etag, and its bytes read back', async () => {
    const id = await create();
    const before = spooled();
    const bytes = nwbLike(5 * PART + 1234, 7);
    const res = await upload(id, 'sub-01/sub-01_ecephys.nwb', bytes);
    expect(res.errors).toBeUndefined();
    const up = res.data!.uploadAsset!;
    expect(up).toMatchObject({ parts: 6, reusedBlob: false, size: bytes.length });
    expect(up.etag).toBe(referenceEtag(bytes, PART));
    expect(storeRequests('PUT')).toBe(6);
    expect(storeRequests('POST')).toBe(1);

    const download = await fetch(`${s.dandi.apiUrl}/assets/${up.asset!.assetId}/download/`);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    expect(spooled()).toBe(before);
  });

  it('retries a part the store failed once (a part PUT is idempotent)', async () => {
    const id = await create();
    s.dandi.objectStore.faults.queue({ kind: 'status', status: 500 });
    const bytes = nwbLike(3 * PART, 8);
    const res = await upload(id, 'sub-01/retried.nwb', bytes);
    expect(res.errors).toBeUndefined();
    expect(res.data!.uploadAsset!.parts).toBe(3);
    expect(storeRequests('PUT')).toBe(4);
  });

  it('a store that keeps failing leaves no blob and no asset, and says so', async () => {
    const id = await create();
    s.dandi.objectStore.faults.set({ errorRate: 1, errorStatus: 503 });
    const res = await upload(id, 'sub-01/failed.nwb', nwbLike(2 * PART, 9));
    expect(errorCodes(res)).toEqual(['ARCHIVE_UNAVAILABLE']);
    const ext = res.errors![0]!.extensions as Record<string, any>;
    expect(ext.upload).toMatchObject({ stage: 'parts', blobExists: false, assetCreated: false, parts: 2 });
    expect(ext.upload.uploadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.errors![0]!.message).toContain('No blob and no asset were made');
    // each part tried 3 times, then given up; nothing completed, nothing validated
    expect(storeRequests('PUT')).toBeLessThanOrEqual(6);
    expect(s.dandi.log.count('/validate/')).toBe(0);
    expect((await assetsOf(id)).totalCount).toBe(0);
  });

  it('when the asset cannot be made the stored blob is named, and the retry reuses it without sending bytes', async () => {
    const id = await create();
    const bytes = nwbLike(2 * PART + 10, 10);
    // The path check sees a free path; then the asset POST (same path) fails.
    const assets = `/dandisets/${id}/versions/draft/assets`;
    s.dandi.faults.queue(
      { kind: 'body', pathIncludes: assets, body: { count: 0, next: null, previous: null, results: [] } },
      { kind: 'status', status: 500, pathIncludes: assets },
    );
    const failed = await upload(id, 'sub-01/late.nwb', bytes);
    expect(errorCodes(failed)).toEqual(['ARCHIVE_UNAVAILABLE']);
    const ext = failed.errors![0]!.extensions as Record<string, any>;
    expect(ext.upload).toMatchObject({ stage: 'asset', blobExists: true, assetCreated: false });
    expect(failed.errors![0]!.message).toContain(`The blob ${ext.upload.blobId} is stored but no asset was made`);
    expect((await assetsOf(id)).totalCount).toBe(0);

    s.dandi.objectStore.log.clear();
    const retry = await upload(id, 'sub-01/late.nwb', bytes);
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.uploadAsset).toMatchObject({ reusedBlob: true, parts: 0, blobId: ext.upload.blobId });
    expect(s.dandi.objectStore.log.count()).toBe(0);
    expect((await assetsOf(id)).edges.map((e) => e.node.path)).toEqual(['sub-01/late.nwb']);
  });

  it('a declared body over MAX_UPLOAD_BYTES is 413 before a byte is read; nothing is sent upstream', async () => {
    const id = await create();
    const before = spooled();
    // Over the bound by more than the JSON fields and framing may take (2 × MAX_BODY_BYTES + 64 KiB).
    const res = await upload(id, 'sub-01/big.nwb', nwbLike(MAX_UPLOAD + 3 * 1024 * 1024, 11));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).errors[0].extensions).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      maximumBytes: MAX_UPLOAD,
    });
    expect(s.dandi.log.count((e) => e.method !== 'POST' || !e.path.endsWith('/dandisets/'))).toBe(0);
    expect(spooled()).toBe(before);
  });

  it('a file just over the bound is refused when it passes it', async () => {
    const id = await create();
    const res = await upload(id, 'sub-01/just-over.nwb', nwbLike(MAX_UPLOAD + 1, 15));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(storeRequests('PUT')).toBe(0);
    expect((await assetsOf(id)).totalCount).toBe(0);
  });

  it('a streamed body is refused once its file passes the bound, without reading on', async () => {
    const id = await create();
    s.dandi.log.clear();
    const boundary = 'gatewayboundary';
    const operations = JSON.stringify({
      query: print(DandiUploadAssetDocument),
      variables: { identifier: id, path: 'sub-01/stream.nwb', file: null },
    });
    const head =
      `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="stream.nwb"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    const chunk = nwbLike(256 * 1024, 12);
    const total = 64 * 1024 * 1024;
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(head));
      },
      pull(c) {
        if (pulled >= total) {
          c.enqueue(new TextEncoder().encode(`\r\n--${boundary}--\r\n`));
          c.close();
          return;
        }
        pulled += chunk.length;
        c.enqueue(chunk);
      },
    });
    let status: number | undefined;
    let text = '';
    try {
      const res = await fetch(`${s.gw.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...OWNER },
        body,
        duplex: 'half',
      } as RequestInit);
      status = res.status;
      text = await res.text();
    } catch {
      // The gateway may close the connection while the client still writes: fine, if it stopped reading.
    }
    if (status !== undefined) {
      expect(status).toBe(413);
      expect(JSON.parse(text).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    }
    // Socket buffers hold a few MiB; nowhere near the 64 MiB offered.
    expect(pulled).toBeLessThan(MAX_UPLOAD + 16 * 1024 * 1024);
    expect(s.dandi.log.count()).toBe(0);
  });

  it('a client that goes away mid-upload leaves no temporary file and sends nothing upstream', async () => {
    const id = await create();
    s.dandi.log.clear();
    const before = spooled();
    const operations = JSON.stringify({
      query: print(DandiUploadAssetDocument),
      variables: { identifier: id, path: 'sub-01/gone.nwb', file: null },
    });
    const boundary = 'b0undary';
    const head =
      `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="gone.nwb"\r\n\r\n`;
    const controller = new AbortController();
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(head));
      },
      async pull(c) {
        if (sent >= 512 * 1024) {
          // Half a megabyte in, the client gives up.
          await new Promise((r) => setTimeout(r, 100));
          controller.abort();
          return;
        }
        sent += 64 * 1024;
        c.enqueue(nwbLike(64 * 1024, 14));
      },
    });
    await fetch(`${s.gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...OWNER },
      body,
      duplex: 'half',
      signal: controller.signal,
    } as RequestInit).catch(() => undefined);
    for (let i = 0; i < 50 && spooled() > before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(spooled()).toBe(before);
    expect(s.dandi.log.count()).toBe(0);
  });

  it('an Upload given as a JSON value is BAD_USER_INPUT', async () => {
    const res = await s.gw.post(
      {
        query: print(DandiUploadAssetDocument),
        variables: { identifier: '000003', path: 'a.nwb', file: 'not a file' },
      },
      OWNER,
    );
    expect(res.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(s.dandi.log.count()).toBe(0);
  });

  it('a malformed multipart request is 400 with a code', async () => {
    const form = new FormData();
    form.set('map', '{"0":["variables.file"]}');
    form.set('0', new Blob(['x']), 'x.nwb');
    const res = await fetch(`${s.gw.url}/graphql`, { method: 'POST', body: form, headers: OWNER });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});

describe('direct upload: startUpload, PUT the parts, completeUpload', () => {
  it('presigns the parts, completes with their ETags, makes the asset', async () => {
    const id = await create();
    const bytes = nwbLike(3 * PART + 99, 13);
    const etag = referenceEtag(bytes, PART);
    const started = await s.gw.execute(
      DandiStartUploadDocument,
      { identifier: id, path: 'sub-02/direct.nwb', size: bytes.length, etag },
      OWNER,
    );
    expect(started.errors).toBeUndefined();
    const st = started.data!.startUpload!;
    expect(st).toMatchObject({ blobId: null, partSize: PART });
    expect(st.parts.map((p) => [p.partNumber, p.offset, p.size])).toEqual([
      [1, 0, PART],
      [2, PART, PART],
      [3, 2 * PART, PART],
      [4, 3 * PART, 99],
    ]);
    // the client sends the bytes straight to the store
    const done: { partNumber: number; size: number; etag: string }[] = [];
    for (const p of st.parts) {
      const put = await fetch(p.url, { method: 'PUT', body: bytes.slice(p.offset, p.offset + p.size) });
      expect(put.status).toBe(200);
      done.push({ partNumber: p.partNumber, size: p.size, etag: put.headers.get('etag')! });
    }
    const completed = await s.gw.execute(
      DandiCompleteUploadDocument,
      { identifier: id, path: 'sub-02/direct.nwb', etag, uploadId: st.uploadId, parts: done },
      OWNER,
    );
    expect(completed.errors).toBeUndefined();
    expect(completed.data!.completeUpload).toMatchObject({
      reusedBlob: false,
      parts: 4,
      size: bytes.length,
      asset: { path: 'sub-02/direct.nwb', size: bytes.length },
    });

    // the same bytes again: startUpload finds the blob, completeUpload takes it
    const again = await s.gw.execute(
      DandiStartUploadDocument,
      { identifier: id, path: 'sub-02/copy.nwb', size: bytes.length, etag },
      OWNER,
    );
    expect(again.data!.startUpload).toMatchObject({ uploadId: null, parts: [] });
    expect(again.data!.startUpload!.blobId).toBe(completed.data!.completeUpload!.blobId);
    const reuse = await s.gw.execute(
      DandiCompleteUploadDocument,
      { identifier: id, path: 'sub-02/copy.nwb', etag },
      OWNER,
    );
    expect(reuse.errors).toBeUndefined();
    expect(reuse.data!.completeUpload).toMatchObject({ reusedBlob: true, asset: { path: 'sub-02/copy.nwb' } });
    expect((await assetsOf(id)).totalCount).toBe(2);
  });

  it('refuses an etag that does not fit the part rule, a bad path, or a stranger — nothing started', async () => {
    const id = await create();
    s.dandi.log.clear();
    const size = 3 * PART;
    const wrongParts = await s.gw.execute(
      DandiStartUploadDocument,
      { identifier: id, path: 'a.nwb', size, etag: `${'0'.repeat(32)}-1` },
      OWNER,
    );
    expect(errorCodes(wrongParts)).toEqual(['BAD_USER_INPUT']);
    expect(wrongParts.errors![0]!.extensions).toMatchObject({ argument: 'etag', parts: 3 });
    const badPath = await s.gw.execute(
      DandiStartUploadDocument,
      { identifier: id, path: '/a.nwb', size, etag: `${'0'.repeat(32)}-3` },
      OWNER,
    );
    expect(errorCodes(badPath)).toEqual(['BAD_USER_INPUT']);
    expect(s.dandi.log.count()).toBe(0);
    const stranger = await s.gw.execute(
      DandiStartUploadDocument,
      { identifier: id, path: 'a.nwb', size, etag: `${'0'.repeat(32)}-3` },
      OTHER,
    );
    expect(errorCodes(stranger)).toEqual(['FORBIDDEN']);
    const unknownBlob = await s.gw.execute(
      DandiCompleteUploadDocument,
      { identifier: id, path: 'a.nwb', etag: `${'1'.repeat(32)}-3` },
      OWNER,
    );
    expect(errorCodes(unknownBlob)).toEqual(['BAD_USER_INPUT']);
    expect((await assetsOf(id)).totalCount).toBe(0);
  });
});
