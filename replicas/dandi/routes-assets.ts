/**
 * Asset routes: the version's asset list (lazy pagination, path / glob / order / metadata /
 * zarr), the folder listing `/assets/paths/`, and the metadata / info / download / validation
 * routes, nested under a version and at the top level `/assets/{id}/`.
 */
import { json, type ReplicaResponse } from '../common/server.ts';
import { accessDenied, findVersion, type RouteContext } from './context.ts';
import { bareString, boolParams, detail, fieldErrors, lastParam, notFound, redirect } from './http.ts';
import { s3Url } from './metadata-asset.ts';
import { basename, type AssetRecord } from './model.ts';
import { paginate, paginateLazy } from './paging.ts';
import { presign } from './routes-s3.ts';
import { assetObject } from './serializers.ts';

const ORDERS = ['created', 'modified', 'path'];

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

export function listAssets(ctx: RouteContext): ReplicaResponse {
  const found = findVersion(ctx);
  if (!found.ok) return found.response;
  const { v } = found.value;
  const q = ctx.req.query;
  const { values, errors } = boolParams(q, { metadata: false, zarr: false });
  const order = lastParam(q, 'order');
  if (order && !ORDERS.includes(order.replace(/^-/, ''))) {
    errors.order = [`Select a valid choice. ${order} is not one of the available choices.`];
  }
  if (Object.keys(errors).length) return fieldErrors(errors);

  let rows: AssetRecord[] = v.assets;
  const path = lastParam(q, 'path');
  if (path) {
    // An exact (case-sensitive) hit wins outright; otherwise a case-insensitive prefix match.
    const exact = rows.find((a) => a.path === path);
    const lower = path.toLowerCase();
    rows = exact ? [exact] : rows.filter((a) => a.path.toLowerCase().startsWith(lower));
  }
  const glob = lastParam(q, 'glob');
  if (glob) {
    const re = new RegExp(`^${glob.split('*').map(escapeRegex).join('.*')}$`, 'is');
    rows = rows.filter((a) => re.test(a.path));
  }
  if (values.zarr) rows = rows.filter((a) => a.zarrId !== null);
  if (order) {
    const field = order.replace(/^-/, '');
    const sign = order.startsWith('-') ? -1 : 1;
    const key = (a: AssetRecord): string | number =>
      field === 'path' ? a.path : field === 'modified' ? a.modified : a.created;
    rows = [...rows].sort((a, b) => {
      const x = key(a);
      const y = key(b);
      return sign * (x < y ? -1 : x > y ? 1 : a.seq - b.seq);
    });
  }
  const withMetadata = values.metadata;
  return paginateLazy(ctx.req, rows, (a) =>
    withMetadata ? { ...assetObject(a), metadata: ctx.store.assetMetadata(a, ctx.urls) } : assetObject(a),
  );
}

export function listPaths(ctx: RouteContext): ReplicaResponse {
  const found = findVersion(ctx);
  if (!found.ok) return found.response;
  const { v } = found.value;
  const prefix = (lastParam(ctx.req.query, 'path_prefix') ?? '').replace(/\/+$/, '');
  const tree = ctx.store.pathTree(v);
  let children = tree.get(prefix);
  if (!children) {
    const parent = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const isFile = tree.get(parent)?.some((n) => n.path === prefix && n.asset !== undefined) ?? false;
    if (!isFile) return detail(404, 'Specified path not found.');
    children = [];
  }
  return paginate(ctx.req, children, (n) => ({
    path: n.path,
    version: v.pk,
    aggregate_files: n.files,
    aggregate_size: n.size,
    asset: n.asset ? { asset_id: n.asset.assetId, url: s3Url(ctx.urls, n.asset) } : null,
  }));
}

/**
 * The asset a route names. Nested routes only check the version and its dandiset, then look the
 * asset up among ALL assets (the server's queryset override); top-level routes check the
 * embargo of the dandiset that holds the asset.
 */
function findAsset(
  ctx: RouteContext,
  nested: boolean,
): { ok: true; asset: AssetRecord } | { ok: false; response: ReplicaResponse } {
  if (nested) {
    const found = findVersion(ctx);
    if (!found.ok) return found;
  }
  const asset = ctx.store.asset(ctx.params.asset ?? '');
  if (!asset) return { ok: false, response: notFound() };
  if (!nested) {
    const ds = ctx.store.dandiset(asset.dandisetId);
    const access = ds ? ctx.store.access(ctx.user, ds) : 'ok';
    if (access !== 'ok') return { ok: false, response: accessDenied(access) };
  }
  return { ok: true, asset };
}

export const assetMetadataRoute =
  (nested: boolean) =>
  (ctx: RouteContext): ReplicaResponse => {
    const found = findAsset(ctx, nested);
    if (!found.ok) return found.response;
    return json(200, ctx.store.assetMetadata(found.asset, ctx.urls));
  };

export const assetInfo =
  (nested: boolean) =>
  (ctx: RouteContext): ReplicaResponse => {
    const found = findAsset(ctx, nested);
    if (!found.ok) return found.response;
    return json(200, { ...assetObject(found.asset), metadata: ctx.store.assetMetadata(found.asset, ctx.urls) });
  };

export const assetValidation = (ctx: RouteContext): ReplicaResponse => {
  const found = findAsset(ctx, true);
  if (!found.ok) return found.response;
  // Seeded assets were validated long ago; API assets carry their own validation state.
  const v = found.asset.validation;
  return json(200, { status: v?.status ?? 'Valid', validation_errors: v?.errors ?? [] });
};

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export const assetDownload =
  (nested: boolean) =>
  (ctx: RouteContext): ReplicaResponse => {
    const found = findAsset(ctx, nested);
    if (!found.ok) return found.response;
    const { asset } = found;
    const disposition = lastParam(ctx.req.query, 'content_disposition') ?? 'attachment';
    if (disposition !== 'attachment' && disposition !== 'inline') {
      return fieldErrors({ content_disposition: [`"${disposition}" is not a valid choice.`] });
    }
    if (!asset.blobId) {
      return bareString(
        400,
        'Unable to provide download link for zarr assets. Please browse the zarr files directly to do so.',
      );
    }
    const name = basename(asset.path);
    const blobUrl = s3Url(ctx.urls, asset);
    if (disposition === 'attachment')
      return redirect(presign(blobUrl, asset.blobId, { disposition: `attachment; filename="${name}"` }));
    const type = asset.encodingFormat || 'application/octet-stream';
    const url = presign(blobUrl, asset.blobId, { disposition: `inline; filename="${name}"`, contentType: type });
    if (type.startsWith('video/')) {
      // Browsers get a player page for videos instead of a redirect.
      const page = `<video autoplay controls><source src="${escapeHtml(url)}" type="${escapeHtml(type)}"></video>`;
      return { status: 200, raw: page, headers: { 'content-type': 'text/html; charset=utf-8' } };
    }
    return redirect(url);
  };
