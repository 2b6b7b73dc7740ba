/**
 * Path-pattern routing in declaration order, so fixed segments declared first win over
 * parameters (`/datasets/summary` before `/datasets/{dataset_id}`, spec section 3).
 */
import type { ReplicaRequest, ReplicaResponse } from '../common/server.ts';
import type { SecurityFence } from './security.ts';
import type { EegdashDatabase, EegdashStore } from './store.ts';

export type Method = 'GET' | 'POST' | 'PATCH';

export interface RouteContext {
  req: ReplicaRequest;
  params: Record<string, string>;
  store: EegdashStore;
  /** The `{db}` database, resolved before the handler runs (404 if unknown). */
  db: EegdashDatabase;
  /** The `{db}` name as given. */
  dbName: string;
  /** The IP fence (`/admin/security/...`). */
  security: SecurityFence;
}

export interface Route {
  method: Method;
  /** Segments; `:name` binds a parameter. */
  pattern: readonly string[];
  handle(ctx: RouteContext): ReplicaResponse;
}

export const route = (method: Method, path: string, handle: Route['handle']): Route => ({
  method,
  pattern: path.split('/').filter(Boolean),
  handle,
});

export type RouteMatch =
  | { kind: 'match'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed' }
  | { kind: 'none' };

export function splitPath(path: string): string[] | undefined {
  try {
    return path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

export function matchRoute(routes: readonly Route[], method: string, segments: readonly string[]): RouteMatch {
  let pathMatched = false;
  for (const r of routes) {
    const params = bind(r.pattern, segments);
    if (!params) continue;
    // HEAD is served by GET routes, as Starlette does.
    if (r.method === method || (method === 'HEAD' && r.method === 'GET')) return { kind: 'match', route: r, params };
    pathMatched = true;
  }
  return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'none' };
}

function bind(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const s = segments[i] as string;
    if (p.startsWith(':')) params[p.slice(1)] = s;
    else if (p !== s) return undefined;
  }
  return params;
}
