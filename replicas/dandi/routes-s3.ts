/**
 * The replica's stand-in for the S3 bucket: `/s3/blobs/{b[0:3]}/{b[3:6]}/{blob}` and
 * `/s3/zarr/{zarr_id}/{key}`, serving deterministic bytes with `Range` support and S3-style
 * XML errors. Redirects from the API carry a pseudo signature that embargoed objects require.
 *
 * The harness sends string bodies, so content is ASCII (one byte per character) and a single
 * response carries at most MAX_BODY bytes: larger ranges, or a full GET of a large object, are
 * answered 206 with the first MAX_BODY bytes and an honest Content-Range (resume with Range).
 */
import type { ReplicaResponse } from '../common/server.ts';
import { Prng } from '../common/prng.ts';
import type { RouteContext } from './context.ts';
import { hexString } from './ids.ts';
import { dandiEtag } from './metadata-asset.ts';
import { blobKey, type AssetRecord, type DandisetRecord, type ZarrEntry, type ZarrRecord } from './model.ts';
import { zarrEtag } from './seed-zarr.ts';

export const MAX_BODY = 8 * 1024 * 1024;
const LINE = 64;

function signature(objectId: string): string {
  return hexString(new Prng(`dandi:s3-signature:${objectId}`), 64);
}

/** A "presigned" URL: the object URL plus response overrides and a signature. */
export function presign(
  url: string,
  objectId: string,
  opts: { disposition?: string; contentType?: string } = {},
): string {
  const params = new URLSearchParams();
  if (opts.disposition) params.set('response-content-disposition', opts.disposition);
  if (opts.contentType) params.set('response-content-type', opts.contentType);
  params.set('X-Amz-Expires', '21600');
  params.set('X-Amz-Signature', signature(objectId));
  return `${url}?${params.toString().replace(/\+/g, '%20')}`;
}

function s3Error(status: number, code: string, message: string, key: string): ReplicaResponse {
  const raw = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><Key>${key}</Key></Error>`;
  return { status, raw, headers: { 'content-type': 'application/xml' } };
}

/** Synthetic content: fixed 64-byte lines naming the object and offset, so any range is cheap. */
function syntheticBytes(tag: string, start: number, end: number): string {
  const first = Math.floor(start / LINE);
  const last = Math.floor((end - 1) / LINE);
  const lines: string[] = [];
  for (let k = first; k <= last; k++) {
    const head = `${tag} offset ${(k * LINE).toString(16).padStart(14, '0')} `;
    lines.push(`${head.padEnd(LINE - 1, '.').slice(0, LINE - 1)}\n`);
  }
  const joined = lines.join('');
  return joined.slice(start - first * LINE, end - first * LINE);
}

interface S3Object {
  size: number;
  text: string | undefined;
  tag: string;
  etag: string;
  contentType: string;
  lastModified: number;
}

/** The headers S3 answers an object GET with, honouring the presigned `response-*` overrides. */
export function objectHeaders(
  query: URLSearchParams,
  obj: { contentType: string; etag: string; lastModified: number },
): Record<string, string> {
  const headers: Record<string, string> = {
    'accept-ranges': 'bytes',
    'content-type': query.get('response-content-type') ?? obj.contentType,
    etag: `"${obj.etag}"`,
    'last-modified': new Date(Math.floor(obj.lastModified / 1000)).toUTCString(),
  };
  const disposition = query.get('response-content-disposition');
  if (disposition) headers['content-disposition'] = disposition;
  return headers;
}

/** `Range: bytes=a-b | a- | -n` (first range only); null → unsatisfiable; undefined → whole object. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | undefined {
  const m = /^bytes=\s*(\d*)\s*-\s*(\d*)/.exec(header ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) return null;
    return { start: Math.max(0, size - n), end: size };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size : Math.min(size, Number(m[2]) + 1);
  if (start >= size || end <= start) return null;
  return { start, end };
}

function serve(ctx: RouteContext, obj: S3Object): ReplicaResponse {
  const headers = objectHeaders(ctx.req.query, obj);
  const range = parseRange(ctx.req.headers.range, obj.size);
  if (range === null) {
    return {
      status: 416,
      raw: '',
      headers: { ...headers, 'content-range': `bytes */${obj.size}`, 'content-type': 'application/xml' },
    };
  }
  const start = range?.start ?? 0;
  const end = Math.min(range?.end ?? obj.size, start + MAX_BODY);
  const partial = range !== undefined || end < obj.size;
  const raw = obj.text !== undefined ? obj.text.slice(start, end) : syntheticBytes(obj.tag, start, end);
  if (partial) headers['content-range'] = `bytes ${start}-${end - 1}/${obj.size}`;
  return { status: partial ? 206 : 200, raw, headers };
}

function signed(ctx: RouteContext, ds: DandisetRecord | undefined, objectId: string): boolean {
  return ds?.embargoStatus === 'OPEN' || ctx.req.query.get('X-Amz-Signature') === signature(objectId);
}

/** Any other bucket key (e.g. published `assets.yaml` manifests, which the replica does not store). */
export function missingObject(ctx: RouteContext): ReplicaResponse {
  return s3Error(404, 'NoSuchKey', 'The specified key does not exist.', ctx.req.path.replace(/^\/s3\//, ''));
}

/**
 * An object uploaded through the write API: served here when its bytes are ASCII (the harness
 * sends string bodies), else redirected (307, as S3 does across endpoints) to the object store,
 * which serves exact bytes.
 */
function serveUploaded(
  ctx: RouteContext,
  key: string,
  bytes: Buffer | undefined,
  obj: Omit<S3Object, 'text' | 'tag'>,
): ReplicaResponse {
  const store = ctx.store.objectStore;
  if (bytes?.every((b) => b < 0x80)) return serve(ctx, { ...obj, text: bytes.toString('latin1'), tag: '' });
  if (!store) return s3Error(501, 'NotImplemented', 'The replica was told not to keep uploaded bytes.', key);
  return { status: 307, headers: { location: store.presignGet(key, ctx.req.url.search) }, raw: '' };
}

export function serveBlob(ctx: RouteContext): ReplicaResponse {
  const { blob = '', p1 = '', p2 = '' } = ctx.params;
  const key = `blobs/${p1}/${p2}/${blob}`;
  const uploaded = ctx.store.blob(blob);
  if (uploaded && blobKey(blob) === key) {
    if (!signed(ctx, ctx.store.dandiset(uploaded.dandisetId), blob))
      return s3Error(403, 'AccessDenied', 'Access Denied', key);
    return serveUploaded(ctx, key, uploaded.bytes, {
      size: uploaded.size,
      etag: uploaded.etag,
      contentType: 'application/octet-stream',
      lastModified: uploaded.created,
    });
  }
  const asset: AssetRecord | undefined = ctx.store.blobAsset(blob);
  if (!asset || blobKey(blob) !== key) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.', key);
  if (!signed(ctx, ctx.store.dandiset(asset.dandisetId), blob))
    return s3Error(403, 'AccessDenied', 'Access Denied', key);
  return serve(ctx, {
    size: asset.size,
    text: asset.text,
    tag: `blob ${blob}`,
    etag: dandiEtag(asset),
    contentType: 'application/octet-stream',
    lastModified: asset.created,
  });
}

export function serveZarrObject(ctx: RouteContext): ReplicaResponse {
  const zarrId = ctx.params.zarr ?? '';
  let key = ctx.params.key ?? '';
  try {
    key = decodeURIComponent(key);
  } catch {
    // keep the raw key; it will simply not be found
  }
  const zarr: ZarrRecord | undefined = ctx.store.zarr(zarrId);
  const entry: ZarrEntry | undefined = zarr?.entries.find((e) => e.key === key);
  const fullKey = `zarr/${zarrId}/${key}`;
  if (!zarr || !entry) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.', fullKey);
  if (!signed(ctx, ctx.store.dandiset(zarr.dandisetId), zarrId))
    return s3Error(403, 'AccessDenied', 'Access Denied', fullKey);
  if (entry.etag !== undefined) {
    return serveUploaded(ctx, fullKey, entry.bytes, {
      size: entry.size,
      etag: entry.etag,
      contentType: 'binary/octet-stream',
      lastModified: entry.lastModified,
    });
  }
  return serve(ctx, {
    size: entry.size,
    text: entry.text,
    tag: `zarr ${zarrId.slice(0, 8)} ${key}`.slice(0, 40),
    etag: zarrEtag(zarrId, key),
    contentType: entry.text !== undefined ? 'application/json' : 'binary/octet-stream',
    lastModified: entry.lastModified,
  });
}
