/**
 * What every route handler receives, and the shared "find the dandiset / version the URL
 * names and check the caller may see it" steps, in the server's order: 404, then 401/403.
 */
import type { ReplicaRequest, ReplicaResponse } from '../common/server.ts';
import { notAuthenticated, notFound, permissionDenied } from './http.ts';
import type { UrlContext } from './metadata-asset.ts';
import type { DandisetRecord, UserRecord, VersionRecord } from './model.ts';
import type { DandiStore } from './store.ts';

export interface RouteContext {
  req: ReplicaRequest;
  store: DandiStore;
  user: UserRecord | undefined;
  urls: UrlContext;
  params: Record<string, string>;
}

export type RouteHandler = (ctx: RouteContext) => ReplicaResponse;

export type Found<T> = { ok: true; value: T } | { ok: false; response: ReplicaResponse };

export function accessDenied(status: 401 | 403): ReplicaResponse {
  return status === 401 ? notAuthenticated() : permissionDenied();
}

/** The dandiset of `{ds}`: 404 if unknown, 401/403 if embargoed and not the caller's. */
export function findDandiset(ctx: RouteContext): Found<DandisetRecord> {
  const ds = ctx.store.dandiset(ctx.params.ds ?? '');
  if (!ds) return { ok: false, response: notFound() };
  const access = ctx.store.access(ctx.user, ds);
  if (access !== 'ok') return { ok: false, response: accessDenied(access) };
  return { ok: true, value: ds };
}

export function findVersion(ctx: RouteContext): Found<{ ds: DandisetRecord; v: VersionRecord }> {
  const ds = findDandiset(ctx);
  if (!ds.ok) return ds;
  const v = ctx.store.version(ds.value.identifier, ctx.params.v ?? '');
  if (!v) return { ok: false, response: notFound() };
  return { ok: true, value: { ds: ds.value, v } };
}
