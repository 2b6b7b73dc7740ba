/**
 * Asset writes on a draft: `POST …/versions/draft/assets/` (a blob or a zarr at a path),
 * `PUT …/assets/{id}/` (rename or change metadata — a NEW asset id unless nothing changed) and
 * `DELETE …/assets/{id}/` (detaches it from the draft). Owners only; the whole request is
 * validated (path rules, blob / zarr existence, path conflicts) before the draft changes.
 */
import { json, type ReplicaResponse } from '../common/server.ts';
import {
  draftWritable,
  findVersion,
  isRecord,
  jsonBody,
  requireOwner,
  requireUser,
  type RouteContext,
} from './context.ts';
import { bareString, fieldErrors, notFound } from './http.ts';
import type { AssetKind, AssetRecord, DandisetRecord, VersionRecord } from './model.ts';
import { assetObject } from './serializers.ts';
import { ASSET_COMPUTED_FIELDS, assetPathError, strip } from './validate-metadata.ts';
import { commitDraft, pendingValidation } from './writes.ts';

function kindOf(format: string, zarr: boolean, path: string): AssetKind {
  if (zarr) return 'zarr';
  if (format === 'application/x-nwb' || path.endsWith('.nwb')) return 'nwb';
  if (format === 'application/json') return 'json';
  if (format === 'text/markdown') return 'readme';
  if (format === 'text/tab-separated-values') return 'tsv';
  if (format.startsWith('image/')) return 'image';
  if (format.startsWith('video/')) return 'video';
  return 'changes';
}

interface AssetRequest {
  path: string;
  metadata: Record<string, unknown>;
  blobId: string | null;
  zarrId: string | null;
  size: number;
}

/** Parse and check a `{metadata, blob_id | zarr_id}` body against the draft (not yet changed). */
function parseAssetRequest(
  ctx: RouteContext,
  ds: DandisetRecord,
  draft: VersionRecord,
  replacing: AssetRecord | undefined,
): AssetRequest | ReplaceResponse {
  const body = jsonBody(ctx);
  if (!body.ok) return { response: body.response };
  const b = body.value;
  if (!isRecord(b)) return { response: fieldErrors({ non_field_errors: ['Invalid data. Expected a dictionary.'] }) };
  if (!isRecord(b.metadata)) {
    return {
      response: fieldErrors({
        metadata: [b.metadata === undefined ? 'This field is required.' : 'Value must be valid JSON.'],
      }),
    };
  }
  const hasBlob = b.blob_id !== undefined && b.blob_id !== null;
  const hasZarr = b.zarr_id !== undefined && b.zarr_id !== null;
  if (hasBlob === hasZarr) {
    return { response: fieldErrors({ non_field_errors: ['Exactly one of blob_id or zarr_id must be specified.'] }) };
  }
  const path = b.metadata.path;
  const pathError = assetPathError(path);
  if (pathError) return { response: bareString(400, pathError) };
  let size = 0;
  if (hasBlob) {
    const blobId = String(b.blob_id);
    const blob = ctx.store.blob(blobId);
    const seeded = blob ? undefined : ctx.store.blobAsset(blobId);
    if (!blob && !seeded) return { response: notFound() };
    size = blob?.size ?? seeded?.size ?? 0;
  } else {
    const zarr = ctx.store.zarr(String(b.zarr_id));
    if (!zarr || !ctx.store.visible(ctx.user, ctx.store.dandiset(zarr.dandisetId) as DandisetRecord)) {
      return { response: notFound() };
    }
    if (zarr.dandisetId !== ds.identifier) {
      return { response: bareString(400, 'The zarr archive belongs to a different dandiset') };
    }
    size = zarr.size;
  }
  const p = path as string;
  for (const a of draft.assets) {
    if (a === replacing) continue;
    if (a.path === p) return { response: bareString(409, 'An asset with that path already exists') };
    if (a.path.startsWith(`${p}/`) || p.startsWith(`${a.path}/`)) {
      return { response: bareString(409, `Asset path conflicts with existing asset ${a.path}`) };
    }
  }
  const metadata = strip(b.metadata, ASSET_COMPUTED_FIELDS);
  return {
    path: p,
    metadata,
    blobId: hasBlob ? String(b.blob_id) : null,
    zarrId: hasZarr ? String(b.zarr_id) : null,
    size,
  };
}

interface ReplaceResponse {
  response: ReplicaResponse;
}

function newAsset(ctx: RouteContext, ds: DandisetRecord, req: AssetRequest): AssetRecord {
  const now = ctx.store.now();
  const format = req.zarrId
    ? 'application/x-zarr'
    : typeof req.metadata.encodingFormat === 'string'
      ? req.metadata.encodingFormat
      : 'application/octet-stream';
  return {
    assetId: ctx.store.newId(),
    blobId: req.blobId,
    zarrId: req.zarrId,
    path: req.path,
    size: req.size,
    created: now,
    modified: now,
    dandisetId: ds.identifier,
    kind: kindOf(format, req.zarrId !== null, req.path),
    encodingFormat: format,
    modality: -1,
    subject: undefined,
    session: undefined,
    subjectIndex: -1,
    publishedAt: 0,
    text: undefined,
    seq: ctx.store.takeSeq(),
    metadata: { ...req.metadata, path: req.path },
    validation: pendingValidation(),
  };
}

/** Visible, owned, writable draft for an asset write; else the refusal. */
function writableDraft(
  ctx: RouteContext,
): { ok: true; ds: DandisetRecord; draft: VersionRecord } | { ok: false; response: ReplicaResponse } {
  const who = requireUser(ctx);
  if (!who.ok) return who;
  const found = findVersion(ctx);
  if (!found.ok) return found;
  const { ds, v } = found.value;
  const denied = requireOwner(ctx, ds) ?? draftWritable(ds, v);
  if (denied) return { ok: false, response: denied };
  return { ok: true, ds, draft: v };
}

function assetInfoBody(ctx: RouteContext, a: AssetRecord): Record<string, unknown> {
  const current = ctx.store.asset(a.assetId) ?? a;
  return { ...assetObject(current), metadata: ctx.store.assetMetadata(current, ctx.urls) };
}

/** `POST /dandisets/{id}/versions/draft/assets/` → 200 asset info. */
export function createAsset(ctx: RouteContext): ReplicaResponse {
  const w = writableDraft(ctx);
  if (!w.ok) return w.response;
  const req = parseAssetRequest(ctx, w.ds, w.draft, undefined);
  if ('response' in req) return req.response;
  const asset = newAsset(ctx, w.ds, req);
  ctx.store.indexAsset(asset);
  commitDraft(ctx.store, w.ds, { assets: [...w.draft.assets, asset] });
  return json(200, assetInfoBody(ctx, asset));
}

/** `PUT …/versions/draft/assets/{id}/` → 200 asset info; a new asset id unless nothing changed. */
export function updateAsset(ctx: RouteContext): ReplicaResponse {
  const w = writableDraft(ctx);
  if (!w.ok) return w.response;
  const old = w.draft.assets.find((a) => a.assetId === ctx.params.asset);
  if (!old) return notFound();
  const req = parseAssetRequest(ctx, w.ds, w.draft, old);
  if ('response' in req) return req.response;
  const oldMetadata = old.metadata ?? strip(ctx.store.assetMetadata(old, ctx.urls), ASSET_COMPUTED_FIELDS);
  const unchanged =
    req.blobId === old.blobId &&
    req.zarrId === old.zarrId &&
    JSON.stringify({ ...req.metadata, path: req.path }) === JSON.stringify({ ...oldMetadata, path: old.path });
  if (unchanged) return json(200, assetInfoBody(ctx, old));
  const asset = newAsset(ctx, w.ds, req);
  ctx.store.indexAsset(asset);
  commitDraft(ctx.store, w.ds, { assets: [...w.draft.assets.filter((a) => a !== old), asset] });
  ctx.store.unindexAsset(old);
  return json(200, assetInfoBody(ctx, asset));
}

/** `DELETE …/versions/draft/assets/{id}/` → 204 (the asset leaves the draft). */
export function deleteAsset(ctx: RouteContext): ReplicaResponse {
  const w = writableDraft(ctx);
  if (!w.ok) return w.response;
  const old = w.draft.assets.find((a) => a.assetId === ctx.params.asset);
  if (!old) return notFound();
  commitDraft(ctx.store, w.ds, { assets: w.draft.assets.filter((a) => a !== old) });
  ctx.store.unindexAsset(old);
  return { status: 204, raw: '', headers: { 'content-type': 'application/json' } };
}
