/**
 * The blob upload flow: `/uploads/initialize/` (plans the parts by dandischema's rule and hands
 * out presigned part URLs into the object store), `/uploads/{id}/complete/` (the presigned
 * CompleteMultipartUpload request), `/uploads/{id}/validate/` (checks the assembled object's
 * size and dandi-etag, registers the blob), `/blobs/digest/`, and the dandiset's active uploads.
 */
import { json, type ReplicaResponse } from '../common/server.ts';
import {
  findDandiset,
  isRecord,
  jsonBody,
  objectBody,
  ownedDandiset,
  requireOwner,
  requireUser,
  type RouteContext,
} from './context.ts';
import { bareString, detail, fieldErrors, notFound, permissionDenied } from './http.ts';
import { blobKey, type BlobRecord, type UploadRecord } from './model.ts';
import { paginate } from './paging.ts';
import { sha256Hex } from './store.ts';
import { uploadObject } from './writes.ts';

const MAX_PARTS = 10_000;

/**
 * dandischema's part plan for a file of `size` bytes: parts of `partSize` (64 MiB by default),
 * grown to ceil(size / 10 000) when that would need 10 000 parts or more; the last part holds
 * the remainder; a single part is the whole file; an empty file has no parts.
 */
export function planParts(size: number, partSize: number): number[] {
  if (size === 0) return [];
  let part = partSize;
  if (Math.ceil(size / part) >= MAX_PARTS) part = Math.ceil(size / MAX_PARTS);
  const full = Math.floor(size / part);
  const rest = size - full * part;
  const parts = new Array<number>(full).fill(part);
  if (rest > 0) parts.push(rest);
  return parts;
}

const blobBody = (b: BlobRecord) => ({ blob_id: b.blobId, etag: b.etag, sha256: b.sha256, size: b.size });

const ETAG = /^[0-9a-f]{32}-(\d{1,5})$/;

/** `POST /uploads/initialize/` `{contentSize, digest: {algorithm, value}, dandiset}`. */
export function initializeUpload(ctx: RouteContext): ReplicaResponse {
  const who = requireUser(ctx);
  if (!who.ok) return who.response;
  const body = objectBody(ctx);
  if (!body.ok) return body.response;
  const b = body.value;
  const errors: Record<string, unknown> = {};
  const size = b.contentSize;
  const max = ctx.store.options.maxUploadBytes;
  if (size === undefined || size === null) errors.contentSize = ['This field is required.'];
  else if (typeof size !== 'number' || !Number.isInteger(size)) errors.contentSize = ['A valid integer is required.'];
  else if (size < 0) errors.contentSize = ['Ensure this value is greater than or equal to 0.'];
  else if (size > max) errors.contentSize = [`Ensure this value is less than or equal to ${max}.`];
  const digest = b.digest;
  if (!isRecord(digest)) errors.digest = digest === undefined ? ['This field is required.'] : ['Invalid data.'];
  else {
    const d: Record<string, string[]> = {};
    if (digest.algorithm !== 'dandi:dandi-etag') d.algorithm = [`"${String(digest.algorithm)}" is not a valid choice.`];
    if (typeof digest.value !== 'string') d.value = ['This field is required.'];
    else if (!ETAG.test(digest.value)) d.value = ['Not a valid dandi-etag ("<32 hex digits>-<number of parts>").'];
    if (Object.keys(d).length) errors.digest = d;
  }
  const dandisetId = b.dandiset;
  if (typeof dandisetId !== 'string' || !/^\d{6}$/.test(dandisetId)) {
    errors.dandiset = ['A valid Dandiset identifier is required.'];
  }
  if (Object.keys(errors).length) return json(400, errors);
  const contentSize = size as number;
  const etag = (digest as { value: string }).value;
  const parts = planParts(contentSize, ctx.store.options.partSize);
  const declaredParts = Number(ETAG.exec(etag)?.[1]);
  if (declaredParts !== parts.length) {
    return fieldErrors({
      digest: [
        `The dandi-etag names ${declaredParts} parts, but a ${contentSize}-byte file is uploaded in ${parts.length} parts of ${ctx.store.options.partSize} bytes.`,
      ],
    });
  }
  const found = findDandiset({ ...ctx, params: { ds: dandisetId as string } });
  if (!found.ok) return found.response;
  const denied = requireOwner(ctx, found.value);
  if (denied) return denied;
  const existing = ctx.store.blobByDigest('dandi:dandi-etag', etag);
  if (existing) return bareString(409, 'Blob already exists.', { location: existing.blobId });
  const objects = ctx.store.objectStore;
  if (!objects) return bareString(503, 'No object store is attached to this replica.');

  const uploadId = ctx.store.newId();
  const upload: UploadRecord = {
    uploadId,
    dandisetId: dandisetId as string,
    etag,
    size: contentSize,
    created: ctx.store.now(),
    parts,
  };
  const urls = objects.createMultipart(uploadId, blobKey(uploadId), parts);
  ctx.store.addUpload(upload);
  return json(200, {
    upload_id: uploadId,
    parts: parts.map((s, i) => ({ part_number: i + 1, size: s, upload_url: urls[i] })),
  });
}

/** The upload the URL names, checked against the caller (owner of its dandiset). */
function findUpload(ctx: RouteContext): { ok: true; upload: UploadRecord } | { ok: false; response: ReplicaResponse } {
  const who = requireUser(ctx);
  if (!who.ok) return who;
  const upload = ctx.store.upload(ctx.params.upload ?? '');
  if (!upload) return { ok: false, response: notFound() };
  const ds = ctx.store.dandiset(upload.dandisetId);
  if (!ds) return { ok: false, response: notFound() };
  if (!ctx.store.owns(ctx.user, ds)) return { ok: false, response: permissionDenied() };
  return { ok: true, upload };
}

/** `POST /uploads/{id}/complete/` `{parts: [{part_number, size, etag}]}` → `{complete_url, body}`. */
export function completeUpload(ctx: RouteContext): ReplicaResponse {
  const found = findUpload(ctx);
  if (!found.ok) return found.response;
  const body = jsonBody(ctx);
  if (!body.ok) return body.response;
  const b = body.value;
  const list = isRecord(b) ? b.parts : undefined;
  if (!Array.isArray(list)) return fieldErrors({ parts: ['This field is required.'] });
  const itemErrors = list.map((p) => {
    const e: Record<string, string[]> = {};
    if (!isRecord(p)) return { non_field_errors: ['Invalid data. Expected a dictionary.'] };
    if (!Number.isInteger(p.part_number) || (p.part_number as number) < 1)
      e.part_number = ['A valid integer is required.'];
    if (!Number.isInteger(p.size) || (p.size as number) < 0) e.size = ['A valid integer is required.'];
    if (typeof p.etag !== 'string' || p.etag === '') e.etag = ['This field is required.'];
    return e;
  });
  if (itemErrors.some((e) => Object.keys(e).length)) return json(400, { parts: itemErrors });
  const parts = (list as { part_number: number; etag: string }[]).map((p) => ({
    part_number: p.part_number,
    etag: p.etag,
  }));
  const objects = ctx.store.objectStore;
  if (!objects?.hasMultipart(found.upload.uploadId)) {
    return bareString(400, `Upload ${found.upload.uploadId} was already completed.`);
  }
  const completion = objects.completion(found.upload.uploadId, parts);
  return json(200, { complete_url: completion.url, body: completion.body });
}

/** `POST /uploads/{id}/validate/` → the new blob; the object must match the declared size and etag. */
export function validateUpload(ctx: RouteContext): ReplicaResponse {
  const found = findUpload(ctx);
  if (!found.ok) return found.response;
  const { upload } = found;
  const key = blobKey(upload.uploadId);
  const obj = ctx.store.objectStore?.object(key);
  if (!obj) return bareString(400, `Object ${key} does not exist.`);
  if (obj.size !== upload.size) return bareString(400, `Size ${upload.size} does not match actual size ${obj.size}.`);
  if (obj.etag !== upload.etag) return bareString(400, `ETag ${upload.etag} does not match actual ETag ${obj.etag}.`);
  const existing = ctx.store.blobByDigest('dandi:dandi-etag', upload.etag);
  if (existing) {
    ctx.store.removeUpload(upload);
    return bareString(409, 'Blob already exists.', { location: existing.blobId });
  }
  const blob: BlobRecord = {
    blobId: upload.uploadId,
    etag: upload.etag,
    sha256: obj.bytes ? sha256Hex(obj.bytes) : null,
    size: obj.size,
    created: ctx.store.now(),
    dandisetId: upload.dandisetId,
    bytes: obj.bytes,
  };
  ctx.store.addBlob(blob);
  ctx.store.removeUpload(upload);
  return json(200, blobBody(blob));
}

/** `POST /blobs/digest/` `{algorithm, value}` → the blob or 404 (no authentication needed). */
export function blobByDigest(ctx: RouteContext): ReplicaResponse {
  const body = objectBody(ctx);
  if (!body.ok) return body.response;
  const b = body.value;
  const errors: Record<string, string[]> = {};
  if (b.algorithm !== 'dandi:dandi-etag' && b.algorithm !== 'dandi:sha2-256') {
    errors.algorithm = [`"${String(b.algorithm)}" is not a valid choice.`];
  }
  if (typeof b.value !== 'string' || b.value === '') errors.value = ['This field is required.'];
  if (Object.keys(errors).length) return fieldErrors(errors);
  const blob = ctx.store.blobByDigest(b.algorithm as string, b.value as string);
  return blob ? json(200, blobBody(blob)) : detail(404, 'Not found.');
}

/** `GET /dandisets/{id}/uploads/` (page of active uploads) and `DELETE` (clears them) — owners. */
export function dandisetUploads(ctx: RouteContext): ReplicaResponse {
  const found = ownedDandiset(ctx);
  if (!found.ok) return found.response;
  const uploads = ctx.store.uploadsOf(found.value.identifier).sort((a, b) => a.created - b.created);
  if (ctx.req.method === 'DELETE') {
    for (const u of uploads) ctx.store.removeUpload(u);
    ctx.store.revision++;
    return { status: 204, raw: '', headers: { 'content-type': 'application/json' } };
  }
  return paginate(ctx.req, uploads, uploadObject);
}
