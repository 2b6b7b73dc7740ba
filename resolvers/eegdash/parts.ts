/**
 * The small typed views inside EEGDash documents: where a file is stored, value histograms, and
 * the nested parts of a dataset document and its server-computed summary.
 */
import type { CatalogTotals, EegdashDatasetSummary, ValCount } from '../../datasources/eegdash-types.ts';
import { builder } from '../../src/builder.ts';
import { partType, readInt, readNumber, readObject, readObjects, readText, readTexts } from '../document.ts';

type Doc = Record<string, unknown>;

const join = (base: string, key: string): string => `${base.replace(/\/+$/, '')}/${key}`;

export const StorageType = partType(
  'EEGDashStorage',
  "Where a recording (or a dataset's root files) is stored: a base location and keys relative to it.",
  (doc, t) => ({
    backend: doc.text('backend', '"s3", "https", "local" or "nemar".'),
    base: doc.text('base', 'Base location, e.g. "s3://openneuro.org/ds002718".'),
    rawKey: doc.text('raw_key', 'Path of the main file relative to `base`.'),
    dependencyKeys: doc.texts(
      'dep_keys',
      'Sidecar and companion files (events, channels, .fdt, ...) relative to `base`.',
    ),
    url: t.string({
      nullable: true,
      description: 'Location of the main file: `base` + "/" + `rawKey`, as the EEGDash loader builds it.',
      resolve: (s) => {
        const base = readText(s.base);
        const key = readText(s.raw_key);
        return base && key ? join(base, key) : null;
      },
    }),
    dependencyUrls: t.stringList({
      description: 'Locations of the dependency files, built like `url`.',
      resolve: (s) => {
        const base = readText(s.base);
        return base ? readTexts(s.dep_keys).map((k) => join(base, k)) : [];
      },
    }),
    annexKeys: doc.object(
      'JSON',
      'annex_keys',
      'NEMAR git-annex keys by relative path; the object lives at `base` + "/objects/" + key.',
    ),
  }),
);

export const ValueCountType = builder.objectRef<ValCount>('EEGDashValueCount').implement({
  description: 'How many recordings share one value (a histogram bar), e.g. 18 recordings with 74 channels.',
  fields: (t) => ({
    value: t.float({ description: 'The value (channel count, or sampling rate in Hz).', resolve: (v) => v.val }),
    count: t.int({ description: 'Number of recordings with it.', resolve: (v) => v.count }),
  }),
});

/** The bars of a histogram as sent (`[{"val": 74, "count": 18}, ...]`); malformed bars are left out. */
export const valueCounts = (v: unknown): ValCount[] =>
  readObjects(v).flatMap((bar) => {
    const val = readNumber(bar.val);
    const count = readInt(bar.count);
    return val !== null && count !== null ? [{ val, count }] : [];
  });

export const DemographicsType = partType(
  'DatasetDemographics',
  'Who the participants of a dataset were, from its participants table.',
  (doc, t) => ({
    subjectsCount: doc.int('subjects_count', 'Number of subjects.'),
    ages: t.floatList({
      description: 'Reported ages in years, one per subject that reported one.',
      resolve: (d) => (Array.isArray(d.ages) ? d.ages.filter((a): a is number => typeof a === 'number') : []),
    }),
    ageMin: doc.float('age_min', 'Youngest age in years.'),
    ageMax: doc.float('age_max', 'Oldest age in years.'),
    ageMean: doc.float('age_mean', 'Mean age in years.'),
    species: doc.text('species', 'Species, e.g. "Homo sapiens".'),
    sexDistribution: doc.object('JSON', 'sex_distribution', 'Subjects per sex label, e.g. {"m": 9, "f": 9}.'),
    handednessDistribution: doc.object(
      'JSON',
      'handedness_distribution',
      'Subjects per handedness label, e.g. {"r": 16, "l": 2}.',
    ),
  }),
);

export const TagsType = partType('DatasetTags', "Labels assigned to a dataset by EEGDash's tagger.", (doc) => ({
  pathology: doc.texts('pathology', 'Population or pathology, e.g. "Healthy", "Epilepsy".'),
  modality: doc.texts('modality', 'Stimulus modality, e.g. "Visual", "Auditory".'),
  type: doc.texts('type', 'Kind of study, e.g. "Perception", "Memory".'),
}));

export interface ClinicalView {
  clinical: Doc | null;
  legacyGroup: unknown;
}

export const ClinicalType = builder.objectRef<ClinicalView>('DatasetClinical').implement({
  description: 'Whether a dataset is clinical, and its clinical group where documents still carry one.',
  fields: (t) => ({
    isClinical: t.boolean({
      nullable: true,
      description: 'True for clinical datasets.',
      resolve: (c) => (typeof c.clinical?.is_clinical === 'boolean' ? c.clinical.is_clinical : null),
    }),
    purpose: t.string({
      nullable: true,
      description: 'Clinical purpose, e.g. "epilepsy monitoring".',
      resolve: (c) => readText(c.clinical?.purpose),
    }),
    group: t.string({
      nullable: true,
      description: 'Clinical group from older documents (`clinical.group` or `clinical_group`).',
      resolve: (c) => readText(c.clinical?.group) ?? readText(c.legacyGroup),
    }),
  }),
});

export const TimestampsType = partType(
  'DatasetTimestamps',
  'When a dataset was created, changed and digested, as the source reports them (ISO-8601 or "YYYY-MM-DD HH:MM:SS").',
  (doc) => ({
    digestedAt: doc.text('digested_at', 'When EEGDash last digested it.'),
    createdAt: doc.text('dataset_created_at', 'When the dataset was created at its source.'),
    modifiedAt: doc.text('dataset_modified_at', 'When the dataset last changed at its source.'),
  }),
);

export const ExternalLinksType = partType('DatasetExternalLinks', 'Web pages about a dataset.', (doc) => ({
  sourceUrl: doc.text('source_url', "The dataset's page at its source (OpenNeuro, NEMAR, ...)."),
  paperUrl: doc.text('paper_url', 'The associated paper.'),
  githubUrl: doc.text('github_url', 'A GitHub repository.'),
  osfUrl: doc.text('osf_url', 'An OSF project.'),
}));

export const SummaryType = partType<EegdashDatasetSummary>(
  'DatasetSummary',
  'What EEGDash computes about a dataset for its catalogue pages (`/datasets/summary/{id}`).',
  (doc, t) => ({
    computedTitle: doc.text('computed_title', 'Display title: the name, else the README heading, else the id.'),
    authorYear: doc.text('author_year', 'Short citation label, e.g. "Wakeman2020".'),
    nameSource: doc.text('name_source', 'Where the title came from ("canonical", "dataset_description", "readme").'),
    sizeHuman: doc.text('size_human', 'Size for people, e.g. "4.3 GB".'),
    totalDurationSeconds: doc.float('total_duration_s', 'Recorded time across all recordings, in seconds.'),
    recordsWithBadChannels: t.int({
      nullable: true,
      description: 'Recordings with at least one channel marked bad.',
      resolve: (s) => readInt(readObject(s.bad_channels_info)?.records_with_bad_channels),
    }),
    badChannels: t.int({
      nullable: true,
      description: 'Channels marked bad, over all recordings.',
      resolve: (s) => readInt(readObject(s.bad_channels_info)?.total_bad_channels),
    }),
    statsComputedAt: doc.text('stats_computed_at', 'When the statistics were last computed.'),
  }),
);

export const CatalogTotalsType = partType<CatalogTotals>(
  'EEGDashCatalogTotals',
  'Totals over the EEGDash catalogue (or the part of it a modality or source selects).',
  (doc, t) => ({
    datasets: t.int({ description: 'Number of datasets.', resolve: (c) => c.datasets }),
    subjects: doc.int('subjects', 'Subjects over those datasets.'),
    files: doc.int('files', 'Recording files over those datasets.'),
    sizeBytes: t.field({
      type: 'SafeInt',
      nullable: true,
      description: 'Bytes over those datasets.',
      resolve: (c) => readInt(c.size_bytes),
    }),
  }),
);
