/**
 * Channel-name layouts for the seed. A layout's name list is built once and shared by every
 * record that uses it, which keeps 100k records cheap in memory.
 */
import type { Prng } from '../common/prng.ts';
import type { Device } from './vocab.ts';

/** Extended 10-10 positions in the usual front-to-back order. */
const TEN_TEN = [
  'Fp1',
  'Fpz',
  'Fp2',
  'AF9',
  'AF7',
  'AF5',
  'AF3',
  'AF1',
  'AFz',
  'AF2',
  'AF4',
  'AF6',
  'AF8',
  'AF10',
  'F9',
  'F7',
  'F5',
  'F3',
  'F1',
  'Fz',
  'F2',
  'F4',
  'F6',
  'F8',
  'F10',
  'FT9',
  'FT7',
  'FC5',
  'FC3',
  'FC1',
  'FCz',
  'FC2',
  'FC4',
  'FC6',
  'FT8',
  'FT10',
  'T9',
  'T7',
  'C5',
  'C3',
  'C1',
  'Cz',
  'C2',
  'C4',
  'C6',
  'T8',
  'T10',
  'TP9',
  'TP7',
  'CP5',
  'CP3',
  'CP1',
  'CPz',
  'CP2',
  'CP4',
  'CP6',
  'TP8',
  'TP10',
  'P9',
  'P7',
  'P5',
  'P3',
  'P1',
  'Pz',
  'P2',
  'P4',
  'P6',
  'P8',
  'P10',
  'PO9',
  'PO7',
  'PO5',
  'PO3',
  'PO1',
  'POz',
  'PO2',
  'PO4',
  'PO6',
  'PO8',
  'PO10',
  'O1',
  'Oz',
  'O2',
  'O9',
  'Iz',
  'O10',
];

/** Which positions a smaller cap keeps: the 10-20 core first, then the denser rows. */
const TEN_TEN_PRIORITY = [
  'Fp1',
  'Fp2',
  'F7',
  'F3',
  'Fz',
  'F4',
  'F8',
  'T7',
  'C3',
  'Cz',
  'C4',
  'T8',
  'P7',
  'P3',
  'Pz',
  'P4',
  'P8',
  'O1',
  'O2',
  'Fpz',
  'Oz',
  'FC1',
  'FC2',
  'CP1',
  'CP2',
  'FC5',
  'FC6',
  'CP5',
  'CP6',
  'TP9',
  'TP10',
  'POz',
  'F1',
  'F2',
  'C1',
  'C2',
  'P1',
  'P2',
  'AF3',
  'AF4',
  'FC3',
  'FC4',
  'CP3',
  'CP4',
  'PO3',
  'PO4',
  'F5',
  'F6',
  'C5',
  'C6',
  'P5',
  'P6',
  'AF7',
  'AF8',
  'FT7',
  'FT8',
  'TP7',
  'TP8',
  'PO7',
  'PO8',
  'FT9',
  'FT10',
  'FCz',
  'CPz',
  'AFz',
  'F9',
  'F10',
  'T9',
  'T10',
  'P9',
  'P10',
  'PO9',
  'PO10',
  'O9',
  'O10',
  'Iz',
  'AF1',
  'AF2',
  'AF5',
  'AF6',
  'PO1',
  'PO2',
  'PO5',
  'PO6',
];

const EMOTIV = ['AF3', 'F7', 'F3', 'FC5', 'T7', 'P7', 'O1', 'O2', 'P8', 'T8', 'FC6', 'F4', 'F8', 'AF4'];

const MUSCLES = [
  'FDS',
  'FDP',
  'EDC',
  'ECU',
  'ECR',
  'FCU',
  'FCR',
  'BB',
  'TB',
  'APB',
  'FDI',
  'ADM',
  'TA',
  'GM',
  'VL',
  'RF',
];

const IEEG_SHAFTS = [
  'LA',
  'LH',
  'LAH',
  'LPH',
  'LOF',
  'LIN',
  'LTP',
  'LCIN',
  'RA',
  'RH',
  'RAH',
  'RPH',
  'ROF',
  'RIN',
  'RTP',
  'RCIN',
];

export interface Layout {
  names: string[];
  /** Channel counts by type, as BIDS sidecars report them. */
  counts: Record<string, number>;
}

function tenTen(n: number): string[] {
  const keep = new Set(TEN_TEN_PRIORITY.slice(0, Math.min(n, TEN_TEN_PRIORITY.length)));
  return TEN_TEN.filter((name) => keep.has(name));
}

function numbered(prefix: string, n: number, from = 1, pad = 0): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${String(i + from).padStart(pad, '0')}`);
}

/** A scalp or sensor layout shared by a whole dataset. `eegCount` is the EEG/MEG/EMG sensor count. */
export function sensorLayout(device: Device, eegCount: number, rng: Prng): Layout {
  switch (device.layout) {
    case 'tenten': {
      const names = tenTen(eegCount);
      const extras = rng.chance(0.5) ? ['HEOG', 'VEOG'] : rng.chance(0.5) ? ['ECG'] : [];
      return { names: [...names, ...extras], counts: eegCounts(names.length, extras) };
    }
    case 'emotiv':
      return { names: [...EMOTIV], counts: { eeg_channel_count: 14 } };
    case 'egi': {
      // EGI nets number their electrodes and add the vertex reference last.
      const names = [...numbered('E', eegCount - 1), 'Cz'];
      return { names, counts: { eeg_channel_count: eegCount } };
    }
    case 'biosemi': {
      const names =
        eegCount <= 64
          ? tenTen(eegCount)
          : ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].slice(0, eegCount / 32).flatMap((b) => numbered(b, 32));
      const extras = ['EXG1', 'EXG2', 'EXG3', 'EXG4', 'Status'];
      return {
        names: [...names, ...extras],
        counts: { eeg_channel_count: names.length, eog_channel_count: 4, trigger_channel_count: 1 },
      };
    }
    case 'neuromag': {
      const sites: string[] = [];
      for (let g = 1; sites.length < 102; g++)
        for (let k = 1; k <= 4 && sites.length < 102; k++) sites.push(`${String(g).padStart(2, '0')}${k}`);
      const meg = sites.flatMap((s) => [`MEG${s}1`, `MEG${s}2`, `MEG${s}3`]);
      const eeg = rng.chance(0.4) ? numbered('EEG', 60, 1, 3) : [];
      const extras = ['EOG061', 'EOG062', 'ECG063', 'STI101'];
      return {
        names: [...meg, ...eeg, ...extras],
        counts: {
          meg_channel_count: 306,
          eeg_channel_count: eeg.length,
          eog_channel_count: 2,
          ecg_channel_count: 1,
          trigger_channel_count: 1,
        },
      };
    }
    case 'ctf': {
      const groups = ['MLC', 'MLF', 'MLO', 'MLP', 'MLT', 'MRC', 'MRF', 'MRO', 'MRP', 'MRT', 'MZC', 'MZF', 'MZO', 'MZP'];
      const meg: string[] = [];
      for (let i = 0; meg.length < 275; i++) {
        const group = groups[i % groups.length] as string;
        meg.push(`${group}${11 + Math.floor(i / groups.length)}`);
      }
      return {
        names: [...meg, 'UPPT001', 'EEG057', 'EEG058'],
        counts: { meg_channel_count: 275, eog_channel_count: 2, trigger_channel_count: 1 },
      };
    }
    case 'kit': {
      const meg = numbered('MEG ', eegCount, 1, 3);
      return { names: [...meg, 'TRIGGER 001'], counts: { meg_channel_count: eegCount, trigger_channel_count: 1 } };
    }
    case 'emg': {
      const names =
        eegCount <= MUSCLES.length && rng.chance(0.4) ? MUSCLES.slice(0, eegCount) : numbered('EMG', eegCount, 0);
      return { names, counts: { emg_channel_count: names.length } };
    }
    case 'ieeg':
      return ieegLayout(rng);
  }
}

function eegCounts(eeg: number, extras: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = { eeg_channel_count: eeg };
  if (extras.includes('HEOG')) counts.eog_channel_count = 2;
  if (extras.includes('ECG')) counts.ecg_channel_count = 1;
  return counts;
}

/** Implants differ per patient, so iEEG layouts are drawn per subject. */
export function ieegLayout(rng: Prng): Layout {
  if (rng.chance(0.3)) {
    // Subdural grid plus strips (ECoG).
    const grid = numbered('G', rng.pick([32, 48, 64]));
    const strips = Array.from({ length: rng.int(1, 4) }, (_, s) => numbered(`S${s + 1}-`, rng.pick([4, 6, 8]))).flat();
    const names = [...grid, ...strips, 'EKG1', 'EKG2'];
    return { names, counts: { ecog_channel_count: grid.length + strips.length, ecg_channel_count: 2 } };
  }
  const shafts = rng.sample(IEEG_SHAFTS, rng.int(4, 12));
  const contacts = shafts.flatMap((shaft) => numbered(shaft, rng.pick([8, 10, 12, 15, 16])));
  return {
    names: [...contacts, 'EKG1', 'EKG2'],
    counts: { seeg_channel_count: contacts.length, ecg_channel_count: 2 },
  };
}

/** A fixed 74-channel layout (70 scalp + 4 auxiliary) for the pinned face-recognition dataset. */
export function faceDatasetLayout(): Layout {
  const scalp = tenTen(70);
  return {
    names: [...scalp, 'HEOG', 'VEOG', 'ECG', 'EMG'],
    counts: { eeg_channel_count: 70, eog_channel_count: 2, ecg_channel_count: 1, misc_channel_count: 1 },
  };
}
