/**
 * `/dandisets/{id}/versions/` (ordered by creation, draft first), the version metadata
 * document `/versions/{v}/` and the version object `/versions/{v}/info/`.
 */
import { json, type ReplicaResponse } from '../common/server.ts';
import { findDandiset, findVersion, type RouteContext } from './context.ts';
import { fieldErrors, lastParam } from './http.ts';
import type { DandisetRecord, VersionRecord } from './model.ts';
import { paginate } from './paging.ts';
import { versionObject } from './serializers.ts';

export function listVersions(ctx: RouteContext): ReplicaResponse {
  const found = findDandiset(ctx);
  if (!found.ok) return found.response;
  const ds = found.value;
  const order = lastParam(ctx.req.query, 'order');
  // django-filter's OrderingFilter validates its choices; an empty value means "no ordering".
  if (order && order !== 'created' && order !== '-created') {
    return fieldErrors({ order: [`Select a valid choice. ${order} is not one of the available choices.`] });
  }
  const rows = [...ds.versions].sort((a, b) => a.created - b.created);
  if (order === '-created') rows.reverse();
  return paginate(ctx.req, rows, (v) => versionObject(ds, v, ctx.user, ctx.store));
}

export function versionMetadataRoute(ctx: RouteContext): ReplicaResponse {
  const found = findVersion(ctx);
  if (!found.ok) return found.response;
  return json(200, ctx.store.versionMetadata(found.value.ds, found.value.v, ctx.urls));
}

const PENDING_MESSAGE = 'asset is currently being validated, please wait.';

/**
 * `asset_validation_errors`: assets still being validated first (≤50, with an empty field), then
 * the errors of the ≤50 invalid assets.
 */
function assetValidationErrors(v: VersionRecord): { field: string; message: string; path: string }[] {
  const pending = v.assets.filter((a) =>
    a.validation ? a.validation.status === 'Pending' || a.validation.status === 'Validating' : v.status === 'Pending',
  );
  const invalid = v.assets.filter((a) => a.validation?.status === 'Invalid').slice(0, 50);
  return [
    ...pending.slice(0, 50).map((a) => ({ field: '', message: PENDING_MESSAGE, path: a.path })),
    ...invalid.flatMap((a) => (a.validation?.errors ?? []).map((e) => ({ ...e, path: a.path }))),
  ];
}

/** The body of `/versions/{v}/info/` (also what a draft metadata PUT answers). */
export function versionInfoBody(ctx: RouteContext, ds: DandisetRecord, v: VersionRecord): Record<string, unknown> {
  return {
    ...versionObject(ds, v, ctx.user, ctx.store),
    asset_validation_errors: assetValidationErrors(v),
    version_validation_errors: v.validationErrors,
    metadata: ctx.store.versionMetadata(ds, v, ctx.urls),
    contact_person: ctx.store.versionContactPerson(ds, v),
  };
}

export function versionInfo(ctx: RouteContext): ReplicaResponse {
  const found = findVersion(ctx);
  if (!found.ok) return found.response;
  const { ds, v } = found.value;
  return json(200, versionInfoBody(ctx, ds, v));
}
