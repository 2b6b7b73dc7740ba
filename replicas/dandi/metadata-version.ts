/**
 * Version (dandiset) metadata documents: the stored fields (name, description, contributors,
 * licence, keywords…) plus everything the server injects on save: @context, id, identifier,
 * version, url, repository, dateCreated, access, assetsSummary, manifestLocation, citation,
 * and for published versions doi / datePublished / publishedBy / releaseNotes.
 */
import { DANDISET_IDS, EEGDASH_DATASET_IDS, isEmbargoedDandiset } from '../common/catalog.ts';
import { Prng } from '../common/prng.ts';
import { uuid4 } from './ids.ts';
import { accessOf, assetFacets, contextUrl, publishActivity, type UrlContext } from './metadata-asset.ts';
import { isoTime, type DandisetRecord, type VersionRecord } from './model.ts';
import { subjectTraits } from './subjects.ts';
import { DISORDERS, PROTOCOL_HOSTS, STANDARDS } from './vocab.ts';

export interface AssetsSummary {
  schemaKey: 'AssetsSummary';
  numberOfBytes: number;
  numberOfFiles: number;
  numberOfSubjects?: number;
  numberOfSamples?: number;
  dataStandard: unknown[];
  approach: { name: string; schemaKey: 'ApproachType' }[];
  measurementTechnique: { name: string; schemaKey: 'MeasurementTechniqueType' }[];
  variableMeasured: string[];
  species: { identifier: string; name: string; schemaKey: 'SpeciesType' }[];
}

const summaries = new WeakMap<VersionRecord, AssetsSummary>();

/** dandischema's `aggregate_assets_summary` over this version's asset metadata. */
export function assetsSummary(ds: DandisetRecord, v: VersionRecord): AssetsSummary {
  const cached = summaries.get(v);
  if (cached) return cached;
  const approach = new Set<string>();
  const techniques = new Set<string>();
  const variables = new Set<string>();
  const species = new Map<string, string>();
  const subjects = new Set<string>();
  const seenSubjectIndex = new Set<number>();
  let nwb = false;
  let zarrs = 0;
  for (const a of v.assets) {
    const f = assetFacets(ds, a);
    for (const x of f.approach) approach.add(x);
    for (const x of f.techniques) techniques.add(x);
    for (const x of f.variables) variables.add(x);
    if (a.kind === 'nwb') nwb = true;
    if (a.kind === 'zarr') zarrs++;
    if (f.attributed && a.subject !== undefined) {
      subjects.add(a.subject);
      if (!seenSubjectIndex.has(a.subjectIndex)) {
        seenSubjectIndex.add(a.subjectIndex);
        const sp = subjectTraits(ds, a.subjectIndex).species;
        species.set(sp.name, sp.identifier);
      }
    }
  }
  const standards: unknown[] = [];
  if (v.assets.some((a) => a.path === 'dataset_description.json')) standards.push(STANDARDS.bids);
  if (nwb) standards.push(STANDARDS.nwb);
  if (zarrs) standards.push(STANDARDS.ome);
  const summary: AssetsSummary = {
    schemaKey: 'AssetsSummary',
    numberOfBytes: v.size,
    numberOfFiles: v.assetCount,
    ...(subjects.size ? { numberOfSubjects: subjects.size } : {}),
    ...(zarrs ? { numberOfSamples: zarrs } : {}),
    dataStandard: standards,
    approach: [...approach].map((name) => ({ name, schemaKey: 'ApproachType' as const })),
    measurementTechnique: [...techniques].map((name) => ({ name, schemaKey: 'MeasurementTechniqueType' as const })),
    variableMeasured: [...variables],
    species: [...species].map(([name, identifier]) => ({ identifier, name, schemaKey: 'SpeciesType' as const })),
  };
  summaries.set(v, summary);
  return summary;
}

export const doiOf = (ds: DandisetRecord, v: VersionRecord): string => `10.48324/dandi.${ds.identifier}/${v.version}`;

/** The `name` of the first contributor whose roleName includes dcite:ContactPerson. */
export function contactPerson(ds: DandisetRecord): string {
  return ds.contributors.find((c) => c.roleName.includes('dcite:ContactPerson'))?.name ?? '';
}

function citation(ds: DandisetRecord, v: VersionRecord, url: string): string {
  const when = v.version === 'draft' ? v.modified : v.created;
  const year = new Date(Math.floor(when / 1000)).getUTCFullYear();
  const name = v.name.replace(/\.+$/, '');
  const authors = ds.contributors.filter((c) => c.includeInCitation).map((c) => c.name);
  if (!authors.length) return `${name} (${year}). (Version ${v.version}) [Data set]. DANDI Archive. ${url}`;
  return `${authors.join('; ')} (${year}) ${name} (Version ${v.version}) [Data set]. DANDI Archive. ${url}`;
}

/** Stored, user-edited fields that are not in the dandiset record itself. */
function extras(ds: DandisetRecord): Record<string, unknown> {
  const rng = new Prng(`dandi:version-extras:${ds.identifier}`);
  const common = subjectTraits(ds, 0).species.common;
  const createdYear = new Date(Math.floor(ds.created / 1000)).getUTCFullYear();
  const out: Record<string, unknown> = {
    ethicsApproval:
      common === 'human'
        ? [
            {
              contactPoint: { schemaKey: 'ContactPoint' },
              identifier: `IRB-${rng.int(2015, 2024)}-${rng.int(100, 9999)}`,
              schemaKey: 'EthicsApproval',
            },
          ]
        : rng.chance(0.7)
          ? [
              {
                contactPoint: { schemaKey: 'ContactPoint' },
                identifier: `IACUC ${rng.int(2015, 2024)}-${String(rng.int(1, 999)).padStart(4, '0')}`,
                schemaKey: 'EthicsApproval',
              },
            ]
          : [],
    relatedResource: rng.chance(0.45)
      ? [
          {
            identifier: `doi:10.1101/${rng.int(createdYear, createdYear + 2)}.${String(rng.int(1, 12)).padStart(2, '0')}.${String(rng.int(1, 28)).padStart(2, '0')}.${rng.int(100000, 599999)}`,
            name: ds.title,
            relation: 'dcite:IsDescribedBy',
            resourceType: 'dcite:Preprint',
            schemaKey: 'Resource',
          },
        ]
      : [],
    studyTarget: rng.chance(0.3) ? [`Role of ${ds.profile.region} in ${ds.profile.task.replace(/^(a|an) /, '')}`] : [],
    wasGeneratedBy: [],
  };
  const resource = (out.relatedResource as Record<string, unknown>[])[0];
  if (resource) resource.url = `https://doi.org/${String(resource.identifier).slice(4)}`;
  return out;
}

const OPENNEURO_IDS = EEGDASH_DATASET_IDS.filter((id) => id.startsWith('ds'));

/**
 * Related resources beyond the preprint: another dandiset this one continues, the OpenNeuro
 * dataset (one the EEGDash replica holds) with the same subjects' EEG, a file of the dandiset
 * documenting it (an API asset URL), and a code repository. Own seed, so `extras` never changes.
 */
function moreResources(ds: DandisetRecord, v: VersionRecord, rng: Prng): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (rng.chance(0.25)) {
    const open = DANDISET_IDS.filter((id) => id !== ds.identifier && !isEmbargoedDandiset(id));
    const other = rng.pick(open);
    out.push({
      identifier: `DANDI:${other}`,
      name: `Companion dataset DANDI:${other}`,
      relation: rng.pick(['dcite:IsContinuedBy', 'dcite:IsDerivedFrom', 'dcite:IsSupplementTo']),
      repository: 'DANDI Archive',
      resourceType: 'dcite:Dataset',
      schemaKey: 'Resource',
      url: `https://dandiarchive.org/dandiset/${other}`,
    });
  }
  if (rng.chance(0.2)) {
    const dataset = rng.pick(OPENNEURO_IDS);
    out.push({
      identifier: `doi:10.18112/openneuro.${dataset}.v1.0.${rng.int(0, 3)}`,
      name: `EEG recordings accompanying ${ds.title}`,
      relation: 'dcite:IsSupplementedBy',
      repository: 'OpenNeuro',
      resourceType: 'dcite:Dataset',
      schemaKey: 'Resource',
      url: `https://openneuro.org/datasets/${dataset}`,
    });
  }
  const doc = v.assets.find((a) => a.kind === 'readme') ?? v.assets.find((a) => a.kind === 'json');
  if (doc && rng.chance(0.3)) {
    out.push({
      name: `Dataset documentation (${doc.path})`,
      relation: 'dcite:IsDocumentedBy',
      resourceType: 'dcite:Text',
      schemaKey: 'Resource',
      url: `https://api.dandiarchive.org/api/dandisets/${ds.identifier}/versions/${v.version}/assets/${doc.assetId}/download/`,
    });
  }
  if (rng.chance(0.2)) {
    const slug = ds.profile.region.replace(/[^a-z]+/gi, '-').toLowerCase();
    out.push({
      name: 'Analysis code',
      relation: 'dcite:IsSupplementedBy',
      repository: 'GitHub',
      resourceType: 'dcite:Software',
      schemaKey: 'Resource',
      url: `https://github.com/lab-${ds.identifier}/${slug}-analysis`,
    });
  }
  return out;
}

/** Project, protocol, acknowledgement, sameAs and disorders in `about`, from their own seed. */
function moreExtras(ds: DandisetRecord, v: VersionRecord): Record<string, unknown> {
  const rng = new Prng(`dandi:version-more:${ds.identifier}`);
  const out: Record<string, unknown> = {};
  const resources = moreResources(ds, v, rng.fork('resources'));
  if (resources.length) out.relatedResource = resources;
  if (rng.chance(0.3)) {
    out.wasGeneratedBy = [
      {
        description: `Recordings of ${ds.profile.region} during ${ds.profile.task.replace(/^(a|an) /, '')}.`,
        id: `urn:uuid:${uuid4(rng)}`,
        name: `${ds.profile.region.replace(/^./, (c) => c.toUpperCase())} project`,
        schemaKey: 'Project',
      },
    ];
  }
  if (rng.chance(0.3)) out.protocol = [`${rng.pick(PROTOCOL_HOSTS)}/${ds.identifier}-${rng.int(1000, 99999)}`];
  if (rng.chance(0.4)) {
    out.acknowledgement = `We thank the members of the lab for help with ${ds.profile.task.replace(/^(a|an) /, '')}.`;
  }
  if (rng.chance(0.15)) out.sameAs = [`dandi://DANDI/${ds.identifier}`];
  if (subjectTraits(ds, 0).species.common === 'human' && rng.chance(0.6)) {
    const d = rng.pick(DISORDERS);
    out.about = [...ds.about, { identifier: d.identifier, name: d.name, schemaKey: 'Disorder' }];
  }
  return out;
}

/** Funders (Organizations) list where to write to, as real grant-giving contributors do. */
function withContactPoints(ds: DandisetRecord): unknown[] {
  return ds.contributors.map((c) =>
    c.schemaKey === 'Organization' && c.roleName.includes('dcite:Funder')
      ? { ...c, contactPoint: [{ schemaKey: 'ContactPoint', url: c.identifier }] }
      : c,
  );
}

/**
 * The fields the server computes for a version's metadata document, whatever was stored or sent
 * (seeded versions and versions written through the API alike): ids, URLs, the manifest, and for
 * a published version its DOI, publication date and activity.
 */
export function computedVersionFields(ds: DandisetRecord, v: VersionRecord, ctx: UrlContext): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    access: accessOf(ds),
    dateCreated: isoTime(ds.created),
    id: `DANDI:${ds.identifier}/${v.version}`,
    identifier: `DANDI:${ds.identifier}`,
    manifestLocation: [
      v.version !== 'draft'
        ? `${ctx.origin}/s3/dandisets/${ds.identifier}/${v.version}/assets.yaml`
        : `${ctx.apiUrl}/dandisets/${ds.identifier}/versions/draft/assets/`,
    ],
    name: v.name,
    repository: 'https://dandiarchive.org',
    schemaKey: 'Dandiset',
    url: versionUrl(ds, v),
    version: v.version,
  };
  if (v.version !== 'draft') {
    fields.doi = doiOf(ds, v);
    fields.datePublished = isoTime(v.created);
    fields.publishedBy = publishActivity(ds.identifier, v.created);
    if (v.releaseNotes) fields.releaseNotes = v.releaseNotes;
  }
  return fields;
}

/** The version's web URL; its DOI's URL once published (what a citation names). */
export const versionUrl = (ds: DandisetRecord, v: VersionRecord): string =>
  `https://dandiarchive.org/dandiset/${ds.identifier}/${v.version}`;
export const citationUrl = (ds: DandisetRecord, v: VersionRecord): string =>
  v.version !== 'draft' ? `https://doi.org/${doiOf(ds, v)}` : versionUrl(ds, v);

/** Keys in code-point order, as the archive's documents come. */
export const sortKeys = (doc: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(doc).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export function versionMetadata(ds: DandisetRecord, v: VersionRecord, ctx: UrlContext): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    '@context': contextUrl(v.schemaVersion),
    about: ds.about,
    assetsSummary: assetsSummary(ds, v),
    citation: citation(ds, v, citationUrl(ds, v)),
    contributor: withContactPoints(ds),
    description: ds.description,
    keywords: ds.keywords,
    license: ds.license,
    schemaVersion: v.schemaVersion,
    ...extras(ds),
  };
  const more = moreExtras(ds, v);
  const related = [...(doc.relatedResource as unknown[]), ...((more.relatedResource as unknown[]) ?? [])];
  Object.assign(doc, more, { relatedResource: related }, computedVersionFields(ds, v, ctx));
  return sortKeys(doc);
}
