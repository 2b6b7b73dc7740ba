/**
 * The file layout of one dandiset: which paths exist, what they are and how big. NWB dandisets
 * follow dandi-cli's `organize` layout (`sub-X/sub-X_ses-Y_behavior+ecephys.nwb`); microscopy
 * dandisets follow BIDS microscopy (`sub-X/ses-Y/micr/…_SPIM.ome.zarr` plus JSON sidecars).
 */
import type { Prng } from '../common/prng.ts';
import type { AssetKind, DandisetRecord } from './model.ts';
import { uuid4 } from './ids.ts';
import { toAscii } from './seed-dandisets.ts';
import { subjectLabel, subjectTraits, type SubjectStyle } from './subjects.ts';

export interface PlannedFile {
  path: string;
  kind: AssetKind;
  encodingFormat: string;
  size: number;
  modality: number;
  subject: string | undefined;
  session: string | undefined;
  subjectIndex: number;
  text: string | undefined;
}

const FORMATS: Record<AssetKind, string> = {
  nwb: 'application/x-nwb',
  json: 'application/json',
  readme: 'text/markdown',
  tsv: 'text/tab-separated-values',
  changes: 'text/plain',
  zarr: 'application/x-zarr',
  image: 'image/jpeg',
  video: 'video/mp4',
};

const logUniform = (rng: Prng, lo: number, hi: number) =>
  Math.round(Math.exp(Math.log(lo) + rng.next() * (Math.log(hi) - Math.log(lo))));

function textFile(
  path: string,
  kind: AssetKind,
  text: string,
  subjectIndex = -1,
  subject?: string,
  session?: string,
): PlannedFile {
  // Text files are ASCII so their byte length is their size and any byte range is servable.
  const body = toAscii(text);
  return {
    path,
    kind,
    encodingFormat: FORMATS[kind],
    size: body.length,
    modality: -1,
    subject,
    session,
    subjectIndex,
    text: body,
  };
}

function file(
  path: string,
  kind: AssetKind,
  size: number,
  modality: number,
  subjectIndex: number,
  subject?: string,
  session?: string,
): PlannedFile {
  return { path, kind, encodingFormat: FORMATS[kind], size, modality, subject, session, subjectIndex, text: undefined };
}

interface Labels {
  subject: (i: number) => string;
  session: (subjectIndex: number, t: number) => string;
}

function labels(rng: Prng, ds: DandisetRecord): Labels {
  const style = rng.pick<SubjectStyle>(['num', 'animal', 'animal', 'date']);
  const day0 = new Date(Math.floor(ds.created / 1000) - rng.int(60, 400) * 86_400_000);
  const offset = style === 'date' ? Number(day0.toISOString().slice(0, 10).replace(/-/g, '')) : rng.int(10, 900);
  const prefix = rng.pick(['M', 'R', 'ANM', 'mouse', 'AL', 'JC', 'KS']);
  const sesStyle = rng.pick(['date', 'date', 'datetime', 'num']);
  return {
    subject: (i) => subjectLabel(style, i, offset, prefix),
    session: (s, t) => {
      if (sesStyle === 'num') return String(t + 1);
      const d = new Date(day0.getTime() + (s * 2 + t) * 86_400_000);
      const ymd = d.toISOString().slice(0, 10).replace(/-/g, '');
      if (sesStyle === 'date') return ymd;
      const h = 9 + ((s * 7 + t * 3) % 9);
      return `${ymd}T${String(h).padStart(2, '0')}${String((s * 13 + t * 29) % 60).padStart(2, '0')}${String((s * 31 + t * 17) % 60).padStart(2, '0')}`;
    },
  };
}

function participants(ds: DandisetRecord, subjects: string[]): string {
  const rows = subjects.map((label, i) => {
    const t = subjectTraits(ds, i);
    return [`sub-${label}`, t.species.name, t.sex.name.charAt(0), t.age, t.genotype ?? 'n/a'].join('\t');
  });
  return `${['participant_id\tspecies\tsex\tage\tgenotype', ...rows].join('\n')}\n`;
}

function rootFiles(ds: DandisetRecord, subjects: string[], rng: Prng): PlannedFile[] {
  const authors = ds.contributors.filter((c) => c.schemaKey === 'Person' && c.includeInCitation).map((c) => c.name);
  const description = {
    Name: ds.title,
    BIDSVersion: '1.8.0',
    DatasetType: 'raw',
    License: ds.license[0] === 'spdx:CC0-1.0' ? 'CC0' : 'CC-BY-4.0',
    Authors: authors,
  };
  const out = [
    textFile('dataset_description.json', 'json', `${JSON.stringify(description, null, 2)}\n`),
    textFile('README.md', 'readme', `# ${ds.title}\n\n${ds.description}\n`),
    textFile('participants.tsv', 'tsv', participants(ds, subjects)),
  ];
  if (rng.chance(0.5))
    out.push(
      textFile(
        'CHANGES',
        'changes',
        `1.0.0 ${new Date(Math.floor(ds.created / 1000)).toISOString().slice(0, 10)}\n  - Initial release.\n`,
      ),
    );
  return out;
}

/** NWB layout: subjects × sessions × one file per modality combination (+ behaviour videos). */
function nwbPlan(ds: DandisetRecord, target: number, rng: Prng): PlannedFile[] {
  const p = ds.profile;
  const perSession = p.modalities.length + (p.videos ? 1 : 0);
  const rootCount = p.bids ? 4 : 0;
  const want = Math.max(1, target - rootCount);
  const sessions = rng.int(1, target > 1000 ? 24 : 8);
  const noSession = sessions === 1 && perSession === 1 && rng.chance(0.3);
  const l = labels(rng, ds);
  const files: PlannedFile[] = [];
  const subjects: string[] = [];
  for (let s = 0; files.length < want; s++) {
    const subj = l.subject(s);
    subjects.push(subj);
    for (let t = 0; t < sessions && files.length < want; t++) {
      const ses = l.session(s, t);
      const stem = noSession ? `sub-${subj}/sub-${subj}` : `sub-${subj}/sub-${subj}_ses-${ses}`;
      p.modalities.forEach((m, mi) => {
        files.push(
          file(
            `${stem}_${m.key}.nwb`,
            'nwb',
            logUniform(rng, m.sizeRange[0], m.sizeRange[1]),
            mi,
            s,
            subj,
            noSession ? undefined : ses,
          ),
        );
      });
      if (p.videos) {
        const video = `${stem}_behavior+image/${uuid4(rng)}_external_file_0.mp4`;
        files.push(file(video, 'video', logUniform(rng, 5e7, 2e9), -1, s, subj, ses));
      }
    }
  }
  files.length = Math.min(files.length, want);
  return p.bids ? [...rootFiles(ds, subjects, rng), ...files] : files;
}

/** BIDS microscopy layout: a few samples, each an OME-Zarr volume, a JSON sidecar and a photo. */
function microscopyPlan(ds: DandisetRecord, rng: Prng): PlannedFile[] {
  const l = labels(rng, ds);
  const nSubjects = rng.int(1, 3);
  const subjects = Array.from({ length: nSubjects }, (_, i) => l.subject(i));
  const files: PlannedFile[] = [];
  const samples: string[] = [];
  const nSamples = rng.int(4, 9);
  for (let k = 0; k < nSamples; k++) {
    const s = k % nSubjects;
    const subj = subjects[s] ?? '001';
    const ses = l.session(s, 0);
    const stain = rng.pick(['LEC', 'YO', 'NN', 'CR', 'GFP', 'PV', 'SST']);
    const base = `sub-${subj}/ses-${ses}/micr/sub-${subj}_ses-${ses}_sample-${k + 1}_stain-${stain}_SPIM`;
    samples.push(`sub-${subj}\tsample-${k + 1}\ttissue`);
    files.push(file(`${base}.ome.zarr`, 'zarr', 0, -1, s, subj, ses));
    const sidecar = {
      PixelSize: [2, 1.8, 1.8],
      PixelSizeUnits: 'um',
      Immersion: 'ECi',
      SampleStaining: stain,
      SampleFixation: '4% PFA',
    };
    files.push(textFile(`${base}.json`, 'json', `${JSON.stringify(sidecar, null, 4)}\n`, s, subj, ses));
    if (rng.chance(0.6))
      files.push(
        file(
          `sub-${subj}/ses-${ses}/micr/sub-${subj}_ses-${ses}_sample-${k + 1}_photo.jpg`,
          'image',
          logUniform(rng, 1e5, 6e6),
          -1,
          s,
          subj,
          ses,
        ),
      );
  }
  const root = rootFiles(ds, subjects, rng);
  root.push(textFile('samples.tsv', 'tsv', `participant_id\tsample_id\tsample_type\n${samples.join('\n')}\n`));
  return [...root, ...files];
}

export function planFiles(ds: DandisetRecord, target: number, rng: Prng): PlannedFile[] {
  if (target === 0) return [];
  return ds.profile.microscopy ? microscopyPlan(ds, rng) : nwbPlan(ds, target, rng);
}
