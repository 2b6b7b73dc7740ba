/**
 * Server-computed views over a database: dataset summaries (spec 4.10, 4.11), per-dataset
 * record metadata (4.9) and the docs-site full-text search (4.13).
 */
import type { EegdashDatabase } from './store.ts';
import type { Doc } from './seed.ts';
import { toValCounts, type DatasetRecordStats } from './stats.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** `4623904945` → `"4.3 GB"` (binary multiples, as the docs tables print them). */
export function sizeHuman(bytes: unknown): string | null {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes)) return null;
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(1)} ${units[u]}`;
}

function computedTitle(doc: Doc): string {
  const name = str(doc.name);
  if (name && name !== doc.dataset_id) return name;
  const heading = /^#\s+(.+)$/m.exec(str(doc.readme) ?? '');
  return heading?.[1]?.trim() ?? String(doc.dataset_id);
}

function authorYear(doc: Doc): string | null {
  const canonical = arr(doc.canonical_name)[0];
  if (typeof canonical === 'string') return canonical;
  const first = str(arr(doc.authors)[0]);
  const ts = (doc.timestamps ?? {}) as Doc;
  const date = str(ts.dataset_created_at) ?? str(ts.dataset_modified_at) ?? str(ts.digested_at);
  if (!first || !date) return null;
  return `${first.split(/\s+/).at(-1)}${date.slice(0, 4)}`;
}

/** One item of `/datasets/summary`: stored fields plus the server-computed ones. */
export function summaryItem(doc: Doc, stats: DatasetRecordStats | undefined): Doc {
  const tags = (doc.tags ?? {}) as Doc;
  return {
    dataset_id: doc.dataset_id,
    name: doc.name ?? null,
    computed_title: computedTitle(doc),
    canonical_name: doc.canonical_name ?? null,
    name_source: doc.canonical_name ? 'canonical' : doc.name ? 'dataset_description' : 'readme',
    author_year: authorYear(doc),
    source: doc.source ?? null,
    recording_modality: doc.recording_modality ?? null,
    datatypes: doc.datatypes ?? null,
    tasks: doc.tasks ?? [],
    sessions: doc.sessions ?? [],
    demographics: doc.demographics ?? { subjects_count: stats?.subjects.size ?? 0 },
    total_files: doc.total_files ?? stats?.files ?? 0,
    size_bytes: doc.size_bytes ?? null,
    size_human: sizeHuman(doc.size_bytes),
    nchans_counts: doc.nchans_counts ?? (stats ? toValCounts(stats.nchans) : []),
    sfreq_counts: doc.sfreq_counts ?? (stats ? toValCounts(stats.sfreq) : []),
    total_duration_s: doc.total_duration_s ?? (stats ? Math.round(stats.durationS * 1000) / 1000 : null),
    tags: doc.tags ?? null,
    clinical: doc.clinical ?? null,
    paradigm: { modality: arr(tags.modality)[0] ?? null, cognitive_domain: arr(tags.type)[0] ?? null },
    license: doc.license ?? null,
    dataset_doi: doc.dataset_doi ?? null,
    nemar_citation_count: doc.nemar_citation_count ?? null,
    study_domain: doc.study_domain ?? null,
    study_design: doc.study_design ?? null,
    stats_computed_at: doc.stats_computed_at ?? null,
  };
}

/** `/datasets/summary/{id}`: the list item plus the descriptive fields the dataset pages read. */
export function summaryDetail(doc: Doc, stats: DatasetRecordStats | undefined): Doc {
  return {
    ...summaryItem(doc, stats),
    readme: doc.readme ?? null,
    authors: doc.authors ?? [],
    associated_paper_doi: doc.associated_paper_doi ?? null,
    timestamps: doc.timestamps ?? null,
    senior_author: doc.senior_author ?? null,
    contact_info: doc.contact_info ?? null,
    bad_channels_info: stats
      ? { records_with_bad_channels: stats.recordsWithBadChannels, total_bad_channels: stats.badChannels }
      : null,
    bids_version: doc.bids_version ?? null,
    storage: doc.storage ?? null,
    data_processed: doc.data_processed ?? null,
    contributing_labs: doc.contributing_labs ?? null,
    n_contributing_labs: doc.n_contributing_labs ?? null,
    experimental_modalities: doc.experimental_modalities ?? null,
    external_links: doc.external_links ?? null,
  };
}

/** Dataset by id, else by name or canonical name (spec 4.11 accepts either). */
export function findDatasetByIdOrName(db: EegdashDatabase, key: string): Doc | undefined {
  return db.getDataset(key) ?? db.datasets.find((d) => d.name === key || arr(d.canonical_name).includes(key));
}

export function matchesSummaryFilters(doc: Doc, modality: string | null, source: string | null): boolean {
  if (modality) {
    const wanted = modality.toLowerCase();
    const mods = [...arr(doc.recording_modality), ...arr(doc.datatypes)].map((m) => String(m).toLowerCase());
    if (!mods.includes(wanted)) return false;
  }
  if (source && String(doc.source ?? '').toLowerCase() !== source.toLowerCase()) return false;
  return true;
}

export function summaryTotals(docs: readonly Doc[]): Doc {
  let subjects = 0;
  let files = 0;
  let size = 0;
  for (const d of docs) {
    const demo = (d.demographics ?? {}) as Doc;
    if (typeof demo.subjects_count === 'number') subjects += demo.subjects_count;
    if (typeof d.total_files === 'number') files += d.total_files;
    if (typeof d.size_bytes === 'number') size += d.size_bytes;
  }
  return { datasets: docs.length, subjects, files, size_bytes: size };
}

/** `/metadata/{dataset}`: what the records of one dataset say about it. */
export function recordMetadata(datasetId: string, records: readonly Doc[]): Doc {
  const set = (field: string) =>
    [...new Set(records.map((r) => r[field]).filter((v): v is string => typeof v === 'string'))].sort();
  const stats = { nchans: new Map<number, number>(), sfreq: new Map<number, number>() };
  let duration = 0;
  const columns = new Set<string>();
  for (const r of records) {
    if (typeof r.nchans === 'number') stats.nchans.set(r.nchans, (stats.nchans.get(r.nchans) ?? 0) + 1);
    if (typeof r.sampling_frequency === 'number') {
      stats.sfreq.set(r.sampling_frequency, (stats.sfreq.get(r.sampling_frequency) ?? 0) + 1);
    }
    if (typeof r.duration_seconds === 'number') duration += r.duration_seconds;
    if (r.participant_tsv && typeof r.participant_tsv === 'object')
      for (const k of Object.keys(r.participant_tsv)) columns.add(k);
  }
  const subjects = set('subject');
  return {
    dataset: datasetId,
    record_count: records.length,
    subject_count: subjects.length,
    subjects,
    sessions: set('session'),
    tasks: set('task'),
    runs: set('run'),
    datatypes: set('datatype'),
    extensions: set('extension'),
    recording_modality: [...new Set(records.flatMap((r) => arr(r.recording_modality)).map(String))].sort(),
    nchans_counts: toValCounts(stats.nchans),
    sfreq_counts: toValCounts(stats.sfreq),
    total_duration_s: Math.round(duration * 1000) / 1000,
    participant_columns: [...columns],
  };
}
