/**
 * `Asset`: one file of a dandiset (a blob, or a Zarr archive), with typed metadata, its download
 * URL and, for Zarr assets, its entries. Root field `asset`.
 */
import { checkDandisetId, checkUuid, checkVersionId } from '../../datasources/dandi-ids.ts';
import { builder } from '../../src/builder.ts';
import { documentFields, readObject, readObjects, readText } from '../document.ts';
import { splitKey } from '../global-id.ts';
import { ActivityType, DigestType, OntologyTermType, ParticipantType, variableNames } from './metadata.ts';
import {
  AssetType,
  checkArgument,
  DandisetType,
  loadAsset,
  loadAssetMetadata,
  resolveKey,
  VersionType,
  ZarrType,
  type AssetRef,
} from './refs.ts';
import { zarrEntriesField } from './zarr-entry.ts';

/** Fields that need the metadata document; a list selecting any of them asks for documents inline. */
export const ASSET_METADATA_FIELDS: ReadonlySet<string> = new Set([
  'encodingFormat',
  'digests',
  'contentUrls',
  'subjects',
  'session',
  'approaches',
  'measurementTechniques',
  'variablesMeasured',
  'rawMetadata',
  'dateModified',
  'schemaVersion',
]);

const meta = loadAssetMetadata;
const fromAsset = resolveKey(loadAsset);

builder.node(AssetType, {
  description: 'A file in a dandiset: a single blob (e.g. an NWB file) or a Zarr archive of many objects.',
  id: {
    resolve: (a) => (a.context ? `${a.context.identifier}/${a.context.version}/${a.assetId}` : a.assetId),
    parse: (id) => id,
  },
  // A ref: the asset is fetched only when a field needs more than its id.
  loadOne: (id): AssetRef => parseAssetKey(id),
  fields: (t) => {
    const m = documentFields(t, (a: AssetRef, ctx) => meta(ctx, a));
    return {
      assetId: t.exposeString('assetId', {
        description: 'DANDI asset id (UUID). Editing an asset in a draft gives it a new id.',
      }),
      path: t.string({
        description: 'Path within the version, e.g. "sub-01/sub-01_ses-1_ecephys.nwb".',
        resolve: fromAsset('path'),
      }),
      size: t.field({
        type: 'SafeInt',
        description: 'Size in bytes (total of all objects for Zarr).',
        resolve: fromAsset('size'),
      }),
      created: t.field({
        type: 'DateTime',
        description: 'When this asset record was created.',
        resolve: fromAsset('created'),
      }),
      modified: t.field({
        type: 'DateTime',
        description: 'When this asset record last changed.',
        resolve: fromAsset('modified'),
      }),
      blobId: t.string({
        nullable: true,
        description: 'Blob id, for single-object assets.',
        resolve: fromAsset('blob'),
      }),
      zarrId: t.string({
        nullable: true,
        description: 'Zarr archive id, for Zarr assets.',
        resolve: fromAsset('zarr'),
      }),
      isZarr: t.boolean({
        description: 'True for Zarr assets.',
        resolve: async (a, _, ctx) => (await loadAsset(ctx, a)).zarr !== null,
      }),
      dandiset: t.field({
        type: DandisetType,
        nullable: true,
        description:
          'The dandiset it was reached through; null when looked up by asset id alone (DANDI assets do not name their dandiset).',
        resolve: (a) => (a.context ? { identifier: a.context.identifier } : null),
      }),
      version: t.field({
        type: VersionType,
        nullable: true,
        description: 'The version it was reached through, if any.',
        resolve: (a) => a.context ?? null,
      }),
      downloadUrl: t.string({
        description: 'DANDI API URL that redirects to the bytes (blobs; Zarr assets answer 400, use `zarrEntries`).',
        resolve: (a, _, ctx) => ctx.dandi.downloadUrl(a.assetId, a.context),
      }),
      encodingFormat: m.text('encodingFormat', 'MIME type, e.g. "application/x-nwb", "application/x-zarr".'),
      digests: t.field({
        type: [DigestType],
        description: 'Checksums of the content.',
        resolve: async (a, _, ctx) =>
          Object.entries(readObject((await meta(ctx, a)).digest) ?? {}).map(([algorithm, value]) => ({
            algorithm,
            value: String(value),
          })),
      }),
      contentUrls: m.texts('contentUrl', 'Where the bytes are: the API download URL and the storage URL.'),
      subjects: t.field({
        type: [ParticipantType],
        description: 'Subjects the data come from, with species, sex and age.',
        resolve: async (a, _, ctx) => readObjects((await meta(ctx, a)).wasAttributedTo),
      }),
      session: t.field({
        type: ActivityType,
        nullable: true,
        description: 'The recording session.',
        resolve: async (a, _, ctx) =>
          readObjects((await meta(ctx, a)).wasGeneratedBy).find((x) => readText(x.schemaKey) === 'Session') ?? null,
      }),
      approaches: t.field({
        type: [OntologyTermType],
        description: 'Experimental approaches.',
        resolve: async (a, _, ctx) => readObjects((await meta(ctx, a)).approach),
      }),
      measurementTechniques: t.field({
        type: [OntologyTermType],
        description: 'Measurement techniques.',
        resolve: async (a, _, ctx) => readObjects((await meta(ctx, a)).measurementTechnique),
      }),
      variablesMeasured: t.stringList({
        description: 'Variables measured (NWB neurodata types).',
        resolve: async (a, _, ctx) => variableNames((await meta(ctx, a)).variableMeasured),
      }),
      dateModified: m.dateTime('dateModified', 'When the metadata last changed.'),
      schemaVersion: m.text('schemaVersion', 'dandischema version of the metadata.'),
      rawMetadata: t.field({
        type: 'JSON',
        description: 'The metadata document exactly as DANDI sent it.',
        resolve: (a, _, ctx) => meta(ctx, a),
      }),
      zarr: t.field({
        type: ZarrType,
        nullable: true,
        description: 'The Zarr archive, for Zarr assets.',
        resolve: async (a, _, ctx) => {
          const z = (await loadAsset(ctx, a)).zarr;
          return z ? { zarrId: z } : null;
        },
      }),
      zarrEntries: zarrEntriesField(t, async (a, ctx) => (await loadAsset(ctx, a)).zarr),
    };
  },
});

/** An asset's global-ID key: `identifier/version/assetId` (reached through a version) or a bare asset id. */
function parseAssetKey(key: string): AssetRef {
  if (!key.includes('/')) return { assetId: checkUuid(key, 'asset') };
  const [identifier = '', version = '', assetId = ''] = splitKey(key, 3, 'a DANDI asset', 'dandi');
  return {
    assetId: checkUuid(assetId, 'asset'),
    context: { identifier: checkDandisetId(identifier), version: checkVersionId(version) },
  };
}

builder.queryField('asset', (t) =>
  t.field({
    type: AssetType,
    nullable: true,
    description:
      'An asset by its DANDI asset id; null with NOT_FOUND (at the first field that needs it) if it does not exist.',
    args: {
      id: t.arg.string({ required: true, description: 'DANDI asset id (UUID).' }),
      dandiset: t.arg.string({
        description: 'Identifier of a dandiset containing it, so `Asset.dandiset` and `version` resolve.',
      }),
      version: t.arg.string({ defaultValue: 'draft', description: 'Version of that dandiset (with `dandiset`).' }),
    },
    resolve: (_, { id, dandiset, version }): AssetRef => {
      const assetId = checkArgument('id', () => checkUuid(id, 'asset'));
      if (!dandiset) return { assetId };
      return {
        assetId,
        context: {
          identifier: checkArgument('dandiset', () => checkDandisetId(dandiset)),
          version: checkArgument('version', () => checkVersionId(version ?? 'draft')),
        },
      };
    },
  }),
);
