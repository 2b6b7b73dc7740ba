/**
 * The identity-level facts the three replicas agree on, so the demo's cross-archive links
 * resolve: which dandisets exist (and which are embargoed or published), and which EEGDash
 * datasets exist. Each replica's seed fills in the content; only identities live here.
 */
import { Prng } from './prng.ts';

/** Number of dandisets in the DANDI replica. */
export const DANDISET_COUNT = 320;

/** Six-digit dandiset identifiers, ascending with gaps, starting at 000003 like the real archive. */
export const DANDISET_IDS: readonly string[] = (() => {
  const rng = new Prng('catalog:dandisets');
  const ids: string[] = [];
  let n = 3;
  while (ids.length < DANDISET_COUNT) {
    ids.push(String(n).padStart(6, '0'));
    n += rng.chance(0.8) ? 1 : rng.int(2, 6);
  }
  return ids;
})();

/** Every 23rd dandiset is embargoed (visible only to its owner). */
export function isEmbargoedDandiset(identifier: string): boolean {
  return DANDISET_IDS.indexOf(identifier) % 23 === 11;
}

/**
 * Published version ids of a dandiset, oldest first (`0.YYMMDD.HHMM`, UTC). About 60 % of open
 * dandisets have 1–3 published versions; embargoed ones have none.
 */
export function publishedVersionIds(identifier: string): string[] {
  if (isEmbargoedDandiset(identifier)) return [];
  const rng = new Prng(`catalog:versions:${identifier}`);
  if (!rng.chance(0.6)) return [];
  const count = rng.int(1, 3);
  const index = Math.max(0, DANDISET_IDS.indexOf(identifier));
  // Dandisets created from 2020 on; versions published in the months after creation.
  let t = Date.UTC(2020, 6, 1) + (index * 5 + rng.int(30, 200)) * 86_400_000 + rng.int(0, 86_399) * 1000;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const d = new Date(t);
    const yy = String(d.getUTCFullYear() % 100).padStart(2, '0');
    const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
    const dd = String(d.getUTCDate()).padStart(2, '0');
    const hh = String(d.getUTCHours()).padStart(2, '0');
    const mi = String(d.getUTCMinutes()).padStart(2, '0');
    out.push(`0.${yy}${mm}${dd}.${hh}${mi}`);
    t += rng.int(20, 300) * 86_400_000 + rng.int(0, 86_399) * 1000;
  }
  return out;
}

/** The EEGDash dataset a `datasetId` is, by the source archive its prefix names. */
export type EegdashSource = 'openneuro' | 'nemar';

/** About 600 OpenNeuro (`ds00NNNN`) and 150 NEMAR (`nm00NNNN`) dataset ids, including ds002718. */
export const EEGDASH_DATASET_IDS: readonly string[] = (() => {
  const rng = new Prng('catalog:eegdash');
  const ids: string[] = [];
  let n = 1500;
  while (ids.length < 600) {
    ids.push(`ds${String(n).padStart(6, '0')}`);
    n += rng.int(1, 9);
  }
  if (!ids.includes('ds002718')) ids[ids.length >> 1] = 'ds002718';
  ids.sort();
  for (let i = 0; i < 150; i++) ids.push(`nm${String(100 + i).padStart(6, '0')}`);
  return ids;
})();

export function eegdashSource(datasetId: string): EegdashSource {
  return datasetId.startsWith('nm') ? 'nemar' : 'openneuro';
}
