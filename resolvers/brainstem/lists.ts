/**
 * Root fields for a BrainSTEM model: `thing(id, portal)` through the loaders, and
 * `things(filter, where, sort, first, after, last, before, portal)` as a connection whose
 * windows map onto BrainSTEM's `limit`/`offset`. Relations the client selects on the nodes are
 * asked for in the same request (`include[]=relation.*`), so their records come sideloaded.
 */
import type { EnumRef, ObjectRef } from '@pothos/core';
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { GraphQLResolveInfo } from 'graphql';
import { isModelId } from '../../datasources/brainstem-models.ts';
import type { Include, ListParams, ModelName } from '../../datasources/brainstem.ts';
import { builder } from '../../src/builder.ts';
import { offsetConnection, offsetWindow, type OffsetConnection, type PageLimits } from '../connection.ts';
import { selectedFields } from '../lookahead.ts';
import { ClauseInput, whereFilters, type FilterInput } from './filters.ts';
import { BrainstemPortalEnum, refOf, type BsRef } from './refs.ts';

export const BRAINSTEM_LIMITS: PageLimits = { defaultSize: 20, maxSize: 100 };

/**
 * The BrainSTEM id in an `id` argument. A global ID of the right type is accepted as well, so
 * what a client read from `id` works too.
 */
export function archiveId(model: ModelName, typeName: string, raw: string | number): string {
  const id = String(raw);
  if (isModelId(model, id)) return id;
  try {
    const decoded = decodeGlobalID(id);
    if (decoded.typename === typeName) return decoded.id;
  } catch {
    // Not a global ID: the datasource reports the malformed id.
  }
  return id;
}

export interface RootFieldOptions<M extends ModelName> {
  model: M;
  type: ObjectRef<any, BsRef<M>>;
  typeName: string;
  /** Root field names, e.g. `session` and `sessions`. */
  one: string;
  many: string;
  /** Plural noun for descriptions. */
  noun: string;
  filter: FilterInput;
  sort: EnumRef<any, string>;
  /** GraphQL relation fields of the node → the `include[]` that sideloads their records. */
  includes?: Record<string, Include>;
}

function includesFor(info: GraphQLResolveInfo, includes: Record<string, Include> | undefined): Include[] {
  if (!includes) return [];
  const selected = selectedFields(info, ['edges', 'node']);
  return Object.entries(includes)
    .filter(([field]) => selected.has(field))
    .map(([, inc]) => inc);
}

export function brainstemRootFields<M extends ModelName>(o: RootFieldOptions<M>): void {
  builder.queryField(o.one, (t) =>
    t.field({
      type: o.type,
      nullable: true,
      description: `One of the ${o.noun} by id; null with NOT_FOUND when it does not exist or the caller may not see it on that portal.`,
      args: {
        id: t.arg.id({ required: true, description: 'BrainSTEM id (or the global `id` of the object).' }),
        portal: t.arg({ type: BrainstemPortalEnum, description: 'Portal to read; PRIVATE with a token, else PUBLIC.' }),
      },
      resolve: async (_, args, ctx) => {
        const portal = ctx.brainstem.portal(args.portal);
        const record = await ctx.brainstem.load(o.model, archiveId(o.model, o.typeName, args.id), portal);
        return refOf(o.model, record, portal);
      },
    }),
  );

  const Connection = builder.connectionObject(
    {
      type: o.type,
      name: `${o.typeName}Connection`,
      description: `A page of ${o.noun}.`,
      fields: (c) => ({
        totalCount: c.int({
          nullable: true,
          description: `Number of ${o.noun} matching, across all pages.`,
          resolve: (conn) => (conn as unknown as OffsetConnection<unknown>).totalCount(),
        }),
      }),
    },
    { name: `${o.typeName}Edge`, description: `One of the ${o.noun} in a page of results.` },
  );

  builder.queryField(o.many, (t) =>
    t.field({
      type: Connection,
      // Nullable: a BrainSTEM failure must not take the other archives' fields of the response with it.
      nullable: true,
      description: `The ${o.noun} the caller can see on a portal, filtered and sorted by BrainSTEM, at most ${BRAINSTEM_LIMITS.maxSize} per page; null with an error when BrainSTEM fails.`,
      args: {
        first: t.arg.int({
          description: `Number of items from the start (or after \`after\`); at most ${BRAINSTEM_LIMITS.maxSize}.`,
        }),
        after: t.arg.string({ description: 'Return items after this cursor.' }),
        last: t.arg.int({
          description: `Number of items from the end (or before \`before\`); at most ${BRAINSTEM_LIMITS.maxSize}.`,
        }),
        before: t.arg.string({ description: 'Return items before this cursor.' }),
        filter: t.arg({ type: o.filter.ref, description: 'Conditions on the records.' }),
        where: t.arg({
          type: [ClauseInput],
          description: "Further conditions in BrainSTEM's own terms, all of which must hold as well.",
        }),
        sort: t.arg({ type: [o.sort], description: 'Orderings, most significant first.' }),
        portal: t.arg({ type: BrainstemPortalEnum, description: 'Portal to read; PRIVATE with a token, else PUBLIC.' }),
      },
      resolve: async (_, args, ctx, info) => {
        const portal = ctx.brainstem.portal(args.portal);
        const base: ListParams = {
          portal,
          filters: [...o.filter.toFilters(args.filter), ...whereFilters(args.where)],
          sort: args.sort ?? [],
        };
        const count = () => ctx.brainstem.count(o.model, base);
        const { offset, limit } = await offsetWindow(args, BRAINSTEM_LIMITS, count);
        const window = await ctx.brainstem.list(
          o.model,
          { ...base, include: includesFor(info, o.includes) },
          offset,
          limit,
        );
        const items = window.items.map((r) => refOf(o.model, r, portal));
        return offsetConnection(items, offset, window.hasMore, () => window.total ?? count());
      },
    }),
  );
}
