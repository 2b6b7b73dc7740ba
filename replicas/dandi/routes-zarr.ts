/**
 * `/zarr/` (dandiset / name filters), `/zarr/{id}/` and the S3-style cursor listing
 * `/zarr/{id}/files/` (prefix, after, limit ≤ 1000, download / HEAD redirects).
 * Zarrs of embargoed dandisets are invisible (404) to everyone but their owners.
 */
import { json, type ReplicaResponse } from '../common/server.ts';
import type { RouteContext } from './context.ts';
import { bareString, boolParams, fieldErrors, lastParam, notFound, redirect } from './http.ts';
import type { ZarrRecord } from './model.ts';
import { absoluteUri, paginate, replaceQueryParam } from './paging.ts';
import { presign } from './routes-s3.ts';
import { s3Time, zarrEtag } from './seed-zarr.ts';
import { zarrObject } from './serializers.ts';

function visibleZarr(ctx: RouteContext, z: ZarrRecord): boolean {
  const ds = ctx.store.dandiset(z.dandisetId);
  return ds !== undefined && ctx.store.visible(ctx.user, ds);
}

export function listZarrs(ctx: RouteContext): ReplicaResponse {
  const q = ctx.req.query;
  const dandiset = lastParam(q, 'dandiset');
  if (dandiset !== undefined && !/^\d{6}$/.test(dandiset)) {
    return fieldErrors({ dandiset: ['A valid Dandiset identifier is required.'] });
  }
  const name = lastParam(q, 'name');
  const rows = ctx.store.zarrs.filter(
    (z) =>
      visibleZarr(ctx, z) &&
      (dandiset === undefined || z.dandisetId === dandiset) &&
      (name === undefined || z.name === name),
  );
  return paginate(ctx.req, rows, zarrObject);
}

function findZarr(ctx: RouteContext): ZarrRecord | undefined {
  const z = ctx.store.zarr(ctx.params.zarr ?? '');
  return z && visibleZarr(ctx, z) ? z : undefined;
}

export function getZarr(ctx: RouteContext): ReplicaResponse {
  const z = findZarr(ctx);
  return z ? json(200, zarrObject(z)) : notFound();
}

/** DRF IntegerField(min_value=0, max_value=1000, default=1000). */
function limitOf(raw: string | undefined): number | string {
  if (raw === undefined) return 1000;
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) return 'A valid integer is required.';
  const n = Number.parseInt(raw.trim(), 10);
  if (n > 1000) return 'Ensure this value is less than or equal to 1000.';
  if (n < 0) return 'Ensure this value is greater than or equal to 0.';
  return n;
}

export function zarrFiles(ctx: RouteContext): ReplicaResponse {
  const z = findZarr(ctx);
  if (!z) return notFound();
  const q = ctx.req.query;
  const { values, errors } = boolParams(q, { download: false });
  const limitOrError = limitOf(lastParam(q, 'limit'));
  if (typeof limitOrError === 'string') errors.limit = [limitOrError];
  if (Object.keys(errors).length) return fieldErrors(errors);
  const limit = typeof limitOrError === 'number' ? limitOrError : 1000;

  const rawPrefix = (lastParam(q, 'prefix') ?? '').replace(/^\/+/, '');
  const after = lastParam(q, 'after') ?? '';
  if ([...rawPrefix.split('/'), ...after.split('/')].includes('..')) {
    return bareString(400, 'Zarr path cannot contain ".." components.');
  }
  const objectUrl = `${ctx.urls.origin}/s3/zarr/${z.zarrId}/${rawPrefix.split('/').map(encodeURIComponent).join('/')}`;
  if (ctx.req.method === 'HEAD' || values.download) return redirect(presign(objectUrl, z.zarrId));

  // Trailing slashes vanish before the S3 query, so `prefix=0/` also matches `0x…` keys.
  const prefix = rawPrefix.replace(/\/+$/, '');
  const results: Record<string, unknown>[] = [];
  let truncated = false;
  for (const e of z.entries) {
    if (!e.key.startsWith(prefix) || (after && e.key <= after)) continue;
    if (results.length >= limit) {
      truncated = results.length > 0;
      break;
    }
    results.push({
      Key: e.key,
      LastModified: s3Time(e.lastModified),
      ETag: e.etag ?? zarrEtag(z.zarrId, e.key),
      Size: e.size,
    });
  }
  const lastKey = results[results.length - 1]?.Key;
  const next =
    truncated && typeof lastKey === 'string' ? replaceQueryParam(absoluteUri(ctx.req), 'after', lastKey) : null;
  return json(200, { next, results });
}
