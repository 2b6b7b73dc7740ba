/**
 * The replica's archive state: lookups by id, visibility rules, per-version path trees and
 * search texts (built lazily), plus the mutable side the write API uses. Each store starts from
 * its own copy of the (shared, never mutated) seed: dandiset rows are copied, while version,
 * asset and zarr records are treated as immutable values and REPLACED when they change (so the
 * caches keyed on them — path trees, assets summaries — never go stale). Tests use it to find
 * real ids to ask for.
 */
import { createHash } from 'node:crypto';
import { Prng } from '../common/prng.ts';
import { uuid4 } from './ids.ts';
import { assetMetadata, type UrlContext } from './metadata-asset.ts';
import {
  aggregateSummary,
  storedAssetMetadata,
  storedContactPerson,
  storedVersionMetadata,
} from './metadata-stored.ts';
import { assetsSummary, contactPerson, versionMetadata } from './metadata-version.ts';
import {
  REPLICA_NOW,
  type AssetRecord,
  type BlobRecord,
  type DandisetRecord,
  type UploadRecord,
  type UserRecord,
  type VersionRecord,
  type ZarrRecord,
} from './model.ts';
import type { ObjectStore } from './object-store.ts';
import type { DandiSeed } from './seed.ts';
import { strip, VERSION_COMPUTED_FIELDS } from './validate-metadata.ts';

/** One child of a folder in `/assets/paths/`. */
export interface PathNode {
  path: string;
  files: number;
  size: number;
  asset: AssetRecord | undefined;
}

export interface SeedFigures {
  dandisets: number;
  embargoed: number;
  published: number;
  /** Distinct assets over all versions (draft and published). */
  assets: number;
  draftAssets: number;
  zarrs: number;
  zarrEntries: number;
  generationMs: number;
}

export type Access = 'ok' | 401 | 403;

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Replica behaviour knobs of the write API (see `startDandiReplica`). */
export interface StoreOptions {
  /** Base multipart part size (dandischema's 64 MiB); tests use small parts. */
  partSize: number;
  /** Largest `contentSize` `/uploads/initialize/` accepts. */
  maxUploadBytes: number;
  /** 0: validation runs synchronously; otherwise versions stay `Pending` this long. */
  validationDelayMs: number;
  /** How long a draft stays `Publishing` before the published version appears. */
  publishDelayMs: number;
  /** How long a finalized zarr stays `Ingesting` before it is `Complete`. */
  ingestDelayMs: number;
}

export const DEFAULT_STORE_OPTIONS: StoreOptions = {
  partSize: 64 * 1024 * 1024,
  maxUploadBytes: 1024 * 1024 * 1024,
  validationDelayMs: 0,
  publishDelayMs: 50,
  ingestDelayMs: 20,
};

export class DandiStore {
  readonly users: readonly UserRecord[];
  /** Set by the server once it listens; used when tests ask the store for documents. */
  origin = 'http://127.0.0.1';
  readonly options: StoreOptions;
  /** The upload bucket (set by the server); absent when a store is used without one. */
  objectStore: ObjectStore | undefined;
  /** Bumped on every write (memoized aggregates compare it). */
  revision = 0;

  private readonly rows: DandisetRecord[];
  private zarrRows: ZarrRecord[];
  private readonly dandisetById = new Map<string, DandisetRecord>();
  private readonly assetById = new Map<string, AssetRecord>();
  private readonly assetByBlob = new Map<string, AssetRecord>();
  private readonly zarrById = new Map<string, ZarrRecord>();
  private readonly userByToken = new Map<string, UserRecord>();
  private readonly userByName = new Map<string, UserRecord>();
  private readonly trees = new WeakMap<VersionRecord, Map<string, PathNode[]>>();
  private readonly summaries = new WeakMap<VersionRecord, Record<string, unknown>>();
  private readonly searchTexts = new Map<string, string[]>();
  private readonly generationMs: number;
  private readonly blobsById = new Map<string, BlobRecord>();
  private readonly blobByEtag = new Map<string, BlobRecord>();
  private readonly blobBySha = new Map<string, BlobRecord>();
  private readonly uploadsById = new Map<string, UploadRecord>();
  private readonly rng = new Prng('dandi:writes');
  private readonly startedAt = performance.now();
  private lastNow = REPLICA_NOW;
  private nextPk: number;
  private nextSeq: number;
  private nextIdentifier: number;
  /** Pending timers (validation, publishing, ingestion), cleared on close. */
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(seed: DandiSeed, options: Partial<StoreOptions> = {}) {
    this.options = { ...DEFAULT_STORE_OPTIONS, ...options };
    this.users = seed.users;
    this.generationMs = seed.generationMs;
    for (const u of seed.users) {
      this.userByName.set(u.username, u);
      if (u.token) this.userByToken.set(u.token, u);
    }
    // Rows are copied (their mutable fields are per replica); versions, assets and zarrs are shared.
    this.rows = seed.dandisets.map((d) => ({
      ...d,
      owners: [...d.owners],
      starredBy: new Map(d.starredBy),
      versions: [...d.versions],
      zarrs: [...d.zarrs],
    }));
    const zarrs: ZarrRecord[] = [];
    let pk = 0;
    let seq = 0;
    let maxId = 0;
    for (const d of this.rows) {
      this.dandisetById.set(d.identifier, d);
      maxId = Math.max(maxId, Number(d.identifier));
      for (const v of d.versions) {
        pk = Math.max(pk, v.pk);
        for (const a of v.assets) {
          seq = Math.max(seq, a.seq);
          this.assetById.set(a.assetId, a);
          if (a.blobId) this.assetByBlob.set(a.blobId, a);
        }
      }
      for (const z of d.zarrs) {
        zarrs.push(z);
        this.zarrById.set(z.zarrId, z);
      }
    }
    this.zarrRows = zarrs.sort((a, b) => a.created - b.created);
    this.nextPk = pk + 1;
    this.nextSeq = seq + 1;
    this.nextIdentifier = maxId + 1;
  }

  /** In identifier order (API-created dandisets come last, with the next identifiers). */
  get dandisets(): readonly DandisetRecord[] {
    return this.rows;
  }

  /** Every zarr archive, in creation order (the `/zarr/` listing order). */
  get zarrs(): readonly ZarrRecord[] {
    return this.zarrRows;
  }

  urls(origin = this.origin): UrlContext {
    return { origin, apiUrl: `${origin}/api` };
  }

  dandiset(id: string): DandisetRecord | undefined {
    return this.dandisetById.get(id);
  }

  versionsOf(id: string): VersionRecord[] {
    return this.dandisetById.get(id)?.versions ?? [];
  }

  version(id: string, version: string): VersionRecord | undefined {
    return this.versionsOf(id).find((v) => v.version === version);
  }

  assetsOf(id: string, version = 'draft'): AssetRecord[] {
    return this.version(id, version)?.assets ?? [];
  }

  asset(assetId: string): AssetRecord | undefined {
    return this.assetById.get(assetId);
  }

  blobAsset(blobId: string): AssetRecord | undefined {
    return this.assetByBlob.get(blobId);
  }

  zarr(zarrId: string): ZarrRecord | undefined {
    return this.zarrById.get(zarrId);
  }

  user(username: string): UserRecord | undefined {
    return this.userByName.get(username);
  }

  userForToken(token: string): UserRecord | undefined {
    return this.userByToken.get(token);
  }

  owns(user: UserRecord | undefined, ds: DandisetRecord): boolean {
    return user !== undefined && ds.owners.includes(user.username);
  }

  /** Anonymous 401, non-owner 403, owner 200 — for a dandiset and everything below it. */
  access(user: UserRecord | undefined, ds: DandisetRecord): Access {
    if (ds.embargoStatus === 'OPEN') return 'ok';
    if (!user) return 401;
    return this.owns(user, ds) ? 'ok' : 403;
  }

  /** `Dandiset.objects.visible_to(user)`: open ones plus those the user owns. */
  visible(user: UserRecord | undefined, ds: DandisetRecord): boolean {
    return ds.embargoStatus === 'OPEN' || this.owns(user, ds);
  }

  /** Most recently *created* version: the newest published one, else the draft. */
  latestVersion(ds: DandisetRecord): VersionRecord {
    return ds.versions[ds.versions.length - 1] as VersionRecord;
  }

  latestPublished(ds: DandisetRecord): VersionRecord | undefined {
    return ds.versions.length > 1 ? ds.versions[ds.versions.length - 1] : undefined;
  }

  draft(ds: DandisetRecord): VersionRecord {
    return ds.versions[0] as VersionRecord;
  }

  /** Whether a version's documents come from stored (API-written) metadata. */
  private stored(v: VersionRecord): boolean {
    return v.metadata !== undefined || v.assets.some((a) => a.metadata !== undefined);
  }

  assetsSummary(ds: DandisetRecord, v: VersionRecord): Record<string, unknown> {
    if (!this.stored(v)) return assetsSummary(ds, v) as unknown as Record<string, unknown>;
    let s = this.summaries.get(v);
    if (!s) {
      s = aggregateSummary(ds, v);
      this.summaries.set(v, s);
    }
    return s;
  }

  versionMetadata(ds: DandisetRecord, v: VersionRecord, ctx = this.urls()): Record<string, unknown> {
    if (v.metadata === undefined) return versionMetadata(ds, v, ctx);
    return storedVersionMetadata(ds, v, this.assetsSummary(ds, v), ctx);
  }

  /** The stored form of a version's metadata: what a write starts from (computed fields stripped). */
  storedMetadataOf(ds: DandisetRecord, v: VersionRecord): Record<string, unknown> {
    return v.metadata ?? strip(versionMetadata(ds, v, this.urls()), VERSION_COMPUTED_FIELDS);
  }

  /** Contact person of one version (its own metadata). */
  versionContactPerson(ds: DandisetRecord, v: VersionRecord): string {
    return v.metadata ? storedContactPerson(v.metadata) : contactPerson(ds);
  }

  /** A dandiset's contact person: from its most recent published version, else the draft. */
  contactPerson(ds: DandisetRecord): string {
    return this.versionContactPerson(ds, this.latestPublished(ds) ?? this.draft(ds));
  }

  assetMetadata(asset: AssetRecord, ctx = this.urls()): Record<string, unknown> {
    const ds = this.dandisetById.get(asset.dandisetId) as DandisetRecord;
    const checksum = asset.zarrId ? this.zarrById.get(asset.zarrId)?.checksum : undefined;
    if (asset.metadata) {
      let digest: Record<string, string>;
      const blob = asset.blobId ? this.blobsById.get(asset.blobId) : undefined;
      if (asset.zarrId) digest = { 'dandi:dandi-zarr-checksum': checksum ?? '' };
      else if (blob)
        digest = { 'dandi:dandi-etag': blob.etag, ...(blob.sha256 ? { 'dandi:sha2-256': blob.sha256 } : {}) };
      else {
        // A seeded blob reused by an API asset: the digests its first asset's document carries.
        const seeded = asset.blobId ? this.assetByBlob.get(asset.blobId) : undefined;
        const doc = seeded && !seeded.metadata ? assetMetadata(ds, seeded, ctx) : undefined;
        digest = (doc?.digest as Record<string, string> | undefined) ?? {};
      }
      return storedAssetMetadata(ds, asset, digest, ctx);
    }
    return assetMetadata(ds, asset, ctx, checksum);
  }

  /** Folder → direct children (full paths, byte order) with file/byte aggregates. */
  pathTree(v: VersionRecord): Map<string, PathNode[]> {
    let tree = this.trees.get(v);
    if (tree) return tree;
    const nodes = new Map<string, Map<string, PathNode>>([['', new Map()]]);
    for (const a of v.assets) {
      const parts = a.path.split('/');
      let folder = '';
      for (let i = 0; i < parts.length; i++) {
        const path = folder ? `${folder}/${parts[i]}` : (parts[i] ?? '');
        const children = nodes.get(folder) as Map<string, PathNode>;
        let node = children.get(path);
        if (!node) {
          node = { path, files: 0, size: 0, asset: undefined };
          children.set(path, node);
        }
        node.files += 1;
        node.size += a.size;
        if (i === parts.length - 1) node.asset = a;
        else if (!nodes.has(path)) nodes.set(path, new Map());
        folder = path;
      }
    }
    tree = new Map(
      [...nodes].map(([folder, children]) => [
        folder,
        [...children.values()].sort((x, y) => byteOrder(x.path, y.path)),
      ]),
    );
    this.trees.set(v, tree);
    return tree;
  }

  /** Lower-cased, accent-stripped JSON of every version's metadata, per dandiset. */
  searchText(ds: DandisetRecord): string[] {
    let texts = this.searchTexts.get(ds.identifier);
    if (!texts) {
      const ctx = this.urls();
      texts = ds.versions.map((v) => foldText(JSON.stringify(this.versionMetadata(ds, v, ctx))));
      this.searchTexts.set(ds.identifier, texts);
    }
    return texts;
  }

  figures(): SeedFigures {
    let zarrEntries = 0;
    for (const z of this.zarrs) zarrEntries += z.entries.length;
    return {
      dandisets: this.dandisets.length,
      embargoed: this.dandisets.filter((d) => d.embargoStatus !== 'OPEN').length,
      published: this.dandisets.filter((d) => d.versions.length > 1).length,
      assets: this.assetById.size,
      draftAssets: this.dandisets.reduce((n, d) => n + (d.versions[0]?.assetCount ?? 0), 0),
      zarrs: this.zarrs.length,
      zarrEntries,
      generationMs: this.generationMs,
    };
  }

  // ---------------------------------------------------------------- write side

  /** The replica clock (µs): starts at REPLICA_NOW, advances with real time, strictly increasing. */
  now(): number {
    const t = REPLICA_NOW + Math.floor((performance.now() - this.startedAt) * 1000);
    this.lastNow = Math.max(this.lastNow + 1, t);
    return this.lastNow;
  }

  newId(): string {
    return uuid4(this.rng);
  }

  takePk(): number {
    return this.nextPk++;
  }

  takeSeq(): number {
    return this.nextSeq++;
  }

  takeIdentifier(): string {
    return String(this.nextIdentifier++).padStart(6, '0');
  }

  /** Run `fn` after `ms` (unref'd; cleared by `close`). `ms` 0 still defers to the next tick. */
  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref?.();
    this.timers.add(t);
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Something about `ds` changed: bump its modified time, forget its derived texts. */
  touch(ds: DandisetRecord, at = this.now()): void {
    ds.modified = Math.max(ds.modified, at);
    this.searchTexts.delete(ds.identifier);
    this.revision++;
  }

  addDandiset(ds: DandisetRecord): void {
    this.rows.push(ds);
    this.dandisetById.set(ds.identifier, ds);
    this.revision++;
  }

  removeDandiset(ds: DandisetRecord): void {
    const i = this.rows.indexOf(ds);
    if (i >= 0) this.rows.splice(i, 1);
    this.dandisetById.delete(ds.identifier);
    for (const v of ds.versions) for (const a of v.assets) this.unindexAsset(a);
    for (const z of ds.zarrs) this.zarrById.delete(z.zarrId);
    this.zarrRows = this.zarrRows.filter((z) => z.dandisetId !== ds.identifier);
    for (const u of this.uploadsOf(ds.identifier)) this.removeUpload(u);
    this.searchTexts.delete(ds.identifier);
    this.revision++;
  }

  /** Replace one version record (by position) with a new value. */
  replaceVersion(ds: DandisetRecord, old: VersionRecord, next: VersionRecord): void {
    const i = ds.versions.indexOf(old);
    ds.versions = i < 0 ? [...ds.versions, next] : ds.versions.map((v, j) => (j === i ? next : v));
    this.touch(ds, next.modified);
  }

  /** Re-read the draft (it may have been replaced since a caller captured it). */
  currentDraft(id: string): VersionRecord | undefined {
    return this.dandisetById.get(id)?.versions[0];
  }

  indexAsset(a: AssetRecord): void {
    this.assetById.set(a.assetId, a);
    // The blob → asset index serves seeded blobs' bytes: keep the first asset that used a blob.
    const current = a.blobId ? this.assetByBlob.get(a.blobId) : undefined;
    if (a.blobId && (!current || current.assetId === a.assetId)) this.assetByBlob.set(a.blobId, a);
  }

  /** Drop an asset from the id indexes unless some version still holds it. */
  unindexAsset(a: AssetRecord): void {
    const ds = this.dandisetById.get(a.dandisetId);
    if (ds?.versions.some((v) => v.assets.some((x) => x.assetId === a.assetId))) return;
    if (this.assetById.get(a.assetId) === a) this.assetById.delete(a.assetId);
    if (a.blobId && this.assetByBlob.get(a.blobId) === a) {
      this.assetByBlob.delete(a.blobId);
      // Another asset may still use the same blob.
      for (const d of this.rows) {
        for (const v of d.versions) {
          const other = v.assets.find((x) => x.blobId === a.blobId);
          if (other) {
            this.assetByBlob.set(a.blobId, other);
            return;
          }
        }
      }
    }
  }

  addZarr(ds: DandisetRecord, z: ZarrRecord): void {
    ds.zarrs = [...ds.zarrs, z];
    this.zarrRows = [...this.zarrRows, z];
    this.zarrById.set(z.zarrId, z);
    this.revision++;
  }

  replaceZarr(old: ZarrRecord, next: ZarrRecord): void {
    const ds = this.dandisetById.get(old.dandisetId);
    if (ds) ds.zarrs = ds.zarrs.map((z) => (z === old ? next : z));
    this.zarrRows = this.zarrRows.map((z) => (z === old ? next : z));
    this.zarrById.set(next.zarrId, next);
    this.revision++;
  }

  blob(blobId: string): BlobRecord | undefined {
    return this.blobsById.get(blobId);
  }

  blobByDigest(algorithm: string, value: string): BlobRecord | undefined {
    if (algorithm === 'dandi:dandi-etag') return this.blobByEtag.get(value);
    if (algorithm === 'dandi:sha2-256') return this.blobBySha.get(value);
    return undefined;
  }

  addBlob(b: BlobRecord): void {
    this.blobsById.set(b.blobId, b);
    this.blobByEtag.set(b.etag, b);
    if (b.sha256) this.blobBySha.set(b.sha256, b);
  }

  upload(uploadId: string): UploadRecord | undefined {
    return this.uploadsById.get(uploadId);
  }

  uploadsOf(dandisetId: string): UploadRecord[] {
    return [...this.uploadsById.values()].filter((u) => u.dandisetId === dandisetId);
  }

  addUpload(u: UploadRecord): void {
    this.uploadsById.set(u.uploadId, u);
  }

  removeUpload(u: UploadRecord): void {
    this.uploadsById.delete(u.uploadId);
    this.objectStore?.abortMultipart(u.uploadId);
  }
}

/** sha256 hex of a buffer. */
export const sha256Hex = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Case- and accent-insensitive form (Postgres `unaccent` + `icontains`). */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}
