/**
 * Root fields for a BrainSTEM model: `thing(id, portal)`, a ref that fetches the record only when
 * the selection reads it, and `things(filter, where, sort, first, after, last, before, portal)`
 * as a connection whose windows map onto BrainSTEM's `limit`/`offset`. Relations the client
 * selects on the nodes are asked for in the same request (`include[]`), so their records come
 * sideloaded.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { checkedId } from '../../datasources/brainstem-models.ts';
import { checkConditions } from '../../datasources/brainstem-query.ts';
import type { Include, ListParams, ModelName } from '../../datasources/brainstem.ts';
import { builder } from '../../src/builder.ts';
import { type PageLimits, resolveOffsetConnection } from '../connection.ts';
import { selectedFields } from '../lookahead.ts';
import { archiveId, withArgument } from './arguments.ts';
import { needsRecord } from './fields.ts';
import { ClauseInput, clauseConditions, type FilterInput, type SortEnum } from './filters.ts';
import { BrainstemPortalEnum, refOf, refTo, type TypeRef } from './refs.ts';

export const BRAINSTEM_LIMITS: PageLimits = { defaultSize: 20, maxSize: 100 };

export interface RootFieldOptions<M extends ModelName> {
  model: M;
  type: TypeRef<M>;
  typeName: string;
  /** Root field names, e.g. `session` and `sessions`. */
  one: string;
  many: string;
  /** Plural noun for descriptions. */
  noun: string;
  filter: FilterInput;
  sort: SortEnum;
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

const portalArg = 'Portal to read; PRIVATE with a token, else PUBLIC.';

export function brainstemRootFields<M extends ModelName>(o: RootFieldOptions<M>): void {
  builder.queryField(o.one, (t) =>
    t.field({
      type: o.type,
      nullable: true,
      description: `One of the ${o.noun} by id; null with NOT_FOUND when it does not exist or the caller may not see it on that portal. A selection of nothing but its id and lists of the records that point at it fetches no record: those lists are then null with NOT_FOUND instead.`,
      args: {
        id: t.arg.id({ required: true, description: 'BrainSTEM id (or the global `id` of the object).' }),
        portal: t.arg({ type: BrainstemPortalEnum, description: portalArg }),
      },
      resolve: async (_, args, ctx, info) => {
        const portal = ctx.brainstem.portal(args.portal);
        const id = withArgument('id', () => checkedId(o.model, archiveId(o.model, o.typeName, args.id)));
        if (!needsRecord(o.model, info)) return refTo(o.model, id, portal);
        return refOf(o.model, await ctx.brainstem.load(o.model, id, portal), portal);
      },
    }),
  );

  builder.queryField(o.many, (t) =>
    t.connection(
      {
        type: o.type,
        // A BrainSTEM failure must not take the other archives' fields of the response with it.
        nullable: true,
        description: `The ${o.noun} the caller can see on a portal, filtered and sorted by BrainSTEM, at most ${BRAINSTEM_LIMITS.maxSize} per page; null with an error when BrainSTEM fails.`,
        args: {
          filter: t.arg({ type: o.filter.ref, description: 'Conditions on the records.' }),
          where: t.arg({
            type: [ClauseInput],
            description: "Further conditions in BrainSTEM's own terms, all of which must hold as well.",
          }),
          sort: t.arg({ type: [o.sort.ref], description: 'Orderings, most significant first.' }),
          portal: t.arg({ type: BrainstemPortalEnum, description: portalArg }),
        },
        resolve: (_, args, ctx, info) => {
          const portal = ctx.brainstem.portal(args.portal);
          const where = withArgument('where', () => checkConditions(clauseConditions(args.where)));
          const base: ListParams = {
            portal,
            conditions: [...o.filter.conditions(args.filter), ...where],
            sort: o.sort.keys(args.sort),
          };
          const include = includesFor(info, o.includes);
          return resolveOffsetConnection(
            args,
            BRAINSTEM_LIMITS,
            (offset, limit) => ctx.brainstem.list(o.model, { ...base, include }, offset, limit),
            (record) => refOf(o.model, record, portal),
            () => ctx.brainstem.count(o.model, base),
          );
        },
      },
      { name: `${o.typeName}Connection`, description: `A page of ${o.noun}.` },
      { name: `${o.typeName}Edge`, description: `One of the ${o.noun} in a page of results.` },
    ),
  );
}
