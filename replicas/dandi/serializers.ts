/**
 * The DRF serializers' output shapes (key order included): dandiset list items and details,
 * version summaries / objects, asset and zarr objects.
 */
import {
  drfTime,
  type AssetRecord,
  type DandisetRecord,
  type UserRecord,
  type VersionRecord,
  type ZarrRecord,
} from './model.ts';
import type { DandiStore } from './store.ts';

/** VersionSummary: list endpoint only — no active_uploads, release_notes or dandiset. */
export function versionSummary(v: VersionRecord): Record<string, unknown> {
  return {
    version: v.version,
    name: v.name,
    asset_count: v.assetCount,
    size: v.size,
    status: v.status,
    created: drfTime(v.created),
    modified: drfTime(v.modified),
  };
}

/** Version as nested in the dandiset detail (no `dandiset` key). */
export function versionFull(v: VersionRecord, activeUploads = 0): Record<string, unknown> {
  return {
    version: v.version,
    name: v.name,
    asset_count: v.assetCount,
    active_uploads: v.version === 'draft' ? activeUploads : 0,
    size: v.size,
    status: v.status,
    created: drfTime(v.created),
    modified: drfTime(v.modified),
    release_notes: v.version === 'draft' ? '' : v.releaseNotes,
  };
}

export function dandisetBase(
  ds: DandisetRecord,
  user: UserRecord | undefined,
  store: DandiStore,
): Record<string, unknown> {
  return {
    identifier: ds.identifier,
    created: drfTime(ds.created),
    modified: drfTime(ds.modified),
    contact_person: store.contactPerson(ds),
    embargo_status: ds.embargoStatus,
    star_count: ds.starCount,
    is_starred: user !== undefined && ds.starredBy.has(user.username),
  };
}

/** A dandiset with its draft and most recent published version, each in `version`'s form. */
const withVersions =
  (version: (v: VersionRecord, activeUploads: number) => Record<string, unknown>) =>
  (ds: DandisetRecord, user: UserRecord | undefined, store: DandiStore): Record<string, unknown> => {
    const published = store.latestPublished(ds);
    return {
      ...dandisetBase(ds, user, store),
      most_recent_published_version: published ? version(published, 0) : null,
      draft_version: version(store.draft(ds), store.uploadsOf(ds.identifier).length),
    };
  };

/** An item of `/dandisets/`: versions as summaries. */
export const dandisetListItem = withVersions(versionSummary);
/** `/dandisets/{id}/`: versions in full. */
export const dandisetDetail = withVersions(versionFull);

/** Version object of `/versions/` and `/versions/{v}/info/`, with the nested dandiset. */
export function versionObject(
  ds: DandisetRecord,
  v: VersionRecord,
  user: UserRecord | undefined,
  store: DandiStore,
): Record<string, unknown> {
  const { release_notes: notes, ...rest } = versionFull(v, store.uploadsOf(ds.identifier).length);
  return { ...rest, dandiset: dandisetBase(ds, user, store), release_notes: notes };
}

export function assetObject(a: AssetRecord): Record<string, unknown> {
  return {
    asset_id: a.assetId,
    blob: a.blobId,
    zarr: a.zarrId,
    path: a.path,
    size: a.size,
    created: drfTime(a.created),
    modified: drfTime(a.modified),
  };
}

export function zarrObject(z: ZarrRecord): Record<string, unknown> {
  return {
    name: z.name,
    dandiset: z.dandisetId,
    zarr_id: z.zarrId,
    status: z.status,
    checksum: z.status === 'Complete' ? z.checksum : null,
    file_count: z.fileCount,
    size: z.size,
  };
}
