/**
 * The structural plan of one seeded dataset: modality, paradigm, hardware, subjects, sessions,
 * runs, participants. Each dataset draws from its own PRNG (keyed by its id), so a dataset's
 * content does not shift when another one changes and derived databases can regenerate it.
 */
import { EEGDASH_DATASET_IDS, eegdashSource, type EegdashSource } from '../common/catalog.ts';
import { Prng } from '../common/prng.ts';
import { faceDatasetLayout, sensorLayout, type Layout } from './channels.ts';
import {
  CONDITIONS,
  DEVICES,
  PARADIGMS,
  POPULATIONS,
  type Condition,
  type Device,
  type Modality,
  type Paradigm,
  type Population,
} from './vocab.ts';

/** The dataset the spec describes in detail (section 5.1): 18 subjects 002–019, 74 channels at 250 Hz. */
export const EEGDASH_FACE_DATASET_ID = 'ds002718';

/** Datasets pinned to more than 1000 records, so paging past the 1000-item page size is exercised. */
export const EEGDASH_LARGE_DATASET_IDS: readonly string[] = [
  EEGDASH_DATASET_IDS[40],
  EEGDASH_DATASET_IDS[210],
  EEGDASH_DATASET_IDS[377],
  EEGDASH_DATASET_IDS[520],
  'nm000103',
  'nm000131',
].filter((id): id is string => id !== undefined && id !== EEGDASH_FACE_DATASET_ID);

/** A dataset pinned clinical (epilepsy, iEEG) with `clinical.group`, for filter tests. */
export const EEGDASH_CLINICAL_DATASET_ID: string = EEGDASH_DATASET_IDS[12] ?? 'ds001500';

export interface Participant {
  /** The `participant_tsv` object, shared by all of this subject's records. */
  tsv: Record<string, unknown>;
  age: number | null;
  sex: 'M' | 'F' | null;
  handedness: 'R' | 'L' | 'A' | null;
}

export interface DatasetPlan {
  id: string;
  source: EegdashSource;
  modality: Modality;
  paradigm: Paradigm;
  tasks: string[];
  device: Device;
  extension: string;
  sfreqs: number[];
  /** Shared by every record; undefined for iEEG, whose layout is per subject. */
  layout: Layout | undefined;
  subjects: string[];
  participants: Participant[];
  sessions: (string | null)[];
  runs: (string | null)[];
  population: Population;
  condition: Condition | undefined;
  /** How the clinical label is stored: current object, legacy `clinical.group`, or top-level `clinical_group`. */
  clinicalStyle: 'object' | 'group' | 'legacy';
  large: boolean;
  /** Drop probability for a subject/session/task/run combination (missing recordings). */
  dropout: number;
  hasElectrodes: boolean;
  hasFdt: boolean;
  powerLine: 50 | 60;
  digestedAtMs: number;
  rng: { text: Prng; records: Prng };
}

/** Standard normal draw (Box–Muller), for the skewed subject-count distribution. */
function normal(rng: Prng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

function pickModality(rng: Prng, source: EegdashSource): Modality {
  const r = rng.next();
  if (source === 'nemar') return r < 0.72 ? 'eeg' : r < 0.84 ? 'emg' : r < 0.94 ? 'ieeg' : 'meg';
  return r < 0.8 ? 'eeg' : r < 0.89 ? 'meg' : r < 0.98 ? 'ieeg' : 'emg';
}

function subjectLabels(rng: Prng, n: number, source: EegdashSource): string[] {
  const style =
    source === 'nemar'
      ? rng.pick(['pad3', 'ndar', 'numeric8', 'pad3'])
      : rng.pick(['pad2', 'pad3', 'pad3', 'plain', 'prefixed']);
  const labels: string[] = [];
  const seen = new Set<string>();
  for (let i = 1; labels.length < n; i++) {
    let label: string;
    if (style === 'pad2') label = String(i).padStart(2, '0');
    else if (style === 'pad3') label = String(i).padStart(3, '0');
    else if (style === 'plain') label = String(i);
    else if (style === 'prefixed') label = `P${String(i).padStart(2, '0')}`;
    else if (style === 'ndar')
      label = `NDAR${rng
        .hex(8)
        .toUpperCase()
        .replace(/[0-9]/g, (d) => 'ABCDEFGHJK'[Number(d)] as string)}`;
    else label = String(rng.int(10_000_000, 99_999_999));
    if (!seen.has(label)) {
      seen.add(label);
      labels.push(label);
    }
  }
  return style === 'ndar' || style === 'numeric8' ? labels.sort() : labels;
}

function sessionLabels(rng: Prng, large: boolean): (string | null)[] {
  if (large || rng.chance(0.74)) return [null];
  return [
    ...rng.pick([
      ['01', '02'],
      ['1', '2', '3'],
      ['pre', 'post'],
      ['baseline', 'followup'],
      ['day1', 'day2'],
      ['01', '02', '03', '04'],
    ]),
  ];
}

function runLabels(rng: Prng, paradigm: Paradigm): (string | null)[] {
  if (paradigm.key === 'sleep' || paradigm.key === 'rest' || !rng.chance(0.35)) return [null];
  const n = rng.int(2, 6);
  const pad = rng.chance(0.5) ? 2 : 1;
  return Array.from({ length: n }, (_, i) => String(i + 1).padStart(pad, '0'));
}

function participants(rng: Prng, n: number, population: Population, condition: Condition | undefined): Participant[] {
  const reported = rng.chance(0.85);
  const withHandedness = reported && rng.chance(0.6);
  const [lo, hi] = population.ages;
  const out: Participant[] = [];
  for (let i = 0; i < n; i++) {
    const age = reported ? rng.int(lo, hi) : null;
    const sex = reported ? (rng.chance(0.52) ? 'F' : 'M') : null;
    const handedness = withHandedness ? (rng.chance(0.88) ? 'R' : rng.chance(0.8) ? 'L' : 'A') : null;
    const tsv: Record<string, unknown> = { age, sex };
    if (withHandedness) tsv.handedness = handedness;
    if (condition) tsv.group = i % 3 === 2 ? 'control' : 'patient';
    out.push({ tsv, age, sex, handedness });
  }
  return out;
}

function subjectCount(rng: Prng, id: string, large: boolean): number {
  if (id === EEGDASH_FACE_DATASET_ID) return 18;
  if (large) return rng.int(350, 800);
  // Log-normal around 26 subjects with a long tail, like public archives.
  return Math.max(1, Math.min(600, Math.round(Math.exp(Math.log(26) + 1.0 * normal(rng)))));
}

export function planDataset(id: string): DatasetPlan {
  const root = new Prng(`eegdash:dataset:${id}`);
  const rng = root.fork('structure');
  const source = eegdashSource(id);
  const large = EEGDASH_LARGE_DATASET_IDS.includes(id);
  const face = id === EEGDASH_FACE_DATASET_ID;
  const pinnedClinical = id === EEGDASH_CLINICAL_DATASET_ID;

  let modality = face ? 'eeg' : pinnedClinical ? 'ieeg' : pickModality(rng, source);
  if (large && modality !== 'eeg' && modality !== 'emg') modality = 'eeg';
  const paradigms = PARADIGMS.filter((p) => p.modalities.includes(modality));
  const paradigm = face
    ? (PARADIGMS.find((p) => p.key === 'faces') as Paradigm)
    : pinnedClinical
      ? (PARADIGMS.find((p) => p.key === 'monitoring') as Paradigm)
      : rng.pick(paradigms);

  let condition: Condition | undefined;
  if (pinnedClinical) condition = CONDITIONS[0];
  else if (paradigm.key === 'monitoring') condition = CONDITIONS[0];
  else if (!face && rng.chance(modality === 'emg' ? 0.08 : 0.2)) condition = rng.pick(CONDITIONS);
  const population = rng.pick(POPULATIONS);

  let tasks: string[] = face ? ['FaceRecognition'] : [...rng.pick(paradigm.tasks)];
  if (!face && paradigm.key !== 'rest' && paradigm.key !== 'sleep' && rng.chance(0.2)) tasks.push('rest');
  if (large) {
    // Large cohorts run a battery: add a second paradigm's tasks.
    const extra = rng.pick(paradigms.filter((p) => p !== paradigm));
    tasks = [...new Set([...tasks, ...(extra.tasks[0] ?? []), 'RestingState'])];
    for (const filler of ['symbolsearch', 'contrastdetection', 'sequencelearning'])
      if (tasks.length < 4) tasks.push(filler);
  }

  const device = face ? (DEVICES.eeg[1] as Device) : rng.pick(DEVICES[modality]);
  const extension = face ? '.set' : rng.pick(device.extensions);
  const primary = face ? 250 : rng.pick(device.sfreqs);
  // About one dataset in ten mixes two sampling rates (subjects recorded on different settings).
  const alternatives = device.sfreqs.filter((f) => f !== primary);
  const sfreqs = !face && alternatives.length > 0 && rng.chance(0.1) ? [primary, rng.pick(alternatives)] : [primary];
  const layout = face
    ? faceDatasetLayout()
    : modality === 'ieeg'
      ? undefined
      : sensorLayout(device, rng.pick(device.counts), rng);

  const n = subjectCount(rng, id, large);
  const subjects = face
    ? Array.from({ length: 18 }, (_, i) => String(i + 2).padStart(3, '0'))
    : subjectLabels(rng, n, source);
  const sessions = face ? [null] : sessionLabels(rng, large);
  const runs = face || large ? [null] : runLabels(rng, paradigm);

  const clinicalRoll = rng.next();
  return {
    id,
    source,
    modality,
    paradigm,
    tasks,
    device,
    extension,
    sfreqs,
    layout,
    subjects,
    participants: participants(rng, subjects.length, face ? (POPULATIONS[1] as Population) : population, condition),
    sessions,
    runs,
    population: face ? (POPULATIONS[1] as Population) : population,
    condition,
    clinicalStyle: pinnedClinical ? 'group' : clinicalRoll < 0.55 ? 'object' : clinicalRoll < 0.85 ? 'group' : 'legacy',
    large,
    dropout: face ? 0 : rng.pick([0, 0.02, 0.05, 0.1]),
    hasElectrodes: (modality === 'eeg' || modality === 'ieeg') && rng.chance(0.6),
    hasFdt: rng.chance(0.6),
    powerLine: source === 'nemar' || rng.chance(0.4) ? 60 : 50,
    // Digested during the first half of 2026.
    digestedAtMs: Date.UTC(2026, 0, 5) + rng.int(0, 170 * 86_400 * 1000),
    rng: { text: root.fork('text'), records: root.fork('records') },
  };
}
