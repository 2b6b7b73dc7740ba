/**
 * `Asset`: one file of a dandiset (a blob, or a Zarr archive), with typed metadata, its download
 * URL and, for Zarr assets, its entries. Root field `asset`.
 */
import { checkDandisetId, checkUuid, checkVersionId } from '../../datasources/dandi-ids.ts';
import type { AssetValidation, AssetValidationStatus } from '../../datasources/dandi-types.ts';
import { patternRefusal } from '../../datasources/input-bounds.ts';
import { builder } from '../../src/builder.ts';
import { ArchiveError, inputError } from '../../src/http/archive-error.ts';
import { documentFields, mapMaybe, readObject, readObjects, readText, readTexts } from '../document.ts';
import { splitKey } from '../global-id.ts';
import {
  AccessRequirementsType,
  ActivityType,
  BioSampleType,
  DandiActivityType,
  DandiValidationErrorType,
  DigestType,
  OntologyTermType,
  ParticipantType,
  readActivity,
  readObjectList,
  variableNames,
} from './metadata.ts';
import { RelatedResourceType } from './related.ts';
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
  'wasDerivedFrom',
  'blobDateModified',
  'keywords',
  'access',
  'datePublished',
  'publishedBy',
  'wasGeneratedBy',
  'relatedResources',
  'contentUrl',
]);

const AssetValidationStatusEnum = builder.enumType('AssetValidationStatus', {
  description: "Validation state of an asset's metadata.",
  values: {
    PENDING: { value: 'Pending', description: 'Not validated yet.' },
    VALIDATING: { value: 'Validating', description: 'Being validated.' },
    VALID: { value: 'Valid', description: 'Valid.' },
    INVALID: { value: 'Invalid', description: 'Fails validation; see `errors`.' },
  } as const satisfies Record<string, { value: AssetValidationStatus; description: string }>,
});

const AssetValidationType = builder.objectRef<AssetValidation>('AssetValidation').implement({
  description: "Whether an asset's metadata passed DANDI's validation, and why not (`…/assets/{id}/validation/`).",
  fields: (t) => ({
    status: t.field({ type: AssetValidationStatusEnum, description: 'Validation state.', resolve: (v) => v.status }),
    errors: t.field({
      type: [DandiValidationErrorType],
      description: 'The validation errors (empty unless invalid).',
      resolve: (v) => v.validation_errors,
    }),
  }),
});

/** The client's `regex` for `contentUrl`, refused before use if it could run in more than linear time. */
function contentUrlPattern(pattern: string): RegExp {
  const refusal = patternRefusal(pattern, '`regex`', { argument: 'regex' }, 'dandi');
  if (refusal) throw refusal;
  try {
    return new RegExp(pattern);
  } catch {
    throw inputError('`regex` is not a valid regular expression', { argument: 'regex' }, 'dandi');
  }
}

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
        resolve: (a, _, ctx) => mapMaybe(loadAsset(ctx, a), (o) => o.zarr !== null),
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
        resolve: (a, _, ctx) =>
          mapMaybe(meta(ctx, a), (md) =>
            Object.entries(readObject(md.digest) ?? {}).map(([algorithm, value]) => ({
              algorithm,
              value: String(value),
            })),
          ),
      }),
      contentUrls: m.texts('contentUrl', 'Where the bytes are: the API download URL and the storage URL.'),
      contentUrl: t.string({
        nullable: true,
        description:
          "One URL of the bytes, as dandi-cli's `get_content_url`: the first `contentUrl` entry matching `regex` (null with NOT_FOUND if none). `followRedirects` resolves an API URL with the caller's key to where it redirects (for an embargoed asset, the presigned storage URL only the owner's key obtains: one HEAD request); `stripQuery` drops the query.",
        args: {
          regex: t.arg.string({
            defaultValue: '.*',
            description:
              'Regular expression searched for in each URL (e.g. "amazonaws.com/.*blobs/" for the storage URL); by default the first, the API download URL.',
          }),
          followRedirects: t.arg.boolean({
            defaultValue: false,
            description:
              "Follow the redirects of a DANDI API URL (HEAD, with the caller's key) and return where they end.",
          }),
          stripQuery: t.arg.boolean({
            defaultValue: false,
            description: 'Remove the query string (e.g. the presigned signature) from the URL returned.',
          }),
        },
        resolve: async (a, args, ctx) => {
          const pattern = contentUrlPattern(args.regex ?? '.*');
          let url = readTexts((await meta(ctx, a)).contentUrl).find((u) => pattern.test(u));
          if (url === undefined) {
            throw new ArchiveError('dandi', 'NOT_FOUND', "No URL in the asset's contentUrl matches `regex`", {
              details: { argument: 'regex' },
            });
          }
          if (args.followRedirects) url = await ctx.dandi.redirectTarget(url);
          if (args.stripQuery) {
            const parsed = new URL(url);
            parsed.search = '';
            url = parsed.href;
          }
          return url;
        },
      }),
      validation: t.field({
        type: AssetValidationType,
        nullable: true,
        description:
          'Validation status and errors of its metadata (one request). DANDI serves them under a version only: null for an asset looked up by id alone.',
        resolve: (a, _, ctx) => (a.context ? ctx.dandi.assetValidation(a.context, a.assetId) : null),
      }),
      wasDerivedFrom: t.field({
        type: [BioSampleType],
        description:
          'The samples the data come from, each with the samples it was derived from (cell → slice → tissue).',
        resolve: (a, _, ctx) => mapMaybe(meta(ctx, a), (md) => readObjectList(md.wasDerivedFrom)),
      }),
      wasGeneratedBy: t.field({
        type: [DandiActivityType],
        description: "Every provenance entry: the recording session, dandi-cli's metadata generation, projects.",
        resolve: (a, _, ctx) => mapMaybe(meta(ctx, a), (md) => readObjectList(md.wasGeneratedBy)),
      }),
      access: t.field({
        type: [AccessRequirementsType],
        description: 'Access conditions: open or embargoed, and until when.',
        resolve: (a, _, ctx) => mapMaybe(meta(ctx, a), (md) => readObjectList(md.access)),
      }),
      keywords: m.texts('keywords', 'Keywords.'),
      blobDateModified: m.dateTime('blobDateModified', 'When the file itself was last modified, before upload.'),
      datePublished: m.dateTime('datePublished', 'When it was first published (published assets only).'),
      publishedBy: t.field({
        type: DandiActivityType,
        nullable: true,
        description: 'The publication that first published it (published assets only).',
        resolve: (a, _, ctx) => mapMaybe(meta(ctx, a), (md) => readActivity(md.publishedBy)),
      }),
      relatedResources: t.field({
        type: [RelatedResourceType],
        description: 'Related resources (`relatedResource`; rarely set on assets).',
        resolve: (a, _, ctx) => mapMaybe(meta(ctx, a), (md) => readObjectList(md.relatedResource)),
      }),
      subjects: t.field({
        type: [ParticipantType],
        description: 'Subjects the data come from, with species, sex and age.',
        resolve: (a, _, ctx) => mapMaybe(meta(ctx, a), (md) => readObjects(md.wasAttributedTo)),
      }),
      session: t.field({
        type: ActivityType,
        nullable: true,
        description: 'The recording session.',
        resolve: (a, _, ctx) =>
          mapMaybe(
            meta(ctx, a),
            (md) => readObjects(md.wasGeneratedBy).find((x) => readText(x.schemaKey) === 'Session') ?? null,
          ),
      }),
      approaches: t.field({
        type: [OntologyTermType],
        description: 'Experimental approaches.',
        resolve: (a, _, ctx) => mapMaybe(meta(ctx, a), (md) => readObjects(md.approach)),
      }),
      measurementTechniques: t.field({
        type: [OntologyTermType],
        description: 'Measurement techniques.',
        resolve: (a, _, ctx) => mapMaybe(meta(ctx, a), (md) => readObjects(md.measurementTechnique)),
      }),
      variablesMeasured: t.stringList({
        description: 'Variables measured (NWB neurodata types).',
        resolve: (a, _, ctx) => mapMaybe(meta(ctx, a), (md) => variableNames(md.variableMeasured)),
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
