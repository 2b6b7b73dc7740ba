/**
 * EEGDash wire types, in the archive's own snake_case, as its REST API sends them (see
 * ../shared/archives/eegdash.md §4–5). The server stores documents with `extra="allow"` and
 * holds both the legacy (v1, flat) and the current (v2) shapes, so every field is optional and
 * unknown fields pass through untouched.
 */

/** Databases the archive routes (`{db}` in every path); `eegdash` is production. */
export const EEGDASH_DATABASES = [
  'eegdash',
  'eegdash_staging',
  'eegdash_v1',
  'eegdash_dev',
  'eegdash_archive',
] as const;
export type EegdashDatabaseName = (typeof EEGDASH_DATABASES)[number];

export const isEegdashDatabase = (name: string): name is EegdashDatabaseName =>
  (EEGDASH_DATABASES as readonly string[]).includes(name);

/** A Mongo filter document, as sent in the `filter` query parameter. */
export type MongoFilter = Record<string, unknown>;

export interface Storage {
  backend?: string;
  base?: string;
  raw_key?: string;
  dep_keys?: string[];
  annex_keys?: Record<string, string>;
  sidecar_inline?: Record<string, string>;
}

/** One recording file (collection `records`). */
export interface EegdashRecord {
  _id?: string;
  dataset?: string;
  data_name?: string;
  bidspath?: string;
  bids_relpath?: string;
  datatype?: string;
  suffix?: string;
  extension?: string;
  recording_modality?: string[] | string;
  /** Legacy (v1) name of the datatype. */
  modality?: string;
  subject?: string | null;
  session?: string | null;
  task?: string | null;
  run?: string | null;
  storage?: Storage | null;
  ch_names?: string[] | null;
  sampling_frequency?: number | null;
  nchans?: number | null;
  ntimes?: number | null;
  duration_seconds?: number | null;
  digested_at?: string;
  montage_hash?: string | null;
  participant_tsv?: Record<string, unknown>;
  _has_missing_files?: boolean;
  [field: string]: unknown;
}

export interface ValCount {
  val: number;
  count: number;
}

/** One dataset (collection `datasets`). */
export interface EegdashDataset {
  _id?: string;
  dataset_id: string;
  name?: string | null;
  canonical_name?: string[] | null;
  source?: string | null;
  readme?: string | null;
  recording_modality?: string[] | string | null;
  datatypes?: string[] | null;
  experimental_modalities?: string[] | null;
  bids_version?: string | null;
  license?: string | null;
  dataset_doi?: string | null;
  associated_paper_doi?: string | null;
  authors?: string[] | null;
  funding?: string[] | null;
  tasks?: string[] | null;
  sessions?: string[] | null;
  total_files?: number | null;
  size_bytes?: number | null;
  data_processed?: boolean | null;
  study_domain?: string | null;
  study_design?: string | null;
  senior_author?: string | null;
  contact_info?: string[] | null;
  demographics?: Record<string, unknown> | null;
  tags?: Record<string, unknown> | null;
  clinical?: Record<string, unknown> | null;
  clinical_group?: string | null;
  external_links?: Record<string, unknown> | null;
  timestamps?: Record<string, unknown> | null;
  storage?: Storage | null;
  nemar_citation_count?: number | null;
  bids_validator_status?: string | null;
  nchans_counts?: ValCount[];
  sfreq_counts?: ValCount[];
  total_duration_s?: number | null;
  [field: string]: unknown;
}

/** `/datasets/summary/{id}`: the stored fields plus what the server computes per request. */
export interface EegdashDatasetSummary {
  dataset_id: string;
  computed_title?: string | null;
  author_year?: string | null;
  name_source?: string | null;
  size_human?: string | null;
  total_duration_s?: number | null;
  nchans_counts?: ValCount[];
  sfreq_counts?: ValCount[];
  bad_channels_info?: { records_with_bad_channels?: number; total_bad_channels?: number } | null;
  stats_computed_at?: string | null;
  [field: string]: unknown;
}

/** One dataset's entry of `/datasets/stats/records`: its histograms, as sent (read with care). */
export interface RecordStats {
  nchans_counts?: unknown;
  sfreq_counts?: unknown;
  [field: string]: unknown;
}

export interface CatalogTotals {
  datasets: number;
  subjects?: number;
  files?: number;
  size_bytes?: number;
}

/** A hit of `/datasets/search`: catalogue fields of a dataset (not its whole document), a README snippet, a score. */
export interface EegdashSearchHit {
  dataset_id: string;
  name?: string | null;
  computed_title?: string | null;
  snippet?: string;
  score?: number;
  [field: string]: unknown;
}
