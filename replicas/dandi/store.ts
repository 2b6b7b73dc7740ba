/**
 * Read-side indexes over the seed: lookups by id, visibility rules, per-version path trees and
 * search texts (built lazily, on first use). Tests use it to find real ids to ask for.
 */
import { assetMetadata, type UrlContext } from './metadata-asset.ts';
import { versionMetadata } from './metadata-version.ts';
import type { AssetRecord, DandisetRecord, UserRecord, VersionRecord, ZarrRecord } from './model.ts';
import type { DandiSeed } from './seed.ts';

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

export class DandiStore {
  readonly users: readonly UserRecord[];
  /** In identifier order. */
  readonly dandisets: readonly DandisetRecord[];
  /** Every zarr archive, in creation order (the `/zarr/` listing order). */
  readonly zarrs: readonly ZarrRecord[];
  /** Set by the server once it listens; used when tests ask the store for documents. */
  origin = 'http://127.0.0.1';

  private readonly dandisetById = new Map<string, DandisetRecord>();
  private readonly assetById = new Map<string, AssetRecord>();
  private readonly assetByBlob = new Map<string, AssetRecord>();
  private readonly zarrById = new Map<string, ZarrRecord>();
  private readonly userByToken = new Map<string, UserRecord>();
  private readonly userByName = new Map<string, UserRecord>();
  private readonly trees = new WeakMap<VersionRecord, Map<string, PathNode[]>>();
  private searchTexts: Map<string, string[]> | undefined;
  private readonly generationMs: number;

  constructor(seed: DandiSeed) {
    this.users = seed.users;
    this.dandisets = seed.dandisets;
    this.generationMs = seed.generationMs;
    for (const u of seed.users) {
      this.userByName.set(u.username, u);
      if (u.token) this.userByToken.set(u.token, u);
    }
    const zarrs: ZarrRecord[] = [];
    for (const d of seed.dandisets) {
      this.dandisetById.set(d.identifier, d);
      for (const v of d.versions) {
        for (const a of v.assets) {
          this.assetById.set(a.assetId, a);
          if (a.blobId) this.assetByBlob.set(a.blobId, a);
        }
      }
      for (const z of d.zarrs) {
        zarrs.push(z);
        this.zarrById.set(z.zarrId, z);
      }
    }
    this.zarrs = zarrs.sort((a, b) => a.created - b.created);
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

  versionMetadata(ds: DandisetRecord, v: VersionRecord, ctx = this.urls()): Record<string, unknown> {
    return versionMetadata(ds, v, ctx);
  }

  assetMetadata(asset: AssetRecord, ctx = this.urls()): Record<string, unknown> {
    const ds = this.dandisetById.get(asset.dandisetId) as DandisetRecord;
    return assetMetadata(ds, asset, ctx, asset.zarrId ? this.zarrById.get(asset.zarrId)?.checksum : undefined);
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
    if (!this.searchTexts) {
      const ctx = this.urls();
      this.searchTexts = new Map(
        this.dandisets.map((d) => [
          d.identifier,
          d.versions.map((v) => foldText(JSON.stringify(versionMetadata(d, v, ctx)))),
        ]),
      );
    }
    return this.searchTexts.get(ds.identifier) ?? [];
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
}

/** Case- and accent-insensitive form (Postgres `unaccent` + `icontains`). */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}
