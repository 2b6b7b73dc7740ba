/**
 * `Zarr` (a Zarr archive) and `ZarrEntry` (one object in it), listed with DANDI's `after` cursor.
 * Root field `zarr` (a ref: the archive is fetched only when a field needs it).
 */
import { checkUuid } from '../../datasources/dandi-ids.ts';
import { builder, type ObjectFieldBuilder } from '../../src/builder.ts';
import type { Context } from '../../src/context.ts';
import { checkPageSize, connectionOf, cursorCodec, DEFAULT_LIMITS, forwardOnly } from '../connection.ts';
import { splitKey } from '../global-id.ts';
import {
  checkArgument,
  DandisetType,
  loadZarr,
  resolveKey,
  ZarrEntryType,
  ZarrType,
  type ZarrEntryRef,
} from './refs.ts';

const keyCursor = cursorCodec('key');
const fromZarr = resolveKey(loadZarr);

/** DANDI prints zarr times as Python `str(datetime)` ("2022-03-16 22:18:09+00:00"). */
const isoTime = (value: string) => value.replace(' ', 'T');

const ZarrEntryConnection = builder.connectionObject(
  {
    type: ZarrEntryType,
    name: 'ZarrEntryConnection',
    description: 'A page of Zarr entries, in key order.',
  },
  { description: 'A Zarr entry in a page of results.' },
);

/** The `entries` field shared by `Zarr` and `Asset`: one request per page, `first` ≤ 1000. */
export function zarrEntriesField<P>(
  t: ObjectFieldBuilder<P>,
  zarrIdOf: (parent: P, ctx: Context) => Promise<string | null> | string | null,
) {
  return t.connection(
    {
      type: ZarrEntryType,
      nullable: true,
      description:
        'Objects of the Zarr archive (null for non-Zarr assets), optionally under a key prefix. Forward paging only.',
      args: {
        prefix: t.arg.string({
          description: 'Key prefix, e.g. "0/" (S3 semantics: a trailing "/" is dropped by DANDI).',
        }),
      },
      resolve: async (parent, args, ctx) => {
        forwardOnly(args, 'Zarr listings');
        const first = checkPageSize(args.first ?? 100, 'first', DEFAULT_LIMITS.maxSize);
        const after = args.after != null ? keyCursor.decode(args.after, 'after') : '';
        const zarrId = await zarrIdOf(parent, ctx);
        if (!zarrId) return null;
        const page = await ctx.dandi.zarrFiles(zarrId, args.prefix ?? '', after, first);
        const edges = page.items.map((file) => ({ cursor: keyCursor.encode(file.Key), node: { zarrId, file } }));
        return connectionOf(edges, { hasNextPage: page.hasMore, hasPreviousPage: after !== '' });
      },
    },
    ZarrEntryConnection,
  );
}

builder.node(ZarrEntryType, {
  description: 'One object (chunk or metadata file) inside a Zarr archive.',
  id: { resolve: (e) => `${e.zarrId}/${e.file.Key}`, parse: (id) => id },
  loadOne: async (id, ctx): Promise<ZarrEntryRef | null> => {
    const [zarrId = '', key = ''] = splitKey(id, 2, 'a Zarr entry', 'dandi');
    const file = await ctx.dandi.zarrEntry(zarrId, key);
    return file ? { zarrId, file } : null;
  },
  fields: (t) => ({
    key: t.string({
      description: 'Key relative to the Zarr root, e.g. "0/0/0" or ".zattrs".',
      resolve: (e) => e.file.Key,
    }),
    size: t.field({ type: 'SafeInt', description: 'Size in bytes.', resolve: (e) => e.file.Size }),
    lastModified: t.field({
      type: 'DateTime',
      description: 'When the object was written.',
      resolve: (e) => isoTime(e.file.LastModified),
    }),
    md5: t.string({
      description: 'MD5 of the object (its S3 ETag, quotes removed).',
      resolve: (e) => e.file.ETag.replace(/"/g, ''),
    }),
    downloadUrl: t.string({
      description: "DANDI API URL that redirects to the object's bytes.",
      resolve: (e, _, ctx) => ctx.dandi.zarrEntryDownloadUrl(e.zarrId, e.file.Key),
    }),
    zarr: t.field({
      type: ZarrType,
      nullable: true,
      description: 'The archive it belongs to.',
      resolve: (e) => ({ zarrId: e.zarrId }),
    }),
  }),
});

const ZarrStatusEnum = builder.enumType('ZarrStatus', {
  description: 'Upload and checksum state of a Zarr archive.',
  values: {
    PENDING: { value: 'Pending', description: 'Files are being uploaded.' },
    UPLOADED: { value: 'Uploaded', description: 'Upload finished, not yet ingested.' },
    INGESTING: { value: 'Ingesting', description: 'Checksum being computed.' },
    COMPLETE: { value: 'Complete', description: 'Ingested; checksum, file count and size are final.' },
  } as const,
});

builder.node(ZarrType, {
  description: 'A Zarr archive: a tree of many objects stored under one prefix, belonging to one dandiset.',
  id: { resolve: (z) => z.zarrId, parse: (id) => id },
  loadOne: (id) => ({ zarrId: checkUuid(id, 'zarr') }),
  fields: (t) => ({
    zarrId: t.exposeString('zarrId', { description: 'DANDI zarr id (UUID).' }),
    name: t.string({ description: 'Name given at creation, e.g. "sample.ome.zarr".', resolve: fromZarr('name') }),
    dandiset: t.field({
      type: DandisetType,
      nullable: true,
      description: 'The dandiset it belongs to.',
      resolve: async (z, _, ctx) => ({ identifier: (await loadZarr(ctx, z)).dandiset }),
    }),
    status: t.field({ type: ZarrStatusEnum, description: 'Upload / ingestion state.', resolve: fromZarr('status') }),
    checksum: t.string({
      nullable: true,
      description: 'DANDI zarr checksum, once complete.',
      resolve: fromZarr('checksum'),
    }),
    fileCount: t.int({ description: 'Number of objects (0 until ingested).', resolve: fromZarr('file_count') }),
    size: t.field({ type: 'SafeInt', description: 'Total bytes (0 until ingested).', resolve: fromZarr('size') }),
    entries: zarrEntriesField(t, (z) => z.zarrId),
    entry: t.field({
      type: ZarrEntryType,
      nullable: true,
      description:
        "The object at exactly `key`, or null (dandi-cli's `get_entry_by_path`): `0/0/0/1` is never `0/0/0/10`. One request.",
      args: { key: t.arg.string({ required: true, description: 'Key relative to the Zarr root, e.g. "0/0/0/1".' }) },
      resolve: async (z, { key }, ctx): Promise<ZarrEntryRef | null> => {
        const file = await ctx.dandi.zarrEntry(z.zarrId, key);
        return file ? { zarrId: z.zarrId, file } : null;
      },
    }),
  }),
});

builder.queryField('zarr', (t) =>
  t.field({
    type: ZarrType,
    nullable: true,
    description:
      'A Zarr archive by its DANDI zarr id; null with NOT_FOUND (at the first field that needs it) if unknown or not visible.',
    args: { id: t.arg.string({ required: true, description: 'DANDI zarr id (UUID).' }) },
    resolve: (_, { id }) => ({ zarrId: checkArgument('id', () => checkUuid(id, 'zarr')) }),
  }),
);
