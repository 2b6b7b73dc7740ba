/**
 * What a DANDI object is while it is being resolved: its key, plus whatever of it the archive
 * already sent. Root and parent fields return these refs without fetching; fields read what is
 * there and load the rest through the per-request loaders, so selecting only keys (or a child
 * list DANDI serves by key, like a version's assets) costs no request for the parent.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { VersionKey } from '../../datasources/dandi-params.ts';
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
import { InputError, inputError } from '../../src/http/archive-error.ts';
import { selectedFields } from '../lookahead.ts';

export interface DandisetRef {
  identifier: string;
  data?: DandisetDetail;
}

export interface VersionRef extends VersionKey {
  summary?: VersionSummary;
  info?: VersionInfo;
  /**
   * Read the summary (name, counts, status, times) of the draft from the dandiset detail, not
   * from the version's info: set when no selected field needs the metadata document, so a query
   * that reads the dandiset too costs one request.
   */
  summaryFromDandiset?: boolean;
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

/** Version fields that read the metadata document or the `/info/` extras, not the summary. */
export const VERSION_INFO_FIELDS: ReadonlySet<string> = new Set([
  'activeUploads',
  'releaseNotes',
  'description',
  'license',
  'keywords',
  'studyTargets',
  'contributors',
  'citation',
  'doi',
  'datePublished',
  'schemaVersion',
  'assetsSummary',
  'rawMetadata',
  'validationErrors',
  'assetValidationErrors',
  'about',
  'access',
  'ethicsApprovals',
  'relatedResources',
  'wasGeneratedBy',
  'publishedBy',
  'protocols',
  'acknowledgement',
  'manifestLocations',
  'sameAs',
  'repository',
  'dateCreated',
]);

export const loadDandiset = (ctx: Context, ref: DandisetRef): Promise<DandisetDetail> | DandisetDetail =>
  ref.data ?? ctx.dandi.dandiset.load(ref.identifier);

export const loadVersionInfo = (ctx: Context, ref: VersionRef): Promise<VersionInfo> | VersionInfo =>
  ref.info ?? ctx.dandi.versionInfo.load({ identifier: ref.identifier, version: ref.version });

export async function loadVersionSummary(ctx: Context, ref: VersionRef): Promise<VersionSummary> {
  if (ref.summary) return ref.summary;
  if (ref.summaryFromDandiset) {
    const draft = (await ctx.dandi.dandiset.load(ref.identifier)).draft_version;
    if (draft) return draft;
  }
  return loadVersionInfo(ctx, ref);
}

/**
 * A version of a dandiset as a ref: the summary when the parent holds it, else a key that
 * fetches nothing until a field needs it (the draft's summary then comes from the dandiset
 * detail unless the metadata document is needed anyway).
 */
export function versionRef(d: DandisetRef, version: string, info: GraphQLResolveInfo): VersionRef {
  const inHand = [d.data?.draft_version, d.data?.most_recent_published_version];
  const summary = inHand.find((s) => s?.version === version);
  if (summary) return { identifier: d.identifier, version, summary };
  const needsInfo = [...selectedFields(info, [])].some((f) => VERSION_INFO_FIELDS.has(f));
  return { identifier: d.identifier, version, summaryFromDandiset: version === 'draft' && !needsInfo };
}

export const loadAsset = (ctx: Context, ref: AssetRef): Promise<AssetObject> | AssetObject =>
  ref.object ?? ctx.dandi.asset.load(ref.assetId);

/** The asset's metadata document: in hand when its list page carried it (no promise), else loaded. */
export function loadAssetMetadata(ctx: Context, ref: AssetRef): AssetMetadata | Promise<AssetMetadata> {
  if (ref.object?.metadata) return ref.object.metadata;
  return ctx.dandi.asset.load(ref.assetId).then((info: AssetInfo) => info.metadata);
}

export const loadZarr = (ctx: Context, ref: ZarrRef): Promise<ZarrObject> | ZarrObject =>
  ref.data ?? ctx.dandi.zarr.load(ref.zarrId);

/**
 * Runs a datasource pre-flight check for a value a client passed, naming the GraphQL argument
 * in the error (datasources speak of the archive's fields only).
 */
export function checkArgument<T>(argument: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof InputError) throw inputError(error.message, { ...error.details, argument }, error.archive);
    throw error;
  }
}

/**
 * Resolvers for keys of a document the datasource shape-checked (so the key holds its type):
 * `resolve: fromSummary('name')` loads the document through `load` and reads that key.
 */
export const resolveKey =
  <P, D>(load: (ctx: Context, parent: P) => D | Promise<D>) =>
  <K extends keyof D>(key: K) =>
  (parent: P, _args: unknown, ctx: Context): D[K] | Promise<D[K]> => {
    // Synchronous when the document is in hand: a page of 1000 assets resolves without 1000s of promises.
    const doc = load(ctx, parent);
    return doc instanceof Promise ? doc.then((d) => d[key]) : doc[key];
  };
