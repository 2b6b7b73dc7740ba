/**
 * DANDI reads beyond the basics, over real HTTP against the DANDI replica: validation errors,
 * the typed metadata that used to live only in `rawMetadata`, `contentUrl` as dandi-cli's
 * `get_content_url`, the instance (`dandiInfo`, `dandiStats`, `dandiMe`), owners, the starred
 * filter, exact Zarr entries and path normalisation — with the upstream requests each costs.
 */
import { describe, expect, it } from 'vitest';
import type { AssetRecord, DandisetRecord } from '../../replicas/dandi/model.ts';
import { DANDI_REPLICA_TOKENS } from '../../replicas/dandi/server.ts';
import {
  AssetByPathDocument,
  AssetContentUrlDocument,
  AssetMetadataMoreDocument,
  AssetValidationDocument,
  DandiInstanceDocument,
  DandiMeDocument,
  DandisetOwnersDocument,
  StarredDandisetsDocument,
  VersionAssetsDocument,
  VersionMetadataMoreDocument,
  VersionValidationDocument,
  ZarrEntryByKeyDocument,
} from '../gql/graphql.ts';
import { useDandiStack } from '../support/dandi.ts';
import { errorCodes } from '../support/gateway.ts';

const s = useDandiStack();
const store = () => s.dandi.store;
const owner = { 'X-Dandi-Api-Key': DANDI_REPLICA_TOKENS.owner };
const open = () => store().dandisets.filter((d) => d.embargoStatus === 'OPEN');
type Doc = Record<string, any>;
const draftDoc = (d: DandisetRecord): Doc => store().versionMetadata(d, store().draft(d));
const assetDoc = (a: AssetRecord): Doc => store().assetMetadata(a);
const draftAssets = (d: DandisetRecord) => store().draft(d).assets;
const allOpenAssets = () => open().flatMap(draftAssets);
/** The replica's own answer to a GET, for comparing what the gateway shows with what DANDI sent. */
const upstream = async (path: string, headers: Record<string, string> = {}) =>
  (await fetch(`${s.dandi.apiUrl}${path}`, { headers })).json();

describe('validation', () => {
  it('shows why an invalid draft is invalid, from the version info already fetched', async () => {
    const d = open().find((x) => store().draft(x).status === 'Invalid')!;
    const res = await s.gw.execute(VersionValidationDocument, { identifier: d.identifier, version: 'draft' });
    expect(res.errors).toBeUndefined();
    const v = res.data!.dandiset!.version!;
    expect(v.status).toBe('INVALID');
    expect(v.validationErrors).toEqual(store().draft(d).validationErrors);
    expect(v.validationErrors.length).toBeGreaterThan(0);
    const invalid = draftAssets(d).filter((a) => a.validation?.status === 'Invalid');
    expect(invalid.length).toBeGreaterThan(0);
    expect(v.assetValidationErrors).toEqual(
      invalid.flatMap((a) => a.validation!.errors.map((e) => ({ path: a.path, field: e.field, message: e.message }))),
    );
    // Name, status and both error lists: one request, the version info.
    expect(s.dandi.log.entries.map((e) => e.path)).toEqual([`/api/dandisets/${d.identifier}/versions/draft/info/`]);
  });

  it('lists the assets of a pending version that are still being validated (at most 50)', async () => {
    const d = open().find((x) => store().draft(x).status === 'Pending' && store().draft(x).assetCount > 0)!;
    const res = await s.gw.execute(VersionValidationDocument, { identifier: d.identifier, version: 'draft' });
    const errors = res.data!.dandiset!.version!.assetValidationErrors;
    const assets = draftAssets(d).slice(0, 50);
    expect(errors.map((e) => e.path)).toEqual(assets.map((a) => a.path));
    expect(new Set(errors.map((e) => e.message))).toEqual(
      new Set(['asset is currently being validated, please wait.']),
    );
    expect(res.data!.dandiset!.version!.validationErrors).toEqual([]);
    expect(s.dandi.log.count()).toBe(1);
  });

  it("reads an asset's validation under its version, as DANDI sends it (one request)", async () => {
    const d = open().find((x) => draftAssets(x).length > 0)!;
    const a = draftAssets(d)[0]!;
    const res = await s.gw.execute(AssetValidationDocument, { id: a.assetId, dandiset: d.identifier });
    expect(res.errors).toBeUndefined();
    expect(s.dandi.log.entries.map((e) => e.path)).toEqual([
      `/api/dandisets/${d.identifier}/versions/draft/assets/${a.assetId}/validation/`,
    ]);
    const sent = await upstream(`/dandisets/${d.identifier}/versions/draft/assets/${a.assetId}/validation/`);
    expect(res.data!.asset!.validation).toEqual({
      status: sent.status.toUpperCase(),
      errors: sent.validation_errors,
    });
  });

  it('gives the status and errors of an invalid asset', async () => {
    const d = open().find((x) => draftAssets(x).some((a) => a.validation?.status === 'Invalid'))!;
    const a = draftAssets(d).find((x) => x.validation?.status === 'Invalid')!;
    const res = await s.gw.execute(AssetValidationDocument, { id: a.assetId, dandiset: d.identifier });
    expect(res.data!.asset!.validation).toEqual({ status: 'INVALID', errors: a.validation!.errors });
    expect(a.validation!.errors.length).toBeGreaterThan(0);
  });

  it('gives no validation for an asset looked up by id alone (DANDI serves it under a version only)', async () => {
    const a = allOpenAssets()[0]!;
    const res = await s.gw.execute(AssetValidationDocument, { id: a.assetId });
    expect(res.errors).toBeUndefined();
    expect(res.data!.asset).toEqual({ assetId: a.assetId, validation: null });
    expect(s.dandi.log.count()).toBe(0);
  });
});

describe('version metadata with a typed home', () => {
  const withResource = (pred: (r: Doc) => boolean) =>
    open().find((d) => (draftDoc(d).relatedResource as Doc[]).some(pred))!;

  it('types every related resource and resolves its URL without a request', async () => {
    const d = withResource((r) => String(r.url).startsWith('https://dandiarchive.org/dandiset/'));
    const doc = draftDoc(d);
    const res = await s.gw.execute(VersionMetadataMoreDocument, { identifier: d.identifier, version: 'draft' });
    expect(res.errors).toBeUndefined();
    const v = res.data!.dandiset!.version!;
    const related = doc.relatedResource as Doc[];
    expect(v.relatedResources.map((r) => r.url)).toEqual(related.map((r) => r.url));
    for (const [i, r] of related.entries()) {
      const got = v.relatedResources[i]!;
      expect(got).toMatchObject({
        identifier: r.identifier ?? null,
        name: r.name ?? null,
        repository: r.repository ?? null,
        relation: r.relation,
        resourceType: r.resourceType ?? null,
      });
      const url = String(r.url);
      if (url.startsWith('https://dandiarchive.org/dandiset/')) {
        expect(got.target).toEqual({ __typename: 'Dandiset', identifier: url.split('/')[4] });
      } else if (url.includes('/assets/')) {
        expect(got.target).toEqual({ __typename: 'Asset', assetId: url.split('/')[9] });
      } else if (url.startsWith('https://openneuro.org/datasets/')) {
        expect(got.target).toEqual({ __typename: 'Dataset', datasetId: url.split('/')[4] });
      } else {
        expect(got.target).toEqual({ __typename: 'ExternalLink', url, repository: r.repository ?? '' });
      }
    }
    expect(v.ethicsApprovals.map((e) => e.identifier)).toEqual((doc.ethicsApproval as Doc[]).map((e) => e.identifier));
    expect(v.access).toEqual([{ status: 'dandi:OpenAccess', isEmbargoed: false, embargoedUntil: null }]);
    expect(v.about.map((t) => t.name)).toEqual((doc.about as Doc[]).map((t) => t.name));
    expect(v.manifestLocations).toEqual([`${s.dandi.apiUrl}/dandisets/${d.identifier}/versions/draft/assets/`]);
    expect(v.repository).toBe('https://dandiarchive.org');
    expect(new Date(v.dateCreated!).getTime()).toBe(new Date(doc.dateCreated).getTime());
    expect(v.publishedBy).toBeNull();
    // Every field reads the one version info; the targets cost nothing until their fields are read.
    expect(s.dandi.log.count()).toBe(1);
  });

  it('resolves a relatedResource that names a file of the dandiset to that Asset', async () => {
    const d = withResource((r) => String(r.url).includes('/assets/'));
    const res = await s.gw.execute(VersionMetadataMoreDocument, { identifier: d.identifier, version: 'draft' });
    const asset = res.data!.dandiset!.version!.relatedResources.find((r) => r.url!.includes('/assets/'))!;
    expect(asset.target).toMatchObject({ __typename: 'Asset' });
    const id = (asset.target as { assetId: string }).assetId;
    expect(draftAssets(d).some((a) => a.assetId === id)).toBe(true);
  });

  it('types projects, protocols, acknowledgements, sameAs, disorders and funder contact points', async () => {
    const d = open().find((x) => {
      const doc = draftDoc(x);
      return doc.wasGeneratedBy.length > 0 && doc.protocol && doc.acknowledgement;
    })!;
    const doc = draftDoc(d);
    const res = await s.gw.execute(VersionMetadataMoreDocument, { identifier: d.identifier, version: 'draft' });
    const v = res.data!.dandiset!.version!;
    expect(v.wasGeneratedBy).toEqual(
      (doc.wasGeneratedBy as Doc[]).map((p) => ({
        kind: 'Project',
        id: p.id,
        name: p.name,
        description: p.description,
      })),
    );
    expect(v.protocols).toEqual(doc.protocol);
    expect(v.acknowledgement).toBe(doc.acknowledgement);
    expect(v.sameAs).toEqual(doc.sameAs ?? []);

    const human = open().find((x) => (draftDoc(x).about as Doc[]).some((t) => t.schemaKey === 'Disorder'))!;
    const h = await s.gw.execute(VersionMetadataMoreDocument, { identifier: human.identifier, version: 'draft' });
    const disorder = (draftDoc(human).about as Doc[]).find((t) => t.schemaKey === 'Disorder')!;
    expect(h.data!.dandiset!.version!.about).toContainEqual({
      name: disorder.name,
      identifier: disorder.identifier,
      kind: 'Disorder',
    });

    const funded = open().find((x) => x.contributors.some((c) => c.roleName.includes('dcite:Funder')))!;
    const f = await s.gw.execute(VersionMetadataMoreDocument, { identifier: funded.identifier, version: 'draft' });
    const funder = f.data!.dandiset!.version!.contributors.find((c) => c.kind === 'Organization')!;
    const record = funded.contributors.find((c) => c.name === funder.name)!;
    expect(funder.contactPoints).toEqual([{ email: null, url: record.identifier }]);
    const person = f.data!.dandiset!.version!.contributors.find((c) => c.kind === 'Person')!;
    expect(person.contactPoints).toEqual([]);
  });

  it('shows who published a published version, and its manifest on storage', async () => {
    const d = open().find((x) => store().latestPublished(x))!;
    const v = store().latestPublished(d)!;
    const res = await s.gw.execute(VersionMetadataMoreDocument, { identifier: d.identifier, version: v.version });
    const got = res.data!.dandiset!.version!;
    expect(got.publishedBy).toMatchObject({
      kind: 'PublishActivity',
      name: 'DANDI publish',
      associatedWith: [{ kind: 'Software', name: 'DANDI API', identifier: 'RRID:SCR_017571', version: '0.1.0' }],
    });
    expect(got.manifestLocations).toEqual([`${s.dandi.origin}/s3/dandisets/${d.identifier}/${v.version}/assets.yaml`]);
  });

  it('shows the embargo end of an embargoed dandiset to its owner', async () => {
    const d = store().dandisets.find((x) => x.embargoStatus === 'EMBARGOED')!;
    const res = await s.gw.execute(VersionMetadataMoreDocument, { identifier: d.identifier, version: 'draft' }, owner);
    expect(res.errors).toBeUndefined();
    expect(res.data!.dandiset!.version!.access).toEqual([
      { status: 'dandi:EmbargoedAccess', isEmbargoed: true, embargoedUntil: d.embargoedUntil },
    ]);
    const anonymous = await s.gw.execute(VersionMetadataMoreDocument, { identifier: d.identifier, version: 'draft' });
    expect(new Set(errorCodes(anonymous))).toEqual(new Set(['UNAUTHENTICATED']));
  });
});

describe('asset metadata with a typed home', () => {
  const find = (pred: (doc: Doc, a: AssetRecord) => boolean) =>
    open()
      .flatMap((d) => draftAssets(d).map((a) => ({ d, a })))
      .find(({ a }) => pred(assetDoc(a), a))!;

  it('follows the cell → slice → tissue sample chain of a patch-clamp file (one request)', async () => {
    const { d, a } = find((doc) => doc.wasDerivedFrom?.[0]?.sampleType?.name === 'cell');
    const doc = assetDoc(a);
    const res = await s.gw.execute(AssetMetadataMoreDocument, { id: a.assetId, dandiset: d.identifier });
    expect(res.errors).toBeUndefined();
    const got = res.data!.asset!;
    const cell = doc.wasDerivedFrom[0];
    const slice = cell.wasDerivedFrom[0];
    const tissue = slice.wasDerivedFrom[0];
    expect(got.wasDerivedFrom).toEqual([
      {
        identifier: cell.identifier,
        sampleType: { name: 'cell' },
        wasDerivedFrom: [
          {
            identifier: slice.identifier,
            sampleType: { name: 'slice' },
            wasDerivedFrom: [
              {
                identifier: tissue.identifier,
                sampleType: { name: 'tissuesample' },
                anatomy: tissue.anatomy.map((x: Doc) => ({ name: x.name, identifier: x.identifier, kind: 'Anatomy' })),
              },
            ],
          },
        ],
      },
    ]);
    expect(got.wasGeneratedBy.map((g) => g.kind)).toEqual((doc.wasGeneratedBy as Doc[]).map((g) => g.schemaKey));
    const generation = got.wasGeneratedBy.find((g) => g.kind === 'Activity')!;
    expect(generation.associatedWith).toEqual([{ kind: 'Software', identifier: 'RRID:SCR_019009' }]);
    expect(new Date(got.blobDateModified!).getTime()).toBe(new Date(doc.blobDateModified).getTime());
    expect(got.keywords).toEqual(doc.keywords ?? []);
    expect(got.access).toEqual([{ status: 'dandi:OpenAccess', isEmbargoed: false, embargoedUntil: null }]);
    expect(s.dandi.log.entries.map((e) => e.path)).toEqual([`/api/assets/${a.assetId}/info/`]);
  });

  it('types the rarer subject fields: structured genotype, disorders, vendor, relatives, other names', async () => {
    const subjectOf = (doc: Doc) => doc.wasAttributedTo?.[0] as Doc | undefined;
    const cases = [
      find((doc) => Array.isArray(subjectOf(doc)?.genotype)),
      find((doc) => subjectOf(doc)?.disorder !== undefined),
      find((doc) => subjectOf(doc)?.vendor !== undefined && subjectOf(doc)?.altName !== undefined),
      find((doc) => subjectOf(doc)?.relatedParticipant !== undefined),
    ];
    for (const { a } of cases) {
      const p = subjectOf(assetDoc(a))!;
      const res = await s.gw.execute(AssetMetadataMoreDocument, { id: a.assetId });
      expect(res.errors).toBeUndefined();
      const got = res.data!.asset!.subjects[0]!;
      expect(got.identifier).toBe(p.identifier);
      expect(got.altNames).toEqual(p.altName ?? []);
      expect(got.cellLine).toBe(p.cellLine ?? null);
      expect(got.vendor).toEqual(
        p.vendor ? { name: p.vendor.name, identifier: p.vendor.identifier, kind: 'Organization' } : null,
      );
      expect(got.disorders).toEqual(
        (p.disorder ?? []).map((x: Doc) => ({ name: x.name, identifier: x.identifier, dxdate: x.dxdate })),
      );
      expect(got.relatedParticipants).toEqual(
        (p.relatedParticipant ?? []).map((x: Doc) => ({ identifier: x.identifier, relation: x.relation })),
      );
      if (Array.isArray(p.genotype)) {
        expect(got.genotype).toBeNull();
        expect(got.genotypeInfo).toEqual(
          p.genotype.map((g: Doc) => ({
            locus: { identifiers: g.locus.identifier, locusType: g.locus.locusType },
            alleles: g.alleles.map((x: Doc) => ({
              identifiers: x.identifier,
              alleleSymbol: x.alleleSymbol,
              alleleType: x.alleleType,
            })),
          })),
        );
      } else {
        expect(got.genotype).toBe(p.genotype ?? null);
        expect(got.genotypeInfo).toEqual([]);
      }
    }
  });

  it('shows when and by which publication a published asset was published', async () => {
    const { a } = find((doc) => doc.publishedBy !== undefined);
    const doc = assetDoc(a);
    const res = await s.gw.execute(AssetMetadataMoreDocument, { id: a.assetId });
    const got = res.data!.asset!;
    expect(new Date(got.datePublished!).getTime()).toBe(new Date(doc.datePublished).getTime());
    expect(got.publishedBy).toEqual({
      kind: 'PublishActivity',
      name: 'DANDI publish',
      associatedWith: [{ identifier: 'RRID:SCR_017571' }],
    });
  });
});

describe('contentUrl (dandi-cli get_content_url)', () => {
  const blob = () => allOpenAssets().find((a) => a.blobId !== null)!;

  it('gives the first contentUrl by default, or the one matching `regex`, from the document alone', async () => {
    const a = blob();
    const res = await s.gw.execute(AssetContentUrlDocument, { id: a.assetId });
    expect(res.errors).toBeUndefined();
    expect(res.data!.asset!.contentUrl).toBe(`${s.dandi.apiUrl}/assets/${a.assetId}/download/`);
    const storage = await s.gw.execute(AssetContentUrlDocument, { id: a.assetId, regex: '/s3/.*blobs/' });
    expect(storage.data!.asset!.contentUrl).toBe(storage.data!.asset!.contentUrls[1]);
    expect(storage.data!.asset!.contentUrl).toContain(a.blobId!);
    expect(s.dandi.log.count()).toBe(2);
  });

  it('follows the API redirect with one HEAD and strips the signature when asked', async () => {
    const a = blob();
    const res = await s.gw.execute(AssetContentUrlDocument, { id: a.assetId, followRedirects: true });
    expect(res.errors).toBeUndefined();
    const url = new URL(res.data!.asset!.contentUrl!);
    expect(url.origin + url.pathname).toBe(
      `${s.dandi.origin}/s3/blobs/${a.blobId!.slice(0, 3)}/${a.blobId!.slice(3, 6)}/${a.blobId}`,
    );
    expect(url.search).not.toBe('');
    expect(s.dandi.log.entries.map((e) => `${e.method} ${e.path}`)).toEqual([
      `GET /api/assets/${a.assetId}/info/`,
      `HEAD /api/assets/${a.assetId}/download/`,
    ]);
    // The storage stand-in answers a large object with its first bytes (206) and the total size.
    expect([200, 206]).toContain((await fetch(url)).status);

    const stripped = await s.gw.execute(AssetContentUrlDocument, {
      id: a.assetId,
      followRedirects: true,
      stripQuery: true,
    });
    expect(stripped.data!.asset!.contentUrl).toBe(url.origin + url.pathname);
  });

  it("obtains an embargoed asset's presigned URL with the owner's key; anonymously UNAUTHENTICATED", async () => {
    const d = store().dandisets.find((x) => x.embargoStatus === 'EMBARGOED' && draftAssets(x).some((a) => a.blobId))!;
    const a = draftAssets(d).find((x) => x.blobId)!;
    const res = await s.gw.execute(AssetContentUrlDocument, { id: a.assetId, followRedirects: true }, owner);
    expect(res.errors).toBeUndefined();
    const url = res.data!.asset!.contentUrl!;
    expect(url).toContain(`/s3/blobs/`);
    expect(s.dandi.log.entries.every((e) => e.authorization === `token ${DANDI_REPLICA_TOKENS.owner}`)).toBe(true);
    const bytes = await fetch(url, { headers: { range: 'bytes=0-0' } });
    expect(bytes.status).toBe(206);
    expect(bytes.headers.get('content-range')).toBe(`bytes 0-0/${a.size}`);

    const anonymous = await s.gw.execute(AssetContentUrlDocument, { id: a.assetId, followRedirects: true });
    expect(anonymous.data!.asset).toBeNull();
    expect(errorCodes(anonymous)).toContain('UNAUTHENTICATED');
  });

  it('is NOT_FOUND when no URL matches, and refuses an unsafe `regex` before sending anything for it', async () => {
    const a = blob();
    const none = await s.gw.execute(AssetContentUrlDocument, { id: a.assetId, regex: '^ftp:' });
    expect(errorCodes(none)).toEqual(['NOT_FOUND']);
    expect(none.data!.asset!.contentUrl).toBeNull();
    expect(none.errors![0]!.path).toEqual(['asset', 'contentUrl']);
    s.dandi.log.clear();
    const unsafe = await s.gw.execute(AssetContentUrlDocument, { id: a.assetId, regex: '(a+)+$' });
    expect(errorCodes(unsafe)).toEqual(['BAD_USER_INPUT']);
    expect(unsafe.errors![0]!.extensions).toMatchObject({ argument: 'regex' });
    // Refused before use: only the sibling `contentUrls` reads the document; no HEAD goes out.
    expect(unsafe.data!.asset!.contentUrl).toBeNull();
    expect(unsafe.data!.asset!.contentUrls.length).toBe(2);
    expect(s.dandi.log.entries.map((e) => `${e.method} ${e.path}`)).toEqual([`GET /api/assets/${a.assetId}/info/`]);
  });
});

describe('the instance and the caller', () => {
  it('reports /info/ with the schema check and /stats/ as DANDI sends them', async () => {
    const res = await s.gw.execute(DandiInstanceDocument);
    expect(res.errors).toBeUndefined();
    const info = await upstream('/info/');
    const stats = await upstream('/stats/');
    expect(res.data!.dandiInfo).toEqual({
      serverVersion: info.version,
      schemaVersion: info.schema_version,
      allowedSchemaVersions: info.allowed_schema_versions,
      gatewaySchemaVersion: '0.7.0',
      schemaCompatible: info.schema_version === '0.7.0',
      gatewaySchemaAllowed: true,
      instanceName: info.instance_config.instance_name,
      instanceIdentifier: info.instance_config.instance_identifier,
      doiPrefix: info.instance_config.doi_prefix,
      licenses: info.instance_config.licenses,
      apiUrl: info.services.api.url,
      webUrl: info.services.webui.url,
      cliMinimalVersion: info['cli-minimal-version'],
      cliBadVersions: info['cli-bad-versions'],
    });
    expect(res.data!.dandiStats).toEqual({
      dandisetCount: stats.dandiset_count,
      publishedDandisetCount: stats.published_dandiset_count,
      userCount: stats.user_count,
      size: stats.size,
    });
    expect(res.data!.dandiStats!.dandisetCount).toBe(store().dandisets.length);
    expect(s.dandi.log.filter((e) => e.path === '/api/info/' || e.path === '/api/stats/').length).toBe(4);
  });

  it('answers dandiMe with the key owner, and UNAUTHENTICATED without a key (nothing sent)', async () => {
    const anonymous = await s.gw.execute(DandiMeDocument);
    expect(anonymous.data!.dandiMe).toBeNull();
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(s.dandi.log.count()).toBe(0);

    const res = await s.gw.execute(DandiMeDocument, {}, owner);
    const user = store().userForToken(DANDI_REPLICA_TOKENS.owner)!;
    expect(res.data!.dandiMe).toEqual({
      username: user.username,
      name: `${user.firstName} ${user.lastName}`,
      admin: false,
      status: 'APPROVED',
    });
    expect(s.dandi.log.entries.map((e) => e.path)).toEqual(['/api/users/me/']);
  });

  it('lists owners, with e-mails only for signed-in callers (one request)', async () => {
    const d = open().find((x) => x.owners.length > 1)!;
    const anonymous = await s.gw.execute(DandisetOwnersDocument, { identifier: d.identifier });
    expect(anonymous.data!.dandiset!.owners!.map((o) => o.username)).toEqual(d.owners);
    expect(anonymous.data!.dandiset!.owners!.every((o) => o.email === null)).toBe(true);
    expect(s.dandi.log.entries.map((e) => e.path)).toEqual([`/api/dandisets/${d.identifier}/users/`]);
    const keyed = await s.gw.execute(DandisetOwnersDocument, { identifier: d.identifier }, owner);
    expect(keyed.data!.dandiset!.owners!.map((o) => o.email)).toEqual(d.owners.map((u) => store().user(u)!.email));
    expect(keyed.data!.dandiset!.owners!.map((o) => o.name)).toEqual(
      d.owners.map((u) => `${store().user(u)!.firstName} ${store().user(u)!.lastName}`),
    );
  });

  it('filters dandisets by star with a key, newest star first; UNAUTHENTICATED without (nothing sent)', async () => {
    const anonymous = await s.gw.execute(StarredDandisetsDocument, { first: 50 });
    expect(anonymous.data!.dandisets).toBeNull();
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(s.dandi.log.count()).toBe(0);

    const user = store().userForToken(DANDI_REPLICA_TOKENS.owner)!;
    const expected = open()
      .filter((d) => d.starredBy.has(user.username))
      .sort((x, y) => y.starredBy.get(user.username)! - x.starredBy.get(user.username)!)
      .map((d) => d.identifier);
    expect(expected.length).toBeGreaterThan(1);
    const res = await s.gw.execute(StarredDandisetsDocument, { first: 50 }, owner);
    expect(res.errors).toBeUndefined();
    expect(res.data!.dandisets!.edges.map((e) => e.node.identifier)).toEqual(expected);
    expect(res.data!.dandisets!.edges.every((e) => e.node.isStarred)).toBe(true);
    expect(res.data!.dandisets!.totalCount).toBe(expected.length);
    expect(s.dandi.log.entries[0]!.query.get('starred')).toBe('true');
  });
});

describe('exact lookups', () => {
  it('finds the Zarr entry at exactly a key: 0/0/0/1 is not 0/0/0/10 (one request each)', async () => {
    const z = store().zarrs.find(
      (x) => x.entries.some((e) => e.key === '0/0/0/1') && x.entries.some((e) => e.key === '0/0/0/10'),
    )!;
    expect(z).toBeDefined();
    const visible = store().dandiset(z.dandisetId)!.embargoStatus === 'OPEN' ? {} : owner;
    for (const key of ['0/0/0/1', '0/0/0/10']) {
      s.dandi.log.clear();
      const res = await s.gw.execute(ZarrEntryByKeyDocument, { id: z.zarrId, key }, visible);
      expect(res.errors).toBeUndefined();
      const entry = z.entries.find((e) => e.key === key)!;
      expect(res.data!.zarr!.entry).toMatchObject({ key, size: entry.size });
      expect(s.dandi.log.count()).toBe(1);
    }
    const folder = await s.gw.execute(ZarrEntryByKeyDocument, { id: z.zarrId, key: '0/0/0' }, visible);
    expect(folder.errors).toBeUndefined();
    expect(folder.data!.zarr!.entry).toBeNull();
    const missing = await s.gw.execute(ZarrEntryByKeyDocument, { id: z.zarrId, key: '0/0/0/1/x' }, visible);
    expect(missing.data!.zarr!.entry).toBeNull();
  });

  it('normalises `./` and `..` in assets(path:) exactly as assetByPath does', async () => {
    const d = open().find((x) => draftAssets(x).some((a) => a.path.split('/').length >= 2))!;
    const a = draftAssets(d).find((x) => x.path.split('/').length >= 2)!;
    const folder = a.path.slice(0, a.path.indexOf('/') + 1);
    const plain = await s.gw.execute(VersionAssetsDocument, {
      identifier: d.identifier,
      version: 'draft',
      first: 1000,
      path: folder,
    });
    const dotted = await s.gw.execute(VersionAssetsDocument, {
      identifier: d.identifier,
      version: 'draft',
      first: 1000,
      path: `./x/../${folder}`,
    });
    expect(dotted.errors).toBeUndefined();
    expect(dotted.data!.dandiset!.version!.assets!.edges.map((e) => e.node.path)).toEqual(
      plain.data!.dandiset!.version!.assets!.edges.map((e) => e.node.path),
    );
    expect(dotted.data!.dandiset!.version!.assets!.totalCount).toBe(
      draftAssets(d).filter((x) => x.path.toLowerCase().startsWith(folder.toLowerCase())).length,
    );
    const sent = s.dandi.log.filter((e) => e.path.endsWith('/assets/')).map((e) => e.query.get('path'));
    expect(new Set(sent)).toEqual(new Set([folder]));

    const exact = await s.gw.execute(VersionAssetsDocument, {
      identifier: d.identifier,
      version: 'draft',
      first: 10,
      path: `./${a.path}`,
    });
    expect(exact.data!.dandiset!.version!.assets!.edges.map((e) => e.node.assetId)).toEqual([a.assetId]);
    const byPath = await s.gw.execute(AssetByPathDocument, { identifier: d.identifier, path: `./${a.path}` });
    expect(byPath.data!.dandiset!.draftVersion!.assetByPath).toEqual({ assetId: a.assetId, path: a.path });
  });
});
