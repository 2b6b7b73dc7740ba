/**
 * What every route handler receives, and the shared "find the dandiset / version the URL
 * names and check the caller may see it" steps, in the server's order: 404, then 401/403.
 */
import { json, type ReplicaRequest, type ReplicaResponse } from '../common/server.ts';
import { bareString, detail, fieldErrors, notAuthenticated, notFound, permissionDenied } from './http.ts';
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

/** Writes need an approved, authenticated user (every user with a token is approved). */
export function requireUser(ctx: RouteContext): Found<UserRecord> {
  return ctx.user ? { ok: true, value: ctx.user } : { ok: false, response: notAuthenticated() };
}

/** Owner-only writes: 403 (DRF's PermissionDenied body) for anyone else. */
export function requireOwner(ctx: RouteContext, ds: DandisetRecord): ReplicaResponse | undefined {
  return ctx.store.owns(ctx.user, ds) ? undefined : permissionDenied();
}

/** An owner-only write on the URL's dandiset: 401, 404 or 403 as DANDI answers them, else the dandiset. */
export function ownedDandiset(ctx: RouteContext): Found<DandisetRecord> {
  const who = requireUser(ctx);
  if (!who.ok) return who;
  const found = findDandiset(ctx);
  if (!found.ok) return found;
  const denied = requireOwner(ctx, found.value);
  return denied ? { ok: false, response: denied } : found;
}

/** An owner-only write on the URL's version (see `ownedDandiset`). */
export function ownedVersion(ctx: RouteContext): Found<{ ds: DandisetRecord; v: VersionRecord }> {
  const who = requireUser(ctx);
  if (!who.ok) return who;
  const found = findVersion(ctx);
  if (!found.ok) return found;
  const denied = requireOwner(ctx, found.value.ds);
  return denied ? { ok: false, response: denied } : found;
}

/** The JSON request body; DRF's 400 on a parse error. An empty body parses as `{}` when allowed. */
export function jsonBody(ctx: RouteContext, allowEmpty = false): Found<unknown> {
  const text = ctx.req.body;
  if (text.trim() === '') {
    return allowEmpty ? { ok: true, value: {} } : { ok: true, value: undefined };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, response: detail(400, `JSON parse error - ${(error as Error).message}`) };
  }
}

export const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * The checks every change to a draft makes, after visibility and ownership: published versions
 * are immutable (405, bare string), and nothing changes during an unembargo or a publication.
 */
export function draftWritable(ds: DandisetRecord, v: VersionRecord): ReplicaResponse | undefined {
  if (v.version !== 'draft') return bareString(405, 'Only draft versions can be modified.');
  if (ds.embargoStatus === 'UNEMBARGOING') return bareString(400, 'Dandiset modification not allowed during unembargo');
  if (v.status === 'Publishing') return bareString(400, 'Dandiset is currently being published');
  return undefined;
}

/** A JSON object body; DRF's 400 for any other JSON. */
export function objectBody(ctx: RouteContext): Found<Record<string, unknown>> {
  const body = jsonBody(ctx);
  if (!body.ok) return body;
  if (isRecord(body.value)) return { ok: true, value: body.value };
  return { ok: false, response: fieldErrors({ non_field_errors: ['Invalid data. Expected a dictionary.'] }) };
}

/**
 * A JSON list of objects, each checked by `check` (its field errors; `{}` when fine). DRF's 400s:
 * not a list, an item not an object, or the list of every item's errors.
 */
export function listBody(
  ctx: RouteContext,
  check: (item: Record<string, unknown>) => Record<string, string[]>,
): Found<Record<string, unknown>[]> {
  const body = jsonBody(ctx);
  if (!body.ok) return body;
  const list = body.value;
  if (!Array.isArray(list)) {
    return {
      ok: false,
      response: fieldErrors({ non_field_errors: ['Expected a list of items but got type "dict".'] }),
    };
  }
  const errors = list.map((item) =>
    isRecord(item) ? check(item) : { non_field_errors: ['Invalid data. Expected a dictionary.'] },
  );
  if (errors.some((e) => Object.keys(e).length)) return { ok: false, response: json(400, errors) };
  return { ok: true, value: list as Record<string, unknown>[] };
}
