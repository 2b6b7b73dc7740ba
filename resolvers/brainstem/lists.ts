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
import type { BrainstemPage, Include, ListParams, ModelName, Rec } from '../../datasources/brainstem.ts';
import { builder } from '../../src/builder.ts';
import { type ConnectionArgs, type PageLimits, resolveOffsetConnection } from '../connection.ts';
import type { Context } from '../../src/context.ts';
import type { LinkedArchive } from '../../src/links/link-index.ts';
import { selectedFields } from '../lookahead.ts';
import { archiveId, withArgument } from './arguments.ts';
import { includesOf, needsRecord } from './fields.ts';
import { LINKED_IN_QUERY, linkedPortal, linkedSessionIds, linksToArg } from './links-to.ts';
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
  /** Offer `linksTo` (sessions only): restrict the list to records the link index knows link out. */
  linksTo?: true;
}

/** The `include[]` for the sideloaded relations the client selected on the nodes. */
function includesFor(model: ModelName, info: GraphQLResolveInfo, includes: readonly string[] = []): Include[] {
  const selected = selectedFields(info, ['edges', 'node']);
  return includesOf(
    model,
    includes.filter((field) => selected.has(field)),
  );
}

const portalArg = 'Portal to read; PRIVATE with a token, else PUBLIC (SUPER only when asked for).';

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
          ...(o.linksTo ? { linksTo: t.arg(linksToArg) } : {}),
        },
        resolve: async (_, args, ctx, info) => {
          const linksTo = (args as { linksTo?: readonly LinkedArchive[] | null }).linksTo;
          const portal = linksTo != null ? linkedPortal(args.portal) : ctx.brainstem.portal(args.portal);
          const where = withArgument('where', () => checkConditions(clauseConditions(args.where)));
          const base: ListParams = {
            portal,
            conditions: [...filter.conditions(args.filter), ...where],
            sort: sort.keys(args.sort),
          };
          const include = includesFor(model, info, o.includes);
          if (linksTo != null) return linkedConnection(ctx, model, args, base, include, linksTo);
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

/**
 * A list restricted to the records the link index says link into `archives`. No linked record:
 * an empty page, no request. A few (≤ {@link LINKED_IN_QUERY}): their ids go to BrainSTEM as one
 * more condition, so it filters, sorts and pages as usual. More: the list the other conditions
 * select is read whole (once per request) and the linked rows kept, in BrainSTEM's order.
 */
async function linkedConnection<M extends ModelName>(
  ctx: Context,
  model: M,
  args: ConnectionArgs,
  base: ListParams,
  include: Include[],
  archives: readonly LinkedArchive[],
) {
  const ids = await linkedSessionIds(ctx, archives);
  const toNode = (record: Rec<M>) => refOf(model, record, base.portal);
  if (ids.length === 0) {
    const none: BrainstemPage<Rec<M>> = { items: [], total: 0, hasMore: false, included: {} };
    return resolveOffsetConnection(
      args,
      BRAINSTEM_LIMITS,
      async () => none,
      toNode,
      async () => 0,
    );
  }
  if (ids.length <= LINKED_IN_QUERY) {
    const params: ListParams = {
      ...base,
      conditions: [...(base.conditions ?? []), { field: 'id', operator: 'in', values: ids }],
    };
    return resolveOffsetConnection(
      args,
      BRAINSTEM_LIMITS,
      (offset, limit) => ctx.brainstem.list(model, { ...params, include }, offset, limit),
      toNode,
      () => ctx.brainstem.count(model, params),
    );
  }
  const wanted = new Set(ids.map((id) => id.toLowerCase()));
  let rows: Promise<Rec<M>[]> | undefined;
  const linked = () => {
    rows ??= ctx.brainstem.listAll(model, { ...base, include }).then((all) =>
      valuedFirst(
        all.filter((r) => wanted.has(String(r.id).toLowerCase())),
        base,
      ),
    );
    return rows;
  };
  return resolveOffsetConnection(
    args,
    BRAINSTEM_LIMITS,
    async (offset, limit) => {
      const all = await linked();
      return { items: all.slice(offset, offset + limit), total: all.length, hasMore: all.length > offset + limit };
    },
    toNode,
    async () => (await linked()).length,
  );
}

/**
 * Rows read whole in BrainSTEM's order, with those lacking a leading `nullsLast` descending key
 * moved last (BrainSTEM lists them first), keeping the order within each part.
 */
function valuedFirst<R>(rows: R[], params: ListParams): R[] {
  const lead = params.sort?.[0];
  if (!lead?.descending || !lead.nullsLast) return rows;
  const lacks = (r: R) => {
    const v = (r as Record<string, unknown>)[lead.field];
    return v === null || v === undefined;
  };
  return [...rows.filter((r) => !lacks(r)), ...rows.filter(lacks)];
}
