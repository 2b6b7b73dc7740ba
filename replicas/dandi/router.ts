/**
 * URL dispatch with the server's path formats (§2.2): a URL no route matches gets Django's
 * HTML 404; API routes authenticate first (a bad token fails every endpoint), then check the
 * method (405 with `Allow`), then run. The trailing slash is optional, standing in for
 * APPEND_SLASH redirects. HEAD runs the GET handler.
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
import { blobByDigest, completeUpload, dandisetUploads, initializeUpload, validateUpload } from './routes-uploads.ts';
import { createAsset, deleteAsset, updateAsset } from './routes-writes-assets.ts';
import {
  createDandiset,
  deleteDandiset,
  deleteVersion,
  publish,
  setOwners,
  starDandiset,
  unembargo,
  updateDraft,
} from './routes-writes-dandisets.ts';
import { createZarr, deleteZarrFiles, finalizeZarr, requestZarrUploads } from './routes-writes-zarr.ts';
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

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface Route {
  pattern: RegExp;
  handlers: Partial<Record<Method, RouteHandler>>;
  /** S3 stand-in routes sit outside DRF: no token authentication. */
  api: boolean;
}

const api = (path: string, handlers: RouteHandler | Partial<Record<Method, RouteHandler>>): Route => ({
  pattern: new RegExp(`^${path}/?$`),
  handlers: typeof handlers === 'function' ? { GET: handlers } : handlers,
  api: true,
});

const s3 = (pattern: RegExp, handler: RouteHandler): Route => ({ pattern, handlers: { GET: handler }, api: false });

const UPLOAD = uuid('upload');

const ROUTES: Route[] = [
  api('/api/info', info),
  api('/api/stats', stats),
  api('/api/dandisets', { GET: listDandisets, POST: createDandiset }),
  api(`/api/dandisets/${DS}`, { GET: getDandiset, DELETE: deleteDandiset }),
  api(`/api/dandisets/${DS}/users`, { GET: dandisetUsers, PUT: setOwners }),
  api(`/api/dandisets/${DS}/star`, { POST: starDandiset, DELETE: starDandiset }),
  api(`/api/dandisets/${DS}/unembargo`, { POST: unembargo }),
  api(`/api/dandisets/${DS}/uploads`, { GET: dandisetUploads, DELETE: dandisetUploads }),
  api(`/api/dandisets/${DS}/versions`, listVersions),
  api(VERSION_ROOT, { GET: versionMetadataRoute, PUT: updateDraft, DELETE: deleteVersion }),
  api(`${VERSION_ROOT}/info`, versionInfo),
  api(`${VERSION_ROOT}/publish`, { POST: publish }),
  api(`${VERSION_ROOT}/assets`, { GET: listAssets, POST: createAsset }),
  api(`${VERSION_ROOT}/assets/paths`, listPaths),
  api(`${VERSION_ROOT}/assets/${ASSET}`, { GET: assetMetadataRoute(true), PUT: updateAsset, DELETE: deleteAsset }),
  api(`${VERSION_ROOT}/assets/${ASSET}/info`, assetInfo(true)),
  api(`${VERSION_ROOT}/assets/${ASSET}/download`, assetDownload(true)),
  api(`${VERSION_ROOT}/assets/${ASSET}/validation`, assetValidation),
  api(`/api/assets/${ASSET}`, assetMetadataRoute(false)),
  api(`/api/assets/${ASSET}/info`, assetInfo(false)),
  api(`/api/assets/${ASSET}/download`, assetDownload(false)),
  api('/api/uploads/initialize', { POST: initializeUpload }),
  api(`/api/uploads/${UPLOAD}/complete`, { POST: completeUpload }),
  api(`/api/uploads/${UPLOAD}/validate`, { POST: validateUpload }),
  api('/api/blobs/digest', { POST: blobByDigest }),
  api('/api/zarr', { GET: listZarrs, POST: createZarr }),
  api(`/api/zarr/${ZARR}`, getZarr),
  api(`/api/zarr/${ZARR}/files`, { GET: zarrFiles, POST: requestZarrUploads, DELETE: deleteZarrFiles }),
  api(`/api/zarr/${ZARR}/finalize`, { POST: finalizeZarr }),
  api('/api/users/me', usersMe),
  api('/api/auth/token', authToken),
  s3(new RegExp(`^/s3/blobs/(?<p1>[0-9a-f]{3})/(?<p2>[0-9a-f]{3})/${uuid('blob')}$`), serveBlob),
  s3(new RegExp(`^/s3/zarr/${ZARR}/(?<key>.+)$`), serveZarrObject),
  s3(/^\/s3\/./, missingObject),
];

const allowOf = (r: Route): string => [...Object.keys(r.handlers), ...(r.handlers.GET ? ['HEAD'] : [])].join(', ');

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
    const method = (req.method === 'HEAD' ? 'GET' : req.method) as Method;
    const handler = route.handlers[method];
    if (!handler) return methodNotAllowed(req.method, allowOf(route));
    const ctx: RouteContext = { req, store, user, urls: store.urls(req.origin), params };
    return handler(ctx);
  };
}
