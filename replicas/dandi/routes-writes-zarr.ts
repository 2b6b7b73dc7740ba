/**
 * Zarr writes: `POST /zarr/` (a new, empty, `Pending` archive in a dandiset), `POST
 * /zarr/{id}/files/` (presigned PUT URLs into the object store, one per `{path, base64md5}`),
 * `DELETE /zarr/{id}/files/` (`rmfiles`), `POST /zarr/{id}/finalize/` (checksum ingestion).
 * Any change resets the archive to `Pending` with no checksum and zero counts until finalized.
 */
import { json, type ReplicaResponse } from '../common/server.ts';
import { accessDenied, listBody, objectBody, requireOwner, requireUser, type RouteContext } from './context.ts';
import { bareString, fieldErrors, notFound } from './http.ts';
import type { ZarrEntry, ZarrRecord } from './model.ts';
import type { StoredObject } from './object-store.ts';
import { zarrObject } from './serializers.ts';
import type { DandiStore } from './store.ts';
import { zarrPathError } from './validate-metadata.ts';
import { startIngest } from './writes.ts';

const INGESTING = 'Cannot modify zarr archive while it is ingesting.';

/** `POST /zarr/` `{name, dandiset}` → 200 zarr object. */
export function createZarr(ctx: RouteContext): ReplicaResponse {
  const who = requireUser(ctx);
  if (!who.ok) return who.response;
  const body = objectBody(ctx);
  if (!body.ok) return body.response;
  const b = body.value;
  const errors: Record<string, string[]> = {};
  if (typeof b.name !== 'string' || b.name.trim() === '') {
    errors.name = [b.name === undefined ? 'This field is required.' : 'This field may not be blank.'];
  } else if (b.name.includes('/') || b.name === '.' || b.name === '..') errors.name = ['Not a valid zarr name.'];
  if (typeof b.dandiset !== 'string' || !/^\d{6}$/.test(b.dandiset)) {
    errors.dandiset = ['A valid Dandiset identifier is required.'];
  }
  if (Object.keys(errors).length) return fieldErrors(errors);
  const ds = ctx.store.dandiset(b.dandiset as string);
  if (!ds) return notFound();
  const access = ctx.store.access(ctx.user, ds);
  if (access !== 'ok') return accessDenied(access);
  const denied = requireOwner(ctx, ds);
  if (denied) return denied;
  if (ds.embargoStatus === 'UNEMBARGOING') return bareString(400, 'Dandiset modification not allowed during unembargo');
  if (ds.zarrs.some((z) => z.name === b.name)) return bareString(400, 'Zarr already exists');
  const z: ZarrRecord = {
    zarrId: ctx.store.newId(),
    name: b.name as string,
    dandisetId: ds.identifier,
    created: ctx.store.now(),
    status: 'Pending',
    checksum: '',
    fileCount: 0,
    size: 0,
    entries: [],
  };
  ctx.store.addZarr(ds, z);
  return json(200, zarrObject(z));
}

/** The zarr of the URL, visible to and owned by the caller. */
function ownedZarr(ctx: RouteContext): { ok: true; zarr: ZarrRecord } | { ok: false; response: ReplicaResponse } {
  const who = requireUser(ctx);
  if (!who.ok) return who;
  const z = ctx.store.zarr(ctx.params.zarr ?? '');
  const ds = z ? ctx.store.dandiset(z.dandisetId) : undefined;
  if (!z || !ds || !ctx.store.visible(ctx.user, ds)) return { ok: false, response: notFound() };
  const denied = requireOwner(ctx, ds);
  if (denied) return { ok: false, response: denied };
  if (z.status === 'Ingesting') return { ok: false, response: bareString(400, INGESTING) };
  if (ds.versions[0]?.status === 'Publishing') {
    return { ok: false, response: bareString(400, 'Dandiset is currently being published') };
  }
  return { ok: true, zarr: z };
}

/** Any change: back to Pending, checksum and counts cleared until the next finalize. */
const pending = (z: ZarrRecord, entries: ZarrEntry[]): ZarrRecord => ({
  ...z,
  entries,
  status: 'Pending',
  checksum: '',
  fileCount: 0,
  size: 0,
});

/** `POST /zarr/{id}/files/` `[{path, base64md5}]` → presigned PUT URLs, in request order. */
export function requestZarrUploads(ctx: RouteContext): ReplicaResponse {
  const found = ownedZarr(ctx);
  if (!found.ok) return found.response;
  const body = listBody(ctx, (item) => {
    const e: Record<string, string[]> = {};
    const pathError = zarrPathError(item.path);
    if (pathError) e.path = [pathError];
    if (typeof item.base64md5 !== 'string' || !/^[A-Za-z0-9+/]{22}==$/.test(item.base64md5)) {
      e.base64md5 = ['Not a valid base64-encoded MD5 digest.'];
    }
    return e;
  });
  if (!body.ok) return body.response;
  const list = body.value;
  const objects = ctx.store.objectStore;
  if (!objects) return bareString(503, 'No object store is attached to this replica.');
  const z = found.zarr;
  if (z.status !== 'Pending') ctx.store.replaceZarr(z, pending(z, z.entries));
  const urls = (list as { path: string; base64md5: string }[]).map((f) =>
    objects.presignZarrPut(z.zarrId, f.path, f.base64md5),
  );
  return json(200, urls);
}

/** `DELETE /zarr/{id}/files/` `[{path}]` → 204; exact keys, unknown ones ignored (as S3 does). */
export function deleteZarrFiles(ctx: RouteContext): ReplicaResponse {
  const found = ownedZarr(ctx);
  if (!found.ok) return found.response;
  const body = listBody(ctx, (item): Record<string, string[]> => {
    const pathError = zarrPathError(item.path);
    return pathError ? { path: [pathError] } : {};
  });
  if (!body.ok) return body.response;
  const list = body.value;
  const paths = new Set((list as { path: string }[]).map((i) => i.path));
  const z = found.zarr;
  for (const p of paths) ctx.store.objectStore?.deleteObject(`zarr/${z.zarrId}/${p}`);
  ctx.store.replaceZarr(
    z,
    pending(
      z,
      z.entries.filter((e) => !paths.has(e.key)),
    ),
  );
  return { status: 204, raw: '', headers: { 'content-type': 'application/json' } };
}

/** `POST /zarr/{id}/finalize/` → 204; `Ingesting`, then `Complete` with its checksum. */
export function finalizeZarr(ctx: RouteContext): ReplicaResponse {
  const found = ownedZarr(ctx);
  if (!found.ok) return found.response;
  startIngest(ctx.store, found.zarr);
  return { status: 204, raw: '', headers: { 'content-type': 'application/json' } };
}

/** The object store's hook: a zarr object PUT landed; insert / replace the entry in key order. */
export function zarrObjectArrived(
  store: DandiStore,
  zarrId: string,
  path: string,
  obj: StoredObject,
): string | undefined {
  const z = store.zarr(zarrId);
  if (!z) return 'No such zarr archive.';
  if (z.status === 'Ingesting') return INGESTING;
  const text = obj.bytes?.every((b) => b < 0x80) ? obj.bytes.toString('latin1') : undefined;
  const entry: ZarrEntry = {
    key: path,
    size: obj.size,
    lastModified: obj.lastModified,
    text,
    etag: obj.etag,
    ...(obj.bytes ? { bytes: obj.bytes } : {}),
  };
  const entries = z.entries.filter((e) => e.key !== path);
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((entries[mid] as ZarrEntry).key < path) lo = mid + 1;
    else hi = mid;
  }
  entries.splice(lo, 0, entry);
  store.replaceZarr(z, pending(z, entries));
  return undefined;
}
