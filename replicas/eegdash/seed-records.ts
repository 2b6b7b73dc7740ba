/**
 * Record documents for one planned dataset, in the live (post-inject) shape of spec 5.1:
 * top-level subject/session/task/run, `entities_mne` kept, `entities` dropped.
 *
 * Built for volume: one object literal per record with a fixed key order (one hidden class);
 * channel lists, participant rows, provenance and filter objects shared between records; path
 * strings joined flat (template literals would leave chains of V8 cons-strings, ~20 per record)
 * and arrays allocated at their exact size.
 */
import { hashString } from '../common/prng.ts';
import { ieegLayout, type Layout } from './channels.ts';
import type { DatasetPlan } from './seed-plan.ts';
import type { ObjectIdFactory } from './object-id.ts';

export type Doc = Record<string, unknown>;

/** What the dataset document needs to know about its records. */
export interface RecordTally {
  files: number;
  sizeBytes: number;
  durationS: number;
  sessions: Set<string>;
  tasks: Set<string>;
}

const PROVENANCE_MNE = {
  sampling_frequency: 'mne_bids',
  nchans: 'mne_bids',
  ntimes: 'mne_bids',
  ch_names: 'mne_bids',
  duration_seconds: 'mne_bids',
};
const PROVENANCE_SIDECAR = {
  sampling_frequency: 'mne_bids',
  nchans: 'mne_bids',
  ntimes: 'sidecar_arithmetic',
  ch_names: 'mne_bids',
  duration_seconds: 'sidecar_arithmetic',
};
const PROVENANCE_BINARY = {
  sampling_frequency: 'binary_parser',
  nchans: 'binary_parser',
  ntimes: 'binary_parser',
  ch_names: 'binary_parser',
  duration_seconds: 'binary_parser',
};
const NO_BAD_CHANNELS: string[] = [];

/** A flat string: `Array.prototype.join` allocates one sequential string. */
const flat = (...parts: string[]): string => parts.join('');

const BYTES_PER_SAMPLE: Record<string, number> = {
  '.bdf': 3,
  '.edf': 2,
  '.vhdr': 2,
  '.set': 4,
  '.fif': 4,
  '.ds': 4,
  '.con': 2,
  '.nwb': 4,
};

export function storageBase(plan: Pick<DatasetPlan, 'id' | 'source'>): { backend: string; base: string } {
  return plan.source === 'nemar'
    ? { backend: 'nemar', base: `s3://nemar/${plan.id}` }
    : { backend: 's3', base: `s3://openneuro.org/${plan.id}` };
}

/** The digester's timestamp form, `2026-06-05T14:53:18.837253+00:00` (microseconds, explicit offset). */
export function digestedAt(plan: DatasetPlan): string {
  const ms = plan.digestedAtMs;
  const micros = (ms % 1000) * 1000 + (Math.floor(ms / 1000) % 1000);
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}+00:00`;
}

const montageHashes = new WeakMap<Layout, string>();

/** The montage registry key: a content hash, so identical layouts share one montage. */
function montageHash(layout: Layout): string {
  let hash = montageHashes.get(layout);
  if (hash === undefined) {
    const joined = layout.names.join(',');
    hash =
      hashString(joined).toString(16).padStart(8, '0') + hashString(`montage:${joined}`).toString(16).padStart(8, '0');
    montageHashes.set(layout, hash);
  }
  return hash;
}

/** Dataset-wide sidecar facts, shared by reference across the dataset's records. */
function sidecarDefaults(plan: DatasetPlan) {
  const rng = plan.rng.records;
  const highpass = plan.modality === 'emg' ? 20 : rng.pick([0, 0.01, 0.1, 0.5]);
  const lowpass = plan.modality === 'emg' ? 850 : Math.round((plan.sfreqs[0] ?? 500) * rng.pick([0.2, 0.25, 0.4]));
  const ref =
    plan.modality === 'eeg'
      ? plan.device.manufacturer === 'BioSemi'
        ? 'CMS/DRL'
        : rng.pick(['Cz', 'average', 'linked mastoids', 'FCz'])
      : plan.modality === 'ieeg'
        ? rng.pick(['bipolar', 'common average', 'white matter contact'])
        : plan.modality === 'emg'
          ? 'bipolar'
          : null;
  return {
    hardwareFilters: rng.chance(0.8) ? { Highpass: { CutoffHz: highpass }, Lowpass: { CutoffHz: lowpass } } : 'n/a',
    softwareFilters: rng.chance(0.85) ? 'n/a' : { Notch: { FrequencyHz: plan.powerLine } },
    reference: ref,
    placement:
      plan.modality !== 'eeg'
        ? null
        : plan.device.layout === 'egi'
          ? 'EGI HydroCel'
          : plan.device.layout === 'emotiv'
            ? '10-20'
            : rng.pick(['10-10', '10-20', 'extended 10-20']),
    provenance:
      plan.extension === '.edf' || plan.extension === '.bdf'
        ? PROVENANCE_SIDECAR
        : plan.extension === '.vhdr'
          ? PROVENANCE_BINARY
          : PROVENANCE_MNE,
  };
}

/**
 * Appends the dataset's records to `out` (insertion order = subject, session, task, run) and
 * returns the tallies the dataset document is built from.
 */
export function generateRecords(plan: DatasetPlan, ids: ObjectIdFactory, institution: string, out: Doc[]): RecordTally {
  const rng = plan.rng.records;
  const side = sidecarDefaults(plan);
  const { backend, base } = storageBase(plan);
  const datatype = plan.modality;
  const digested = digestedAt(plan);
  const tsSeconds = Math.floor(plan.digestedAtMs / 1000);
  const recordingModality = [plan.modality];
  const ext = plan.extension;
  const bps = BYTES_PER_SAMPLE[ext] ?? 2;
  const [minDur, maxDur] = plan.paradigm.duration;
  const tally: RecordTally = { files: 0, sizeBytes: 0, durationS: 0, sessions: new Set(), tasks: new Set() };
  const scratch: string[] = [];

  plan.subjects.forEach((subject, si) => {
    const layout: Layout = plan.layout ?? ieegLayout(rng);
    const chNames = layout.names;
    const nchans = chNames.length;
    const montage = plan.hasElectrodes ? montageHash(layout) : null;
    const sfreq =
      plan.sfreqs.length > 1 ? (plan.sfreqs[si % plan.sfreqs.length] as number) : (plan.sfreqs[0] as number);
    const participant = plan.participants[si]?.tsv ?? {};
    const subjectDir = flat('sub-', subject);
    let kept = 0;
    for (const session of plan.sessions) {
      const dir =
        session === null
          ? flat(subjectDir, '/', datatype, '/')
          : flat(subjectDir, '/ses-', session, '/', datatype, '/');
      const stem0 = session === null ? subjectDir : flat(subjectDir, '_ses-', session);
      // Subject/session-level sidecars: one string shared by all of this session's records.
      const electrodes = flat(dir, stem0, '_electrodes.tsv');
      const coordsystem = flat(dir, stem0, '_coordsystem.json');
      for (const task of plan.tasks) {
        const taskRuns = task === 'rest' || task === 'RestingState' ? [null] : plan.runs;
        for (const run of taskRuns) {
          // Real cohorts have holes: a subject skipped a run or a file failed conversion.
          if (kept > 0 && plan.dropout > 0 && rng.chance(plan.dropout)) continue;
          kept++;
          const stem = run === null ? flat(stem0, '_task-', task) : flat(stem0, '_task-', task, '_run-', run);
          const prefix = flat(dir, stem);
          const relpath = flat(prefix, '_', datatype, ext);
          const duration = Math.round((minDur + rng.next() * (maxDur - minDur)) * 10) / 10;
          const ntimes = Math.round(duration * sfreq);
          const durationSeconds = Math.round((ntimes / sfreq) * 10_000) / 10_000;
          const size = ntimes * nchans * bps + 512 * (nchans + 1);
          scratch.length = 0;
          scratch.push(flat(prefix, '_channels.tsv'), flat(prefix, '_events.tsv'));
          if (ext === '.set' && plan.hasFdt) scratch.push(flat(prefix, '_', datatype, '.fdt'));
          if (ext === '.vhdr') scratch.push(flat(prefix, '_', datatype, '.vmrk'), flat(prefix, '_', datatype, '.eeg'));
          if (plan.hasElectrodes) scratch.push(electrodes, coordsystem);
          const storage: Doc = { backend, base, raw_key: relpath, dep_keys: scratch.slice() };
          if (backend === 'nemar' && ext !== '.ds')
            storage.annex_keys = { [relpath]: flat('MD5E-s', String(size), '--', rng.hex(32), ext) };
          const bad = rng.chance(0.15) ? rng.sample(chNames, rng.int(1, 3)).slice() : NO_BAD_CHANNELS;
          const rec: Doc = {
            _id: ids.next(tsSeconds),
            dataset: plan.id,
            data_name: flat(plan.id, '_', stem, '_', datatype, ext),
            bidspath: flat(plan.id, '/', relpath),
            bids_relpath: relpath,
            datatype,
            suffix: datatype,
            extension: ext,
            recording_modality: recordingModality,
            subject,
            session,
            task,
            run,
            entities_mne: { subject, session, task, run, acquisition: null },
            storage,
            ch_names: chNames,
            sampling_frequency: sfreq,
            nchans,
            ntimes,
            duration_seconds: durationSeconds,
            digested_at: digested,
            participant_tsv: participant,
            _has_missing_files: rng.chance(0.005),
            _metadata_provenance: side.provenance,
            power_line_frequency: plan.powerLine,
            software_filters: side.softwareFilters,
            hardware_filters: side.hardwareFilters,
            manufacturer: plan.device.manufacturer,
            manufacturers_model_name: plan.device.model,
            institution_name: institution,
            recording_type: 'continuous',
            recording_duration: durationSeconds,
            eeg_reference: side.reference,
            eeg_placement_scheme: side.placement,
            bad_channels: bad,
            bad_channels_count: bad.length,
            montage_hash: montage,
          };
          Object.assign(rec, layout.counts);
          out.push(rec);
          tally.files++;
          tally.sizeBytes += size;
          tally.durationS += durationSeconds;
          if (session !== null) tally.sessions.add(session);
          tally.tasks.add(task);
        }
      }
    }
  });
  return tally;
}
