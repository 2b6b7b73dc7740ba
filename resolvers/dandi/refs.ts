/**
 * What a DANDI object is while it is being resolved: its key, plus whatever of it the archive
 * already sent. Fields read what is there and load the rest through the per-request loaders, so
 * selecting only keys costs nothing and selecting more costs one deduplicated request.
 */
import type { VersionKey } from '../../datasources/dandi.ts';
import type {
  AssetInfo,
  AssetMetadata,
  AssetObject,
  DandisetDetail,
  VersionInfo,
  VersionSummary,
  ZarrFile,
  ZarrObject,
} from '../../datasources/dandi-types.ts';
import { builder } from '../../src/builder.ts';
import type { Context } from '../../src/context.ts';

export interface DandisetRef {
  identifier: string;
  data?: DandisetDetail;
}

export interface VersionRef extends VersionKey {
  summary?: VersionSummary;
  info?: VersionInfo;
}

export interface AssetRef {
  assetId: string;
  /** The version the asset was reached through, when known (DANDI assets do not name it). */
  context?: VersionKey;
  object?: AssetObject;
}

export interface ZarrRef {
  zarrId: string;
  data?: ZarrObject;
}

export interface ZarrEntryRef {
  zarrId: string;
  file: ZarrFile;
}

export const DandisetType = builder.objectRef<DandisetRef>('Dandiset');
export const VersionType = builder.objectRef<VersionRef>('Version');
export const AssetType = builder.objectRef<AssetRef>('Asset');
export const ZarrType = builder.objectRef<ZarrRef>('Zarr');
export const ZarrEntryType = builder.objectRef<ZarrEntryRef>('ZarrEntry');

export const loadDandiset = (ctx: Context, ref: DandisetRef): Promise<DandisetDetail> | DandisetDetail =>
  ref.data ?? ctx.dandi.dandiset.load(ref.identifier);

export const loadVersionInfo = (ctx: Context, ref: VersionRef): Promise<VersionInfo> | VersionInfo =>
  ref.info ?? ctx.dandi.versionInfo.load({ identifier: ref.identifier, version: ref.version });

export const loadVersionSummary = (ctx: Context, ref: VersionRef): Promise<VersionSummary> | VersionSummary =>
  ref.summary ?? loadVersionInfo(ctx, ref);

export const loadAsset = (ctx: Context, ref: AssetRef): Promise<AssetObject> | AssetObject =>
  ref.object ?? ctx.dandi.asset.load(ref.assetId);

export async function loadAssetMetadata(ctx: Context, ref: AssetRef): Promise<AssetMetadata> {
  if (ref.object?.metadata) return ref.object.metadata;
  const info: AssetInfo = await ctx.dandi.asset.load(ref.assetId);
  return info.metadata ?? {};
}

export const loadZarr = (ctx: Context, ref: ZarrRef): Promise<ZarrObject> | ZarrObject =>
  ref.data ?? ctx.dandi.zarr.load(ref.zarrId);

/** The web page of a dandiset (or of one version of it) on dandiarchive.org. */
export const DANDI_WEB_URL = 'https://dandiarchive.org';
