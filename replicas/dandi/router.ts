/**
 * URL dispatch with the server's path formats (§2.2): a URL no route matches gets Django's
 * HTML 404; API routes authenticate first (a bad token fails every endpoint), then check the
 * method, then run. The trailing slash is optional, standing in for APPEND_SLASH redirects.
 */
import type { ReplicaRequest, ReplicaResponse } from '../common/server.ts';
import type { RouteContext, RouteHandler } from './context.ts';
import { authenticate, htmlNotFound, methodNotAllowed } from './http.ts';
import {
  assetDownload,
  assetInfo,
  assetMetadataRoute,
  assetValidation,
  listAssets,
  listPaths,
} from './routes-assets.ts';
import { dandisetUsers, getDandiset, listDandisets } from './routes-dandisets.ts';
import { authToken, info, stats, usersMe } from './routes-misc.ts';
import { missingObject, serveBlob, serveZarrObject } from './routes-s3.ts';
import { listVersions, versionInfo, versionMetadataRoute } from './routes-versions.ts';
import { getZarr, listZarrs, zarrFiles } from './routes-zarr.ts';
import type { DandiStore } from './store.ts';

const DS = '(?<ds>\\d{6})';
const VER = '(?<v>0\\.\\d{6}\\.\\d{4}|draft)';
const uuid = (name: string) => `(?<${name}>[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})`;
const ASSET = uuid('asset');
const ZARR = uuid('zarr');
const VERSION_ROOT = `/api/dandisets/${DS}/versions/${VER}`;

interface Route {
  pattern: RegExp;
  handler: RouteHandler;
  /** S3 stand-in routes sit outside DRF: no token authentication. */
  api: boolean;
}

const api = (path: string, handler: RouteHandler): Route => ({
  pattern: new RegExp(`^${path}/?$`),
  handler,
  api: true,
});

const ROUTES: Route[] = [
  api('/api/info', info),
  api('/api/stats', stats),
  api('/api/dandisets', listDandisets),
  api(`/api/dandisets/${DS}`, getDandiset),
  api(`/api/dandisets/${DS}/users`, dandisetUsers),
  api(`/api/dandisets/${DS}/versions`, listVersions),
  api(VERSION_ROOT, versionMetadataRoute),
  api(`${VERSION_ROOT}/info`, versionInfo),
  api(`${VERSION_ROOT}/assets`, listAssets),
  api(`${VERSION_ROOT}/assets/paths`, listPaths),
  api(`${VERSION_ROOT}/assets/${ASSET}`, assetMetadataRoute(true)),
  api(`${VERSION_ROOT}/assets/${ASSET}/info`, assetInfo(true)),
  api(`${VERSION_ROOT}/assets/${ASSET}/download`, assetDownload(true)),
  api(`${VERSION_ROOT}/assets/${ASSET}/validation`, assetValidation),
  api(`/api/assets/${ASSET}`, assetMetadataRoute(false)),
  api(`/api/assets/${ASSET}/info`, assetInfo(false)),
  api(`/api/assets/${ASSET}/download`, assetDownload(false)),
  api('/api/zarr', listZarrs),
  api(`/api/zarr/${ZARR}`, getZarr),
  api(`/api/zarr/${ZARR}/files`, zarrFiles),
  api('/api/users/me', usersMe),
  api('/api/auth/token', authToken),
  {
    pattern: new RegExp(`^/s3/blobs/(?<p1>[0-9a-f]{3})/(?<p2>[0-9a-f]{3})/${uuid('blob')}$`),
    handler: serveBlob,
    api: false,
  },
  { pattern: new RegExp(`^/s3/zarr/${ZARR}/(?<key>.+)$`), handler: serveZarrObject, api: false },
  { pattern: /^\/s3\/./, handler: missingObject, api: false },
];

export function createRouter(store: DandiStore): (req: ReplicaRequest) => ReplicaResponse {
  return (req) => {
    let route: Route | undefined;
    let params: Record<string, string> = {};
    for (const r of ROUTES) {
      const m = r.pattern.exec(req.path);
      if (m) {
        route = r;
        params = { ...m.groups };
        break;
      }
    }
    if (!route) return htmlNotFound();
    let user: RouteContext['user'];
    if (route.api) {
      const auth = authenticate(req, (token) => store.userForToken(token));
      if (!auth.ok) return auth.response;
      user = auth.user;
    }
    // A read-only replica: the write half of the API answers as a view without that method.
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(req.method, 'GET, HEAD');
    const ctx: RouteContext = { req, store, user, urls: store.urls(req.origin), params };
    return route.handler(ctx);
  };
}
