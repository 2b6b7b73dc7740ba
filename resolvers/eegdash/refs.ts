/**
 * What an EEGDash object is while it is being resolved: a record arrives whole (the archive sends
 * whole documents), a dataset may be only its key until a field needs more, which it then loads
 * through the per-request, batching loaders. Also the database choice every root field takes.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { EegdashDatabaseName, EegdashDataset, EegdashRecord } from '../../datasources/eegdash-types.ts';
import { EEGDASH_DATABASES, isEegdashDatabase } from '../../datasources/eegdash-types.ts';
import { ArchiveError, inputError } from '../../src/http/archive-error.ts';
import { builder } from '../../src/builder.ts';
import type { Context } from '../../src/context.ts';
import { splitKey } from '../global-id.ts';
import { selectedFields } from '../lookahead.ts';

export interface RecordRef {
  database: EegdashDatabaseName;
  data: EegdashRecord;
}

export interface DatasetRef {
  database: EegdashDatabaseName;
  datasetId: string;
  data?: EegdashDataset;
}

export const RecordType = builder.objectRef<RecordRef>('Record');
export const DatasetType = builder.objectRef<DatasetRef>('Dataset');

const DATABASE_DESCRIPTIONS: Record<EegdashDatabaseName, string> = {
  eegdash: 'Production (`eegdash`), the default.',
  eegdash_staging: 'Staging (`eegdash_staging`): newer digests not yet promoted.',
  eegdash_v1: 'The legacy archive (`eegdash_v1`), in the pre-2026 flat record schema.',
  eegdash_dev: 'The development sandbox (`eegdash_dev`) the ingestion tests write to.',
  eegdash_archive: 'The archive database (`eegdash_archive`).',
};

export const DatabaseEnum = builder.enumType('EEGDashDatabase', {
  description: 'Which EEGDash database to read or write; each holds its own `records` and `datasets`.',
  values: Object.fromEntries(
    EEGDASH_DATABASES.map((name) => [name.toUpperCase(), { value: name, description: DATABASE_DESCRIPTIONS[name] }]),
  ) as Record<Uppercase<EegdashDatabaseName>, { value: EegdashDatabaseName; description: string }>,
});

/** The `database` argument of every EEGDash root field. */
export const databaseArg = {
  type: DatabaseEnum,
  required: true,
  defaultValue: 'eegdash',
  description: 'The EEGDash database; production unless given.',
} as const;

/** The key of an EEGDash global ID, `<database>/<key>`. */
export function splitId(id: string, what: string): { database: EegdashDatabaseName; key: string } {
  const [database = '', key = ''] = splitKey(id, 2, `an EEGDash ${what}`, 'eegdash');
  if (!isEegdashDatabase(database)) {
    throw inputError(
      `"${id}" is not the id of an EEGDash ${what}: no database "${database}"`,
      { argument: 'id' },
      'eegdash',
    );
  }
  return { database, key };
}

/** The dataset document behind a ref; NOT_FOUND when the catalogue has none. */
export async function loadDataset(ctx: Context, ref: DatasetRef): Promise<EegdashDataset> {
  if (ref.data) return ref.data;
  const data = await ctx.eegdash.dataset.load({ database: ref.database, datasetId: ref.datasetId });
  if (!data)
    throw new ArchiveError('eegdash', 'NOT_FOUND', `EEGDash has no dataset "${ref.datasetId}" in ${ref.database}`);
  return data;
}

/** A dataset ref, or null when the archive has no such dataset (for `node`). */
export async function findDataset(
  ctx: Context,
  database: EegdashDatabaseName,
  datasetId: string,
): Promise<DatasetRef | null> {
  const data = await ctx.eegdash.dataset.load({ database, datasetId });
  return data ? { database, datasetId, data } : null;
}

/** `Dataset` fields answered without its document: from the key, or straight from the records. */
const WITHOUT_DOCUMENT = new Set(['__typename', 'id', 'datasetId', 'database', 'records', 'recordCount', 'summary']);

/**
 * The value of a field whose type is `Dataset`: a ref when the selection below it can be
 * answered without the dataset document (so `dataset(id:) { records }` costs only the records
 * window); otherwise the document, loaded (batched) here so that a dataset the catalogue lacks
 * is null with one NOT_FOUND at this field rather than at each of its fields.
 */
export async function datasetAt(
  ctx: Context,
  info: GraphQLResolveInfo,
  database: EegdashDatabaseName,
  datasetId: string,
): Promise<DatasetRef> {
  const ref = { database, datasetId };
  const needsDocument = [...selectedFields(info, [])].some((f) => !WITHOUT_DOCUMENT.has(f));
  return needsDocument ? { ...ref, data: await loadDataset(ctx, ref) } : ref;
}
