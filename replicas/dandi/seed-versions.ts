/**
 * History of one dandiset: when each file was uploaded, which files were later replaced (an
 * edit makes a NEW asset id, as on the real server), and which asset set each published
 * version froze. Published versions share asset objects with the draft except replaced ones.
 */
import { Prng } from '../common/prng.ts';
import {
  MICROS_PER_DAY,
  REPLICA_NOW,
  type AssetRecord,
  type DandisetRecord,
  type VersionRecord,
  type VersionStatus,
} from './model.ts';
import type { PlannedFile } from './seed-files.ts';
import { uuid4 } from './ids.ts';
import { generateZarr } from './seed-zarr.ts';
import { SCHEMA_VERSIONS } from './vocab.ts';

export interface Counters {
  seq: number;
  pk: number;
}

const HOUR = 3_600_000_000;

const RELEASE_NOTES = [
  'Initial release.',
  'Added sessions from the second cohort.',
  'Corrected electrode locations and subject ages.',
  'Added processed data and updated the description.',
];

/** `0.YYMMDD.HHMM` is the publication minute; the version row was created within it. */
function publishTime(version: string, rng: Prng): number {
  const m = /^0\.(\d\d)(\d\d)(\d\d)\.(\d\d)(\d\d)$/.exec(version);
  if (!m) throw new Error(`bad version id ${version}`);
  const [, yy, mo, dd, hh, mi] = m.map(Number) as [number, number, number, number, number, number];
  return Date.UTC(2000 + yy, mo - 1, dd, hh, mi) * 1000 + rng.int(0, 59_999_999);
}

export const schemaVersionAt = (us: number): string =>
  SCHEMA_VERSIONS[Math.min(2026, Math.max(2020, new Date(Math.floor(us / 1000)).getUTCFullYear()))] ?? '0.7.0';

const between = (rng: Prng, lo: number, hi: number) => lo + Math.floor(rng.next() * Math.max(1, hi - lo));

interface Revision {
  file: PlannedFile;
  created: number;
  record: AssetRecord | undefined;
}

export function buildHistory(
  ds: DandisetRecord,
  plan: PlannedFile[],
  publishedIds: string[],
  rng: Prng,
  counters: Counters,
): void {
  const C = ds.created;
  const P = publishedIds.map((v) => publishTime(v, rng));
  const last = P[P.length - 1];
  const end = Math.min(
    REPLICA_NOW - MICROS_PER_DAY,
    last !== undefined ? last + rng.int(10, 200) * MICROS_PER_DAY : C + rng.int(2, 500) * MICROS_PER_DAY,
  );
  const first = P[0];

  // Most files are uploaded before the first publication; the rest trickle in afterwards.
  const chains: Revision[][] = plan.map((file, i) => {
    let t: number;
    if (first === undefined) t = between(rng, C + HOUR, end);
    else if (i === 0 || rng.chance(0.85)) t = between(rng, C + HOUR, first - HOUR);
    else t = between(rng, first + HOUR, end);
    const chain: Revision[] = [{ file, created: t, record: undefined }];
    if (file.kind !== 'zarr' && rng.chance(0.03))
      chain.push({ file, created: between(rng, t + HOUR, end), record: undefined });
    return chain;
  });
  // Most published dandisets get a file replaced after the last publication, so drafts differ.
  if (last !== undefined && end > last + 2 * HOUR && rng.chance(0.7)) {
    const chain = chains.find(
      (c) => c.length === 1 && c[0] !== undefined && c[0].created < last && c[0].file.kind !== 'zarr',
    );
    const head = chain?.[0];
    if (chain && head) chain.push({ file: head.file, created: between(rng, last + HOUR, end), record: undefined });
  }

  const all = chains.flat().sort((a, b) => a.created - b.created);
  for (const rev of all) {
    const f = rev.file;
    const assetId = uuid4(rng);
    let zarrId: string | null = null;
    let size = f.size;
    if (f.kind === 'zarr') {
      zarrId = uuid4(rng);
      const zarr = generateZarr(
        rng.fork(`zarr:${zarrId}`),
        zarrId,
        f.path.slice(f.path.lastIndexOf('/') + 1),
        ds.identifier,
        rev.created - rng.int(60, 3600) * 1_000_000,
      );
      ds.zarrs.push(zarr);
      size = zarr.size;
    }
    rev.record = {
      assetId,
      blobId: zarrId ? null : uuid4(rng),
      zarrId,
      path: f.path,
      size,
      created: rev.created,
      modified: rev.created + rng.int(20_000, 5_000_000),
      dandisetId: ds.identifier,
      kind: f.kind,
      encodingFormat: f.encodingFormat,
      modality: f.modality,
      subject: f.subject,
      session: f.session,
      subjectIndex: f.subjectIndex,
      publishedAt: 0,
      text: f.text,
      seq: counters.seq++,
    };
  }

  const assetsAt = (t: number): AssetRecord[] => {
    const out: AssetRecord[] = [];
    for (const chain of chains) {
      let pick: Revision | undefined;
      for (const rev of chain) if (rev.created < t) pick = rev;
      if (pick?.record) out.push(pick.record);
    }
    return out.sort((a, b) => a.seq - b.seq);
  };
  const draftAssets = assetsAt(Infinity);
  const versions: VersionRecord[] = [];
  const draftCreated = C + rng.int(50_000, 900_000);
  const draft: VersionRecord = makeVersion(ds, 'draft', draftCreated, draftAssets, counters);
  versions.push(draft);

  publishedIds.forEach((id, j) => {
    const t = P[j] ?? C;
    const assets = assetsAt(t);
    for (const a of assets) {
      if (a.publishedAt === 0) {
        // Publishing rewrites the asset's metadata (datePublished), which bumps `modified`.
        a.publishedAt = t + rng.int(100_000, 900_000);
        a.modified = Math.max(a.modified, a.publishedAt + rng.int(1000, 50_000));
      }
    }
    const v = makeVersion(ds, id, t, assets, counters);
    v.status = 'Valid';
    v.modified = t + rng.int(1, 30) * 1_000_000;
    if (t >= Date.UTC(2025, 8, 1) * 1000 && rng.chance(0.5)) v.releaseNotes = rng.pick(RELEASE_NOTES);
    versions.push(v);
  });

  const assetChange = draftAssets.reduce((m, a) => Math.max(m, a.modified), draftCreated);
  draft.modified =
    Math.max(assetChange, last !== undefined ? last + rng.int(1, 20) * 1_000_000 : 0) + rng.int(1000, 900_000);
  draft.schemaVersion = schemaVersionAt(draft.modified);
  draft.status = draftStatus(rng, draftAssets, last);
  if (draft.status === 'Invalid') {
    draft.validationErrors = [{ field: 'ethicsApproval.0.identifier', message: 'Field required' }];
    invalidateSomeAssets(ds, draftAssets);
  }
  ds.versions = versions;
  ds.modified = versions.reduce((m, v) => Math.max(m, v.modified), ds.created) + rng.int(1000, 100_000);
  ds.zarrs.sort((a, b) => a.created - b.created);
}

const ASSET_ERRORS: readonly { field: string; message: string }[] = [
  { field: 'wasAttributedTo.0.species', message: 'Field required' },
  { field: 'wasAttributedTo.0.sex', message: 'Field required' },
  {
    field: 'wasAttributedTo.0.age.value',
    message:
      "String should match pattern '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$'",
  },
  { field: 'wasAttributedTo.0.identifier', message: 'String should have at least 1 character' },
];

/**
 * An invalid draft usually has files whose metadata fails validation too: a few of the files
 * added since the last publication (never published ones, so published versions stay valid),
 * from their own seed so nothing else drawn here changes.
 */
function invalidateSomeAssets(ds: DandisetRecord, assets: AssetRecord[]): void {
  const rng = new Prng(`dandi:asset-validation:${ds.identifier}`);
  const candidates = assets.filter((a) => a.publishedAt === 0 && a.kind === 'nwb');
  const count = Math.min(candidates.length, rng.int(1, 3));
  for (const a of rng.sample(candidates, count)) {
    a.validation = { status: 'Invalid', errors: rng.sample(ASSET_ERRORS, rng.int(1, 2)) };
  }
}

function draftStatus(rng: Prng, assets: AssetRecord[], lastPublished: number | undefined): VersionStatus {
  if (assets.length === 0) return 'Pending';
  // A draft stays "Published" until something changes after the last publication.
  if (lastPublished !== undefined && assets.every((a) => a.created < lastPublished)) return 'Published';
  const r = rng.next();
  return r < 0.92 ? 'Valid' : r < 0.97 ? 'Invalid' : 'Pending';
}

function makeVersion(
  ds: DandisetRecord,
  version: string,
  created: number,
  assets: AssetRecord[],
  counters: Counters,
): VersionRecord {
  return {
    dandisetId: ds.identifier,
    version,
    pk: counters.pk++,
    name: ds.title,
    status: 'Valid',
    created,
    modified: created,
    assets,
    assetCount: assets.length,
    size: assets.reduce((s, a) => s + a.size, 0),
    releaseNotes: '',
    schemaVersion: schemaVersionAt(created),
    validationErrors: [],
  };
}
