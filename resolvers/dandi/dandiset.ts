/**
 * `Dandiset`: one DANDI dataset with its draft and published versions; root fields `dandiset`
 * and `dandisets` (DANDI's own search, ordering and filters, paged as a connection).
 */
import { ArchiveError } from '../../src/http/archive-error.ts';
import { builder } from '../../src/builder.ts';
import { DEFAULT_LIMITS, offsetConnection, offsetWindow } from '../connection.ts';
import type { VersionSummary } from '../../datasources/dandi-types.ts';
import {
  DANDI_WEB_URL,
  DandisetType,
  loadDandiset,
  VersionType,
  ZarrType,
  type DandisetRef,
  type VersionRef,
} from './refs.ts';

const EmbargoStatusEnum = builder.enumType('EmbargoStatus', {
  description: "Whether a dandiset's data are public.",
  values: {
    OPEN: { description: 'Public.' },
    EMBARGOED: { description: 'Visible only to its owners until the embargo ends.' },
    UNEMBARGOING: { description: 'The embargo is being lifted.' },
  } as const,
});

const DandisetOrderEnum = builder.enumType('DandisetOrder', {
  description:
    'Orderings DANDI offers for `dandisets`. Name, modification time and size are those of the most recently created version.',
  values: {
    ID: { value: 'id', description: 'By identifier, ascending.' },
    ID_DESC: { value: '-id', description: 'By identifier, descending.' },
    NAME: { value: 'name', description: 'By name, A to Z.' },
    NAME_DESC: { value: '-name', description: 'By name, Z to A.' },
    MODIFIED: { value: 'modified', description: 'Least recently modified first.' },
    MODIFIED_DESC: { value: '-modified', description: 'Most recently modified first.' },
    SIZE: { value: 'size', description: 'Smallest first.' },
    SIZE_DESC: { value: '-size', description: 'Largest first.' },
    STARS: { value: 'stars', description: 'Fewest stars first.' },
    STARS_DESC: { value: '-stars', description: 'Most stars first.' },
  } as const,
});

builder.node(DandisetType, {
  description: 'A DANDI dataset: a draft version that can change and zero or more immutable published versions.',
  id: { resolve: (d) => d.identifier, parse: (id) => id },
  loadOne: async (id, ctx): Promise<DandisetRef> => ({ identifier: id, data: await ctx.dandi.dandiset.load(id) }),
  fields: (t) => ({
    identifier: t.exposeString('identifier', { description: 'Six-digit identifier, e.g. "000027".' }),
    url: t.string({
      description: 'Web page on dandiarchive.org.',
      resolve: (d) => `${DANDI_WEB_URL}/dandiset/${d.identifier}`,
    }),
    created: t.field({
      type: 'DateTime',
      description: 'When the dandiset was created.',
      resolve: async (d, _, ctx) => (await loadDandiset(ctx, d)).created,
    }),
    modified: t.field({
      type: 'DateTime',
      description: 'When the dandiset record last changed.',
      resolve: async (d, _, ctx) => (await loadDandiset(ctx, d)).modified,
    }),
    contactPerson: t.string({
      nullable: true,
      description: 'Name of the first contact person in the metadata ("" in DANDI becomes null).',
      resolve: async (d, _, ctx) => (await loadDandiset(ctx, d)).contact_person || null,
    }),
    embargoStatus: t.field({
      type: EmbargoStatusEnum,
      description: 'Whether the data are public.',
      resolve: async (d, _, ctx) => (await loadDandiset(ctx, d)).embargo_status,
    }),
    starCount: t.int({
      description: 'How many users starred it.',
      resolve: async (d, _, ctx) => (await loadDandiset(ctx, d)).star_count,
    }),
    isStarred: t.boolean({
      description: 'Whether the caller starred it (false without an API key).',
      resolve: async (d, _, ctx) => (await loadDandiset(ctx, d)).is_starred,
    }),
    draftVersion: t.field({
      type: VersionType,
      nullable: true,
      description: 'The editable draft.',
      resolve: async (d, _, ctx) => nestedVersion(d, (await loadDandiset(ctx, d)).draft_version),
    }),
    mostRecentPublishedVersion: t.field({
      type: VersionType,
      nullable: true,
      description: 'The latest published version, or null if none was published.',
      resolve: async (d, _, ctx) => nestedVersion(d, (await loadDandiset(ctx, d)).most_recent_published_version),
    }),
    version: t.field({
      type: VersionType,
      nullable: true,
      description: 'One version by its id ("draft" or 0.YYMMDD.HHMM); null with NOT_FOUND if it does not exist.',
      args: { version: t.arg.string({ required: true, description: 'Version id, "draft" or e.g. "0.230110.1804".' }) },
      resolve: async (d, { version }, ctx) => {
        const info = await ctx.dandi.versionInfo.load({ identifier: d.identifier, version });
        return { identifier: d.identifier, version, summary: info, info };
      },
    }),
    versions: t.field({
      type: [VersionType],
      description: 'All versions (every page fetched), oldest first unless `newestFirst`.',
      args: {
        newestFirst: t.arg.boolean({ defaultValue: false, description: 'Newest first (the draft is the oldest).' }),
      },
      resolve: async (d, { newestFirst }, ctx) =>
        (await ctx.dandi.versions(d.identifier, newestFirst ?? false)).map((v) => ({
          identifier: d.identifier,
          version: v.version,
          summary: v,
        })),
    }),
    zarrs: t.field({
      type: [ZarrType],
      description: 'The Zarr archives uploaded to this dandiset.',
      resolve: async (d, _, ctx) => (await ctx.dandi.zarrs(d.identifier)).map((z) => ({ zarrId: z.zarr_id, data: z })),
    }),
  }),
});

/** A version summary nested in a dandiset answer, as a Version that needs no further request. */
function nestedVersion(d: DandisetRef, v: VersionSummary | null): VersionRef | null {
  return v ? { identifier: d.identifier, version: v.version, summary: v } : null;
}

builder.queryField('dandiset', (t) =>
  t.field({
    type: DandisetType,
    nullable: true,
    description:
      'A dandiset by identifier; null with NOT_FOUND if it does not exist, UNAUTHENTICATED/FORBIDDEN if embargoed.',
    args: { identifier: t.arg.string({ required: true, description: 'Six-digit identifier, e.g. "000027".' }) },
    resolve: async (_, { identifier }, ctx) => ({ identifier, data: await ctx.dandi.dandiset.load(identifier) }),
  }),
);

builder.queryField('dandisets', (t) =>
  t.connection(
    {
      type: DandisetType,
      description:
        "Dandisets, with DANDI's full-text search and filters. Open dandisets only unless `includeEmbargoed`.",
      args: {
        search: t.arg.string({
          description:
            'Words that must all occur in the metadata, plus DANDI operators such as `species:mouse`, `approach:`, `technique:"spike sorting"`, `file_type:nwb`, `created_after:2023-01-01`.',
        }),
        orderBy: t.arg({ type: DandisetOrderEnum, description: 'Ordering; by creation time when omitted.' }),
        includeDrafts: t.arg.boolean({
          defaultValue: true,
          description: 'Include dandisets that were never published.',
        }),
        includeEmpty: t.arg.boolean({
          defaultValue: true,
          description: 'Include dandisets whose latest version has no assets.',
        }),
        includeEmbargoed: t.arg.boolean({
          defaultValue: false,
          description: 'Include embargoed dandisets the caller may see (needs `X-Dandi-Api-Key`).',
        }),
        mine: t.arg.boolean({
          defaultValue: false,
          description: 'Only dandisets the caller owns (needs `X-Dandi-Api-Key`).',
        }),
      },
      resolve: async (_, args, ctx) => {
        if (args.search != null && args.search.length > 1024) {
          throw new ArchiveError('dandi', 'BAD_USER_INPUT', '`search` is longer than 1024 characters', {
            details: { argument: 'search' },
          });
        }
        const params = {
          search: args.search ?? undefined,
          ordering: args.orderBy ?? undefined,
          draft: args.includeDrafts === false ? false : undefined,
          empty: args.includeEmpty === false ? false : undefined,
          embargoed: args.includeEmbargoed ? true : undefined,
          mine: args.mine ?? undefined,
        };
        const count = async () => (await ctx.dandi.dandisets(params, 0, 1)).count ?? 0;
        const { offset, limit } = await offsetWindow(args, DEFAULT_LIMITS, count);
        const window = await ctx.dandi.dandisets(params, offset, limit);
        const items = window.items.map((d): DandisetRef => ({ identifier: d.identifier, data: d }));
        return offsetConnection(items, offset, window.hasMore, () => window.count ?? count());
      },
    },
    {
      name: 'DandisetConnection',
      description: 'A page of dandisets.',
      fields: (t) => ({
        totalCount: t.int({
          nullable: true,
          description: 'Number of dandisets matching, across all pages.',
          resolve: (c) => c.totalCount(),
        }),
      }),
    },
    { description: 'A dandiset in a page of results.' },
  ),
);
