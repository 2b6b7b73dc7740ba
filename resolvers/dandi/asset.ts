/**
 * `Asset`: one file of a dandiset (a blob, or a Zarr archive), with typed metadata, its download
 * URL and, for Zarr assets, its entries. Root field `asset`.
 */
import type { AssetMetadata } from '../../datasources/dandi-types.ts';
import { builder } from '../../src/builder.ts';
import { ActivityType, DigestType, OntologyTermType, ParticipantType, strings, terms } from './metadata.ts';
import { AssetType, DandisetType, loadAsset, loadAssetMetadata, VersionType, ZarrType, type AssetRef } from './refs.ts';
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
const sessionOf = (m: AssetMetadata) =>
  (Array.isArray(m.wasGeneratedBy) ? m.wasGeneratedBy : []).find((a) => a?.schemaKey === 'Session') ?? null;

builder.node(AssetType, {
  description: 'A file in a dandiset: a single blob (e.g. an NWB file) or a Zarr archive of many objects.',
  id: {
    resolve: (a) => (a.context ? `${a.context.identifier}/${a.context.version}/${a.assetId}` : a.assetId),
    parse: (id) => id,
  },
  loadOne: async (id, ctx): Promise<AssetRef> =>
    parseAssetId(id, await ctx.dandi.asset.load(id.split('/').pop() ?? '')),
  fields: (t) => ({
    assetId: t.exposeString('assetId', {
      description: 'DANDI asset id (UUID). Editing an asset in a draft gives it a new id.',
    }),
    path: t.string({
      description: 'Path within the version, e.g. "sub-01/sub-01_ses-1_ecephys.nwb".',
      resolve: async (a, _, ctx) => (await loadAsset(ctx, a)).path,
    }),
    size: t.field({
      type: 'SafeInt',
      description: 'Size in bytes (total of all objects for Zarr).',
      resolve: async (a, _, ctx) => (await loadAsset(ctx, a)).size,
    }),
    created: t.field({
      type: 'DateTime',
      description: 'When this asset record was created.',
      resolve: async (a, _, ctx) => (await loadAsset(ctx, a)).created,
    }),
    modified: t.field({
      type: 'DateTime',
      description: 'When this asset record last changed.',
      resolve: async (a, _, ctx) => (await loadAsset(ctx, a)).modified,
    }),
    blobId: t.string({
      nullable: true,
      description: 'Blob id, for single-object assets.',
      resolve: async (a, _, ctx) => (await loadAsset(ctx, a)).blob,
    }),
    zarrId: t.string({
      nullable: true,
      description: 'Zarr archive id, for Zarr assets.',
      resolve: async (a, _, ctx) => (await loadAsset(ctx, a)).zarr,
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
    encodingFormat: t.string({
      nullable: true,
      description: 'MIME type, e.g. "application/x-nwb", "application/x-zarr".',
      resolve: async (a, _, ctx) => (await meta(ctx, a)).encodingFormat ?? null,
    }),
    digests: t.field({
      type: [DigestType],
      description: 'Checksums of the content.',
      resolve: async (a, _, ctx) =>
        Object.entries((await meta(ctx, a)).digest ?? {}).map(([algorithm, value]) => ({
          algorithm,
          value: String(value),
        })),
    }),
    contentUrls: t.stringList({
      description: 'Where the bytes are: the API download URL and the storage URL.',
      resolve: async (a, _, ctx) => strings((await meta(ctx, a)).contentUrl),
    }),
    subjects: t.field({
      type: [ParticipantType],
      description: 'Subjects the data come from, with species, sex and age.',
      resolve: async (a, _, ctx) => (await meta(ctx, a)).wasAttributedTo ?? [],
    }),
    session: t.field({
      type: ActivityType,
      nullable: true,
      description: 'The recording session.',
      resolve: async (a, _, ctx) => sessionOf(await meta(ctx, a)),
    }),
    approaches: t.field({
      type: [OntologyTermType],
      description: 'Experimental approaches.',
      resolve: async (a, _, ctx) => terms((await meta(ctx, a)).approach),
    }),
    measurementTechniques: t.field({
      type: [OntologyTermType],
      description: 'Measurement techniques.',
      resolve: async (a, _, ctx) => terms((await meta(ctx, a)).measurementTechnique),
    }),
    variablesMeasured: t.stringList({
      description: 'Variables measured (NWB neurodata types).',
      resolve: async (a, _, ctx) =>
        ((await meta(ctx, a)).variableMeasured ?? [])
          .map((v) => v?.value)
          .filter((v): v is string => typeof v === 'string'),
    }),
    dateModified: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the metadata last changed.',
      resolve: async (a, _, ctx) => (await meta(ctx, a)).dateModified ?? null,
    }),
    schemaVersion: t.string({
      nullable: true,
      description: 'dandischema version of the metadata.',
      resolve: async (a, _, ctx) => (await meta(ctx, a)).schemaVersion ?? null,
    }),
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
  }),
});

function parseAssetId(id: string, object: AssetRef['object']): AssetRef {
  const parts = id.split('/');
  const assetId = parts.pop() ?? '';
  const [identifier, version] = parts;
  return identifier && version ? { assetId, context: { identifier, version }, object } : { assetId, object };
}

builder.queryField('asset', (t) =>
  t.field({
    type: AssetType,
    nullable: true,
    description: 'An asset by its DANDI asset id; null with NOT_FOUND if it does not exist.',
    args: {
      id: t.arg.string({ required: true, description: 'DANDI asset id (UUID).' }),
      dandiset: t.arg.string({
        description: 'Identifier of a dandiset containing it, so `Asset.dandiset` and `version` resolve.',
      }),
      version: t.arg.string({ defaultValue: 'draft', description: 'Version of that dandiset (with `dandiset`).' }),
    },
    resolve: async (_, { id, dandiset, version }, ctx) => {
      const object = await ctx.dandi.asset.load(id);
      return dandiset
        ? { assetId: id, context: { identifier: dandiset, version: version ?? 'draft' }, object }
        : { assetId: id, object };
    },
  }),
);
