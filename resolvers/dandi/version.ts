/**
 * `Version`: the draft or one published version of a dandiset, with its metadata document and
 * its files (`assets`, `assetByPath`, `paths`).
 */
import type { AssetObject, VersionStatus } from '../../datasources/dandi-types.ts';
import { badUserInput } from '../../src/errors.ts';
import { builder } from '../../src/builder.ts';
import { DEFAULT_LIMITS, offsetConnection, offsetWindow } from '../connection.ts';
import { selectedFields } from '../lookahead.ts';
import { AssetsSummaryType, ContributorType, strings } from './metadata.ts';
import {
  AssetType,
  DANDI_WEB_URL,
  DandisetType,
  loadVersionInfo,
  loadVersionSummary,
  VersionType,
  type AssetRef,
  type VersionRef,
} from './refs.ts';
import { ASSET_METADATA_FIELDS } from './asset.ts';

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

const AssetOrderEnum = builder.enumType('AssetOrder', {
  description: "Orderings DANDI offers for a version's assets.",
  values: {
    CREATED: { value: 'created', description: 'Oldest first (the default).' },
    CREATED_DESC: { value: '-created', description: 'Newest first.' },
    MODIFIED: { value: 'modified', description: 'Least recently modified first.' },
    MODIFIED_DESC: { value: '-modified', description: 'Most recently modified first.' },
    PATH: { value: 'path', description: 'By path, byte order.' },
    PATH_DESC: { value: '-path', description: 'By path, reverse byte order.' },
  } as const,
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

const info = loadVersionInfo;
const summary = loadVersionSummary;
const meta = async (ctx: Parameters<typeof info>[0], v: VersionRef) => (await info(ctx, v)).metadata ?? {};

builder.node(VersionType, {
  description: 'One version of a dandiset: the draft, or an immutable published version with a DOI.',
  id: { resolve: (v) => `${v.identifier}/${v.version}`, parse: (id) => id },
  loadOne: async (id, ctx): Promise<VersionRef> => {
    const [identifier = '', version = ''] = id.split('/');
    const loaded = await ctx.dandi.versionInfo.load({ identifier, version });
    return { identifier, version, summary: loaded, info: loaded };
  },
  fields: (t) => ({
    version: t.exposeString('version', {
      description: '"draft" or a published id 0.YYMMDD.HHMM (UTC time of publishing).',
    }),
    isDraft: t.boolean({ description: 'True for the draft.', resolve: (v) => v.version === 'draft' }),
    dandiset: t.field({
      type: DandisetType,
      description: 'The dandiset this is a version of.',
      resolve: (v) => ({ identifier: v.identifier }),
    }),
    url: t.string({
      description: 'Web page of this version on dandiarchive.org.',
      resolve: (v) => `${DANDI_WEB_URL}/dandiset/${v.identifier}/${v.version}`,
    }),
    name: t.string({ description: 'Title.', resolve: async (v, _, ctx) => (await summary(ctx, v)).name }),
    assetCount: t.int({
      description: 'Number of files.',
      resolve: async (v, _, ctx) => (await summary(ctx, v)).asset_count,
    }),
    size: t.field({
      type: 'SafeInt',
      description: 'Total bytes of its files.',
      resolve: async (v, _, ctx) => (await summary(ctx, v)).size,
    }),
    status: t.field({
      type: VersionStatusEnum,
      description: 'Validation / publication state.',
      resolve: async (v, _, ctx) => (await summary(ctx, v)).status,
    }),
    created: t.field({
      type: 'DateTime',
      description: 'When this version was created (published).',
      resolve: async (v, _, ctx) => (await summary(ctx, v)).created,
    }),
    modified: t.field({
      type: 'DateTime',
      description: 'When it last changed.',
      resolve: async (v, _, ctx) => (await summary(ctx, v)).modified,
    }),
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
    description: t.string({
      nullable: true,
      description: 'Description from the metadata.',
      resolve: async (v, _, ctx) => (await meta(ctx, v)).description ?? null,
    }),
    license: t.stringList({
      description: 'Licences, e.g. "spdx:CC-BY-4.0".',
      resolve: async (v, _, ctx) => strings((await meta(ctx, v)).license),
    }),
    keywords: t.stringList({
      description: 'Keywords.',
      resolve: async (v, _, ctx) => strings((await meta(ctx, v)).keywords),
    }),
    studyTargets: t.stringList({
      description: 'Study targets.',
      resolve: async (v, _, ctx) => strings((await meta(ctx, v)).studyTarget),
    }),
    contributors: t.field({
      type: [ContributorType],
      description: 'People and organizations credited.',
      resolve: async (v, _, ctx) => (await meta(ctx, v)).contributor ?? [],
    }),
    citation: t.string({
      nullable: true,
      description: 'Citation text computed by the archive.',
      resolve: async (v, _, ctx) => (await meta(ctx, v)).citation ?? null,
    }),
    doi: t.string({
      nullable: true,
      description: 'DOI of a published version, e.g. "10.48324/dandi.000027/0.210831.2033".',
      resolve: async (v, _, ctx) => (await meta(ctx, v)).doi || null,
    }),
    datePublished: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was published.',
      resolve: async (v, _, ctx) => (await meta(ctx, v)).datePublished ?? null,
    }),
    schemaVersion: t.string({
      nullable: true,
      description: 'dandischema version the metadata was written under.',
      resolve: async (v, _, ctx) => (await meta(ctx, v)).schemaVersion ?? null,
    }),
    assetsSummary: t.field({
      type: AssetsSummaryType,
      nullable: true,
      description: 'Species, approaches, techniques, variables and counts of its files.',
      resolve: async (v, _, ctx) => (await meta(ctx, v)).assetsSummary ?? null,
    }),
    rawMetadata: t.field({
      type: 'JSON',
      description: 'The metadata document exactly as DANDI sent it.',
      resolve: async (v, _, ctx) => (await info(ctx, v)).metadata,
    }),
    assets: t.connection(
      {
        type: AssetType,
        description: 'Files of this version, paged as DANDI pages them (up to 1000 per page).',
        args: {
          path: t.arg.string({
            description: 'Path prefix, case-insensitive. When a file has exactly this path, only it is returned.',
          }),
          glob: t.arg.string({
            description: 'Case-insensitive full-path pattern where only `*` is special (it also matches `/`).',
          }),
          orderBy: t.arg({ type: AssetOrderEnum, description: 'Ordering; oldest first when omitted.' }),
          zarrOnly: t.arg.boolean({ defaultValue: false, description: 'Only Zarr-backed assets.' }),
        },
        resolve: async (v, args, ctx, gqlInfo) => {
          if (args.path != null && args.glob != null)
            throw badUserInput('Pass `path` or `glob`, not both', { argument: 'glob' });
          const nodeFields = [...selectedFields(gqlInfo, ['edges', 'node']), ...selectedFields(gqlInfo, ['nodes'])];
          const params = {
            path: args.path ?? undefined,
            glob: args.glob ?? undefined,
            order: args.orderBy ?? undefined,
            zarrOnly: args.zarrOnly ?? false,
            // One request with every document beats one request per asset.
            metadata: nodeFields.some((f) => ASSET_METADATA_FIELDS.has(f)),
          };
          const key = { identifier: v.identifier, version: v.version };
          const count = () => ctx.dandi.assetCount(key, params);
          const { offset, limit } = await offsetWindow(args, DEFAULT_LIMITS, count);
          const window = await ctx.dandi.assets(key, params, offset, limit);
          const items = window.items.map(
            (a: AssetObject): AssetRef => ({ assetId: a.asset_id, context: key, object: a }),
          );
          return offsetConnection(items, offset, window.hasMore, () => window.count ?? count());
        },
      },
      {
        name: 'AssetConnection',
        description: 'A page of assets.',
        fields: (t) => ({
          totalCount: t.int({
            nullable: true,
            description: 'Number of assets matching, across all pages.',
            resolve: (c) => c.totalCount(),
          }),
        }),
      },
      { description: 'An asset in a page of results.' },
    ),
    assetByPath: t.field({
      type: AssetType,
      nullable: true,
      description: 'The file at exactly this path, or null.',
      args: { path: t.arg.string({ required: true, description: 'Full path from the version root.' }) },
      resolve: async (v, { path }, ctx) => {
        const key = { identifier: v.identifier, version: v.version };
        const hit = await ctx.dandi.assetByPath(key, normalizePath(path));
        return hit ? { assetId: hit.asset_id, context: key, object: hit } : null;
      },
    }),
    paths: t.field({
      type: [PathNodeType],
      description: 'One directory level: the folders and files directly under `prefix` (every page fetched).',
      args: { prefix: t.arg.string({ defaultValue: '', description: 'Folder path; "" for the root.' }) },
      resolve: async (v, { prefix }, ctx) => {
        const key = { identifier: v.identifier, version: v.version };
        const nodes = await ctx.dandi.paths(key, normalizePath(prefix ?? ''));
        return nodes.map((n) => ({
          path: n.path,
          files: n.aggregate_files,
          size: n.aggregate_size,
          asset: n.asset ? { assetId: n.asset.asset_id, context: key } : null,
        }));
      },
    }),
  }),
});

/** dandi-cli's path normalization: no leading `./` or `/`, `.` and `..` collapsed. */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/') + (path.endsWith('/') && out.length ? '/' : '');
}
