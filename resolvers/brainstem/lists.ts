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
import { includesOf, needsRecord } from './fields.ts';
import {
  ClauseInput,
  clauseConditions,
  type ModelFilter,
  type ModelSort,
  modelFilterInput,
  modelSortEnum,
} from './filters.ts';
import { BrainstemPortalEnum, refOf, refTo, type TypeRef } from './refs.ts';

export const BRAINSTEM_LIMITS: PageLimits = { defaultSize: 20, maxSize: 100 };

export interface RootFieldOptions {
  filter: ModelFilter;
  sort: ModelSort;
  /** Relation fields of the node whose records come sideloaded (`include[]`) when the client selects them. */
  includes?: readonly string[];
}

/** The `include[]` for the sideloaded relations the client selected on the nodes. */
function includesFor(model: ModelName, info: GraphQLResolveInfo, includes: readonly string[] = []): Include[] {
  const selected = selectedFields(info, ['edges', 'node']);
  return includesOf(
    model,
    includes.filter((field) => selected.has(field)),
  );
}

const portalArg = 'Portal to read; PRIVATE with a token, else PUBLIC.';

/** The root fields `one` and `many` of the type's model, named after the type (see `ModelNames`). */
export function brainstemRootFields<M extends ModelName>(type: TypeRef<M>, o: RootFieldOptions): void {
  const { model } = type;
  const { typeName, one, many, nouns } = type.names;
  const filter = modelFilterInput(type.names, o.filter);
  const sort = modelSortEnum(type.names, o.sort);
  builder.queryField(one, (t) =>
    t.field({
      type,
      nullable: true,
      description: `One of the ${nouns} by id; null with NOT_FOUND when it does not exist or the caller may not see it on that portal. A selection of nothing but its id and lists of the records that point at it fetches no record: those lists are then null with NOT_FOUND instead.`,
      args: {
        id: t.arg.id({ required: true, description: 'BrainSTEM id (or the global `id` of the object).' }),
        portal: t.arg({ type: BrainstemPortalEnum, description: portalArg }),
      },
      resolve: async (_, args, ctx, info) => {
        const portal = ctx.brainstem.portal(args.portal);
        const id = withArgument('id', () => checkedId(model, archiveId(model, typeName, args.id)));
        if (!needsRecord(model, info)) return refTo(model, id, portal);
        return refOf(model, await ctx.brainstem.load(model, id, portal), portal);
      },
    }),
  );

  builder.queryField(many, (t) =>
    t.connection(
      {
        type,
        // A BrainSTEM failure must not take the other archives' fields of the response with it.
        nullable: true,
        description: `The ${nouns} the caller can see on a portal, filtered and sorted by BrainSTEM, at most ${BRAINSTEM_LIMITS.maxSize} per page; null with an error when BrainSTEM fails.`,
        args: {
          filter: t.arg({ type: filter.ref, description: 'Conditions on the records.' }),
          where: t.arg({
            type: [ClauseInput],
            description: "Further conditions in BrainSTEM's own terms, all of which must hold as well.",
          }),
          sort: t.arg({ type: [sort.ref], description: 'Orderings, most significant first.' }),
          portal: t.arg({ type: BrainstemPortalEnum, description: portalArg }),
        },
        resolve: (_, args, ctx, info) => {
          const portal = ctx.brainstem.portal(args.portal);
          const where = withArgument('where', () => checkConditions(clauseConditions(args.where)));
          const base: ListParams = {
            portal,
            conditions: [...filter.conditions(args.filter), ...where],
            sort: sort.keys(args.sort),
          };
          const include = includesFor(model, info, o.includes);
          return resolveOffsetConnection(
            args,
            BRAINSTEM_LIMITS,
            (offset, limit) => ctx.brainstem.list(model, { ...base, include }, offset, limit),
            (record) => refOf(model, record, portal),
            () => ctx.brainstem.count(model, base),
          );
        },
      },
      { name: `${typeName}Connection`, description: `A page of ${nouns}.` },
      { name: `${typeName}Edge`, description: `One of the ${nouns} in a page of results.` },
    ),
  );
}
