/**
 * The small typed views inside EEGDash documents: where a file is stored, value histograms, and
 * the nested parts of a dataset document and its server-computed summary.
 */
import type { CatalogTotals, EegdashDatasetSummary, ValCount } from '../../datasources/eegdash-types.ts';
import { builder } from '../../src/builder.ts';
import { readInt, readNumber, readObject, readObjects, readText, readTexts } from '../document.ts';

type Doc = Record<string, unknown>;

const join = (base: string, key: string): string => `${base.replace(/\/+$/, '')}/${key}`;

export const StorageType = builder.objectRef<Doc>('EEGDashStorage').implement({
  description: "Where a recording (or a dataset's root files) is stored: a base location and keys relative to it.",
  fields: (t) => ({
    backend: t.string({
      nullable: true,
      description: '"s3", "https", "local" or "nemar".',
      resolve: (s) => readText(s.backend),
    }),
    base: t.string({
      nullable: true,
      description: 'Base location, e.g. "s3://openneuro.org/ds002718".',
      resolve: (s) => readText(s.base),
    }),
    rawKey: t.string({
      nullable: true,
      description: 'Path of the main file relative to `base`.',
      resolve: (s) => readText(s.raw_key),
    }),
    dependencyKeys: t.stringList({
      description: 'Sidecar and companion files (events, channels, .fdt, ...) relative to `base`.',
      resolve: (s) => readTexts(s.dep_keys),
    }),
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
    annexKeys: t.field({
      type: 'JSON',
      nullable: true,
      description: 'NEMAR git-annex keys by relative path; the object lives at `base` + "/objects/" + key.',
      resolve: (s) => readObject(s.annex_keys),
    }),
  }),
});

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

export const DemographicsType = builder.objectRef<Doc>('DatasetDemographics').implement({
  description: 'Who the participants of a dataset were, from its participants table.',
  fields: (t) => ({
    subjectsCount: t.int({
      nullable: true,
      description: 'Number of subjects.',
      resolve: (d) => readInt(d.subjects_count),
    }),
    ages: t.floatList({
      description: 'Reported ages in years, one per subject that reported one.',
      resolve: (d) => (Array.isArray(d.ages) ? d.ages.filter((a): a is number => typeof a === 'number') : []),
    }),
    ageMin: t.float({ nullable: true, description: 'Youngest age in years.', resolve: (d) => readNumber(d.age_min) }),
    ageMax: t.float({ nullable: true, description: 'Oldest age in years.', resolve: (d) => readNumber(d.age_max) }),
    ageMean: t.float({ nullable: true, description: 'Mean age in years.', resolve: (d) => readNumber(d.age_mean) }),
    species: t.string({
      nullable: true,
      description: 'Species, e.g. "Homo sapiens".',
      resolve: (d) => readText(d.species),
    }),
    sexDistribution: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Subjects per sex label, e.g. {"m": 9, "f": 9}.',
      resolve: (d) => readObject(d.sex_distribution),
    }),
    handednessDistribution: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Subjects per handedness label, e.g. {"r": 16, "l": 2}.',
      resolve: (d) => readObject(d.handedness_distribution),
    }),
  }),
});

export const TagsType = builder.objectRef<Doc>('DatasetTags').implement({
  description: "Labels assigned to a dataset by EEGDash's tagger.",
  fields: (t) => ({
    pathology: t.stringList({
      description: 'Population or pathology, e.g. "Healthy", "Epilepsy".',
      resolve: (d) => readTexts(d.pathology),
    }),
    modality: t.stringList({
      description: 'Stimulus modality, e.g. "Visual", "Auditory".',
      resolve: (d) => readTexts(d.modality),
    }),
    type: t.stringList({
      description: 'Kind of study, e.g. "Perception", "Memory".',
      resolve: (d) => readTexts(d.type),
    }),
  }),
});

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

export const TimestampsType = builder.objectRef<Doc>('DatasetTimestamps').implement({
  description:
    'When a dataset was created, changed and digested, as the source reports them (ISO-8601 or "YYYY-MM-DD HH:MM:SS").',
  fields: (t) => ({
    digestedAt: t.string({
      nullable: true,
      description: 'When EEGDash last digested it.',
      resolve: (d) => readText(d.digested_at),
    }),
    createdAt: t.string({
      nullable: true,
      description: 'When the dataset was created at its source.',
      resolve: (d) => readText(d.dataset_created_at),
    }),
    modifiedAt: t.string({
      nullable: true,
      description: 'When the dataset last changed at its source.',
      resolve: (d) => readText(d.dataset_modified_at),
    }),
  }),
});

export const ExternalLinksType = builder.objectRef<Doc>('DatasetExternalLinks').implement({
  description: 'Web pages about a dataset.',
  fields: (t) => ({
    sourceUrl: t.string({
      nullable: true,
      description: "The dataset's page at its source (OpenNeuro, NEMAR, ...).",
      resolve: (d) => readText(d.source_url),
    }),
    paperUrl: t.string({ nullable: true, description: 'The associated paper.', resolve: (d) => readText(d.paper_url) }),
    githubUrl: t.string({
      nullable: true,
      description: 'A GitHub repository.',
      resolve: (d) => readText(d.github_url),
    }),
    osfUrl: t.string({ nullable: true, description: 'An OSF project.', resolve: (d) => readText(d.osf_url) }),
  }),
});

export const SummaryType = builder.objectRef<EegdashDatasetSummary>('DatasetSummary').implement({
  description: 'What EEGDash computes about a dataset for its catalogue pages (`/datasets/summary/{id}`).',
  fields: (t) => ({
    computedTitle: t.string({
      nullable: true,
      description: 'Display title: the name, else the README heading, else the id.',
      resolve: (s) => readText(s.computed_title),
    }),
    authorYear: t.string({
      nullable: true,
      description: 'Short citation label, e.g. "Wakeman2020".',
      resolve: (s) => readText(s.author_year),
    }),
    nameSource: t.string({
      nullable: true,
      description: 'Where the title came from ("canonical", "dataset_description", "readme").',
      resolve: (s) => readText(s.name_source),
    }),
    sizeHuman: t.string({
      nullable: true,
      description: 'Size for people, e.g. "4.3 GB".',
      resolve: (s) => readText(s.size_human),
    }),
    totalDurationSeconds: t.float({
      nullable: true,
      description: 'Recorded time across all recordings, in seconds.',
      resolve: (s) => readNumber(s.total_duration_s),
    }),
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
    statsComputedAt: t.string({
      nullable: true,
      description: 'When the statistics were last computed.',
      resolve: (s) => readText(s.stats_computed_at),
    }),
  }),
});

export const CatalogTotalsType = builder.objectRef<CatalogTotals>('EEGDashCatalogTotals').implement({
  description: 'Totals over the EEGDash catalogue (or the part of it a modality or source selects).',
  fields: (t) => ({
    datasets: t.int({ description: 'Number of datasets.', resolve: (c) => c.datasets }),
    subjects: t.int({
      nullable: true,
      description: 'Subjects over those datasets.',
      resolve: (c) => readInt(c.subjects),
    }),
    files: t.int({
      nullable: true,
      description: 'Recording files over those datasets.',
      resolve: (c) => readInt(c.files),
    }),
    sizeBytes: t.field({
      type: 'SafeInt',
      nullable: true,
      description: 'Bytes over those datasets.',
      resolve: (c) => readInt(c.size_bytes),
    }),
  }),
});
