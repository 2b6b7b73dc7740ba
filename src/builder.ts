/**
 * The Pothos SchemaBuilder, its plugins and its scalars. No types live here: each GraphQL type
 * has its own file under resolvers/.
 */
import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import { DateTimeResolver, JSONResolver, SafeIntResolver } from 'graphql-scalars';
import type { Context } from './context.ts';
import { inputError } from './http/archive-error.ts';
import type { UploadedFile } from './plugins/upload.ts';

/** Most global IDs one `nodes` field takes: each may be an upstream lookup of its own. */
export const MAX_NODE_IDS = 100;

/** A connection's `totalCount`, resolved only when a client selects it (it may cost a request). */
export type TotalCount = () => Promise<number | null> | number | null;

export interface SchemaTypes {
  Context: Context;
  /** What every connection carries besides edges and page info (see resolvers/connection.ts). */
  Connection: { totalCount: TotalCount };
  /** Fields are non-null unless they say `nullable: true`: what may be missing is explicit. */
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
    SafeInt: { Input: number; Output: number };
    /** A file of a multipart request (src/plugins/upload.ts); input only. */
    Upload: { Input: UploadedFile; Output: never };
  };
}

/** The field builder of an object type whose parent value is `P` (for shared field helpers). */
export type ObjectFieldBuilder<P> = PothosSchemaTypes.ObjectFieldBuilder<
  PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>,
  P
>;

export const builder = new SchemaBuilder<SchemaTypes>({
  plugins: [RelayPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: {
      description: 'Any object of the three archives by its global ID (as returned by its `id` field).',
      args: { id: { description: 'A global ID, as returned by an `id` field.' } },
    },
    nodesQueryOptions: {
      // Each entry on its own: one archive failing nulls only its objects, never the whole list.
      nullable: { list: true, items: true },
      description: 'Several objects by global ID, in the order given; missing ones are null with an error.',
      args: { ids: { description: `Global IDs, as returned by \`id\` fields: at most ${MAX_NODE_IDS}.` } },
      // Refused before any lookup, like an oversized `first`: BAD_USER_INPUT on this field only.
      resolve: (_root, args, _ctx, _info, resolveNodes) => {
        if (args.ids.length > MAX_NODE_IDS) {
          throw inputError(`\`ids\` takes at most ${MAX_NODE_IDS} global IDs, got ${args.ids.length}`, {
            argument: 'ids',
            maximum: MAX_NODE_IDS,
          });
        }
        return resolveNodes(args.ids);
      },
    },
    nodeTypeOptions: { description: 'An object with a global ID that `node` and `nodes` can fetch again.' },
    pageInfoTypeOptions: {
      description: 'Where a page of a connection sits in the whole list (Relay cursor connections).',
    },
    idFieldOptions: { description: 'Global ID of this object (opaque; use with `node`).' },
    cursorFieldOptions: { description: 'Opaque cursor of this edge; pass it as `after` or `before`.' },
    nodeFieldOptions: { description: 'The object at this edge.' },
    edgesFieldOptions: { description: 'The objects of this page, with their cursors.' },
    pageInfoFieldOptions: { description: 'Where this page sits in the whole list.' },
    hasNextPageFieldOptions: { description: 'True when more items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'True when items precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first item of this page.' },
    endCursorFieldOptions: {
      description: 'Cursor of the last item of this page; pass it as `after` for the next page.',
    },
    firstArgOptions: {
      description:
        'Number of items from the start (or after `after`): at most 1000, or 100 for BrainSTEM lists and `search`.',
    },
    lastArgOptions: {
      description:
        'Number of items from the end (or before `before`), with the same maximum as `first`; not every list pages backwards.',
    },
    afterArgOptions: { description: 'Return items after this cursor.' },
    beforeArgOptions: { description: 'Return items before this cursor.' },
  },
});

builder.addScalarType('DateTime', DateTimeResolver, {
  description: 'An instant as an ISO-8601 string in UTC, e.g. `2022-05-20T00:34:07.384Z`.',
});
builder.addScalarType('JSON', JSONResolver, {
  description: 'Any JSON value: the escape hatch for archive documents as they were sent.',
});
builder.addScalarType('SafeInt', SafeIntResolver, {
  description: 'An integer up to ±(2^53 − 1), as a JSON number: byte sizes exceed 32 bits.',
});

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    nullable: true,
    description: 'Number of items across all pages, where the archive reports or can count it; null where it cannot.',
    resolve: (connection) => connection.totalCount(),
  }),
);

builder.queryType({ description: 'Read access to EEGDash, the DANDI Archive and BrainSTEM through one endpoint.' });
