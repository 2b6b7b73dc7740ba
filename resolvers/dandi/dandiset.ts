/**
 * `Dandiset`: one DANDI dataset with its draft and published versions; root fields `dandiset`
 * and `dandisets` (DANDI's own search, ordering and filters, paged as a connection).
 * `dandiset(identifier:)` is a ref: the detail is fetched only when a field reads it.
 */
import type { DandisetListParams } from '../../datasources/dandi-params.ts';
import { checkDandisetId, checkVersionId } from '../../datasources/dandi-ids.ts';
import type { DandisetDetail, DandisetOwner } from '../../datasources/dandi-types.ts';
import { builder } from '../../src/builder.ts';
import { orderingEnum } from '../vocabulary.ts';
import { inputError } from '../../src/http/archive-error.ts';
import { DEFAULT_LIMITS, resolveOffsetConnection } from '../connection.ts';
import { documentFields, readText } from '../document.ts';
import {
  checkArgument,
  DandisetType,
  loadDandiset,
  resolveKey,
  VersionType,
  versionRef,
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

const DandisetOrderEnum = orderingEnum(
  'DandisetOrder',
  'Orderings DANDI offers for `dandisets`. Name, modification time and size are those of the most recently created version.',
  {
    ID: ['id', 'By identifier, ascending.', 'By identifier, descending.'],
    NAME: ['name', 'By name, A to Z.', 'By name, Z to A.'],
    MODIFIED: ['modified', 'Least recently modified first.', 'Most recently modified first.'],
    SIZE: ['size', 'Smallest first.', 'Largest first.'],
    STARS: ['stars', 'Fewest stars first.', 'Most stars first.'],
  },
);

const dandisetOf = (d: DandisetDetail): DandisetRef => ({ identifier: d.identifier, data: d });

const DandisetOwnerType = builder.objectRef<DandisetOwner>('DandisetOwner').implement({
  description: 'An owner of a dandiset: a DANDI user who may edit and publish it.',
  fields: (t) => ({
    username: t.exposeString('username', { description: 'DANDI username (the GitHub login for GitHub accounts).' }),
    name: t.string({ nullable: true, description: 'Full name, when known.', resolve: (o) => readText(o.name) }),
    email: t.string({
      nullable: true,
      description: 'E-mail address: DANDI shows it only to signed-in callers (null without `X-Dandi-Api-Key`).',
      resolve: (o) => readText(o.email),
    }),
  }),
});
const fromDetail = resolveKey(loadDandiset);

builder.node(DandisetType, {
  description: 'A DANDI dataset: a draft version that can change and zero or more immutable published versions.',
  id: { resolve: (d) => d.identifier, parse: (id) => id },
  // A ref, like `dandiset(identifier:)`: the detail is fetched when a field needs it.
  loadOne: (id): DandisetRef => ({ identifier: checkDandisetId(id) }),
  fields: (t) => {
    const f = documentFields(t, (d: DandisetRef, ctx) => loadDandiset(ctx, d));
    return {
      identifier: t.exposeString('identifier', { description: 'Six-digit identifier, e.g. "000027".' }),
      url: t.string({
        description: 'Web page on the DANDI web UI (DANDI_WEB_URL, by default dandiarchive.org).',
        resolve: (d, _, ctx) => ctx.dandi.webPage(d.identifier),
      }),
      created: t.field({
        type: 'DateTime',
        description: 'When the dandiset was created.',
        resolve: fromDetail('created'),
      }),
      modified: t.field({
        type: 'DateTime',
        description: 'When the dandiset record last changed.',
        resolve: fromDetail('modified'),
      }),
      contactPerson: f.text(
        'contact_person',
        'Name of the first contact person in the metadata ("" in DANDI becomes null).',
      ),
      embargoStatus: t.field({
        type: EmbargoStatusEnum,
        description: 'Whether the data are public.',
        resolve: fromDetail('embargo_status'),
      }),
      starCount: t.int({
        description: 'How many users starred it (0 on servers that do not count stars).',
        resolve: async (d, _, ctx) => (await loadDandiset(ctx, d)).star_count ?? 0,
      }),
      isStarred: f.flag('is_starred', 'Whether the caller starred it (false without an API key).'),
      draftVersion: t.field({
        type: VersionType,
        nullable: true,
        description: 'The editable draft. Listing its assets costs one request: the dandiset is not fetched first.',
        resolve: (d, _, _ctx, info): VersionRef | null =>
          d.data && d.data.draft_version === null ? null : versionRef(d, 'draft', info),
      }),
      mostRecentPublishedVersion: t.field({
        type: VersionType,
        nullable: true,
        description: 'The latest published version, or null if none was published.',
        resolve: async (d, _, ctx): Promise<VersionRef | null> => {
          const v = (await loadDandiset(ctx, d)).most_recent_published_version;
          return v ? { identifier: d.identifier, version: v.version, summary: v } : null;
        },
      }),
      version: t.field({
        type: VersionType,
        nullable: true,
        description:
          'One version by its id ("draft" or 0.YYMMDD.HHMM); null with NOT_FOUND (at the first field that needs it) if it does not exist.',
        args: {
          version: t.arg.string({ required: true, description: 'Version id, "draft" or e.g. "0.230110.1804".' }),
        },
        resolve: (d, { version }, _ctx, info) =>
          versionRef(
            d,
            checkArgument('version', () => checkVersionId(version)),
            info,
          ),
      }),
      versions: t.field({
        type: [VersionType],
        nullable: { list: true, items: false },
        description: 'All versions (every page fetched), oldest first unless `newestFirst`.',
        args: {
          newestFirst: t.arg.boolean({ defaultValue: false, description: 'Newest first (the draft is the oldest).' }),
        },
        resolve: async (d, { newestFirst }, ctx) =>
          (await ctx.dandi.versions(d.identifier, newestFirst ?? false)).map(
            (v): VersionRef => ({ identifier: d.identifier, version: v.version, summary: v }),
          ),
      }),
      owners: t.field({
        type: [DandisetOwnerType],
        nullable: { list: true, items: false },
        description: 'Who owns it (`/dandisets/{id}/users/`, one request); e-mails only for signed-in callers.',
        resolve: (d, _, ctx) => ctx.dandi.owners(d.identifier),
      }),
      zarrs: t.field({
        type: [ZarrType],
        nullable: { list: true, items: false },
        description: 'The Zarr archives uploaded to this dandiset.',
        resolve: async (d, _, ctx) =>
          (await ctx.dandi.zarrs(d.identifier)).map((z) => ({ zarrId: z.zarr_id, data: z })),
      }),
    };
  },
});

builder.queryField('dandiset', (t) =>
  t.field({
    type: DandisetType,
    nullable: true,
    description:
      'A dandiset by identifier. Nothing is fetched until a field needs it: null with NOT_FOUND if it does not exist, UNAUTHENTICATED/FORBIDDEN if embargoed, at the first field that reads it.',
    args: { identifier: t.arg.string({ required: true, description: 'Six-digit identifier, e.g. "000027".' }) },
    resolve: (_, { identifier }): DandisetRef => ({
      identifier: checkArgument('identifier', () => checkDandisetId(identifier)),
    }),
  }),
);

builder.queryField('dandisets', (t) =>
  t.connection(
    {
      type: DandisetType,
      nullable: true,
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
        starred: t.arg.boolean({
          defaultValue: false,
          description:
            'Only dandisets the caller starred, most recently starred first (needs `X-Dandi-Api-Key`: UNAUTHENTICATED without, nothing sent).',
        }),
      },
      resolve: (_, args, ctx) => {
        if (args.search != null && args.search.length > 1024) {
          throw inputError('`search` is longer than 1024 characters', { argument: 'search' }, 'dandi');
        }
        const params: DandisetListParams = {
          search: args.search ?? undefined,
          ordering: args.orderBy ?? undefined,
          draft: args.includeDrafts === false ? false : undefined,
          empty: args.includeEmpty === false ? false : undefined,
          embargoed: args.includeEmbargoed ? true : undefined,
          mine: args.mine ?? undefined,
          starred: args.starred ?? undefined,
        };
        return resolveOffsetConnection(
          args,
          DEFAULT_LIMITS,
          (offset, limit) => ctx.dandi.dandisets(params, offset, limit),
          dandisetOf,
          async () => (await ctx.dandi.dandisets(params, 0, 1)).total ?? 0,
        );
      },
    },
    { name: 'DandisetConnection', description: 'A page of dandisets.' },
    { description: 'A dandiset in a page of results.' },
  ),
);
