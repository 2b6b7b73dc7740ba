/**
 * Documents of versions and assets whose metadata was written through the API: the stored
 * metadata plus the fields the server computes on every save (the same set the generated seed
 * documents carry): @context, id, identifier, version, url, access, assetsSummary, citation,
 * manifestLocation, … for versions; id, identifier, path, contentUrl, contentSize, digest, access
 * for assets. Published ones also get doi / datePublished / publishedBy.
 */
import { accessOf, assetFacets, contextUrl, publishActivity, s3Url, type UrlContext } from './metadata-asset.ts';
import { isoTime, type AssetRecord, type DandisetRecord, type VersionRecord } from './model.ts';
import { citationUrl, computedVersionFields, sortKeys } from './metadata-version.ts';

export const SCHEMA_VERSION = '0.7.0';

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** `name` of the first contributor with dcite:ContactPerson in a stored document, else "". */
export function storedContactPerson(metadata: Record<string, unknown>): string {
  const list = Array.isArray(metadata.contributor) ? metadata.contributor : [];
  for (const c of list) {
    if (
      isRecord(c) &&
      Array.isArray(c.roleName) &&
      c.roleName.includes('dcite:ContactPerson') &&
      typeof c.name === 'string'
    )
      return c.name;
  }
  return '';
}

type Named = { name: string; schemaKey: string; identifier?: string };

function namedList(x: unknown): Named[] {
  if (!Array.isArray(x)) return [];
  return x.filter((e): e is Named => isRecord(e) && typeof e.name === 'string') as Named[];
}

/**
 * `aggregate_assets_summary` over a version mixing seeded assets (facets derived) and API assets
 * (facets read from their stored metadata).
 */
export function aggregateSummary(ds: DandisetRecord, v: VersionRecord): Record<string, unknown> {
  const approach = new Map<string, Named>();
  const techniques = new Map<string, Named>();
  const variables = new Set<string>();
  const species = new Map<string, Named>();
  const standards = new Map<string, Named>();
  const subjects = new Set<string>();
  let zarrs = 0;
  for (const a of v.assets) {
    if (a.zarrId) zarrs++;
    const m = a.metadata;
    if (!m) {
      const f = assetFacets(ds, a);
      for (const name of f.approach) approach.set(name, { name, schemaKey: 'ApproachType' });
      for (const name of f.techniques) techniques.set(name, { name, schemaKey: 'MeasurementTechniqueType' });
      for (const x of f.variables) variables.add(x);
      if (f.attributed && a.subject !== undefined) subjects.add(a.subject);
      continue;
    }
    for (const x of namedList(m.approach)) approach.set(x.name, x);
    for (const x of namedList(m.measurementTechnique)) techniques.set(x.name, x);
    if (Array.isArray(m.variableMeasured)) {
      for (const x of m.variableMeasured) if (isRecord(x) && typeof x.value === 'string') variables.add(x.value);
    }
    for (const p of Array.isArray(m.wasAttributedTo) ? m.wasAttributedTo : []) {
      if (!isRecord(p)) continue;
      if (typeof p.identifier === 'string') subjects.add(p.identifier);
      const sp = p.species;
      if (isRecord(sp) && typeof sp.name === 'string') {
        species.set(sp.name, { identifier: String(sp.identifier ?? ''), name: sp.name, schemaKey: 'SpeciesType' });
      }
    }
    const fmt = a.encodingFormat;
    if (fmt === 'application/x-nwb') {
      standards.set('nwb', {
        identifier: 'RRID:SCR_015242',
        name: 'Neurodata Without Borders (NWB)',
        schemaKey: 'StandardsType',
      });
    }
  }
  if (v.assets.some((a) => a.path === 'dataset_description.json')) {
    standards.set('bids', { identifier: 'RRID:SCR_016124', name: 'BIDS', schemaKey: 'StandardsType' });
  }
  if (zarrs) standards.set('ome', { name: 'OME/NGFF Standard', schemaKey: 'StandardsType' });
  return {
    schemaKey: 'AssetsSummary',
    numberOfBytes: v.size,
    numberOfFiles: v.assetCount,
    ...(subjects.size ? { numberOfSubjects: subjects.size } : {}),
    ...(zarrs ? { numberOfSamples: zarrs } : {}),
    dataStandard: [...standards.values()],
    approach: [...approach.values()],
    measurementTechnique: [...techniques.values()],
    variableMeasured: [...variables],
    species: [...species.values()],
  };
}

function citation(metadata: Record<string, unknown>, v: VersionRecord, url: string): string {
  const when = v.version === 'draft' ? v.modified : v.created;
  const year = new Date(Math.floor(when / 1000)).getUTCFullYear();
  const name = v.name.replace(/\.+$/, '');
  const authors = (Array.isArray(metadata.contributor) ? metadata.contributor : [])
    .filter(
      (c): c is Record<string, unknown> =>
        isRecord(c) &&
        typeof c.name === 'string' &&
        (c.includeInCitation === true || (c.includeInCitation === undefined && c.schemaKey === 'Person')),
    )
    .map((c) => c.name as string);
  if (!authors.length) return `${name} (${year}). (Version ${v.version}) [Data set]. DANDI Archive. ${url}`;
  return `${authors.join('; ')} (${year}) ${name} (Version ${v.version}) [Data set]. DANDI Archive. ${url}`;
}

export function storedVersionMetadata(
  ds: DandisetRecord,
  v: VersionRecord,
  summary: Record<string, unknown>,
  ctx: UrlContext,
): Record<string, unknown> {
  const stored = v.metadata ?? {};
  const schemaVersion = typeof stored.schemaVersion === 'string' ? stored.schemaVersion : v.schemaVersion;
  return sortKeys({
    ...stored,
    '@context': contextUrl(schemaVersion),
    assetsSummary: summary,
    citation: citation(stored, v, citationUrl(ds, v)),
    schemaVersion,
    ...computedVersionFields(ds, v, ctx),
  });
}

export function storedAssetMetadata(
  ds: DandisetRecord,
  a: AssetRecord,
  digest: Record<string, string>,
  ctx: UrlContext,
): Record<string, unknown> {
  const stored = a.metadata ?? {};
  const schemaVersion = typeof stored.schemaVersion === 'string' ? stored.schemaVersion : SCHEMA_VERSION;
  const doc: Record<string, unknown> = {
    ...stored,
    '@context': contextUrl(schemaVersion),
    access: accessOf(ds),
    contentSize: a.size,
    contentUrl: [`${ctx.apiUrl}/assets/${a.assetId}/download/`, s3Url(ctx, a)],
    digest,
    encodingFormat: a.zarrId ? 'application/x-zarr' : a.encodingFormat,
    id: `dandiasset:${a.assetId}`,
    identifier: a.assetId,
    path: a.path,
    schemaKey: 'Asset',
    schemaVersion,
  };
  if (a.publishedAt) {
    doc.datePublished = isoTime(a.publishedAt);
    doc.publishedBy = publishActivity(ds.identifier, a.publishedAt);
  }
  return sortKeys(doc);
}
