/**
 * `Dataset`: one EEGDash dataset with its catalogue metadata, its records and their statistics;
 * root fields mirroring the Python client's `get_dataset` (`dataset`), `find_datasets`
 * (`datasets`) and `search_datasets` (`searchDatasets`), plus `datasetNames` and catalogue totals.
 */
import type { EegdashDatabaseName, EegdashDataset, MongoFilter } from '../../datasources/eegdash-types.ts';
import { allOf, checkFilter } from '../../datasources/eegdash-filter.ts';
import { recordFilter, searchDatasetsFilter } from '../../datasources/eegdash-where.ts';
import { builder, type ObjectFieldBuilder } from '../../src/builder.ts';
import type { Context } from '../../src/context.ts';
import { DEFAULT_LIMITS, offsetConnection, offsetWindow, type ConnectionArgs } from '../connection.ts';
import {
  CatalogTotalsType,
  ClinicalType,
  DemographicsType,
  ExternalLinksType,
  StorageType,
  SummaryType,
  TagsType,
  TimestampsType,
  ValueCountType,
  valueCounts,
} from './parts.ts';
import { RecordConnection } from './record.ts';
import {
  databaseArg,
  DatabaseEnum,
  DatasetType,
  findDataset,
  int,
  loadDataset,
  obj,
  parseKey,
  RecordType,
  text,
  texts,
  type DatasetRef,
  type RecordRef,
} from './refs.ts';
import { filterArg, whereArg } from './where.ts';

type Fields = ObjectFieldBuilder<DatasetRef>;
type Pick = (d: EegdashDataset) => unknown;

const doc = async (ctx: Context, r: DatasetRef, pick: Pick) => pick(await loadDataset(ctx, r));
const str = (t: Fields, description: string, pick: Pick) =>
  t.string({ nullable: true, description, resolve: async (r, _, ctx) => text(await doc(ctx, r, pick)) });
const strs = (t: Fields, description: string, pick: Pick) =>
  t.stringList({ description, resolve: async (r, _, ctx) => texts(await doc(ctx, r, pick)) });
const count = (t: Fields, description: string, pick: Pick) =>
  t.int({ nullable: true, description, resolve: async (r, _, ctx) => int(await doc(ctx, r, pick)) });

/**
 * A histogram over the dataset's records: as the document stores it (written by EEGDash's
 * compute-stats job, free with the document), or `live` from `/datasets/stats/records`, which
 * recomputes every dataset's at once (one request however many datasets ask; slow upstream).
 */
const histogram = (t: Fields, key: 'nchans_counts' | 'sfreq_counts', description: string) =>
  t.field({
    type: [ValueCountType],
    description: `${description} From the dataset document, or recomputed from the records when it has none or \`live\` is set.`,
    args: {
      live: t.arg.boolean({
        required: true,
        defaultValue: false,
        description: 'Recompute from the records now instead of reading the stored statistics.',
      }),
    },
    resolve: async (r, { live }, ctx) => {
      const stored = live ? undefined : (await loadDataset(ctx, r))[key];
      if (Array.isArray(stored)) return valueCounts(stored);
      return valueCounts((await ctx.eegdash.recordStats.load(r.database)).get(r.datasetId)?.[key]);
    },
  });

builder.node(DatasetType, {
  description:
    'An EEGDash dataset (a document of its `datasets` collection): one BIDS dataset from OpenNeuro, NEMAR or another source, with its recordings.',
  id: { resolve: (d) => `${d.database}/${d.datasetId}`, parse: (id) => id },
  loadOne: (id, ctx) => {
    const { database, key } = parseKey(id, 'dataset');
    return findDataset(ctx, database, key);
  },
  fields: (t) => ({
    datasetId: t.exposeString('datasetId', {
      description: 'Dataset id, e.g. "ds002718" (OpenNeuro) or "nm000104" (NEMAR); case-sensitive.',
    }),
    database: t.field({
      type: DatabaseEnum,
      description: 'The database it was read from.',
      resolve: (d) => d.database,
    }),
    name: str(t, 'Title.', (d) => d.name),
    source: str(
      t,
      'Where it comes from: "openneuro", "nemar", "scidb", "zenodo", ... (`source`, or the renamed `provider`).',
      (d) => d.source ?? d.provider,
    ),
    readme: str(t, "The dataset's README text.", (d) => d.readme),
    license: str(t, 'License, e.g. "CC0".', (d) => d.license),
    doi: str(t, 'Dataset DOI (may carry a "doi:" prefix).', (d) => d.dataset_doi),
    associatedPaperDoi: str(t, 'DOI of the associated paper.', (d) => d.associated_paper_doi),
    bidsVersion: str(t, 'BIDS version the dataset follows.', (d) => d.bids_version),
    studyDomain: str(t, 'Study domain, when classified.', (d) => d.study_domain),
    studyDesign: str(t, 'Study design, e.g. "within-subject".', (d) => d.study_design),
    seniorAuthor: str(t, 'Senior (last) author.', (d) => d.senior_author),
    bidsValidatorStatus: str(t, 'BIDS validator outcome: "pass", "fail" or "unknown".', (d) => d.bids_validator_status),
    recordingModality: strs(t, 'Recording modalities, e.g. ["eeg"].', (d) => d.recording_modality),
    datatypes: strs(t, 'BIDS datatypes present (legacy documents: `modalities`).', (d) => d.datatypes ?? d.modalities),
    experimentalModalities: strs(
      t,
      'Other modalities recorded in the study, e.g. "mri".',
      (d) => d.experimental_modalities,
    ),
    authors: strs(t, 'Authors, in order.', (d) => d.authors),
    funding: strs(t, 'Funding statements.', (d) => d.funding),
    tasks: strs(t, 'BIDS task labels.', (d) => d.tasks),
    sessions: strs(t, 'BIDS session labels (empty without sessions).', (d) => d.sessions),
    canonicalNames: strs(t, 'Importable aliases, e.g. "HBN_r1_bdf".', (d) => d.canonical_name),
    contactInfo: strs(t, 'Contacts.', (d) => d.contact_info),
    totalFiles: count(t, 'Number of recording files, as the dataset document states it.', (d) => d.total_files),
    subjectsCount: count(t, 'Number of subjects.', (d) => obj(d.demographics)?.subjects_count),
    nemarCitationCount: count(t, 'Citations counted by NEMAR.', (d) => d.nemar_citation_count),
    sizeBytes: t.field({
      type: 'SafeInt',
      nullable: true,
      description: 'Size in bytes.',
      resolve: async (r, _, ctx) => int(await doc(ctx, r, (d) => d.size_bytes)),
    }),
    dataProcessed: t.boolean({
      nullable: true,
      description: 'Whether the data were processed (not raw).',
      resolve: async (r, _, ctx) => (await loadDataset(ctx, r)).data_processed ?? null,
    }),
    demographics: t.field({
      type: DemographicsType,
      nullable: true,
      description: 'Participants.',
      resolve: async (r, _, ctx) => obj((await loadDataset(ctx, r)).demographics),
    }),
    tags: t.field({
      type: TagsType,
      nullable: true,
      description: 'Tagger labels.',
      resolve: async (r, _, ctx) => obj((await loadDataset(ctx, r)).tags),
    }),
    clinical: t.field({
      type: ClinicalType,
      description: 'Clinical status and group.',
      resolve: async (r, _, ctx) => {
        const d = await loadDataset(ctx, r);
        return { clinical: obj(d.clinical), legacyGroup: d.clinical_group };
      },
    }),
    timestamps: t.field({
      type: TimestampsType,
      nullable: true,
      description: 'Creation, modification and digest times.',
      resolve: async (r, _, ctx) => obj((await loadDataset(ctx, r)).timestamps),
    }),
    externalLinks: t.field({
      type: ExternalLinksType,
      nullable: true,
      description: 'Related web pages.',
      resolve: async (r, _, ctx) => obj((await loadDataset(ctx, r)).external_links),
    }),
    storage: t.field({
      type: StorageType,
      nullable: true,
      description: "Where the dataset's root files (description, participants, ...) are stored.",
      resolve: async (r, _, ctx) => obj((await loadDataset(ctx, r)).storage),
    }),
    document: t.field({
      type: 'JSON',
      description: 'The whole dataset document as the archive sent it.',
      resolve: (r, _, ctx) => loadDataset(ctx, r),
    }),
    summary: t.field({
      type: SummaryType,
      nullable: true,
      description:
        'What EEGDash computes for its catalogue page (title, citation label, size, duration, bad channels).',
      resolve: (r, _, ctx) => ctx.eegdash.datasetSummary.load({ database: r.database, datasetId: r.datasetId }),
    }),
    channelCounts: histogram(t, 'nchans_counts', 'Recordings per channel count.'),
    samplingRates: histogram(t, 'sfreq_counts', 'Recordings per sampling rate in Hz.'),
    recordCount: t.int({
      description: 'Number of its records matching `where` and `filter` (all of them by default).',
      args: { where: t.arg(whereArg), filter: t.arg(filterArg) },
      resolve: (r, args, ctx) =>
        ctx.eegdash.count.load({
          database: r.database,
          filter: allOf({ dataset: r.datasetId }, recordFilter(args.where, args.filter)),
        }),
    }),
    records: t.connection(
      {
        type: RecordType,
        description:
          'Its records matching `where` and `filter`. The records of many datasets in one query load together in one `{"dataset": {"$in": [...]}}` query, or one window request each when their stated sizes make that cheaper.',
        args: { where: t.arg(whereArg), filter: t.arg(filterArg) },
        resolve: async (r, args, ctx) => {
          const { database, datasetId: dataset } = r;
          const filter = recordFilter(args.where, args.filter);
          const total = () => ctx.eegdash.count.load({ database, filter: allOf({ dataset }, filter) });
          const { offset, limit } = await offsetWindow(args, DEFAULT_LIMITS, total);
          const window = await ctx.eegdash.datasetRecords.load({ database, filter, dataset, offset, limit });
          const items = window.items.map((data): RecordRef => ({ database, data }));
          return offsetConnection(items, offset, window.hasMore, () => window.total ?? total()) as never;
        },
      },
      RecordConnection,
    ),
  }),
});

export const DatasetConnection = builder.connectionObject(
  {
    type: DatasetType,
    name: 'DatasetConnection',
    description: 'A page of EEGDash datasets.',
    fields: (t) => ({
      totalCount: t.int({
        nullable: true,
        description: 'Number of matching datasets across all pages.',
        resolve: (c) => (c as unknown as { totalCount: () => number | null }).totalCount(),
      }),
    }),
  },
  { name: 'DatasetEdge', description: 'A dataset in a page of results.' },
);

/** A page of `/datasets` for a filter; its `total` answers `totalCount` for free. */
async function datasetPage(ctx: Context, database: EegdashDatabaseName, filter: MongoFilter, args: ConnectionArgs) {
  const total = async () => (await ctx.eegdash.datasets(database, filter, 0, 1)).total ?? 0;
  const { offset, limit } = await offsetWindow(args, DEFAULT_LIMITS, total);
  const page = await ctx.eegdash.datasets(database, filter, offset, limit);
  const items = page.items.map((data): DatasetRef => ({ database, datasetId: data.dataset_id, data }));
  const hasMore = page.total !== null ? offset + items.length < page.total : items.length === limit;
  return offsetConnection(items, offset, hasMore, () => page.total ?? total()) as never;
}

builder.queryField('dataset', (t) =>
  t.field({
    type: DatasetType,
    nullable: true,
    description:
      "A dataset by id, or null if there is none (the Python client's `get_dataset`). Several in one request share one archive request.",
    args: {
      database: t.arg(databaseArg),
      id: t.arg.string({ required: true, description: 'Dataset id, e.g. "ds002718"; case-sensitive.' }),
    },
    resolve: (_, { database, id }, ctx) => findDataset(ctx, database, id),
  }),
);

builder.queryField('datasets', (t) =>
  t.connection(
    {
      type: DatasetType,
      description:
        "Datasets matching a MongoDB `filter` on dataset documents (the Python client's `find_datasets`), in catalogue order.",
      args: {
        database: t.arg(databaseArg),
        filter: t.arg({
          type: 'JSON',
          description:
            'A raw MongoDB filter on dataset documents, e.g. {"source": "nemar"}; read operators only, as for records.',
        }),
      },
      resolve: (_, args, ctx) =>
        datasetPage(ctx, args.database, args.filter == null ? {} : checkFilter(args.filter), args),
    },
    DatasetConnection,
  ),
);

builder.queryField('searchDatasets', (t) =>
  t.connection(
    {
      type: DatasetType,
      description:
        "Datasets by the criteria of the Python client's `search_datasets`, all of which must hold. Each criterion matches the field names of current documents as well as the legacy ones the client queries.",
      args: {
        database: t.arg(databaseArg),
        modality: t.arg.string({ description: 'Recording modality, e.g. "eeg" or "EEG".' }),
        task: t.arg.string({ description: 'A task label, e.g. "RestingState".' }),
        clinicalGroup: t.arg.string({
          description: 'Clinical group (`clinical.group` or `clinical_group`), e.g. "epilepsy".',
        }),
        source: t.arg.string({ description: 'Source (`source` or `provider`), e.g. "openneuro", "nemar".' }),
        nSubjectsMin: t.arg.int({ description: 'At least this many subjects.' }),
        license: t.arg.string({ description: 'License, e.g. "CC0".' }),
      },
      resolve: (_, args, ctx) => datasetPage(ctx, args.database, searchDatasetsFilter(args), args),
    },
    DatasetConnection,
  ),
);

builder.queryField('datasetNames', (t) =>
  t.stringList({
    description: 'Ids of every dataset that has records, sorted.',
    args: { database: t.arg(databaseArg) },
    resolve: (_, { database }, ctx) => ctx.eegdash.datasetNames(database),
  }),
);

builder.queryField('eegdashCatalogTotals', (t) =>
  t.field({
    type: CatalogTotalsType,
    description:
      'Totals over the EEGDash catalogue: datasets, subjects, files and bytes, optionally for one modality or source.',
    args: {
      database: t.arg(databaseArg),
      modality: t.arg.string({ description: 'Only datasets of this modality, e.g. "eeg".' }),
      source: t.arg.string({ description: 'Only datasets from this source, e.g. "openneuro".' }),
    },
    resolve: (_, args, ctx) =>
      ctx.eegdash.catalogTotals(args.database, {
        modality: args.modality ?? undefined,
        source: args.source ?? undefined,
      }),
  }),
);
