/**
 * `Record`: one EEGDash recording file with its BIDS entities, signal properties and storage
 * location; root fields mirroring the Python client's `find` (`records`), `find_one`
 * (`record`), `count` (`recordCount`) and `exists` (`recordExists`).
 */
import { recordFilter } from '../../datasources/eegdash-where.ts';
import { builder } from '../../src/builder.ts';
import { DEFAULT_LIMITS, offsetConnection, offsetWindow, type OffsetConnection } from '../connection.ts';
import { StorageType } from './parts.ts';
import {
  databaseArg,
  DatabaseEnum,
  DatasetType,
  findDataset,
  int,
  num,
  obj,
  parseKey,
  RecordType,
  text,
  texts,
  type RecordRef,
} from './refs.ts';
import { filterArg, whereArg } from './where.ts';

builder.node(RecordType, {
  description:
    'One recording file in EEGDash (a document of its `records` collection), with its BIDS entities and where to download it.',
  // By `data_name`, as `record(dataName)` and the Python client find records; a record written
  // without one falls back to its `_id`, marked with a leading "#" (no data_name starts so).
  id: { resolve: (r) => `${r.database}/${r.data.data_name ?? `#${r.data._id}`}`, parse: (id) => id },
  loadOne: async (id, ctx): Promise<RecordRef | null> => {
    const { database, key } = parseKey(id, 'record');
    const data = key.startsWith('#')
      ? await ctx.eegdash.findOne(database, { _id: key.slice(1) })
      : await ctx.eegdash.record.load({ database, dataName: key });
    return data ? { database, data } : null;
  },
  fields: (t) => ({
    dataName: t.string({
      nullable: true,
      description: 'Unique name, `<dataset>_<file name>`, e.g. "ds002718_sub-012_task-FaceRecognition_eeg.set".',
      resolve: (r) => text(r.data.data_name),
    }),
    recordId: t.string({
      nullable: true,
      description: "The archive's document id (`_id`).",
      resolve: (r) => text(r.data._id),
    }),
    database: t.field({
      type: DatabaseEnum,
      description: 'The database it was read from.',
      resolve: (r) => r.database,
    }),
    datasetId: t.string({
      nullable: true,
      description: 'Id of its dataset, e.g. "ds002718".',
      resolve: (r) => text(r.data.dataset),
    }),
    dataset: t.field({
      type: DatasetType,
      nullable: true,
      description:
        'Its dataset; null if the catalogue has no such dataset. Datasets of many records load in one request.',
      resolve: (r, _, ctx) =>
        typeof r.data.dataset === 'string' ? findDataset(ctx, r.database, r.data.dataset) : null,
    }),
    bidspath: t.string({
      nullable: true,
      description: 'Path including the dataset, `<dataset>/<bidsRelpath>`.',
      resolve: (r) => text(r.data.bidspath),
    }),
    bidsRelpath: t.string({
      nullable: true,
      description: 'Path within the BIDS dataset, e.g. "sub-012/eeg/sub-012_task-FaceRecognition_eeg.set".',
      resolve: (r) => text(r.data.bids_relpath),
    }),
    datatype: t.string({
      nullable: true,
      description: 'BIDS datatype: "eeg", "ieeg", "meg", "emg", "nirs", ...',
      resolve: (r) => text(r.data.datatype) ?? text(r.data.modality),
    }),
    suffix: t.string({ nullable: true, description: 'BIDS suffix, e.g. "eeg".', resolve: (r) => text(r.data.suffix) }),
    extension: t.string({
      nullable: true,
      description: 'File extension, e.g. ".set", ".edf", ".bdf", ".vhdr", ".fif".',
      resolve: (r) => text(r.data.extension),
    }),
    recordingModality: t.stringList({
      description: 'Recording modalities, e.g. ["eeg"] (legacy records: their `modality`).',
      resolve: (r) => texts(r.data.recording_modality ?? r.data.modality),
    }),
    subject: t.string({
      nullable: true,
      description: 'BIDS subject label, e.g. "012".',
      resolve: (r) => text(r.data.subject),
    }),
    session: t.string({
      nullable: true,
      description: 'BIDS session label, when the dataset has sessions.',
      resolve: (r) => text(r.data.session),
    }),
    task: t.string({
      nullable: true,
      description: 'BIDS task label, e.g. "FaceRecognition".',
      resolve: (r) => text(r.data.task),
    }),
    run: t.string({
      nullable: true,
      description: 'BIDS run label, when the task has runs.',
      resolve: (r) => text(r.data.run),
    }),
    samplingFrequency: t.float({
      nullable: true,
      description: 'Sampling rate in Hz.',
      resolve: (r) => num(r.data.sampling_frequency),
    }),
    nchans: t.int({ nullable: true, description: 'Number of channels.', resolve: (r) => int(r.data.nchans) }),
    ntimes: t.float({
      nullable: true,
      description: 'Number of samples (in legacy `eegdash_v1` records: the duration in seconds).',
      resolve: (r) => num(r.data.ntimes),
    }),
    durationSeconds: t.float({
      nullable: true,
      description: 'Duration in seconds.',
      resolve: (r) => num(r.data.duration_seconds),
    }),
    channelNames: t.stringList({
      description: 'Channel names, in recording order.',
      resolve: (r) => texts(r.data.ch_names),
    }),
    digestedAt: t.string({
      nullable: true,
      description: 'When EEGDash digested the file (ISO-8601).',
      resolve: (r) => text(r.data.digested_at),
    }),
    montageHash: t.string({
      nullable: true,
      description: 'Key of its sensor layout in the montage registry.',
      resolve: (r) => text(r.data.montage_hash),
    }),
    participant: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The subject\'s row of participants.tsv, e.g. {"age": 23, "sex": "F"}.',
      resolve: (r) => obj(r.data.participant_tsv),
    }),
    hasMissingFiles: t.boolean({
      description: 'True when some of its files are missing at the source.',
      resolve: (r) => r.data._has_missing_files === true,
    }),
    storage: t.field({
      type: StorageType,
      nullable: true,
      description: 'Where the file and its sidecars are stored.',
      resolve: (r) => obj(r.data.storage),
    }),
    document: t.field({
      type: 'JSON',
      description: 'The whole record document as the archive sent it (sidecar fields included).',
      resolve: (r) => r.data,
    }),
  }),
});

/** The arguments of every root field that selects records. */
const filterArgs = builder.args((t) => ({
  database: t.field(databaseArg),
  where: t.field(whereArg),
  filter: t.field(filterArg),
}));

export const RecordConnection = builder.connectionObject(
  {
    type: RecordType,
    name: 'RecordConnection',
    description: 'A page of EEGDash records.',
    fields: (t) => ({
      totalCount: t.int({
        nullable: true,
        description: 'Number of matching records across all pages (one `count` request when selected).',
        resolve: (c) => (c as unknown as OffsetConnection<RecordRef>).totalCount(),
      }),
    }),
  },
  { name: 'RecordEdge', description: 'A record in a page of results.' },
);

builder.queryField('records', (t) =>
  t.connection(
    {
      type: RecordType,
      description:
        "Records matching `where` and `filter` (the Python client's `find`), in the archive's order, paged by its skip/limit.",
      args: filterArgs,
      resolve: async (_, args, ctx) => {
        const { database } = args;
        const filter = recordFilter(args.where, args.filter);
        const count = () => ctx.eegdash.count.load({ database, filter });
        const { offset, limit } = await offsetWindow(args, DEFAULT_LIMITS, count);
        const window = await ctx.eegdash.window(database, filter, offset, limit);
        const items = window.items.map((data): RecordRef => ({ database, data }));
        return offsetConnection(items, offset, window.hasMore, count) as never;
      },
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
    description: "Number of records matching `where` and `filter` (the Python client's `count`).",
    args: filterArgs,
    resolve: (_, args, ctx) =>
      ctx.eegdash.count.load({ database: args.database, filter: recordFilter(args.where, args.filter) }),
  }),
);

builder.queryField('recordExists', (t) =>
  t.boolean({
    description: "Whether any record matches `where` and `filter` (the Python client's `exists`; asks for one row).",
    args: filterArgs,
    resolve: (_, args, ctx) => ctx.eegdash.exists(args.database, recordFilter(args.where, args.filter)),
  }),
);
