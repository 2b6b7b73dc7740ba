/**
 * Response shapes and request parsing shared by the DANDI routes, reproducing Django / DRF
 * conventions: `{"detail": …}` errors, bare-string service errors, Django's HTML 404 for
 * URLs no route matches, DRF's boolean vocabulary and token authentication.
 */
import { json, type ReplicaRequest, type ReplicaResponse } from '../common/server.ts';
import type { UserRecord } from './model.ts';

/** Django's default 404 page (DEBUG off, no custom template): what an unmatched URL returns. */
const DJANGO_404 = `<!doctype html>
<html lang="en">
<head>
  <title>Not Found</title>
</head>
<body>
  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>
</body>
</html>
`;

export const htmlNotFound = (): ReplicaResponse => ({
  status: 404,
  raw: DJANGO_404,
  headers: { 'content-type': 'text/html; charset=utf-8' },
});

export const detail = (status: number, message: string, headers?: Record<string, string>): ReplicaResponse =>
  json(status, { detail: message }, headers);

export const notFound = (): ReplicaResponse => detail(404, 'Not found.');
export const invalidPage = (): ReplicaResponse => detail(404, 'Invalid page.');

/** DRF answers 401 (not 403) because its first authenticator (OAuth2) offers a challenge. */
const CHALLENGE = { 'www-authenticate': 'Bearer realm="api"' };
export const notAuthenticated = (): ReplicaResponse =>
  detail(401, 'Authentication credentials were not provided.', CHALLENGE);
export const permissionDenied = (): ReplicaResponse =>
  detail(403, 'You do not have permission to perform this action.');

/** Service-level errors (DandiError, single-message ValidationError) render as a bare JSON string. */
export const bareString = (status: number, message: string, headers?: Record<string, string>): ReplicaResponse => ({
  status,
  body: message,
  ...(headers ? { headers } : {}),
});

export const fieldErrors = (errors: Record<string, string[]>): ReplicaResponse => json(400, errors);

export const methodNotAllowed = (method: string, allow: string): ReplicaResponse =>
  detail(405, `Method "${method}" not allowed.`, { allow });

export const redirect = (location: string): ReplicaResponse => ({ status: 302, headers: { location }, raw: '' });

/** Django's QueryDict.get returns the LAST value of a repeated parameter. */
export function lastParam(query: URLSearchParams, name: string): string | undefined {
  const all = query.getAll(name);
  return all.length ? all[all.length - 1] : undefined;
}

const TRUE = new Set(['t', 'y', 'yes', 'true', 'on', '1']);
const FALSE = new Set(['f', 'n', 'no', 'false', 'off', '0']);

/** DRF BooleanField: `undefined` means "not a valid boolean". */
export function parseBool(value: string): boolean | undefined {
  const v = value.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return undefined;
}

/** Validate several boolean query params at once, collecting DRF-style field errors. */
export function boolParams<K extends string>(
  query: URLSearchParams,
  defaults: Record<K, boolean>,
): { values: Record<K, boolean>; errors: Record<string, string[]> } {
  const values = { ...defaults };
  const errors: Record<string, string[]> = {};
  for (const key of Object.keys(defaults) as K[]) {
    const raw = lastParam(query, key);
    if (raw === undefined) continue;
    const b = parseBool(raw);
    if (b === undefined) errors[key] = ['Must be a valid boolean.'];
    else values[key] = b;
  }
  return { values, errors };
}

export type AuthResult = { ok: true; user: UserRecord | undefined } | { ok: false; response: ReplicaResponse };

/**
 * DRF authentication, run before any view: `Authorization: Token <key>` (keyword case-insensitive).
 * A bad token fails the request even on public endpoints; an unknown Bearer token is simply
 * anonymous, as django-oauth-toolkit does.
 */
export function authenticate(req: ReplicaRequest, byToken: (token: string) => UserRecord | undefined): AuthResult {
  const header = req.headers.authorization;
  if (!header) return { ok: true, user: undefined };
  const parts = header.trim().split(/\s+/);
  const keyword = parts[0]?.toLowerCase();
  if (keyword === 'bearer') return { ok: true, user: parts[1] ? byToken(parts[1]) : undefined };
  if (keyword !== 'token') return { ok: true, user: undefined };
  if (parts.length === 1)
    return { ok: false, response: detail(401, 'Invalid token header. No credentials provided.', CHALLENGE) };
  if (parts.length > 2) {
    return {
      ok: false,
      response: detail(401, 'Invalid token header. Token string should not contain spaces.', CHALLENGE),
    };
  }
  const user = byToken(parts[1] ?? '');
  if (!user) return { ok: false, response: detail(401, 'Invalid token.', CHALLENGE) };
  return { ok: true, user };
}
