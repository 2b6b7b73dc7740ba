/**
 * `Dataset`: one EEGDash dataset with its catalogue metadata, its records and their statistics;
 * root fields mirroring the Python client's `get_dataset` (`dataset`), `find_datasets`
 * (`datasets`) and `search_datasets` (`searchDatasets`), plus `datasetNames` and catalogue totals.
 */
import type { EegdashDatabaseName, EegdashDataset } from '../../datasources/eegdash-types.ts';
import type { DatasetQuery } from '../../datasources/eegdash-where.ts';
import { builder, type ObjectFieldBuilder } from '../../src/builder.ts';
import type { Context } from '../../src/context.ts';
import { DEFAULT_LIMITS, resolveOffsetConnection, type ConnectionArgs } from '../connection.ts';
import { documentFields, readBoolean, readInt, readObject, readText, readTexts } from '../document.ts';
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
import { skipArg, withSkip } from './skip.ts';
import {
  databaseArg,
  DatabaseEnum,
  DatasetType,
  datasetAt,
  findDataset,
  loadDataset,
  RecordType,
  splitId,
  type DatasetRef,
  type RecordRef,
} from './refs.ts';
import { filterArg, namingArgument, whereArg } from './where.ts';

const load = (r: DatasetRef, ctx: Context) => loadDataset(ctx, r);

/**
 * A histogram over the dataset's records: as the document stores it (written by EEGDash's
 * compute-stats job, free with the document), or `live` from `/datasets/stats/records`, which
 * recomputes every dataset's at once (one request however many datasets ask; slow upstream).
 */
const histogram = (t: ObjectFieldBuilder<DatasetRef>, key: 'nchans_counts' | 'sfreq_counts', description: string) =>
  t.field({
    type: [ValueCountType],
    nullable: { list: true, items: false },
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
    const { database, key } = splitId(id, 'dataset');
    return findDataset(ctx, database, key);
  },
  fields: (t) => {
    const f = documentFields<DatasetRef, EegdashDataset>(t, load);
    // A resolver reading a value that is not one key of the document as sent.
    const read =
      <T>(pick: (d: EegdashDataset) => T) =>
      async (r: DatasetRef, _: unknown, ctx: Context): Promise<T> =>
        pick(await load(r, ctx));
    return {
      datasetId: t.exposeString('datasetId', {
        description: 'Dataset id, e.g. "ds002718" (OpenNeuro) or "nm000104" (NEMAR); case-sensitive.',
      }),
      database: t.field({
        type: DatabaseEnum,
        description: 'The database it was read from.',
        resolve: (d) => d.database,
      }),
      name: f.text('name', 'Title.'),
      source: t.string({
        nullable: true,
        description:
          'Where it comes from: "openneuro", "nemar", "scidb", "zenodo", ... (`source`, or the renamed `provider`).',
        resolve: read((d) => readText(d.source) ?? readText(d.provider)),
      }),
      readme: f.text('readme', "The dataset's README text."),
      license: f.text('license', 'License, e.g. "CC0".'),
      doi: f.text('dataset_doi', 'Dataset DOI (may carry a "doi:" prefix).'),
      associatedPaperDoi: f.text('associated_paper_doi', 'DOI of the associated paper.'),
      bidsVersion: f.text('bids_version', 'BIDS version the dataset follows.'),
      studyDomain: f.text('study_domain', 'Study domain, when classified.'),
      studyDesign: f.text('study_design', 'Study design, e.g. "within-subject".'),
      seniorAuthor: f.text('senior_author', 'Senior (last) author.'),
      bidsValidatorStatus: f.text('bids_validator_status', 'BIDS validator outcome: "pass", "fail" or "unknown".'),
      recordingModality: f.texts('recording_modality', 'Recording modalities, e.g. ["eeg"].'),
      datatypes: t.stringList({
        description: 'BIDS datatypes present (legacy documents: `modalities`).',
        resolve: read((d) => readTexts(d.datatypes ?? d.modalities)),
      }),
      experimentalModalities: f.texts('experimental_modalities', 'Other modalities recorded in the study, e.g. "mri".'),
      authors: f.texts('authors', 'Authors, in order.'),
      funding: f.texts('funding', 'Funding statements.'),
      tasks: f.texts('tasks', 'BIDS task labels.'),
      sessions: f.texts('sessions', 'BIDS session labels (empty without sessions).'),
      canonicalNames: f.texts('canonical_name', 'Importable aliases, e.g. "HBN_r1_bdf".'),
      contactInfo: f.texts('contact_info', 'Contacts.'),
      totalFiles: f.int('total_files', 'Number of recording files, as the dataset document states it.'),
      subjectsCount: t.int({
        nullable: true,
        description: 'Number of subjects.',
        resolve: read((d) => readInt(readObject(d.demographics)?.subjects_count)),
      }),
      nemarCitationCount: f.int('nemar_citation_count', 'Citations counted by NEMAR.'),
      sizeBytes: t.field({
        type: 'SafeInt',
        nullable: true,
        description: 'Size in bytes.',
        resolve: read((d) => readInt(d.size_bytes)),
      }),
      dataProcessed: t.boolean({
        nullable: true,
        description: 'Whether the data were processed (not raw).',
        resolve: read((d) => readBoolean(d.data_processed)),
      }),
      demographics: f.object(DemographicsType, 'demographics', 'Participants.'),
      tags: f.object(TagsType, 'tags', 'Tagger labels.'),
      clinical: t.field({
        type: ClinicalType,
        description: 'Clinical status and group.',
        resolve: read((d) => ({ clinical: readObject(d.clinical), legacyGroup: d.clinical_group })),
      }),
      timestamps: f.object(TimestampsType, 'timestamps', 'Creation, modification and digest times.'),
      externalLinks: f.object(ExternalLinksType, 'external_links', 'Related web pages.'),
      storage: f.object(
        StorageType,
        'storage',
        "Where the dataset's root files (description, participants, ...) are stored.",
      ),
      document: t.field({
        type: 'JSON',
        description: 'The whole dataset document as the archive sent it.',
        resolve: (r, _, ctx) => load(r, ctx),
      }),
      summary: t.field({
        type: SummaryType,
        nullable: true,
        description:
          'What EEGDash computes for its catalogue page (title, citation label, size, duration, bad channels); null if it has none.',
        resolve: (r, _, ctx) => ctx.eegdash.datasetSummary.load({ database: r.database, datasetId: r.datasetId }),
      }),
      channelCounts: histogram(t, 'nchans_counts', 'Recordings per channel count.'),
      samplingRates: histogram(t, 'sfreq_counts', 'Recordings per sampling rate in Hz.'),
      recordCount: t.int({
        nullable: true,
        description: 'Number of its records matching `where` and `filter` (all of them by default).',
        args: { where: t.arg(whereArg), filter: t.arg(filterArg) },
        resolve: (r, args, ctx) =>
          namingArgument(() =>
            ctx.eegdash.recordCount(r.database, { dataset: r.datasetId, where: args.where, filter: args.filter }),
          ),
      }),
      records: t.connection(
        {
          type: RecordType,
          nullable: true,
          description:
            'Its records matching `where` and `filter` (none for an id the catalogue lacks). The records of many datasets in one query load together in one `{"dataset": {"$in": [...]}}` query, or one window request each when their stated sizes make that cheaper.',
          args: { where: t.arg(whereArg), filter: t.arg(filterArg), skip: t.arg.int(skipArg) },
          resolve: (r, args, ctx) =>
            namingArgument(() => {
              const { database } = r;
              const selection = { dataset: r.datasetId, where: args.where, filter: args.filter };
              return resolveOffsetConnection(
                withSkip(args),
                DEFAULT_LIMITS,
                (offset, limit) => ctx.eegdash.datasetRecords(database, selection, offset, limit),
                (data): RecordRef => ({ database, data }),
                () => ctx.eegdash.recordCount(database, selection),
              );
            }),
        },
        RecordConnection,
      ),
    };
  },
});

export const DatasetConnection = builder.connectionObject(
  { type: DatasetType, name: 'DatasetConnection', description: 'A page of EEGDash datasets.' },
  { name: 'DatasetEdge', description: 'A dataset in a page of results.' },
);

/** A page of `/datasets` for a query; the page's `total` answers `totalCount` for free. */
const datasetPage = (
  ctx: Context,
  database: EegdashDatabaseName,
  query: DatasetQuery,
  args: ConnectionArgs & { skip?: number | null | undefined },
) =>
  namingArgument(() =>
    resolveOffsetConnection(
      withSkip(args),
      DEFAULT_LIMITS,
      (offset, limit) => ctx.eegdash.datasets(database, query, offset, limit),
      (data): DatasetRef => ({ database, datasetId: data.dataset_id, data }),
      () => ctx.eegdash.datasetCount(database, query),
    ),
  );

builder.queryField('dataset', (t) =>
  t.field({
    type: DatasetType,
    nullable: true,
    description:
      "A dataset by id (the Python client's `get_dataset`); null with NOT_FOUND if the catalogue has none. Several in one request share one archive request; a selection of only `records`, `recordCount` or `summary` fetches no dataset document at all.",
    args: {
      database: t.arg(databaseArg),
      id: t.arg.string({ required: true, description: 'Dataset id, e.g. "ds002718"; case-sensitive.' }),
    },
    resolve: (_, { database, id }, ctx, info) => datasetAt(ctx, info, database, id),
  }),
);

builder.queryField('datasets', (t) =>
  t.connection(
    {
      type: DatasetType,
      nullable: true,
      description:
        "Datasets matching a MongoDB `filter` on dataset documents (the Python client's `find_datasets`), in catalogue order.",
      args: {
        database: t.arg(databaseArg),
        filter: t.arg({
          type: 'JSON',
          description:
            'A raw MongoDB filter on dataset documents, e.g. {"source": "nemar"}; read operators only, as for records.',
        }),
        skip: t.arg.int(skipArg),
      },
      resolve: (_, args, ctx) => datasetPage(ctx, args.database, { filter: args.filter }, args),
    },
    DatasetConnection,
  ),
);

builder.queryField('searchDatasets', (t) =>
  t.connection(
    {
      type: DatasetType,
      nullable: true,
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
        skip: t.arg.int(skipArg),
      },
      resolve: (_, args, ctx) => {
        const { modality, task, clinicalGroup, source, nSubjectsMin, license } = args;
        return datasetPage(ctx, args.database, { modality, task, clinicalGroup, source, nSubjectsMin, license }, args);
      },
    },
    DatasetConnection,
  ),
);

builder.queryField('datasetNames', (t) =>
  t.stringList({
    nullable: { list: true, items: false },
    description: 'Ids of every dataset that has records, sorted.',
    args: { database: t.arg(databaseArg) },
    resolve: (_, { database }, ctx) => ctx.eegdash.datasetNames(database),
  }),
);

builder.queryField('eegdashCatalogTotals', (t) =>
  t.field({
    type: CatalogTotalsType,
    nullable: true,
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
