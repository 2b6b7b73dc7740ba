/**
 * The offline EEGDash replica: the public read API and the admin write API of
 * `data.eegdash.org` (spec `shared/archives/eegdash.md`) over the seeded in-memory store,
 * on the shared replica harness (request log, fault switches).
 *
 * Request pipeline, in the order the real deployment applies it: edge proxy (CORS preflight,
 * 405 for DELETE/PUT/…), trailing-slash redirect, per-IP rate limit on `/api/...`, routing
 * (404/405), admin auth, database lookup, parameter/body validation, handler.
 */
import { Prng } from '../common/prng.ts';
import {
  startReplica,
  type ReplicaHandler,
  type ReplicaRequest,
  type ReplicaResponse,
  type ReplicaServer,
} from '../common/server.ts';
import { CORS_HEADERS, detail, HttpError, PREFLIGHT_HEADERS } from './http.ts';
import { clientIp, RateLimiter, type RateDecision } from './rate-limit.ts';
import { matchRoute, splitPath, type Route, type RouteContext } from './router.ts';
import { ADMIN_ROUTES } from './routes-admin.ts';
import { PUBLIC_ROUTES } from './routes-public.ts';
import { SecurityFence } from './security.ts';
import { EegdashStore } from './store.ts';
import { UpdateError } from './update.ts';

/** The replica's `ADMIN_TOKEN`; send as `Authorization: Bearer <token>` on `/admin/...`. */
export const EEGDASH_REPLICA_ADMIN_TOKEN = 'eegdash-replica-admin-5f2c9a71';

export interface EegdashReplica extends ReplicaServer {
  /** Base URL clients use (`EEGDASH_API_URL`); equal to `origin`. */
  apiUrl: string;
  store: EegdashStore;
  /** The public-endpoint limiter, off until a test enables it (default 100 requests/minute/IP). */
  rateLimit: { enable(perMinute?: number): void; disable(): void };
  /** The IP fence: once given a threshold, rate-limit offences block an IP (403 `{"detail":"Blocked"}`) until unblocked. */
  security: SecurityFence;
}

export interface EegdashReplicaOptions {
  port?: number;
  host?: string;
  /** Share a store between replicas (or pre-build one); a fresh seeded store by default. */
  store?: EegdashStore;
}

export async function startEegdashReplica(options: EegdashReplicaOptions = {}): Promise<EegdashReplica> {
  const store = options.store ?? new EegdashStore();
  const limiter = new RateLimiter();
  const security = new SecurityFence();
  const handler = createEegdashHandler(store, limiter, security);
  const server = await startReplica({
    name: 'eegdash',
    handler,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
  });
  return {
    ...server,
    apiUrl: server.origin,
    store,
    rateLimit: { enable: (perMinute?: number) => limiter.enable(perMinute), disable: () => limiter.disable() },
    security,
  };
}

/** Methods the Caddy edge refuses before the app sees them (spec 7). */
const EDGE_BLOCKED = new Set(['DELETE', 'PUT', 'TRACE', 'TRACK', 'CONNECT', 'PROPFIND', 'SEARCH']);

const header = (req: ReplicaRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export function createEegdashHandler(
  store: EegdashStore,
  limiter: RateLimiter,
  security: SecurityFence = new SecurityFence(),
): ReplicaHandler {
  const requestIds = new Prng('eegdash:request-ids');
  return (req) => {
    const requestId = header(req, 'x-request-id') ?? requestIds.uuid4();
    const res = dispatch(req, store, limiter, security);
    res.headers = { ...CORS_HEADERS, 'x-request-id': requestId, ...res.headers };
    return res;
  };
}

/** Whether a request carries the admin token (as bearer or as the rate-limit bypass header). */
function bearsAdminToken(req: ReplicaRequest): boolean {
  const bearer = /^Bearer\s+(.+)$/i.exec(header(req, 'authorization')?.trim() ?? '')?.[1];
  return bearer === EEGDASH_REPLICA_ADMIN_TOKEN || header(req, 'x-eegdash-token') === EEGDASH_REPLICA_ADMIN_TOKEN;
}

function dispatch(
  req: ReplicaRequest,
  store: EegdashStore,
  limiter: RateLimiter,
  security: SecurityFence,
): ReplicaResponse {
  const method = req.method.toUpperCase();
  if (method === 'OPTIONS') return { status: 204, headers: PREFLIGHT_HEADERS, raw: '' };
  const ip = clientIp(req.headers['x-forwarded-for'], req.remoteAddress);
  // The edge IP-fence (spec 7). The replica lets the admin token through, so an operator can
  // still list and lift blocks from a blocked address.
  if (security.isBlocked(ip) && !bearsAdminToken(req)) return detail(403, 'Blocked');
  if (EDGE_BLOCKED.has(method))
    return { status: 405, headers: { 'content-type': 'text/plain; charset=utf-8' }, raw: '' };
  if (req.path.length > 1 && req.path.endsWith('/')) {
    // Starlette's redirect_slashes: the canonical path has no trailing slash.
    return { status: 307, headers: { location: `${req.path.replace(/\/+$/, '') || '/'}${req.url.search}` }, raw: '' };
  }
  const segments = splitPath(req.path);
  if (!segments) return detail(404, 'Not Found');

  let rate: RateDecision | undefined;
  if (segments[0] === 'api' && limiter.enabled && header(req, 'x-eegdash-token') !== EEGDASH_REPLICA_ADMIN_TOKEN) {
    rate = limiter.hit(ip);
    if (!rate.allowed) {
      security.offend(ip);
      return {
        status: 429,
        headers: { 'retry-after': String(rate.resetSeconds), ...rateHeaders(rate) },
        body: { detail: `Rate limit exceeded: ${rate.limit} per 1 minute` },
      };
    }
  }

  const admin = segments[0] === 'admin';
  const match = matchRoute(admin ? ADMIN_ROUTES : PUBLIC_ROUTES, method, segments);
  if (match.kind === 'none') return detail(404, 'Not Found');
  if (match.kind === 'method-not-allowed') return detail(405, 'Method Not Allowed');

  if (admin) {
    const denied = checkAdmin(header(req, 'authorization'));
    if (denied) return denied;
  }
  const res = run(match.route, req, match.params, store, security);
  if (rate) res.headers = { ...res.headers, ...rateHeaders(rate) };
  return res;
}

function run(
  route: Route,
  req: ReplicaRequest,
  params: Record<string, string>,
  store: EegdashStore,
  security: SecurityFence,
): ReplicaResponse {
  const dbName = params.db ?? 'eegdash';
  const db = store.database(dbName);
  if (!db) return detail(404, 'Database not found');
  const ctx: RouteContext = { req, params, store, db, dbName, security };
  try {
    return route.handle(ctx);
  } catch (error) {
    if (error instanceof HttpError) return error.response;
    if (error instanceof UpdateError) return detail(400, error.message);
    throw error;
  }
}

/** 401 without credentials, 403 with the wrong ones (spec 8.6). */
function checkAdmin(authorization: string | undefined): ReplicaResponse | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? '');
  if (!match) return { status: 401, headers: { 'www-authenticate': 'Bearer' }, body: { detail: 'Not authenticated' } };
  if (match[1] !== EEGDASH_REPLICA_ADMIN_TOKEN) return { status: 403, body: { detail: 'Invalid admin token' } };
  return undefined;
}

function rateHeaders(rate: RateDecision): Record<string, string> {
  return {
    'x-ratelimit-limit': String(rate.limit),
    'x-ratelimit-remaining': String(rate.remaining),
    'x-ratelimit-reset': String(rate.resetSeconds),
  };
}
