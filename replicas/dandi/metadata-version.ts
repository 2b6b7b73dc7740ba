/**
 * Version (dandiset) metadata documents: the stored fields (name, description, contributors,
 * licence, keywords…) plus everything the server injects on save: @context, id, identifier,
 * version, url, repository, dateCreated, access, assetsSummary, manifestLocation, citation,
 * and for published versions doi / datePublished / publishedBy / releaseNotes.
 */
import { Prng } from '../common/prng.ts';
import { accessOf, assetFacets, contextUrl, publishActivity, type UrlContext } from './metadata-asset.ts';
import { isoTime, type DandisetRecord, type VersionRecord } from './model.ts';
import { subjectTraits } from './subjects.ts';
import { STANDARDS } from './vocab.ts';

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

export function versionMetadata(ds: DandisetRecord, v: VersionRecord, ctx: UrlContext): Record<string, unknown> {
  const published = v.version !== 'draft';
  const url = `https://dandiarchive.org/dandiset/${ds.identifier}/${v.version}`;
  const doi = published ? doiOf(ds, v) : undefined;
  const doc: Record<string, unknown> = {
    '@context': contextUrl(v.schemaVersion),
    about: ds.about,
    access: accessOf(ds),
    assetsSummary: assetsSummary(ds, v),
    citation: citation(ds, v, doi ? `https://doi.org/${doi}` : url),
    contributor: ds.contributors,
    dateCreated: isoTime(ds.created),
    description: ds.description,
    id: `DANDI:${ds.identifier}/${v.version}`,
    identifier: `DANDI:${ds.identifier}`,
    keywords: ds.keywords,
    license: ds.license,
    manifestLocation: [
      published
        ? `${ctx.origin}/s3/dandisets/${ds.identifier}/${v.version}/assets.yaml`
        : `${ctx.apiUrl}/dandisets/${ds.identifier}/versions/draft/assets/`,
    ],
    name: v.name,
    repository: 'https://dandiarchive.org',
    schemaKey: 'Dandiset',
    schemaVersion: v.schemaVersion,
    url,
    version: v.version,
    ...extras(ds),
  };
  if (published) {
    doc.doi = doi;
    doc.datePublished = isoTime(v.created);
    doc.publishedBy = publishActivity(ds.identifier, v.created);
    if (v.releaseNotes) doc.releaseNotes = v.releaseNotes;
  }
  return Object.fromEntries(Object.entries(doc).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
