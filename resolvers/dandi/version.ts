/**
 * `Version`: the draft or one published version of a dandiset, with its metadata document and
 * its files (`assets`, `assetByPath`, `paths`). A Version is a ref: its files are listed by key,
 * without fetching the version (or its dandiset) first.
 */
import type { AssetListParams } from '../../datasources/dandi-params.ts';
import { checkDandisetId, checkVersionId } from '../../datasources/dandi-ids.ts';
import type { AssetObject, VersionStatus } from '../../datasources/dandi-types.ts';
import { builder } from '../../src/builder.ts';
import { orderingEnum } from '../vocabulary.ts';
import type { Context } from '../../src/context.ts';
import { inputError } from '../../src/http/archive-error.ts';
import { DEFAULT_LIMITS, resolveOffsetConnection } from '../connection.ts';
import { documentFields, readObject, readObjects } from '../document.ts';
import { splitKey } from '../global-id.ts';
import { selectedFields } from '../lookahead.ts';
import { ASSET_METADATA_FIELDS } from './asset.ts';
import {
  AccessRequirementsType,
  AssetsSummaryType,
  ContributorType,
  DandiActivityType,
  EthicsApprovalType,
  OntologyTermType,
  readActivity,
  DandiValidationErrorType,
  readObjectList,
  validationErrors,
  type ValidationErrorValue,
} from './metadata.ts';
import { RelatedResourceType } from './related.ts';
import {
  AssetType,
  DandisetType,
  loadVersionInfo,
  loadVersionSummary,
  resolveKey,
  VersionType,
  type AssetRef,
  type VersionRef,
} from './refs.ts';

const VersionStatusEnum = builder.enumType('VersionStatus', {
  description: 'Validation and publication state of a version.',
  values: {
    PENDING: { value: 'Pending', description: 'Changed since the last validation.' },
    VALIDATING: { value: 'Validating', description: 'Being validated.' },
    VALID: { value: 'Valid', description: 'Valid (new published versions start here).' },
    INVALID: { value: 'Invalid', description: 'Metadata or assets fail validation.' },
    PUBLISHING: { value: 'Publishing', description: 'Being published.' },
    PUBLISHED: { value: 'Published', description: 'A draft identical to its latest published version.' },
  } as const satisfies Record<string, { value: VersionStatus; description: string }>,
});

const AssetOrderEnum = orderingEnum('AssetOrder', "Orderings DANDI offers for a version's assets.", {
  CREATED: ['created', 'Oldest first (the default).', 'Newest first.'],
  MODIFIED: ['modified', 'Least recently modified first.', 'Most recently modified first.'],
  PATH: ['path', 'By path, byte order.', 'By path, reverse byte order.'],
});

export interface PathNodeValue {
  path: string;
  files: number;
  size: number;
  asset: AssetRef | null;
}

const PathNodeType = builder.objectRef<PathNodeValue>('PathNode').implement({
  description: 'One entry of a directory listing of a version: a folder or a file.',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'Full path from the version root, e.g. "sub-01/sub-01_ecephys.nwb".' }),
    name: t.string({ description: 'Last path segment.', resolve: (p) => p.path.slice(p.path.lastIndexOf('/') + 1) }),
    isFolder: t.boolean({ description: 'True for folders.', resolve: (p) => p.asset === null }),
    fileCount: t.int({ description: 'Files under this entry (1 for a file).', resolve: (p) => p.files }),
    size: t.field({ type: 'SafeInt', description: 'Bytes under this entry.', resolve: (p) => p.size }),
    asset: t.field({ type: AssetType, nullable: true, description: 'The asset, for files.', resolve: (p) => p.asset }),
  }),
});

const AssetValidationErrorType = builder.objectRef<ValidationErrorValue>('DandiAssetValidationError').implement({
  description: "A validation error of one of a version's assets (or a note that it is still being validated).",
  fields: (t) => ({
    path: t.string({ description: 'Path of the asset in the version.', resolve: (e) => e.path ?? '' }),
    field: t.exposeString('field', { description: 'Dotted path of the metadata field at fault ("" for none).' }),
    message: t.exposeString('message', {
      description: 'What is wrong, or "asset is currently being validated, please wait." for pending assets.',
    }),
  }),
});

const info = loadVersionInfo;
const fromSummary = resolveKey(loadVersionSummary);
const meta = async (ctx: Context, v: VersionRef) => (await info(ctx, v)).metadata;
const keyOf = (v: VersionRef) => ({ identifier: v.identifier, version: v.version });

builder.node(VersionType, {
  description: 'One version of a dandiset: the draft, or an immutable published version with a DOI.',
  id: { resolve: (v) => `${v.identifier}/${v.version}`, parse: (id) => id },
  // A ref: `node(id:) { assets }` lists the files in one request; other fields load the version.
  loadOne: (id): VersionRef => {
    const [identifier = '', version = ''] = splitKey(id, 2, 'a DANDI version', 'dandi');
    return { identifier: checkDandisetId(identifier), version: checkVersionId(version) };
  },
  fields: (t) => {
    const m = documentFields(t, (v: VersionRef, ctx) => meta(ctx, v));
    return {
      version: t.exposeString('version', {
        description: '"draft" or a published id 0.YYMMDD.HHMM (UTC time of publishing).',
      }),
      isDraft: t.boolean({ description: 'True for the draft.', resolve: (v) => v.version === 'draft' }),
      dandiset: t.field({
        type: DandisetType,
        nullable: true,
        description: 'The dandiset this is a version of.',
        resolve: (v) => ({ identifier: v.identifier }),
      }),
      url: t.string({
        description: 'Web page of this version on the DANDI web UI (DANDI_WEB_URL).',
        resolve: (v, _, ctx) => ctx.dandi.webPage(v.identifier, v.version),
      }),
      name: t.string({ description: 'Title.', resolve: fromSummary('name') }),
      assetCount: t.int({ description: 'Number of files.', resolve: fromSummary('asset_count') }),
      size: t.field({ type: 'SafeInt', description: 'Total bytes of its files.', resolve: fromSummary('size') }),
      status: t.field({
        type: VersionStatusEnum,
        description: 'Validation / publication state.',
        resolve: fromSummary('status'),
      }),
      created: t.field({
        type: 'DateTime',
        description: 'When this version was created (published).',
        resolve: fromSummary('created'),
      }),
      modified: t.field({ type: 'DateTime', description: 'When it last changed.', resolve: fromSummary('modified') }),
      activeUploads: t.int({
        nullable: true,
        description: 'Uploads in progress (drafts only).',
        resolve: async (v, _, ctx) => (await info(ctx, v)).active_uploads ?? null,
      }),
      releaseNotes: t.string({
        nullable: true,
        description: 'Release notes of a published version (archive servers ≥ v1.0.0).',
        resolve: async (v, _, ctx) => (await info(ctx, v)).release_notes || null,
      }),
      description: m.text('description', 'Description from the metadata.'),
      license: m.texts('license', 'Licences, e.g. "spdx:CC-BY-4.0".'),
      keywords: m.texts('keywords', 'Keywords.'),
      studyTargets: m.texts('studyTarget', 'Study targets.'),
      contributors: t.field({
        type: [ContributorType],
        description: 'People and organizations credited.',
        resolve: async (v, _, ctx) => readObjects((await meta(ctx, v)).contributor),
      }),
      citation: m.text('citation', 'Citation text computed by the archive.'),
      doi: m.text('doi', 'DOI of a published version, e.g. "10.48324/dandi.000027/0.210831.2033".'),
      datePublished: m.dateTime('datePublished', 'When it was published.'),
      schemaVersion: m.text('schemaVersion', 'dandischema version the metadata was written under.'),
      assetsSummary: t.field({
        type: AssetsSummaryType,
        nullable: true,
        description: 'Species, approaches, techniques, variables and counts of its files.',
        resolve: async (v, _, ctx) => readObject((await meta(ctx, v)).assetsSummary),
      }),
      rawMetadata: t.field({
        type: 'JSON',
        description: 'The metadata document exactly as DANDI sent it.',
        resolve: (v, _, ctx) => meta(ctx, v),
      }),
      validationErrors: t.field({
        type: [DandiValidationErrorType],
        description:
          'Why the metadata is invalid (`version_validation_errors`; empty when valid). Read from the version info the other fields use: no extra request.',
        resolve: async (v, _, ctx) => validationErrors((await info(ctx, v)).version_validation_errors),
      }),
      assetValidationErrors: t.field({
        type: [AssetValidationErrorType],
        description:
          'Errors of its worst invalid assets and the assets still being validated, at most 50 of each (`asset_validation_errors`). From the version info: no extra request.',
        resolve: async (v, _, ctx) => validationErrors((await info(ctx, v)).asset_validation_errors),
      }),
      about: t.field({
        type: [OntologyTermType],
        description: 'What the dandiset is about: anatomy, disorders and other terms (`about`).',
        resolve: async (v, _, ctx) => readObjectList((await meta(ctx, v)).about),
      }),
      access: t.field({
        type: [AccessRequirementsType],
        description: 'Access conditions; the first entry (set by DANDI) says open or embargoed, and until when.',
        resolve: async (v, _, ctx) => readObjectList((await meta(ctx, v)).access),
      }),
      ethicsApprovals: t.field({
        type: [EthicsApprovalType],
        description: 'Ethics approvals the data were collected under (`ethicsApproval`).',
        resolve: async (v, _, ctx) => readObjectList((await meta(ctx, v)).ethicsApproval),
      }),
      relatedResources: t.field({
        type: [RelatedResourceType],
        description:
          'Related publications, datasets and other resources (`relatedResource`), each resolvable to what its URL points at.',
        resolve: async (v, _, ctx) => readObjectList((await meta(ctx, v)).relatedResource),
      }),
      wasGeneratedBy: t.field({
        type: [DandiActivityType],
        description: 'Projects and activities that produced the data (`wasGeneratedBy`).',
        resolve: async (v, _, ctx) => readObjectList((await meta(ctx, v)).wasGeneratedBy),
      }),
      publishedBy: t.field({
        type: DandiActivityType,
        nullable: true,
        description: 'The publication that made this version (published versions only).',
        resolve: async (v, _, ctx) => readActivity((await meta(ctx, v)).publishedBy),
      }),
      protocols: m.texts('protocol', 'Protocol URLs, e.g. protocols.io pages (`protocol`).'),
      acknowledgement: m.text('acknowledgement', 'Acknowledgement text.'),
      manifestLocations: m.texts(
        'manifestLocation',
        'Where the list of assets is: the API assets URL for a draft, the S3 assets.yaml of a published version.',
      ),
      sameAs: m.texts('sameAs', 'Other identifiers of the same dandiset, e.g. "dandi://DANDI/000027@draft".'),
      repository: m.text('repository', 'The archive holding it, e.g. "https://dandiarchive.org".'),
      dateCreated: m.dateTime('dateCreated', 'When the dandiset was created, as the metadata records it.'),
      assets: t.connection(
        {
          type: AssetType,
          nullable: true,
          description:
            'Files of this version, paged as DANDI pages them (up to 1000 per page). One request per page: the version is not fetched first.',
          args: {
            path: t.arg.string({
              description:
                'Path prefix, case-insensitive. When a file has exactly this path, only it is returned. Normalised like `assetByPath` (leading `./` and `/` dropped, `.` and `..` collapsed).',
            }),
            glob: t.arg.string({
              description: 'Case-insensitive full-path pattern where only `*` is special (it also matches `/`).',
            }),
            orderBy: t.arg({ type: AssetOrderEnum, description: 'Ordering; oldest first when omitted.' }),
            zarrOnly: t.arg.boolean({ defaultValue: false, description: 'Only Zarr-backed assets.' }),
          },
          resolve: (v, args, ctx, gqlInfo) => {
            if (args.path != null && args.glob != null) {
              throw inputError('Pass `path` or `glob`, not both', { argument: 'glob' });
            }
            const nodeFields = [...selectedFields(gqlInfo, ['edges', 'node']), ...selectedFields(gqlInfo, ['nodes'])];
            const params: AssetListParams = {
              path: args.path ?? undefined,
              glob: args.glob ?? undefined,
              order: args.orderBy ?? undefined,
              zarrOnly: args.zarrOnly ?? false,
              // One request with every document beats one request per asset.
              metadata: nodeFields.some((f) => ASSET_METADATA_FIELDS.has(f)),
            };
            const key = keyOf(v);
            return resolveOffsetConnection(
              args,
              DEFAULT_LIMITS,
              (offset, limit) => ctx.dandi.assets(key, params, offset, limit),
              (a: AssetObject): AssetRef => ({ assetId: a.asset_id, context: key, object: a }),
              () => ctx.dandi.assetCount(key, params),
            );
          },
        },
        { name: 'AssetConnection', description: 'A page of assets.' },
        { description: 'An asset in a page of results.' },
      ),
      assetByPath: t.field({
        type: AssetType,
        nullable: true,
        description: 'The file at exactly this path, or null.',
        args: {
          path: t.arg.string({
            required: true,
            description: 'Full path from the version root; leading `./` and `/` dropped, `.` and `..` collapsed.',
          }),
        },
        resolve: async (v, { path }, ctx) => {
          const key = keyOf(v);
          const hit = await ctx.dandi.assetByPath(key, path);
          return hit ? { assetId: hit.asset_id, context: key, object: hit } : null;
        },
      }),
      paths: t.field({
        type: [PathNodeType],
        nullable: { list: true, items: false },
        description: 'One directory level: the folders and files directly under `prefix` (every page fetched).',
        args: { prefix: t.arg.string({ defaultValue: '', description: 'Folder path; "" for the root.' }) },
        resolve: async (v, { prefix }, ctx) => {
          const key = keyOf(v);
          const nodes = await ctx.dandi.paths(key, prefix ?? '');
          return nodes.map((n) => ({
            path: n.path,
            files: n.aggregate_files,
            size: n.aggregate_size,
            asset: n.asset ? { assetId: n.asset.asset_id, context: key } : null,
          }));
        },
      }),
    };
  },
});
