/**
 * `Record`: one EEGDash recording file with its BIDS entities, signal properties and storage
 * location; root fields mirroring the Python client's `find` (`records`), `find_one`
 * (`record`), `count` (`recordCount`) and `exists` (`recordExists`).
 */
import type { EegdashRecord } from '../../datasources/eegdash-types.ts';
import { builder } from '../../src/builder.ts';
import { DEFAULT_LIMITS, resolveOffsetConnection } from '../connection.ts';
import { documentFields, readText, readTexts } from '../document.ts';
import { StorageType } from './parts.ts';
import { skipArg, withSkip } from './skip.ts';
import { databaseArg, DatabaseEnum, DatasetType, datasetAt, RecordType, splitId, type RecordRef } from './refs.ts';
import { filterArg, namingArgument, whereArg } from './where.ts';

builder.node(RecordType, {
  description:
    'One recording file in EEGDash (a document of its `records` collection), with its BIDS entities and where to download it.',
  // By `data_name`, as `record(dataName)` and the Python client find records; a record written
  // without one falls back to its `_id`, marked with a leading "#" (no data_name starts so).
  id: { resolve: (r) => `${r.database}/${r.data.data_name ?? `#${r.data._id}`}`, parse: (id) => id },
  loadOne: async (id, ctx): Promise<RecordRef | null> => {
    const { database, key } = splitId(id, 'record');
    const data = key.startsWith('#')
      ? await ctx.eegdash.recordById(database, key.slice(1))
      : await ctx.eegdash.record.load({ database, dataName: key });
    return data ? { database, data } : null;
  },
  fields: (t) => {
    const f = documentFields<RecordRef, EegdashRecord>(t, (r) => r.data);
    return {
      dataName: f.text(
        'data_name',
        'Unique name, `<dataset>_<file name>`, e.g. "ds002718_sub-012_task-FaceRecognition_eeg.set".',
      ),
      recordId: f.text('_id', "The archive's document id (`_id`)."),
      database: t.field({
        type: DatabaseEnum,
        description: 'The database it was read from.',
        resolve: (r) => r.database,
      }),
      datasetId: f.text('dataset', 'Id of its dataset, e.g. "ds002718".'),
      dataset: t.field({
        type: DatasetType,
        nullable: true,
        description:
          'Its dataset: null with NOT_FOUND when a field needs its document and the catalogue has none. Datasets of many records load in one request; `records` and `recordCount` below need no dataset request at all.',
        resolve: (r, _, ctx, info) => {
          const id = readText(r.data.dataset);
          return id === null ? null : datasetAt(ctx, info, r.database, id);
        },
      }),
      bidspath: f.text('bidspath', 'Path including the dataset, `<dataset>/<bidsRelpath>`.'),
      bidsRelpath: f.text(
        'bids_relpath',
        'Path within the BIDS dataset, e.g. "sub-012/eeg/sub-012_task-FaceRecognition_eeg.set".',
      ),
      datatype: t.string({
        nullable: true,
        description: 'BIDS datatype: "eeg", "ieeg", "meg", "emg", "nirs", ...',
        resolve: (r) => readText(r.data.datatype) ?? readText(r.data.modality),
      }),
      suffix: f.text('suffix', 'BIDS suffix, e.g. "eeg".'),
      extension: f.text('extension', 'File extension, e.g. ".set", ".edf", ".bdf", ".vhdr", ".fif".'),
      recordingModality: t.stringList({
        description: 'Recording modalities, e.g. ["eeg"] (legacy records: their `modality`).',
        resolve: (r) => readTexts(r.data.recording_modality ?? r.data.modality),
      }),
      subject: f.text('subject', 'BIDS subject label, e.g. "012".'),
      session: f.text('session', 'BIDS session label, when the dataset has sessions.'),
      task: f.text('task', 'BIDS task label, e.g. "FaceRecognition".'),
      run: f.text('run', 'BIDS run label, when the task has runs.'),
      samplingFrequency: f.float('sampling_frequency', 'Sampling rate in Hz.'),
      nchans: f.int('nchans', 'Number of channels.'),
      ntimes: f.float('ntimes', 'Number of samples (in legacy `eegdash_v1` records: the duration in seconds).'),
      durationSeconds: f.float('duration_seconds', 'Duration in seconds.'),
      channelNames: f.texts('ch_names', 'Channel names, in recording order.'),
      digestedAt: f.text('digested_at', 'When EEGDash digested the file (ISO-8601).'),
      montageHash: f.text('montage_hash', 'Key of its sensor layout in the montage registry.'),
      participant: f.object(
        'JSON',
        'participant_tsv',
        'The subject\'s row of participants.tsv, e.g. {"age": 23, "sex": "F"}.',
      ),
      hasMissingFiles: f.flag('_has_missing_files', 'True when some of its files are missing at the source.'),
      storage: f.object(StorageType, 'storage', 'Where the file and its sidecars are stored.'),
      document: t.field({
        type: 'JSON',
        description: 'The whole record document as the archive sent it (sidecar fields included).',
        resolve: (r) => r.data,
      }),
    };
  },
});

/** The arguments of every root field that selects records. */
const filterArgs = builder.args((t) => ({
  database: t.field(databaseArg),
  where: t.field(whereArg),
  filter: t.field(filterArg),
}));

export const RecordConnection = builder.connectionObject(
  { type: RecordType, name: 'RecordConnection', description: 'A page of EEGDash records.' },
  { name: 'RecordEdge', description: 'A record in a page of results.' },
);

builder.queryField('records', (t) =>
  t.connection(
    {
      type: RecordType,
      nullable: true,
      description:
        "Records matching `where` and `filter` (the Python client's `find`), in the archive's order, paged by its skip/limit: `skip` and `first` are `find(skip=, limit=)`. `totalCount` costs one `count` request.",
      args: { ...filterArgs, skip: t.arg.int(skipArg) },
      resolve: (_, args, ctx) =>
        namingArgument(() => {
          const { database } = args;
          const selection = { where: args.where, filter: args.filter };
          return resolveOffsetConnection(
            withSkip(args),
            DEFAULT_LIMITS,
            (offset, limit) => ctx.eegdash.records(database, selection, offset, limit),
            (data): RecordRef => ({ database, data }),
            () => ctx.eegdash.recordCount(database, selection),
          );
        }),
    },
    RecordConnection,
  ),
);

builder.queryField('record', (t) =>
  t.field({
    type: RecordType,
    nullable: true,
    description:
      'The record with this `data_name`, or null (several `record` fields in one request share one archive request).',
    args: {
      database: t.arg(databaseArg),
      dataName: t.arg.string({
        required: true,
        description: 'Its `data_name`, e.g. "ds002718_sub-012_task-FaceRecognition_eeg.set".',
      }),
    },
    resolve: async (_, { database, dataName }, ctx) => {
      const data = await ctx.eegdash.record.load({ database, dataName });
      return data ? { database, data } : null;
    },
  }),
);

builder.queryField('recordCount', (t) =>
  t.int({
    nullable: true,
    description: "Number of records matching `where` and `filter` (the Python client's `count`).",
    args: filterArgs,
    resolve: (_, args, ctx) =>
      namingArgument(() => ctx.eegdash.recordCount(args.database, { where: args.where, filter: args.filter })),
  }),
);

builder.queryField('recordExists', (t) =>
  t.boolean({
    nullable: true,
    description: "Whether any record matches `where` and `filter` (the Python client's `exists`; asks for one row).",
    args: filterArgs,
    resolve: (_, args, ctx) =>
      namingArgument(() => ctx.eegdash.recordExists(args.database, { where: args.where, filter: args.filter })),
  }),
);
