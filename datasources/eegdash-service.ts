/**
 * The EEGDash service endpoints outside the databases: `GET /` (API name, version, databases),
 * `GET /health`, and the admin IP fence (`GET /admin/security/blocked`,
 * `POST /admin/security/unblock`), read defensively: the spec confirms only `/health`'s
 * `status` and `mongodb` (4.2); the other shapes are UNCONFIRMED (4.1, 4.24), so each reader
 * takes the members it knows and keeps the whole body for the rest.
 */
import { badShape, isObject, objectBody } from './list.ts';

const ARCHIVE = 'eegdash' as const;

export interface EegdashInfo {
  name: string | null;
  version: string | null;
  databases: string[];
  body: Record<string, unknown>;
}

export interface EegdashHealth {
  status: string;
  mongodb: string | null;
  body: Record<string, unknown>;
}

export interface BlockedClient {
  ip: string;
  offenseCount: number | null;
  blockedAt: string | null;
  reason: string | null;
  entry: Record<string, unknown>;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function readInfo(body: unknown): EegdashInfo {
  const o = objectBody(ARCHIVE, body);
  const dbs = o.databases ?? o.available_databases;
  if (dbs !== undefined && (!Array.isArray(dbs) || !dbs.every((d) => typeof d === 'string')))
    throw badShape(ARCHIVE, 'databases', 'a list of database names', dbs);
  return { name: text(o.name) ?? text(o.title), version: text(o.version), databases: (dbs as string[]) ?? [], body: o };
}

export function readHealth(body: unknown): EegdashHealth {
  const o = objectBody(ARCHIVE, body);
  const status = text(o.status);
  if (status === null) throw badShape(ARCHIVE, 'status', 'a string', o.status);
  return { status, mongodb: text(o.mongodb), body: o };
}

/** `{blocked: [...]}` (the replica), `{data: [...]}`, a bare list, or an object keyed by IP. */
export function readBlocked(body: unknown): BlockedClient[] {
  const list = Array.isArray(body) ? body : (objectBody(ARCHIVE, body).blocked ?? objectBody(ARCHIVE, body).data);
  const entries: unknown[] = Array.isArray(list)
    ? list
    : isObject(list)
      ? Object.entries(list).map(([ip, v]) => (isObject(v) ? { ip, ...v } : { ip, offense_count: v }))
      : (() => {
          throw badShape(ARCHIVE, 'blocked', 'a list of blocked IPs', list);
        })();
  return entries.map((e) => {
    const entry = typeof e === 'string' ? { ip: e } : e;
    if (!isObject(entry) || typeof entry.ip !== 'string') throw badShape(ARCHIVE, 'blocked[].ip', 'an IP', e);
    const count = entry.offense_count ?? entry.offenses ?? entry.count;
    return {
      ip: entry.ip,
      offenseCount: typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? count : null,
      blockedAt: text(entry.blocked_at),
      reason: text(entry.reason),
      entry,
    };
  });
}
