/**
 * The state transitions behind the write routes: committing a new draft (metadata and/or asset
 * list), validating it (synchronously, or after `validationDelayMs` with the draft `Pending`
 * meanwhile), publishing (draft `Publishing` → a new `0.YYMMDD.HHMM` version sharing the draft's
 * assets, draft `Published`), and zarr ingestion (`Ingesting` → `Complete` with a checksum).
 * Routes validate their input fully first; these functions only ever see valid changes.
 */
import { createHash } from 'node:crypto';
import { drfTime, type AssetRecord, type DandisetRecord, type VersionRecord, type ZarrRecord } from './model.ts';
import { zarrEtag } from './seed-zarr.ts';
import type { DandiStore } from './store.ts';
import { validateAssetMetadata, validateVersionMetadata } from './validate-metadata.ts';

/** Validation generations per dandiset: a delayed validation only lands if nothing changed since. */
const generations = new WeakMap<DandiStore, Map<string, number>>();

function nextGeneration(store: DandiStore, id: string): number {
  let m = generations.get(store);
  if (!m) {
    m = new Map();
    generations.set(store, m);
  }
  const g = (m.get(id) ?? 0) + 1;
  m.set(id, g);
  return g;
}

const currentGeneration = (store: DandiStore, id: string) => generations.get(store)?.get(id) ?? 0;

/** Validate pending assets and the draft's metadata now, replacing the records that change. */
function runValidation(store: DandiStore, ds: DandisetRecord): void {
  const draft = store.currentDraft(ds.identifier);
  if (!draft || draft.status === 'Publishing') return;
  let changed = false;
  const assets = draft.assets.map((a) => {
    if (!a.metadata || !a.validation || (a.validation.status !== 'Pending' && a.validation.status !== 'Validating'))
      return a;
    const zarr = a.zarrId ? store.zarr(a.zarrId) : undefined;
    // A zarr asset stays pending until its checksum is computed.
    if (zarr && zarr.status !== 'Complete') return a;
    const errors = validateAssetMetadata(a.metadata, a.zarrId !== null);
    const next: AssetRecord = { ...a, validation: { status: errors.length ? 'Invalid' : 'Valid', errors } };
    store.indexAsset(next);
    changed = true;
    return next;
  });
  const metadata = draft.metadata ?? store.storedMetadataOf(ds, draft);
  const size = assets.reduce((s, a) => s + a.size, 0);
  const errors = validateVersionMetadata(metadata, draft.name, assets.length, size);
  const status = errors.length ? 'Invalid' : 'Valid';
  if (!changed && draft.status === status && JSON.stringify(draft.validationErrors) === JSON.stringify(errors)) return;
  // Validation does not touch `modified` (the server saves status fields only).
  const next: VersionRecord = { ...draft, assets, status, validationErrors: errors };
  const i = ds.versions.indexOf(draft);
  ds.versions = ds.versions.map((v, j) => (j === i ? next : v));
  store.revision++;
}

/** Validate now (delay 0) or mark the draft `Pending` and validate after the configured delay. */
export function scheduleValidation(store: DandiStore, ds: DandisetRecord): void {
  const generation = nextGeneration(store, ds.identifier);
  const delay = store.options.validationDelayMs;
  if (delay <= 0) {
    runValidation(store, ds);
    return;
  }
  store.later(delay, () => {
    if (currentGeneration(store, ds.identifier) === generation) runValidation(store, ds);
  });
}

/**
 * Replace the draft with `changes` applied: the metadata is materialized on the first write
 * to a seeded draft, counts and sizes follow the asset list, status goes back to `Pending`
 * until validation runs.
 */
export function commitDraft(
  store: DandiStore,
  ds: DandisetRecord,
  changes: { name?: string; metadata?: Record<string, unknown>; assets?: AssetRecord[] },
): VersionRecord {
  const draft = store.draft(ds);
  const assets = changes.assets ?? draft.assets;
  const now = store.now();
  const next: VersionRecord = {
    ...draft,
    name: changes.name ?? draft.name,
    metadata: changes.metadata ?? store.storedMetadataOf(ds, draft),
    assets,
    assetCount: assets.length,
    size: assets.reduce((s, a) => s + a.size, 0),
    status: 'Pending',
    validationErrors: [],
    modified: now,
  };
  store.replaceVersion(ds, draft, next);
  scheduleValidation(store, ds);
  return store.draft(ds);
}

/** A new API asset's validation state: pending until `runValidation`. */
export const pendingValidation = (): AssetRecord['validation'] => ({ status: 'Pending', errors: [] });

/** `0.YYMMDD.HHMM` of a time (UTC minute). */
function versionIdAt(us: number): string {
  const d = new Date(Math.floor(us / 1000));
  const p = (n: number) => String(n).padStart(2, '0');
  return `0.${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}.${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

/** Start publishing: the draft is `Publishing` until the published version appears. */
export function startPublish(store: DandiStore, ds: DandisetRecord, releaseNotes: string): void {
  const draft = store.draft(ds);
  store.replaceVersion(ds, draft, { ...draft, status: 'Publishing' });
  nextGeneration(store, ds.identifier); // any pending validation is void now
  store.later(store.options.publishDelayMs, () => finishPublish(store, ds, releaseNotes));
}

function finishPublish(store: DandiStore, ds: DandisetRecord, releaseNotes: string): void {
  if (store.dandiset(ds.identifier) !== ds) return;
  let at = store.now();
  // The version id is the publication minute, bumped by a minute on collision.
  const taken = new Set(ds.versions.map((v) => v.version));
  while (taken.has(versionIdAt(at))) at += 60_000_000;
  const version = versionIdAt(at);
  const draft = store.draft(ds);
  // Publishing writes datePublished / publishedBy into the assets' metadata (same asset ids).
  const assets = draft.assets.map((a) => {
    if (a.publishedAt) return a;
    const next: AssetRecord = { ...a, publishedAt: at, modified: Math.max(a.modified, at) };
    store.indexAsset(next);
    return next;
  });
  const published: VersionRecord = {
    ...draft,
    version,
    pk: store.takePk(),
    status: 'Valid',
    created: at,
    modified: at,
    assets,
    releaseNotes,
    validationErrors: [],
    ...(draft.metadata ? { metadata: { ...draft.metadata } } : {}),
  };
  const nextDraft: VersionRecord = { ...draft, assets, status: 'Published', modified: at };
  ds.versions = [nextDraft, ...ds.versions.slice(1), published];
  store.touch(ds, at);
}

/** Replica zarr checksum: md5 over the sorted `key etag size` lines, `{md5}-{files}--{bytes}`. */
export function zarrChecksum(z: ZarrRecord): string {
  const md5 = createHash('md5');
  let size = 0;
  for (const e of z.entries) {
    md5.update(`${e.key}\t${e.etag ?? zarrEtag(z.zarrId, e.key)}\t${e.size}\n`);
    size += e.size;
  }
  return `${md5.digest('hex')}-${z.entries.length}--${size}`;
}

/** `finalize`: `Ingesting`, then `Complete` with checksum, file count and size. */
export function startIngest(store: DandiStore, z: ZarrRecord): void {
  const ingesting: ZarrRecord = { ...z, status: 'Ingesting' };
  store.replaceZarr(z, ingesting);
  store.later(store.options.ingestDelayMs, () => {
    const current = store.zarr(z.zarrId);
    if (current?.status !== 'Ingesting') return;
    const size = current.entries.reduce((s, e) => s + e.size, 0);
    const complete: ZarrRecord = {
      ...current,
      status: 'Complete',
      checksum: zarrChecksum(current),
      fileCount: current.entries.length,
      size,
    };
    store.replaceZarr(current, complete);
    // Draft assets backed by this zarr take its new size, then get validated.
    const ds = store.dandiset(z.dandisetId);
    if (!ds) return;
    const draft = store.draft(ds);
    if (!draft.assets.some((a) => a.zarrId === z.zarrId)) return;
    const assets = draft.assets.map((a) => {
      if (a.zarrId !== z.zarrId || a.publishedAt) return a;
      const next: AssetRecord = { ...a, size };
      store.indexAsset(next);
      return next;
    });
    commitDraft(store, ds, { assets });
  });
}

/** The `/dandisets/{id}/uploads/` item. */
export function uploadObject(u: { uploadId: string; etag: string; size: number; dandisetId: string; created: number }) {
  return {
    created: drfTime(u.created),
    modified: drfTime(u.created),
    upload_id: u.uploadId,
    etag: u.etag,
    size: u.size,
    dandiset: u.dandisetId,
  };
}
