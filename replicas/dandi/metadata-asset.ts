/**
 * Asset metadata documents, generated on request from the asset's own deterministic seed
 * (nothing is stored), shaped like real DANDI asset records: NWB-derived facets, the subject
 * as a Participant, the acquisition Session, dandi-cli's "Metadata generation" activity, and
 * the server-computed fields (id, path, contentUrl, contentSize, digest, access).
 */
import { Prng } from '../common/prng.ts';
import { hexString, uuid4 } from './ids.ts';
import { blobKey, isoTime, type AssetRecord, type DandisetRecord } from './model.ts';
import { schemaVersionAt } from './seed-versions.ts';
import { subjectExtras, subjectTraits } from './subjects.ts';
import { CLI_VERSIONS, MODALITIES, REGIONS } from './vocab.ts';

export interface UrlContext {
  /** Replica origin, e.g. `http://127.0.0.1:5555` (stands in for S3 too). */
  origin: string;
  /** `{origin}/api`. */
  apiUrl: string;
}

export const contextUrl = (schemaVersion: string): string =>
  `https://raw.githubusercontent.com/dandi/schema/master/releases/${schemaVersion}/context.json`;

/** The replica's stand-in for the unsigned S3 URL of an asset's blob or zarr root. */
export function s3Url(ctx: UrlContext, asset: AssetRecord): string {
  return asset.zarrId ? `${ctx.origin}/s3/zarr/${asset.zarrId}/` : `${ctx.origin}/s3/${blobKey(asset.blobId ?? '')}`;
}

/** dandi-etag: MD5-of-part-MD5s with the part count; parts are 64 MiB, doubled past 10,000 parts. */
export function dandiEtag(asset: AssetRecord): string {
  let part = 64 * 1024 * 1024;
  while (Math.ceil(asset.size / part) > 10_000) part *= 2;
  const parts = Math.max(1, Math.ceil(asset.size / part));
  return `${hexString(new Prng(`dandi:etag:${asset.blobId ?? asset.assetId}`), 32)}-${parts}`;
}

export interface AssetFacets {
  approach: string[];
  techniques: string[];
  variables: string[];
  /** Whether the file's metadata names its subject (NWB and OME-Zarr files do). */
  attributed: boolean;
}

const MICROSCOPY = {
  approach: 'microscopy approach; cell population imaging',
  technique: 'light-sheet microscopy technique',
};

/** The facets an asset's metadata reports; assetsSummary aggregates exactly these. */
export function assetFacets(ds: DandisetRecord, asset: AssetRecord): AssetFacets {
  if (asset.kind === 'zarr')
    return { approach: [MICROSCOPY.approach], techniques: [MICROSCOPY.technique], variables: [], attributed: true };
  const use = asset.kind === 'nwb' ? ds.profile.modalities[asset.modality] : undefined;
  if (!use) return { approach: [], techniques: [], variables: [], attributed: false };
  const approach: string[] = [];
  const techniques: string[] = [];
  for (const key of use.key.split('+')) {
    const m = MODALITIES[key];
    if (!m) continue;
    if (!approach.includes(m.approach)) approach.push(m.approach);
    for (const t of m.techniques) if (!techniques.includes(t)) techniques.push(t);
  }
  return { approach, techniques, variables: use.variables, attributed: true };
}

function offsetTime(us: number, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return `${isoTime(us + minutes * 60_000_000).slice(0, -6)}${offset}`;
}

/** Session start: from a date-like session label when there is one, else shortly before upload. */
function sessionStart(asset: AssetRecord, rng: Prng, offset: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2}))?$/.exec(asset.session ?? '');
  if (m) {
    const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '00', m[5] ?? '00', m[6] ?? '00'];
    return `${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`;
  }
  return offsetTime(asset.created - rng.int(2, 120) * 86_400_000_000 - rng.int(0, 86_399) * 1_000_000, offset).replace(
    /\.\d+/,
    '',
  );
}

function participant(ds: DandisetRecord, asset: AssetRecord): Record<string, unknown> {
  const t = subjectTraits(ds, asset.subjectIndex);
  const p: Record<string, unknown> = {
    age: {
      schemaKey: 'PropertyValue',
      unitText: 'ISO-8601 duration',
      value: t.age,
      valueReference: { schemaKey: 'PropertyValue', value: 'dandi:BirthReference' },
    },
  };
  if (t.genotype) p.genotype = t.genotype;
  p.identifier = asset.subject ?? '';
  p.schemaKey = 'Participant';
  p.sex = { ...t.sex, schemaKey: 'SexType' };
  p.species = { identifier: t.species.identifier, name: t.species.name, schemaKey: 'SpeciesType' };
  if (t.strain) p.strain = { name: t.strain, schemaKey: 'StrainType' };
  Object.assign(p, subjectExtras(ds, asset.subjectIndex, asset.subject ?? ''));
  return Object.fromEntries(Object.entries(p).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The tissue sample a patch-clamp slice or a microscopy volume was cut from (from its own seed,
 * so the cell and slice ids drawn before it do not change), in the dandiset's region.
 */
function tissueSample(ds: DandisetRecord, asset: AssetRecord): Record<string, unknown> {
  const rng = new Prng(`dandi:tissue:${asset.assetId}`);
  const region = REGIONS.find((r) => r.name === ds.profile.region);
  return {
    ...(region
      ? {
          anatomy: [
            { identifier: `http://purl.obolibrary.org/obo/${region.uberon}`, name: region.name, schemaKey: 'Anatomy' },
          ],
        }
      : {}),
    identifier: `${asset.subject ?? 'sample'}-tissue${rng.int(1, 4)}`,
    sampleType: { name: 'tissuesample', schemaKey: 'SampleType' },
    schemaKey: 'BioSample',
  };
}

function generationActivity(asset: AssetRecord, rng: Prng, offset: string): Record<string, unknown> {
  const year = Math.min(2026, Math.max(2020, new Date(Math.floor(asset.created / 1000)).getUTCFullYear()));
  const start = asset.created - rng.int(60, 1800) * 1_000_000;
  return {
    description: 'Metadata generated by DANDI cli',
    endDate: offsetTime(start + rng.int(200_000, 3_000_000), offset),
    id: `urn:uuid:${uuid4(rng)}`,
    name: 'Metadata generation',
    schemaKey: 'Activity',
    startDate: offsetTime(start, offset),
    wasAssociatedWith: [
      {
        identifier: 'RRID:SCR_019009',
        name: 'DANDI Command Line Interface',
        schemaKey: 'Software',
        url: 'https://github.com/dandi/dandi-cli',
        version: rng.pick(CLI_VERSIONS[year] ?? ['0.60.0']),
      },
    ],
  };
}

/** The `publishedBy` activity of one publication; every asset it published shares it. */
export function publishActivity(dandisetId: string, at: number): Record<string, unknown> {
  const rng = new Prng(`dandi:publish:${dandisetId}:${at}`);
  return {
    endDate: isoTime(at),
    id: `urn:uuid:${uuid4(rng)}`,
    name: 'DANDI publish',
    schemaKey: 'PublishActivity',
    startDate: isoTime(at),
    wasAssociatedWith: [
      {
        id: `urn:uuid:${uuid4(rng)}`,
        identifier: 'RRID:SCR_017571',
        name: 'DANDI API',
        schemaKey: 'Software',
        version: '0.1.0',
      },
    ],
  };
}

export function accessOf(ds: DandisetRecord): Record<string, unknown>[] {
  if (ds.embargoStatus === 'OPEN') return [{ schemaKey: 'AccessRequirements', status: 'dandi:OpenAccess' }];
  return [{ schemaKey: 'AccessRequirements', status: 'dandi:EmbargoedAccess', embargoedUntil: ds.embargoedUntil }];
}

export function assetMetadata(
  ds: DandisetRecord,
  asset: AssetRecord,
  ctx: UrlContext,
  zarrChecksum?: string,
): Record<string, unknown> {
  const rng = new Prng(`dandi:asset-metadata:${asset.assetId}`);
  const offset = ds.profile.tzOffset;
  const facets = assetFacets(ds, asset);
  const schemaVersion = schemaVersionAt(asset.created);
  const doc: Record<string, unknown> = {
    '@context': contextUrl(schemaVersion),
    access: accessOf(ds),
    blobDateModified: offsetTime(asset.created - rng.int(1, 40) * 86_400_000_000 - rng.int(0, 86_399_999_999), offset),
    contentSize: asset.size,
    contentUrl: [`${ctx.apiUrl}/assets/${asset.assetId}/download/`, s3Url(ctx, asset)],
    dateModified: offsetTime(asset.created - rng.int(1, 600) * 1_000_000, offset),
    digest: asset.zarrId
      ? { 'dandi:dandi-zarr-checksum': zarrChecksum ?? '' }
      : {
          'dandi:dandi-etag': dandiEtag(asset),
          'dandi:sha2-256': hexString(new Prng(`dandi:sha256:${asset.blobId}`), 64),
        },
    encodingFormat: asset.zarrId ? 'application/x-zarr' : asset.encodingFormat,
    id: `dandiasset:${asset.assetId}`,
    identifier: asset.assetId,
    path: asset.path,
    schemaKey: 'Asset',
    schemaVersion,
  };
  if (facets.approach.length) doc.approach = facets.approach.map((name) => ({ name, schemaKey: 'ApproachType' }));
  if (facets.techniques.length)
    doc.measurementTechnique = facets.techniques.map((name) => ({ name, schemaKey: 'MeasurementTechniqueType' }));
  if (facets.variables.length)
    doc.variableMeasured = facets.variables.map((value) => ({ schemaKey: 'PropertyValue', value }));
  if (asset.kind === 'nwb' && rng.chance(0.4)) doc.keywords = ds.keywords.slice(0, rng.int(1, ds.keywords.length));
  if (facets.attributed && asset.subjectIndex >= 0) doc.wasAttributedTo = [participant(ds, asset)];
  if (asset.kind === 'nwb' && ds.profile.modalities[asset.modality]?.key.includes('icephys')) {
    // Patch-clamp files record the cell → slice chain they were derived from.
    const id = asset.subject ?? '';
    doc.wasDerivedFrom = [
      {
        identifier: `${id}-cell${rng.int(1, 9)}`,
        sampleType: { name: 'cell', schemaKey: 'SampleType' },
        schemaKey: 'BioSample',
        wasDerivedFrom: [
          {
            identifier: `${id}-slice${rng.int(1, 6)}`,
            sampleType: { name: 'slice', schemaKey: 'SampleType' },
            schemaKey: 'BioSample',
            wasDerivedFrom: [tissueSample(ds, asset)],
          },
        ],
      },
    ];
  } else if (asset.kind === 'zarr' && asset.subjectIndex >= 0) {
    // Light-sheet volumes of cleared tissue name the sample they image.
    doc.wasDerivedFrom = [tissueSample(ds, asset)];
  }
  const generated: Record<string, unknown>[] = [];
  if (asset.kind === 'nwb') {
    generated.push({
      description: rng.pick([
        ' ',
        `Recording session ${asset.session ?? '1'}`,
        `${ds.profile.task.replace(/^(a|an) /, '')}`,
      ]),
      ...(asset.session ? { identifier: asset.session } : {}),
      name: 'Acquisition session',
      schemaKey: 'Session',
      startDate: sessionStart(asset, rng, offset),
    });
  }
  generated.push(generationActivity(asset, rng, offset));
  doc.wasGeneratedBy = generated;
  if (asset.publishedAt) {
    doc.datePublished = isoTime(asset.publishedAt);
    doc.publishedBy = publishActivity(ds.identifier, asset.publishedAt);
  }
  return Object.fromEntries(Object.entries(doc).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
