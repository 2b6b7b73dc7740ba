/**
 * Dataset documents (spec 5.2) for planned datasets, written after the records so the counts,
 * sizes and demographics agree with what the records say.
 */
import type { Prng } from '../common/prng.ts';
import type { ObjectIdFactory } from './object-id.ts';
import type { DatasetPlan } from './seed-plan.ts';
import { digestedAt, storageBase, type Doc, type RecordTally } from './seed-records.ts';
import { countsOf } from './stats.ts';
import {
  BIDS_VERSIONS,
  FIRST_NAMES,
  FUNDERS,
  INSTITUTIONS,
  LAST_NAMES,
  MODALITY_LABEL,
  NEMAR_LICENSES,
  OPENNEURO_LICENSES,
  VALIDATOR_ISSUES,
} from './vocab.ts';

/** Text-level facts drawn before the records, because records repeat some of them. */
export interface DatasetText {
  title: string;
  authors: string[];
  institution: string;
}

function person(rng: Prng): string {
  const middle = rng.chance(0.25) ? ` ${String.fromCharCode(65 + rng.int(0, 25))}.` : '';
  return `${rng.pick(FIRST_NAMES)}${middle} ${rng.pick(LAST_NAMES)}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function datasetText(plan: DatasetPlan): DatasetText {
  const rng = plan.rng.text;
  const mod = MODALITY_LABEL[plan.modality];
  const who = plan.condition?.population ?? plan.population.phrase;
  const label = plan.paradigm.label;
  const multiSession = plan.sessions.length > 1;
  const templates = [
    () => `${capitalise(label)} ${mod} in ${who}`,
    () => `${mod} recordings during ${label} in ${who}`,
    () => `${capitalise(label)}: a ${plan.subjects.length}-participant ${mod} dataset`,
    () => `Neural dynamics of ${label} (${mod})`,
    () => `${mod} dataset for ${label} (${plan.tasks.join(', ')})`,
    () => `${multiSession ? 'Multi-session' : 'Single-session'} ${mod} study of ${label}`,
    () => `${capitalise(who)}: ${mod} during ${label}`,
  ];
  // Qualifiers keep independently generated titles from colliding too often.
  const qualifiers = [
    '',
    '',
    '',
    ' (replication)',
    ': pilot release',
    ' across two laboratories',
    ' (open-access release)',
    ' (BIDS conversion)',
    ' — second cohort',
  ];
  if (plan.paradigm.stimulus === 'Visual') qualifiers.push(' with simultaneous eye tracking');
  const title =
    plan.id === 'ds002718'
      ? `Face recognition ${mod} dataset in EEGLAB format`
      : `${rng.pick(templates)()}${rng.pick(qualifiers)}`;
  const authors = Array.from({ length: rng.int(2, 9) }, () => person(rng)).filter((a, i, all) => all.indexOf(a) === i);
  return { title, authors, institution: rng.pick(INSTITUTIONS) };
}

function readme(plan: DatasetPlan, text: DatasetText, tally: RecordTally, bidsVersion: string): string {
  const mod = MODALITY_LABEL[plan.modality];
  const ages = plan.participants.map((p) => p.age).filter((a): a is number => a !== null);
  const ageLine = ages.length ? ` aged ${Math.min(...ages)} to ${Math.max(...ages)} years` : '';
  const nchans = plan.layout?.names.length;
  const sessions =
    tally.sessions.size > 1
      ? ` Each participant was recorded in ${tally.sessions.size} sessions (${[...tally.sessions].join(', ')}).`
      : '';
  return [
    `# ${text.title}`,
    '',
    '## Overview',
    `This dataset contains ${mod} recordings from ${plan.subjects.length} ${plan.condition?.population ?? plan.population.phrase}${ageLine}, acquired during a ${plan.paradigm.label} paradigm (tasks: ${plan.tasks.join(', ')}).${sessions}`,
    '',
    '## Acquisition',
    `Data were recorded with a ${plan.device.manufacturer} ${plan.device.model} system${nchans ? ` (${nchans} channels)` : ''} at ${plan.sfreqs.join(' or ')} Hz, with a ${plan.powerLine} Hz power line.`,
    ...(plan.modality === 'ieeg'
      ? [
          'Electrode placement was determined solely by clinical need; contact locations are given in the electrodes files.',
        ]
      : []),
    '',
    '## Data organisation',
    `Files follow BIDS ${bidsVersion}. Raw recordings are stored as ${plan.extension} files (${tally.files} recordings in total); events are in the *_events.tsv files.`,
    '',
    '## Contact',
    `${text.institution}. Questions about the data should go to the corresponding author, ${text.authors.at(-1) ?? 'the authors'}.`,
  ].join('\n');
}

function distribution<T extends string>(values: readonly (T | null)[], lower = true): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const v of values)
    if (v !== null) out[lower ? v.toLowerCase() : v] = (out[lower ? v.toLowerCase() : v] ?? 0) + 1;
  return Object.keys(out).length ? out : null;
}

export function datasetDocument(
  plan: DatasetPlan,
  text: DatasetText,
  tally: RecordTally,
  records: readonly Doc[],
  ids: ObjectIdFactory,
): Doc {
  const rng = plan.rng.text;
  const openneuro = plan.source === 'openneuro';
  const createdMs = Date.UTC(2018, 0, 1) + rng.int(0, 7 * 365) * 86_400_000 + rng.int(0, 86_399) * 1000;
  const modifiedMs = Math.min(createdMs + rng.int(1, 900) * 86_400_000, plan.digestedAtMs - 86_400_000);
  const bidsVersion = rng.pick(BIDS_VERSIONS);
  const ages = plan.participants.map((p) => p.age).filter((a): a is number => a !== null);
  const year = new Date(createdMs).getUTCFullYear();
  const firstAuthorLast = (text.authors[0] ?? 'Anon').split(' ').at(-1) as string;
  const doi = openneuro ? `10.18112/openneuro.${plan.id}.v1.0.0` : `10.82901/nemar.${plan.id}`;
  const paperDoi = rng.chance(0.45)
    ? `10.${rng.int(1000, 1200)}/${rng.pick(['j.neuroimage', 'jneurosci', 's41597', 'eneuro', 'j.clinph'])}.${year}.${rng.int(100, 9999)}`
    : null;
  const validator = rng.pick(['pass', 'pass', 'pass', 'pass', 'pass', 'fail', 'unknown', null] as const);
  const sizeBytes = Math.round(tally.sizeBytes * (1.01 + rng.next() * 0.04));
  const { backend, base } = storageBase(plan);
  const taskSidecars = plan.tasks.flatMap((t) => [`task-${t}_${plan.modality}.json`, `task-${t}_events.json`]);
  const clinical = plan.condition !== undefined;
  const doc: Doc = {
    _id: ids.next(Math.floor(plan.digestedAtMs / 1000)),
    dataset_id: plan.id,
    name: text.title,
    canonical_name: rng.chance(0.08) ? [`${firstAuthorLast}${year}_${plan.paradigm.key.replace(/-/g, '')}`] : null,
    source: plan.source,
    readme: readme(plan, text, tally, bidsVersion),
    recording_modality: [plan.modality],
    datatypes: [plan.modality],
    experimental_modalities: rng.chance(0.3) ? [plan.modality, 'mri'] : null,
    bids_version: bidsVersion,
    license: plan.id === 'ds002718' ? 'CC0' : openneuro ? rng.pick(OPENNEURO_LICENSES) : rng.pick(NEMAR_LICENSES),
    authors: text.authors,
    funding: Array.from(
      { length: rng.int(0, 3) },
      () => `${rng.pick(FUNDERS)} grant ${rng.hex(2).toUpperCase()}${rng.int(10_000, 99_999)}`,
    ),
    dataset_doi: doi,
    associated_paper_doi: paperDoi,
    tasks: [...tally.tasks],
    sessions: [...tally.sessions],
    total_files: tally.files,
    size_bytes: sizeBytes,
    data_processed: rng.chance(0.1),
    study_domain: rng.chance(0.6) ? plan.paradigm.type : null,
    study_design: rng.chance(0.5)
      ? rng.pick(['within-subject', 'between-group', 'longitudinal', 'cross-sectional'])
      : null,
    contributing_labs: null,
    n_contributing_labs: null,
    demographics: {
      subjects_count: plan.subjects.length,
      ages,
      age_min: ages.length ? Math.min(...ages) : null,
      age_max: ages.length ? Math.max(...ages) : null,
      age_mean: ages.length ? ages.reduce((a, b) => a + b, 0) / ages.length : null,
      species: rng.chance(0.5) ? 'Homo sapiens' : null,
      sex_distribution: distribution(plan.participants.map((p) => p.sex)),
      handedness_distribution: distribution(plan.participants.map((p) => p.handedness)),
    },
    senior_author: text.authors.at(-1) ?? null,
    contact_info: rng.chance(0.3) ? [text.authors.at(-1) as string] : null,
    timestamps: {
      digested_at: digestedAt(plan),
      dataset_created_at: openneuro ? new Date(createdMs).toISOString() : null,
      dataset_modified_at: openneuro
        ? new Date(modifiedMs).toISOString()
        : new Date(modifiedMs).toISOString().slice(0, 19).replace('T', ' '),
    },
    storage: {
      backend,
      base,
      raw_key: 'dataset_description.json',
      dep_keys: ['README', 'participants.tsv', 'participants.json', ...taskSidecars],
    },
    external_links: {
      source_url: openneuro
        ? `https://openneuro.org/datasets/${plan.id}/versions/1.0.0`
        : `https://nemar.org/dataexplorer/detail/${plan.id}`,
      osf_url: null,
      github_url: openneuro ? null : `https://github.com/nemarDatasets/${plan.id}`,
      paper_url: paperDoi ? `https://doi.org/${paperDoi}` : null,
    },
    tags: {
      pathology: [clinical ? (plan.condition?.pathology as string) : plan.population.subjectType],
      modality: [plan.paradigm.stimulus],
      type: [plan.paradigm.type],
      confidence: { pathology: 0.9, modality: 0.8, type: 0.75 },
    },
    tagger_meta: {
      config_hash: rng.hex(12),
      metadata_hash: rng.hex(12),
      model: 'llm-tagger-v2',
      tagged_at: digestedAt(plan),
    },
    clinical: { is_clinical: clinical, purpose: clinical ? (plan.condition?.purpose as string) : null },
    nemar_citation_count: openneuro ? null : rng.int(0, 40),
    bids_validator_status: validator,
    n_validator_errors: validator === 'fail' ? rng.int(1, 14) : validator === 'pass' ? 0 : null,
    top_issue_code: validator === 'fail' ? rng.pick(VALIDATOR_ISSUES) : null,
  };
  // Legacy documents kept the clinical label under older names, which clients still query.
  if (clinical && plan.clinicalStyle === 'group') (doc.clinical as Doc).group = plan.condition?.group;
  if (clinical && plan.clinicalStyle === 'legacy') doc.clinical_group = plan.condition?.group;
  if (!openneuro) doc.repository_stats = { stars: rng.int(0, 30), forks: rng.int(0, 8), watchers: rng.int(1, 6) };
  if (rng.chance(0.4))
    doc.how_to_acknowledge = `Please cite ${firstAuthorLast} et al. (${year}) and the dataset DOI ${doi}.`;
  if (rng.chance(0.3)) doc.ethics_approvals = [`Institutional review board of the ${text.institution}`];
  doc.ingestion_fingerprint = rng.hex(64);
  // Stored as the compute-stats job leaves them (spec 4.21); /datasets/stats/records recomputes live.
  Object.assign(doc, countsOf(records), {
    total_duration_s: Math.round(tally.durationS * 1000) / 1000,
    stats_computed_at: digestedAt(plan),
  });
  return doc;
}
