/**
 * The whole replica archive, generated deterministically from the shared catalog identities.
 * Generation is memoized module-wide: every replica started in one process shares one seed
 * (records are never mutated after generation).
 */
import { DANDISET_IDS, publishedVersionIds } from '../common/catalog.ts';
import { hashString, Prng } from '../common/prng.ts';
import type { DandisetRecord, UserRecord } from './model.ts';
import { generateDandisetBase, generateUsers, isLargeIndex } from './seed-dandisets.ts';
import { planFiles } from './seed-files.ts';
import { buildHistory, type Counters } from './seed-versions.ts';

export interface DandiSeed {
  users: UserRecord[];
  /** In catalog (identifier) order. */
  dandisets: DandisetRecord[];
  generationMs: number;
}

/** Size of a dandiset's draft: skewed so most are small, a few need many pages, some are empty. */
function targetAssetCount(ds: DandisetRecord, empty: boolean): number {
  if (empty) return 0;
  const rng = new Prng(`dandi:size:${ds.identifier}`);
  if (isLargeIndex(ds.index)) return rng.int(2000, 5000);
  return Math.round(Math.exp(Math.log(6) + rng.next() * (Math.log(420) - Math.log(6))));
}

export function generateDandiSeed(): DandiSeed {
  const started = performance.now();
  const users = generateUsers();
  const dandisets = DANDISET_IDS.map((id, index) => generateDandisetBase(id, index, users));
  // Empty dandisets: every 20th open, never-published, ordinary one (publishing needs assets).
  const candidates = dandisets.filter(
    (d) =>
      d.embargoStatus === 'OPEN' &&
      publishedVersionIds(d.identifier).length === 0 &&
      !isLargeIndex(d.index) &&
      !d.profile.microscopy,
  );
  const empty = new Set(candidates.filter((_, i) => i % 20 === 10).map((d) => d.identifier));
  const counters: Counters = { seq: 0, pk: 1000 };
  for (const ds of dandisets) {
    const rng = new Prng(`dandi:content:${ds.identifier}`);
    const plan = planFiles(ds, targetAssetCount(ds, empty.has(ds.identifier)), rng.fork('files'));
    buildHistory(ds, plan, publishedVersionIds(ds.identifier), rng.fork('history'), counters);
  }
  return { users, dandisets, generationMs: performance.now() - started };
}

let memo: DandiSeed | undefined;

export function getDandiSeed(): DandiSeed {
  memo ??= generateDandiSeed();
  return memo;
}

/** A digest over every identity and number in the seed, for determinism checks. */
export function seedFingerprint(seed: DandiSeed): string {
  let h = 0x811c9dc5;
  const mix = (s: string) => {
    h = Math.imul(h ^ hashString(s), 0x01000193) >>> 0;
  };
  for (const u of seed.users) mix(`${u.username}|${u.email}|${u.token ?? ''}`);
  for (const d of seed.dandisets) {
    mix(
      `${d.identifier}|${d.created}|${d.modified}|${d.title}|${d.owners.join(',')}|${d.starCount}|${JSON.stringify(d.contributors)}`,
    );
    for (const v of d.versions) {
      mix(`${v.version}|${v.pk}|${v.status}|${v.created}|${v.modified}|${v.size}`);
      for (const a of v.assets)
        mix(`${a.assetId}|${a.blobId ?? a.zarrId}|${a.path}|${a.size}|${a.created}|${a.modified}`);
    }
    for (const z of d.zarrs) mix(`${z.zarrId}|${z.checksum}|${z.entries.length}`);
  }
  return h.toString(16).padStart(8, '0');
}
