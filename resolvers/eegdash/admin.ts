/**
 * EEGDash admin writes, the Python client's `insert`, `upsert_many`, `update_field` and
 * `update_dataset`. Each needs the caller's admin token (`X-EEGDash-Token`): without it,
 * UNAUTHENTICATED before anything is sent. Documents are checked in the gateway first, so an
 * obviously invalid one (no `dataset`, no `bids_relpath`, no `dataset_id`) refuses the whole
 * request with BAD_USER_INPUT and its index before any write.
 */
import type { EegdashDatabaseName } from '../../datasources/eegdash-types.ts';
import { builder } from '../../src/builder.ts';
import { databaseArg, DatasetType, datasetAt, RecordType, type RecordRef } from './refs.ts';
import { filterArg, namingArgument, whereArg } from './where.ts';
import { BulkWriteType, reportChunkErrors } from './write-result.ts';
// The service fields (info, health, the admin IP fence) register with the admin writes.
import './service.ts';

const RecordInsertedType = builder.objectRef<RecordRef>('EEGDashRecordInserted').implement({
  description: 'A record the archive inserted.',
  fields: (t) => ({
    insertedId: t.string({ description: 'The id the archive gave it (`_id`).', resolve: (r) => String(r.data._id) }),
    record: t.field({
      type: RecordType,
      nullable: true,
      description: 'The record as written (what was sent, with its new id).',
      resolve: (r) => r,
    }),
  }),
});

interface Updated {
  matched: number;
  modified: number;
}

const RecordsUpdatedType = builder.objectRef<Updated>('EEGDashRecordsUpdated').implement({
  description: 'The outcome of a `$set` on the records a filter matched.',
  fields: (t) => ({
    matchedCount: t.exposeInt('matched', { description: 'Records the filter matched.' }),
    modifiedCount: t.exposeInt('modified', { description: 'Records the update actually changed.' }),
  }),
});

interface DatasetWritten {
  database: EegdashDatabaseName;
  datasetId: string;
  inserted: boolean;
  matched: number;
  modified: number | null;
}

const DatasetWrittenType = builder.objectRef<DatasetWritten>('EEGDashDatasetWritten').implement({
  description: 'The outcome of writing one dataset document.',
  fields: (t) => ({
    datasetId: t.exposeString('datasetId', { description: 'The dataset written.' }),
    inserted: t.exposeBoolean('inserted', { description: 'True when it did not exist before.' }),
    matchedCount: t.exposeInt('matched', { description: '1 when an existing dataset was matched, else 0.' }),
    modifiedCount: t.exposeInt('modified', {
      nullable: true,
      description:
        '1 when an existing dataset actually changed, else 0; null when the archive did not say (its answer had no `modified_count`).',
    }),
    dataset: t.field({
      type: DatasetType,
      nullable: true,
      description: 'The dataset as it is now (read again from the archive when a field needs its document).',
      resolve: (w, _, ctx, info) => datasetAt(ctx, info, w.database, w.datasetId),
    }),
  }),
});

const RECORDS = 'Record documents; each needs `dataset` and `bids_relpath`. Sent in chunks of 1000.';
const set = {
  type: 'JSON',
  required: true,
  description:
    'Fields to set, e.g. {"clinical.is_clinical": true} (dotted paths reach into sub-documents); `$set` semantics only.',
} as const;

builder.mutationField('insertRecord', (t) =>
  t.field({
    type: RecordInsertedType,
    nullable: true,
    description: 'Inserts one record (`POST /admin/{db}/records`).',
    args: {
      database: t.arg(databaseArg),
      record: t.arg({
        type: 'JSON',
        required: true,
        description: 'The record document; needs `dataset` and `bids_relpath`.',
      }),
    },
    resolve: (_, { database, record }, ctx) =>
      namingArgument(async () => {
        const insertedId = await ctx.eegdash.admin.insertRecord(database, record);
        return { database, data: { ...(record as object), _id: insertedId } };
      }),
  }),
);

builder.mutationField('insertRecords', (t) =>
  t.field({
    type: BulkWriteType,
    nullable: true,
    description:
      'Inserts records in chunks of 1000, in order (`POST /admin/{db}/records/bulk`). Each chunk is WRITTEN, FAILED, UNKNOWN or NOT_SENT, from what the archive acknowledged; a refused or unknown chunk is reported in `errors` and the next one is still sent. Writes are never retried, and stop between chunks when the request is cancelled or its deadline passes.',
    args: { database: t.arg(databaseArg), records: t.arg({ type: ['JSON'], required: true, description: RECORDS }) },
    resolve: (_, args, ctx, info) =>
      namingArgument(async () =>
        reportChunkErrors(ctx, info, await ctx.eegdash.admin.insertRecords(args.database, args.records)),
      ),
  }),
);

builder.mutationField('upsertRecords', (t) =>
  t.field({
    type: BulkWriteType,
    nullable: true,
    description:
      'Inserts or replaces records keyed on (`dataset`, `bids_relpath`), in chunks of 1000 (`POST /admin/{db}/records/upsert`), reported chunk by chunk as for `insertRecords`.',
    args: { database: t.arg(databaseArg), records: t.arg({ type: ['JSON'], required: true, description: RECORDS }) },
    resolve: (_, args, ctx, info) =>
      namingArgument(async () =>
        reportChunkErrors(ctx, info, await ctx.eegdash.admin.upsertRecords(args.database, args.records)),
      ),
  }),
);

builder.mutationField('updateRecords', (t) =>
  t.field({
    type: RecordsUpdatedType,
    nullable: true,
    description:
      "Sets fields on every record matching `where` and `filter` (`PATCH /admin/{db}/records`, the Python client's `update_field`). An empty filter is refused.",
    args: { database: t.arg(databaseArg), where: t.arg(whereArg), filter: t.arg(filterArg), set: t.arg(set) },
    resolve: (_, args, ctx) =>
      namingArgument(() =>
        ctx.eegdash.admin.updateRecords(args.database, { where: args.where, filter: args.filter }, args.set),
      ),
  }),
);

builder.mutationField('upsertDataset', (t) =>
  t.field({
    type: DatasetWrittenType,
    nullable: true,
    description:
      'Inserts a dataset, or sets the given fields on the existing one with its `dataset_id` (`POST /admin/{db}/datasets`).',
    args: {
      database: t.arg(databaseArg),
      dataset: t.arg({ type: 'JSON', required: true, description: 'The dataset document; needs `dataset_id`.' }),
    },
    resolve: (_, { database, dataset }, ctx) =>
      namingArgument(async () => {
        const counts = await ctx.eegdash.admin.upsertDataset(database, dataset);
        const datasetId = String((dataset as { dataset_id: string }).dataset_id);
        return {
          database,
          datasetId,
          inserted: counts.inserted > 0,
          matched: counts.updated,
          modified: counts.modified,
        };
      }),
  }),
);

builder.mutationField('upsertDatasets', (t) =>
  t.field({
    type: BulkWriteType,
    nullable: true,
    description:
      'Inserts or updates datasets by `dataset_id`, in chunks of 500 (`POST /admin/{db}/datasets/bulk`), reported chunk by chunk as for `insertRecords`.',
    args: {
      database: t.arg(databaseArg),
      datasets: t.arg({ type: ['JSON'], required: true, description: 'Dataset documents; each needs `dataset_id`.' }),
    },
    resolve: (_, args, ctx, info) =>
      namingArgument(async () =>
        reportChunkErrors(ctx, info, await ctx.eegdash.admin.upsertDatasets(args.database, args.datasets)),
      ),
  }),
);

builder.mutationField('updateDataset', (t) =>
  t.field({
    type: DatasetWrittenType,
    nullable: true,
    description:
      "Sets fields on one dataset (`PATCH /admin/{db}/datasets/{id}`, the Python client's `update_dataset`); NOT_FOUND if it does not exist.",
    args: {
      database: t.arg(databaseArg),
      id: t.arg.string({ required: true, description: 'The dataset id.' }),
      set: t.arg(set),
    },
    resolve: (_, { database, id, set: fields }, ctx) =>
      namingArgument(async () => {
        const counts = await ctx.eegdash.admin.updateDataset(database, id, fields);
        return { database, datasetId: id, inserted: false, ...counts };
      }),
  }),
);
