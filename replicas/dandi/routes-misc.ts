/** `/info/`, `/stats/`, `/users/me/` and `/auth/token/`. */
import { json, type ReplicaResponse } from '../common/server.ts';
import type { RouteContext } from './context.ts';
import { notAuthenticated } from './http.ts';

export const SCHEMA_VERSION = '0.7.0';

const ALLOWED_SCHEMAS = [
  '0.4.4',
  '0.5.1',
  '0.5.2',
  '0.6.0',
  '0.6.1',
  '0.6.2',
  '0.6.3',
  '0.6.4',
  '0.6.5',
  '0.6.6',
  '0.6.7',
  '0.6.8',
  '0.6.9',
  '0.6.10',
  '0.7.0',
];

export function info(ctx: RouteContext): ReplicaResponse {
  return json(200, {
    instance_config: {
      instance_name: 'DANDI',
      instance_identifier: 'RRID:SCR_017571',
      instance_url: 'https://dandiarchive.org/',
      doi_prefix: '10.48324',
      licenses: ['spdx:CC0-1.0', 'spdx:CC-BY-4.0'],
    },
    schema_version: SCHEMA_VERSION,
    schema_url: `${ctx.urls.apiUrl}/schemas/?model=Dandiset`,
    allowed_schema_versions: ALLOWED_SCHEMAS,
    version: '1.0.0',
    services: {
      // The replica is its own API; clients that discover instances via /info/ stay offline.
      api: { url: ctx.urls.apiUrl },
      webui: { url: 'https://dandiarchive.org' },
      jupyterhub: { url: 'https://hub.dandiarchive.org' },
    },
    'cli-minimal-version': '0.74.0',
    'cli-requires-python': '>=3.10',
    'cli-bad-versions': [],
  });
}

let statsMemo: WeakMap<object, { revision: number; body: Record<string, number> }> | undefined;

/** Archive-wide counts; `size` sums every distinct blob and zarr once. */
export function stats(ctx: RouteContext): ReplicaResponse {
  statsMemo ??= new WeakMap();
  let body = statsMemo.get(ctx.store)?.revision === ctx.store.revision ? statsMemo.get(ctx.store)?.body : undefined;
  if (!body) {
    const seen = new Set<string>();
    let size = 0;
    for (const ds of ctx.store.dandisets) {
      for (const v of ds.versions) {
        for (const a of v.assets) {
          const id = a.blobId ?? a.zarrId ?? a.assetId;
          if (seen.has(id)) continue;
          seen.add(id);
          size += a.size;
        }
      }
    }
    body = {
      dandiset_count: ctx.store.dandisets.length,
      published_dandiset_count: ctx.store.dandisets.filter((d) => d.versions.length > 1).length,
      user_count: ctx.store.users.length,
      size,
    };
    statsMemo.set(ctx.store, { revision: ctx.store.revision, body });
  }
  return json(200, body);
}

export function usersMe(ctx: RouteContext): ReplicaResponse {
  const u = ctx.user;
  if (!u) return notAuthenticated();
  return json(200, { username: u.username, name: `${u.firstName} ${u.lastName}`, admin: false, status: 'APPROVED' });
}

/** The caller's own API key, as a bare JSON string. */
export function authToken(ctx: RouteContext): ReplicaResponse {
  const u = ctx.user;
  if (!u?.token) return notAuthenticated();
  return json(200, u.token);
}
