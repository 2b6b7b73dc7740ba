/**
 * `/dandisets/{id}/versions/` (ordered by creation, draft first), the version metadata
 * document `/versions/{v}/` and the version object `/versions/{v}/info/`.
 */
import { json, type ReplicaResponse } from '../common/server.ts';
import { findDandiset, findVersion, type RouteContext } from './context.ts';
import { fieldErrors, lastParam } from './http.ts';
import { contactPerson } from './metadata-version.ts';
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
  return paginate(ctx.req, rows, (v) => versionObject(ds, v, ctx.user));
}

export function versionMetadataRoute(ctx: RouteContext): ReplicaResponse {
  const found = findVersion(ctx);
  if (!found.ok) return found.response;
  return json(200, ctx.store.versionMetadata(found.value.ds, found.value.v, ctx.urls));
}

export function versionInfo(ctx: RouteContext): ReplicaResponse {
  const found = findVersion(ctx);
  if (!found.ok) return found.response;
  const { ds, v } = found.value;
  const pending = v.status === 'Pending' ? v.assets.slice(0, 50) : [];
  return json(200, {
    ...versionObject(ds, v, ctx.user),
    asset_validation_errors: pending.map((a) => ({
      field: '',
      message: 'asset is currently being validated, please wait.',
      path: a.path,
    })),
    version_validation_errors: v.validationErrors,
    metadata: ctx.store.versionMetadata(ds, v, ctx.urls),
    contact_person: contactPerson(ds),
  });
}
