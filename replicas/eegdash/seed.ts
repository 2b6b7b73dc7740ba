/**
 * The deterministic seed of every EEGDash database the replica serves.
 *
 * `eegdash` (production) holds the 750 catalogue datasets and their records. The other
 * databases are derived from the same per-dataset generators, so a dataset looks the same
 * wherever it appears: `eegdash_staging` is a newer digest of a fifth of the catalogue,
 * `eegdash_dev` a small sandbox, `eegdash_v1` a legacy (pre-2026, flat schema) archive of a
 * quarter, and `eegdash_archive` is empty, as on the live deployment (spec section 1).
 */
import { EEGDASH_DATASET_IDS } from '../common/catalog.ts';
import { ObjectIdFactory } from './object-id.ts';
import { datasetDocument, datasetText } from './seed-datasets.ts';
import { EEGDASH_CLINICAL_DATASET_ID, EEGDASH_FACE_DATASET_ID, planDataset, type DatasetPlan } from './seed-plan.ts';
import { generateRecords, type Doc } from './seed-records.ts';

export { EEGDASH_CLINICAL_DATASET_ID, EEGDASH_FACE_DATASET_ID, EEGDASH_LARGE_DATASET_IDS } from './seed-plan.ts';
export type { Doc } from './seed-records.ts';

/** Databases the replica routes (spec 8.1); any other `{db}` is 404. */
export const EEGDASH_DATABASES = [
  'eegdash',
  'eegdash_staging',
  'eegdash_v1',
  'eegdash_dev',
  'eegdash_archive',
] as const;
export type EegdashDatabaseName = (typeof EEGDASH_DATABASES)[number];

export function isEegdashDatabase(name: string): name is EegdashDatabaseName {
  return (EEGDASH_DATABASES as readonly string[]).includes(name);
}

export interface SeedData {
  datasets: Doc[];
  records: Doc[];
}

const DAY_MS = 86_400_000;

/** Dataset ids a database holds, in catalogue order. */
export function seedDatasetIds(database: EegdashDatabaseName): string[] {
  const pinned = (id: string) => id === EEGDASH_FACE_DATASET_ID || id === EEGDASH_CLINICAL_DATASET_ID;
  switch (database) {
    case 'eegdash':
      return [...EEGDASH_DATASET_IDS];
    case 'eegdash_staging':
      return EEGDASH_DATASET_IDS.filter((id, i) => i % 5 === 0 || pinned(id));
    case 'eegdash_dev':
      return EEGDASH_DATASET_IDS.filter((id, i) => i % 30 === 0 || pinned(id));
    case 'eegdash_v1':
      return EEGDASH_DATASET_IDS.filter((id, i) => i % 4 === 1 || id === EEGDASH_FACE_DATASET_ID);
    case 'eegdash_archive':
      return [];
  }
}

export function generateEegdashSeed(database: EegdashDatabaseName = 'eegdash'): SeedData {
  const ids = new ObjectIdFactory(database);
  const datasets: Doc[] = [];
  const records: Doc[] = [];
  for (const id of seedDatasetIds(database)) {
    const plan = planDataset(id);
    // Staging and dev are re-digested ahead of production.
    if (database === 'eegdash_staging' || database === 'eegdash_dev') plan.digestedAtMs += 9 * DAY_MS;
    appendDataset(plan, ids, datasets, records);
  }
  if (database === 'eegdash_v1') {
    return { datasets: datasets.map(legacyDataset), records: records.map(legacyRecord) };
  }
  return { datasets, records };
}

function appendDataset(plan: DatasetPlan, ids: ObjectIdFactory, datasets: Doc[], records: Doc[]): void {
  const text = datasetText(plan);
  const start = records.length;
  const tally = generateRecords(plan, ids, text.institution, records);
  datasets.push(datasetDocument(plan, text, tally, records.slice(start), ids));
}

/** The pre-2026 flat record schema: `modality`, `bidsdependencies`, `eeg_json`, `ntimes` in seconds. */
function legacyRecord(rec: Doc): Doc {
  const storage = rec.storage as { dep_keys?: string[] };
  return {
    _id: rec._id,
    data_name: rec.data_name,
    dataset: rec.dataset,
    bidspath: rec.bidspath,
    subject: rec.subject,
    task: rec.task,
    session: rec.session,
    run: rec.run,
    modality: rec.datatype,
    sampling_frequency: rec.sampling_frequency,
    nchans: rec.nchans,
    ntimes: rec.duration_seconds,
    participant_tsv: rec.participant_tsv,
    bidsdependencies: (storage.dep_keys ?? []).map((k) => `${String(rec.dataset)}/${k}`),
    eeg_json: {
      TaskName: rec.task,
      SamplingFrequency: rec.sampling_frequency,
      PowerLineFrequency: rec.power_line_frequency,
      EEGReference: rec.eeg_reference,
      RecordingDuration: rec.recording_duration,
      SoftwareFilters: rec.software_filters,
    },
  };
}

function legacyDataset(doc: Doc): Doc {
  const demographics = doc.demographics as Doc;
  const modality = (doc.recording_modality as string[])[0];
  return {
    _id: doc._id,
    dataset_id: doc.dataset_id,
    name: doc.name,
    source: doc.source,
    recording_modality: modality,
    modalities: doc.datatypes,
    license: doc.license,
    dataset_doi: doc.dataset_doi,
    authors: doc.authors,
    tasks: doc.tasks,
    sessions: doc.sessions,
    total_files: doc.total_files,
    size_bytes: doc.size_bytes,
    demographics: { subjects_count: demographics.subjects_count, ages: demographics.ages },
    readme: doc.readme,
    timestamps: doc.timestamps,
  };
}
