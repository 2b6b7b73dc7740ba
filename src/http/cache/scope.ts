/**
 * Whose answer a cached response is. Anonymous answers are one shared scope; an answer fetched
 * with a credential belongs to that credential alone, named by a keyed hash of it (never the
 * token itself), so no cache, in memory or in Redis, can hand it to another caller.
 */
import { createHash } from 'node:crypto';

export const ANONYMOUS = 'anon';

/**
 * Headers that carry who is asking, upstream (`authorization`, EEGDash's token) and from the
 * gateway's own clients (the credential headers of src/context.ts): any of them makes the
 * request credentialed.
 */
export const CREDENTIAL_HEADERS = [
  'authorization',
  'cookie',
  'x-api-key',
  'x-eegdash-token',
  'x-dandi-api-key',
  'x-brainstem-token',
] as const;

/** `name:value` of each credential header present, in a fixed order. */
function credentials(headers: Record<string, string> | undefined): string[] {
  if (!headers) return [];
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return CREDENTIAL_HEADERS.flatMap((name) => (lower.has(name) ? [`${name}:${lower.get(name)}`] : []));
}

/** Whether a request with these headers is anonymous (the shared scope), without hashing anything. */
export const isAnonymous = (headers: Record<string, string> | undefined): boolean => credentials(headers).length === 0;

/** The cache scope of a request with these headers: `anon`, or a hash of its credentials. */
export function scopeOf(headers: Record<string, string> | undefined): string {
  const parts = credentials(headers);
  if (parts.length === 0) return ANONYMOUS;
  return `u${createHash('sha256').update('neuroarchive-gateway cache scope\n').update(parts.join('\n')).digest('base64url').slice(0, 32)}`;
}

/** A fixed-length key for a request, whatever the length of its URL. */
export function hashKey(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('base64url');
}
