/**
 * URL routing and the HTTP contract: `/api/{public|private}/{app}/{model}/[{id}/[{link}/]]`
 * with or without the trailing slash, DRF's order of checks (URL 404 → authentication 401 →
 * object 404 → permission 403 → validation 400), and the device-flow endpoints.
 */
import type { ReplicaHandler, ReplicaRequest, ReplicaResponse } from '../common/server.ts';
import { authenticate, buildView, isVisible, type View } from './access.ts';
import type { DeviceFlow } from './device.ts';
import { listBody, type EnvelopeOptions } from './envelope.ts';
import { checkExclude, includeTree, serializeEmbedded, sideload } from './include.ts';
import { runList } from './listing.ts';
import { modelByKey, modelByRoute } from './models.ts';
import { parseListQuery, QueryError } from './query.ts';
import { canonicalUuid, isUuid } from './query-values.ts';
import type { ModelSpec, Portal, Rec } from './schema.ts';
import { serialize } from './serialize.ts';
import type { BrainstemStore } from './store.ts';
import { createRecord, deleteRecord, updateRecord, type WriteContext } from './writes.ts';

export interface RouteContext {
  store: BrainstemStore;
  tokens: ReadonlyMap<string, number>;
  /** Ids of the users whose tokens open the `super` portal. */
  superusers?: ReadonlySet<number>;
  envelope: () => EnvelopeOptions;
  device: DeviceFlow;
}

const LIST_ALLOW = 'GET, POST, HEAD, OPTIONS';
const DETAIL_ALLOW = 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS';
const NOT_FOUND: ReplicaResponse = { status: 404, body: { detail: 'Not found.' } };
const FORBIDDEN: ReplicaResponse = {
  status: 403,
  body: { detail: 'You do not have permission to perform this action.' },
};
const notAllowed = (method: string, allow: string): ReplicaResponse => ({
  status: 405,
  headers: { allow },
  body: { detail: `Method "${method}" not allowed.` },
});
const unauthorized = (detail: string): ReplicaResponse => ({
  status: 401,
  headers: { 'www-authenticate': 'Bearer realm="api"' },
  body: { detail },
});

function splitPath(path: string): string[] | undefined {
  if (!path.startsWith('/api/')) return undefined;
  const parts = path.slice(5).split('/');
  if (parts[parts.length - 1] === '') parts.pop();
  if (parts.some((p) => p === '')) return undefined;
  try {
    return parts.map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
}

function parseBody(raw: string): { ok: true; value: unknown } | { ok: false; response: ReplicaResponse } {
  if (raw.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch (e) {
    return { ok: false, response: { status: 400, body: { detail: `JSON parse error - ${(e as Error).message}` } } };
  }
}

function findRecord(store: BrainstemStore, spec: ModelSpec, raw: string): Rec | undefined {
  if (spec.idKind === 'int') return /^\d+$/.test(raw) ? store.get(spec.key, Number(raw)) : undefined;
  return isUuid(raw) ? store.get(spec.key, canonicalUuid(raw)) : undefined;
}

export function createHandler(ctx: RouteContext): ReplicaHandler {
  return (req) => {
    const parts = splitPath(req.path);
    if (!parts) return NOT_FOUND;
    if (parts[0] === 'auth') return deviceRoute(ctx, req, parts);
    const [portal, app, model, id, link, ...rest] = parts;
    if ((portal !== 'public' && portal !== 'private' && portal !== 'super') || !app || !model || rest.length > 0)
      return NOT_FOUND;
    const spec = modelByRoute(app, model);
    // The super portal serves what the private one does.
    const served = spec?.portals ?? ['public', 'private'];
    if (!spec || !served.includes(portal === 'super' ? 'private' : portal)) return NOT_FOUND;

    const auth = authenticate(req.headers.authorization, ctx.tokens, ctx.store);
    if (!auth.ok) return unauthorized(auth.detail);
    if (portal !== 'public' && !auth.user) return unauthorized('Authentication credentials were not provided.');
    if (portal === 'super' && !ctx.superusers?.has(Number(auth.user?.id))) return FORBIDDEN;
    const view = buildView(ctx.store, portal as Portal, auth.user);
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const withHeaders = (r: ReplicaResponse, allow: string): ReplicaResponse => ({
      ...r,
      headers: { vary: 'Accept', allow, ...r.headers },
    });

    if (id === undefined) {
      if (method === 'GET') return withHeaders(listRoute(ctx, req, view, spec), LIST_ALLOW);
      if (method === 'OPTIONS') return withHeaders(options(spec, portal, 'List'), LIST_ALLOW);
      if (method !== 'POST') return notAllowed(req.method, LIST_ALLOW);
      if (spec.key === 'user') return notAllowed(req.method, 'GET, HEAD, OPTIONS');
      return withHeaders(
        write(ctx, req, view, (w, body) => createRecord(w, spec, body)),
        LIST_ALLOW,
      );
    }

    const rec = findRecord(ctx.store, spec, id);
    if (!rec || !isVisible(ctx.store, view, spec, rec)) return NOT_FOUND;
    if (link !== undefined) {
      if (method !== 'GET') return notAllowed(req.method, 'GET, HEAD, OPTIONS');
      return withHeaders(linkRoute(ctx, view, spec, rec, link), 'GET, HEAD, OPTIONS');
    }
    switch (method) {
      case 'GET':
        return withHeaders(detailRoute(ctx, req, view, spec, rec), DETAIL_ALLOW);
      case 'OPTIONS':
        return withHeaders(options(spec, portal, 'Instance'), DETAIL_ALLOW);
      case 'PATCH':
      case 'PUT':
        return withHeaders(
          write(ctx, req, view, (w, body) => updateRecord(w, spec, rec, body, method === 'PUT' ? 'put' : 'patch')),
          DETAIL_ALLOW,
        );
      case 'DELETE':
        return withHeaders(
          write(ctx, req, view, (w) => deleteRecord(w, spec, rec)),
          DETAIL_ALLOW,
        );
      default:
        return notAllowed(req.method, DETAIL_ALLOW);
    }
  };
}

/** Writes: private portal only. DRF answers an anonymous caller 401 and a signed-in one 403. */
function write(
  ctx: RouteContext,
  req: ReplicaRequest,
  view: View,
  run: (w: WriteContext, body: unknown) => ReplicaResponse,
): ReplicaResponse {
  if (!view.user) return unauthorized('Authentication credentials were not provided.');
  // The super portal reads only: writes go to the private portal, as for everyone.
  if (view.portal !== 'private') return FORBIDDEN;
  const body = parseBody(req.body);
  if (!body.ok) return body.response;
  return run({ store: ctx.store, view, publicView: buildView(ctx.store, 'public', undefined) }, body.value);
}

function listRoute(ctx: RouteContext, req: ReplicaRequest, view: View, spec: ModelSpec): ReplicaResponse {
  const q = parseListQuery(req.query);
  const envelope = ctx.envelope();
  try {
    const tree = includeTree(spec, q.include);
    const exclude = checkExclude(spec, q.exclude);
    const result = runList(ctx.store, view, spec, q, envelope);
    const records = result.records.map((r) =>
      q.sideloading
        ? serialize(ctx.store, spec, r, { exclude })
        : serializeEmbedded(ctx.store, view, spec, r, tree, exclude),
    );
    const sideloads = q.sideloading && tree.size > 0 ? sideload(ctx.store, view, spec, result.records, tree) : {};
    const page = result.page ? { ...result.page, total: result.total } : undefined;
    return { status: 200, body: listBody(envelope, spec.listKey, records, sideloads, req.url, page) };
  } catch (e) {
    if (e instanceof QueryError) return { status: e.status, body: e.body };
    throw e;
  }
}

function detailRoute(ctx: RouteContext, req: ReplicaRequest, view: View, spec: ModelSpec, rec: Rec): ReplicaResponse {
  const q = parseListQuery(req.query);
  try {
    const tree = includeTree(spec, q.include);
    const exclude = checkExclude(spec, q.exclude);
    if (!q.sideloading)
      return { status: 200, body: { [spec.detailKey]: serializeEmbedded(ctx.store, view, spec, rec, tree, exclude) } };
    const body: Record<string, unknown> = { [spec.detailKey]: serialize(ctx.store, spec, rec, { exclude }) };
    Object.assign(body, sideload(ctx.store, view, spec, [rec], tree));
    return { status: 200, body };
  } catch (e) {
    if (e instanceof QueryError) return { status: e.status, body: e.body };
    throw e;
  }
}

/** dynamic-rest's `{id}/{relation}/` sub-resources named in `links`. */
function linkRoute(ctx: RouteContext, view: View, spec: ModelSpec, rec: Rec, link: string): ReplicaResponse {
  const field = spec.links?.[link];
  if (!field) return NOT_FOUND;
  const target = modelByKey(spec.fields.find((f) => f.name === field)?.target ?? '');
  if (!target) return { status: 200, body: { [link]: [] } };
  const recs = ctx.store.related(spec, rec, field).filter((r) => isVisible(ctx.store, view, target, r));
  return { status: 200, body: { [target.listKey]: recs.map((r) => serialize(ctx.store, target, r)) } };
}

function options(spec: ModelSpec, portal: string, kind: 'List' | 'Instance'): ReplicaResponse {
  const title = spec.verboseName.replace(/(^|\s)\S/g, (s) => s.toUpperCase());
  return {
    status: 200,
    body: {
      name: `${title} ${portal === 'public' ? 'Public' : portal === 'super' ? 'Super' : 'Private'} ${kind}`,
      description: '',
      renders: ['application/json', 'text/html'],
      parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
    },
  };
}

function deviceRoute(ctx: RouteContext, req: ReplicaRequest, parts: string[]): ReplicaResponse {
  const path = parts.slice(1).join('/');
  if (path !== 'device' && path !== 'device/token') return NOT_FOUND;
  if (req.method !== 'POST') return notAllowed(req.method, 'POST, OPTIONS');
  const body = parseBody(req.body);
  if (!body.ok) return body.response;
  return path === 'device' ? ctx.device.start(req.origin) : ctx.device.poll(body.value);
}
