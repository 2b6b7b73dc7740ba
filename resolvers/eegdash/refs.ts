/**
 * What an EEGDash object is while it is being resolved: a record arrives whole (the archive sends
 * whole documents), a dataset may be only its key until a field needs more, which it then loads
 * through the per-request, batching loaders. Also the database choice every root field takes.
 */
import type { EegdashDatabaseName, EegdashDataset, EegdashRecord } from '../../datasources/eegdash-types.ts';
import { badInput } from '../../datasources/eegdash-filter.ts';
import { EEGDASH_DATABASES, isEegdashDatabase } from '../../datasources/eegdash-types.ts';
import { ArchiveError } from '../../src/http/archive-error.ts';
import { builder } from '../../src/builder.ts';
import type { Context } from '../../src/context.ts';

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

/** A global-ID key: `<database>/<key>`. */
export function parseKey(id: string, what: string): { database: EegdashDatabaseName; key: string } {
  const slash = id.indexOf('/');
  const database = id.slice(0, slash);
  if (slash < 1 || !isEegdashDatabase(database) || slash === id.length - 1) {
    throw badInput(`"${id}" is not an EEGDash ${what} id`, { argument: 'id' });
  }
  return { database, key: id.slice(slash + 1) };
}

export async function loadDataset(ctx: Context, ref: DatasetRef): Promise<EegdashDataset> {
  if (ref.data) return ref.data;
  const data = await ctx.eegdash.dataset.load({ database: ref.database, datasetId: ref.datasetId });
  if (!data)
    throw new ArchiveError('eegdash', 'NOT_FOUND', `EEGDash has no dataset "${ref.datasetId}" in ${ref.database}`);
  return data;
}

/** A dataset ref, or null when the archive has no such dataset. */
export async function findDataset(
  ctx: Context,
  database: EegdashDatabaseName,
  datasetId: string,
): Promise<DatasetRef | null> {
  const data = await ctx.eegdash.dataset.load({ database, datasetId });
  return data ? { database, datasetId, data } : null;
}

// Documents are loosely typed (two schema generations, free extra fields): read defensively.
export const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
export const texts = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
export const int = (v: unknown): number | null => (Number.isSafeInteger(v) ? (v as number) : null);
export const obj = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
