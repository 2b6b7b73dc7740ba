/**
 * Conformance tests for the offline DANDI replica: real sockets, global fetch, one server for
 * the whole file. Ids come from the replica's store so the tests follow the seed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DANDISET_IDS, isEmbargoedDandiset, publishedVersionIds } from '../../replicas/common/catalog.ts';
import type { AssetRecord, DandisetRecord } from '../../replicas/dandi/model.ts';
import { generateDandiSeed, getDandiSeed, seedFingerprint } from '../../replicas/dandi/seed.ts';
import { DANDI_REPLICA_TOKENS, startDandiReplica, type DandiReplica } from '../../replicas/dandi/server.ts';

let r: DandiReplica;

beforeAll(async () => {
  r = await startDandiReplica();
});
afterAll(async () => {
  await r.close();
});
beforeEach(() => {
  r.faults.reset();
});

type Who = 'owner' | 'other';
const headers = (who?: Who, extra: Record<string, string> = {}) =>
  who ? { authorization: `token ${DANDI_REPLICA_TOKENS[who]}`, ...extra } : extra;

async function get(path: string, who?: Who, extra: Record<string, string> = {}) {
  const url = path.startsWith('http') ? path : `${r.apiUrl}${path}`;
  const res = await fetch(url, { headers: headers(who, extra), redirect: 'manual' });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body, text, headers: res.headers };
}

/** URL equality with query parameters compared as sorted multisets (dandi-cli's rule). */
function sameUrl(a: string, b: string): boolean {
  const norm = (u: string) => {
    const url = new URL(u);
    const params = [...url.searchParams].map(([k, v]) => `${k}=${v}`).sort();
    return `${url.origin}${url.pathname}?${params.join('&')}`;
  };
  return norm(a) === norm(b);
}

const withPage = (url: string, page: number) => {
  const u = new URL(url);
  u.searchParams.set('page', String(page));
  return u.toString();
};

const store = () => r.store;
const open = () => store().dandisets.filter((d) => d.embargoStatus === 'OPEN');
const embargoed = () =>
  store().dandisets.find((d) => d.embargoStatus === 'EMBARGOED' && store().draft(d).assetCount > 0) as DandisetRecord;
const large = () => open().find((d) => store().draft(d).assetCount > 2000) as DandisetRecord;
const published = () =>
  open().find(
    (d) =>
      d.versions.length > 1 &&
      store()
        .draft(d)
        .assets.some((a) => a.publishedAt === 0),
  ) as DandisetRecord;
const bidsDandiset = () =>
  open().find((d) =>
    store()
      .draft(d)
      .assets.some((a) => a.path === 'dataset_description.json'),
  ) as DandisetRecord;
const openZarrAsset = () =>
  open()
    .flatMap((d) => store().draft(d).assets)
    .find((a) => a.zarrId !== null) as AssetRecord;

describe('seed', () => {
  it('has the catalog identities, embargoes and published versions', () => {
    const s = store();
    expect(s.dandisets.map((d) => d.identifier)).toEqual(DANDISET_IDS);
    for (const d of s.dandisets) {
      expect(d.embargoStatus === 'EMBARGOED').toBe(isEmbargoedDandiset(d.identifier));
      expect(d.versions.map((v) => v.version)).toEqual(['draft', ...publishedVersionIds(d.identifier)]);
    }
  });

  it('is large and skewed', () => {
    const f = store().figures();
    expect(f.dandisets).toBeGreaterThanOrEqual(300);
    expect(f.assets).toBeGreaterThanOrEqual(50_000);
    expect(f.zarrs).toBeGreaterThan(10);
    expect(f.zarrEntries).toBeGreaterThan(10_000);
    const counts = store().dandisets.map((d) => store().draft(d).assetCount);
    expect(counts.filter((n) => n === 0).length).toBeGreaterThanOrEqual(3);
    expect(counts.filter((n) => n >= 2000 && n <= 5000).length).toBeGreaterThanOrEqual(3);
    expect(
      store().dandisets.some((d) =>
        store()
          .draft(d)
          .assets.some((a) => a.size > 2 ** 31),
      ),
    ).toBe(true);
    for (const z of store().zarrs) expect(z.fileCount).toBeGreaterThanOrEqual(150);
  });

  it('shares asset ids between draft and published versions except changed files', () => {
    const d = published();
    const draftIds = new Set(
      store()
        .draft(d)
        .assets.map((a) => a.assetId),
    );
    const last = d.versions[d.versions.length - 1];
    const shared = last?.assets.filter((a) => draftIds.has(a.assetId)).length ?? 0;
    expect(shared).toBeGreaterThan(0);
    const changed = store().dandisets.some((ds) =>
      ds.versions.slice(1).some((v) => v.assets.some((a) => !ds.versions[0]?.assets.includes(a))),
    );
    expect(changed).toBe(true);
  });

  it('is deterministic', () => {
    expect(seedFingerprint(generateDandiSeed())).toBe(seedFingerprint(getDandiSeed()));
  });
});

describe('info, stats, users, auth', () => {
  it('serves /info/ and /stats/', async () => {
    const info = await get('/info/');
    expect(info.status).toBe(200);
    expect(info.body.schema_version).toBe('0.7.0');
    expect(info.body.services.api.url).toBe(r.apiUrl);
    expect(Object.keys(info.body.instance_config)).toEqual([
      'instance_name',
      'instance_identifier',
      'instance_url',
      'doi_prefix',
      'licenses',
    ]);
    const stats = await get('/stats/');
    expect(stats.body.dandiset_count).toBe(320);
    expect(stats.body.size).toBeGreaterThan(2 ** 31);
  });

  it('rejects an invalid token on every endpoint', async () => {
    const res = await get('/info/', undefined, { authorization: 'token 0000000000000000000000000000000000000000' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: 'Invalid token.' });
    expect((await get('/dandisets/', undefined, { authorization: 'Token nope' })).status).toBe(401);
  });

  it('accepts the Token keyword case-insensitively and serves /auth/token and /users/me/', async () => {
    const token = await get('/auth/token', undefined, { authorization: `Token ${DANDI_REPLICA_TOKENS.owner}` });
    expect(token.status).toBe(200);
    expect(token.body).toBe(DANDI_REPLICA_TOKENS.owner);
    expect(DANDI_REPLICA_TOKENS.other).toMatch(/^[0-9a-f]{40}$/);
    expect((await get('/auth/token/')).status).toBe(401);
    const me = await get('/users/me/', 'other');
    expect(me.body).toMatchObject({ username: 'replica-other', admin: false, status: 'APPROVED' });
    expect((await get('/users/me/')).body).toEqual({ detail: 'Authentication credentials were not provided.' });
  });

  it('lists owners with e-mails only for signed-in callers', async () => {
    const d = open()[0] as DandisetRecord;
    const anon = await get(`/dandisets/${d.identifier}/users/`);
    expect(anon.body.map((u: any) => u.username)).toEqual(d.owners);
    expect(anon.body.every((u: any) => u.email === null)).toBe(true);
    const signed = await get(`/dandisets/${d.identifier}/users/`, 'other');
    expect(signed.body.every((u: any) => typeof u.email === 'string')).toBe(true);
  });
});

describe('/dandisets/ paging', () => {
  it('pages with count on every page and exact next/previous links', async () => {
    const p1 = await get('/dandisets/');
    expect(p1.status).toBe(200);
    expect(Object.keys(p1.body)).toEqual(['count', 'next', 'previous', 'results']);
    expect(p1.body.count).toBe(open().length);
    expect(p1.body.results).toHaveLength(100);
    expect(p1.body.next).toBe(`${r.apiUrl}/dandisets/?page=2`);
    expect(p1.body.previous).toBeNull();
    const p2 = await get(p1.body.next);
    expect(p2.body.count).toBe(open().length);
    expect(p2.body.previous).toBe(`${r.apiUrl}/dandisets/`);
    const p3 = await get(p2.body.next);
    expect(p3.body.previous).toBe(`${r.apiUrl}/dandisets/?page=2`);
    const ids = [...p1.body.results, ...p2.body.results, ...p3.body.results].map((d: any) => d.identifier);
    expect(new Set(ids).size).toBe(300);
  });

  it('accepts a missing trailing slash but links to the canonical slashed path', async () => {
    const res = await get(`${r.apiUrl}/dandisets?page_size=10`);
    expect(res.status).toBe(200);
    expect(res.body.next).toBe(`${r.apiUrl}/dandisets/?page=2&page_size=10`);
  });

  it('keeps other parameters in links (sorted, as DRF re-encodes them)', async () => {
    const url = `${r.apiUrl}/dandisets/?page_size=50&ordering=-id&search=mouse`;
    const res = await get(url);
    expect(res.body.next).toBe(`${r.apiUrl}/dandisets/?ordering=-id&page=2&page_size=50&search=mouse`);
    expect(sameUrl(res.body.next, withPage(url, 2))).toBe(true);
  });

  it('clamps page_size to 1000 and falls back to 100 on bad values', async () => {
    const big = await get('/dandisets/?page_size=5000');
    expect(big.body.results).toHaveLength(open().length);
    expect(big.body.next).toBeNull();
    for (const bad of ['0', '-3', 'abc']) {
      expect((await get(`/dandisets/?page_size=${bad}`)).body.results).toHaveLength(100);
    }
  });

  it('answers 404 "Invalid page." past the end, on 0 and junk; accepts page=last', async () => {
    for (const page of ['99', '0', 'abc']) {
      const res = await get(`/dandisets/?page=${page}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: 'Invalid page.' });
    }
    const last = await get('/dandisets/?page=last');
    expect(last.status).toBe(200);
    expect(last.body.next).toBeNull();
    expect(last.body.results).toHaveLength(open().length % 100);
  });
});

describe('/dandisets/ filters and ordering', () => {
  it('filters draft=false and empty=false', async () => {
    const pub = await get('/dandisets/?draft=false&page_size=1000');
    expect(pub.body.count).toBe(open().filter((d) => d.versions.length > 1).length);
    expect(pub.body.results.every((d: any) => d.most_recent_published_version !== null)).toBe(true);
    const nonEmpty = await get('/dandisets/?empty=FALSE&page_size=1000');
    const empties = open().filter((d) => store().latestVersion(d).assetCount === 0).length;
    expect(empties).toBeGreaterThan(0);
    expect(nonEmpty.body.count).toBe(open().length - empties);
  });

  it('validates booleans and user', async () => {
    const bad = await get('/dandisets/?draft=maybe&empty=2');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ draft: ['Must be a valid boolean.'], empty: ['Must be a valid boolean.'] });
    expect((await get('/dandisets/?user=you')).body).toEqual({ user: ['"you" is not a valid choice.'] });
  });

  it('applies embargo visibility to lists', async () => {
    const anon = await get('/dandisets/?embargoed=true');
    expect(anon.status).toBe(401);
    expect(anon.body).toBe('Authentication credentials must be provided when attempting to access embargoed dandisets');
    const other = await get('/dandisets/?embargoed=true&page_size=1000', 'other');
    expect(other.body.results.every((d: any) => d.embargo_status === 'OPEN')).toBe(true);
    const owner = await get('/dandisets/?embargoed=true&page_size=1000', 'owner');
    expect(owner.body.count).toBe(320);
    const mine = await get('/dandisets/?user=me&embargoed=true&page_size=1000', 'owner');
    const owned = store().dandisets.filter((d) => d.owners.includes('replica-owner'));
    expect(mine.body.results.map((d: any) => d.identifier)).toEqual(owned.map((d) => d.identifier));
    expect(owned.filter((d) => d.embargoStatus === 'OPEN').length).toBeGreaterThan(0);
    expect((await get('/dandisets/?user=me')).body.count).toBe(0);
  });

  it('filters starred dandisets for signed-in users only', async () => {
    expect((await get('/dandisets/?starred=true')).body).toBe('Must be authenticated to filter by starred dandisets.');
    const starred = await get('/dandisets/?starred=true', 'owner');
    expect(starred.body.count).toBeGreaterThan(0);
    expect(starred.body.results.every((d: any) => d.is_starred)).toBe(true);
  });

  it('orders by id, size, name and stars (first valid term)', async () => {
    const desc = await get('/dandisets/?ordering=bogus,-id&page_size=1000');
    const ids = desc.body.results.map((d: any) => d.identifier);
    expect(ids).toEqual([...ids].sort().reverse());
    const bySize = await get('/dandisets/?ordering=size&page_size=1000');
    const sizes = bySize.body.results.map((d: any) => (d.most_recent_published_version ?? d.draft_version).size);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    const byStars = await get('/dandisets/?ordering=-stars&page_size=1000');
    const stars = byStars.body.results.map((d: any) => d.star_count);
    expect(stars).toEqual([...stars].sort((a, b) => b - a));
    const byName = await get('/dandisets/?ordering=name&page_size=1000');
    const names = byName.body.results.map((d: any) => (d.most_recent_published_version ?? d.draft_version).name);
    expect(names).toEqual([...names].sort());
  });
});

describe('/dandisets/ search', () => {
  const searchIds = async (q: string, who?: Who) => {
    const res = await get(`/dandisets/?page_size=1000&search=${encodeURIComponent(q)}`, who);
    expect(res.status).toBe(200);
    return res.body.results.map((d: any) => d.identifier) as string[];
  };

  it('finds free text (identifier included) in any version metadata', async () => {
    const target = open()[40] as DandisetRecord;
    expect(await searchIds(target.identifier)).toContain(target.identifier);
    const word = target.title.split(' ')[0] as string;
    const hits = await searchIds(`${word.toUpperCase()} ${target.identifier}`);
    expect(hits).toEqual([target.identifier]);
    expect(await searchIds('"species:mouse"')).toEqual([]);
    // Accent-insensitive, like Postgres unaccent: "Muller" finds "Müller".
    const accented = open().find((d) => d.contributors.some((c) => c.name.startsWith('Müller'))) as DandisetRecord;
    expect(await searchIds('muller')).toContain(accented.identifier);
  });

  it('supports species:, approach:, technique:, file_type: and owner:', async () => {
    const rats = await searchIds('species:"Rattus norvegicus"');
    expect(rats.length).toBeGreaterThan(0);
    for (const id of rats) {
      const d = store().dandiset(id) as DandisetRecord;
      const names = d.versions.flatMap((v) =>
        (store().versionMetadata(d, v).assetsSummary as any).species.map((s: any) => s.name),
      );
      expect(names.some((n: string) => n.includes('Rattus'))).toBe(true);
    }
    const ecephys = await searchIds('approach:electrophys technique:"spike sorting"');
    expect(ecephys.length).toBeGreaterThan(0);
    const videos = await searchIds('file_type:video');
    expect(videos.length).toBeGreaterThan(0);
    for (const id of videos)
      expect(
        store()
          .assetsOf(id)
          .some((a) => a.encodingFormat === 'video/mp4'),
      ).toBe(true);
    const owned = await searchIds('owner:replica-owner');
    expect(owned.sort()).toEqual(
      open()
        .filter((d) => d.owners.includes('replica-owner'))
        .map((d) => d.identifier),
    );
  });

  it('supports date operators', async () => {
    const early = await searchIds('created_before:2021-01-01');
    expect(early.length).toBeGreaterThan(0);
    for (const id of early)
      expect((store().dandiset(id) as DandisetRecord).created).toBeLessThan(Date.UTC(2021, 0, 1) * 1000);
    const pubs = await searchIds('published_after:2022-1-1');
    for (const id of pubs) expect((store().dandiset(id) as DandisetRecord).versions.length).toBeGreaterThan(1);
  });

  it('answers syntax errors with 400 {"search": message}', async () => {
    const cases: [string, string][] = [
      [
        'specie:mouse',
        'Unknown search operator "specie". Did you mean "species"? Wrap the term in double quotes (e.g. "foo:bar") to search for it as text.',
      ],
      [
        'mouse "open',
        'Unbalanced quote in search query. Remove the stray quote, or wrap the intended phrase in matched quotes.',
      ],
      ['created_before:2021-13-01', 'Invalid date for "created_before": \'2021-13-01\'. Use YYYY-MM-DD.'],
      ['species:""', 'Operator "species" requires a value (e.g. species:something).'],
      ['x'.repeat(1025), 'Search query is too long (1025 characters; max 1024).'],
    ];
    for (const [q, message] of cases) {
      const res = await get(`/dandisets/?search=${encodeURIComponent(q)}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ search: message });
    }
  });
});

describe('/dandisets/{id}/ and versions', () => {
  it('serves details, JSON 404 for unknown ids and HTML 404 for malformed ones', async () => {
    const d = published();
    const res = await get(`/dandisets/${d.identifier}/`);
    expect(res.body.identifier).toBe(d.identifier);
    expect(res.body.draft_version).toMatchObject({ version: 'draft', active_uploads: 0, release_notes: '' });
    expect(res.body.most_recent_published_version.version).toBe(d.versions[d.versions.length - 1]?.version);
    expect(await get('/dandisets/999999/')).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
    for (const bad of [
      '/dandisets/12345/',
      '/dandisets/abcdef/',
      `/dandisets/${d.identifier}/versions/1.0/`,
      '/assets/not-a-uuid/',
    ]) {
      const html = await get(bad);
      expect(html.status).toBe(404);
      expect(html.headers.get('content-type')).toContain('text/html');
      expect(html.text).toContain('<h1>Not Found</h1>');
    }
    expect((await get(`/dandisets/${d.identifier}/versions/0.200101.0000/`)).body).toEqual({ detail: 'Not found.' });
  });

  it('enforces embargo: anonymous 401, other 403, owner 200 — down to assets', async () => {
    const d = embargoed();
    const asset = store().draft(d).assets[0] as AssetRecord;
    const paths = [
      `/dandisets/${d.identifier}/`,
      `/dandisets/${d.identifier}/versions/`,
      `/dandisets/${d.identifier}/versions/draft/`,
      `/dandisets/${d.identifier}/versions/draft/assets/`,
      `/dandisets/${d.identifier}/versions/draft/assets/paths/`,
      `/assets/${asset.assetId}/`,
    ];
    for (const p of paths) {
      expect(await get(p)).toMatchObject({
        status: 401,
        body: { detail: 'Authentication credentials were not provided.' },
      });
      expect(await get(p, 'other')).toMatchObject({
        status: 403,
        body: { detail: 'You do not have permission to perform this action.' },
      });
      expect((await get(p, 'owner')).status).toBe(200);
    }
    const meta = await get(`/dandisets/${d.identifier}/versions/draft/`, 'owner');
    expect(meta.body.access[0]).toMatchObject({ status: 'dandi:EmbargoedAccess' });
  });

  it('lists versions draft-first, or newest first with order=-created', async () => {
    const d = published();
    const asc = await get(`/dandisets/${d.identifier}/versions/`);
    expect(asc.body.results.map((v: any) => v.version)).toEqual(d.versions.map((v) => v.version));
    expect(asc.body.results[0].dandiset.identifier).toBe(d.identifier);
    expect(asc.body.results[0]).not.toHaveProperty('dandiset.draft_version');
    const desc = await get(`/dandisets/${d.identifier}/versions/?order=-created`);
    expect(desc.body.results.map((v: any) => v.version)).toEqual(d.versions.map((v) => v.version).reverse());
    expect((await get(`/dandisets/${d.identifier}/versions/?order=name`)).status).toBe(400);
    const paged = await get(`/dandisets/${d.identifier}/versions/?page_size=1`);
    expect(paged.body.count).toBe(d.versions.length);
    expect(paged.body.next).toBe(`${r.apiUrl}/dandisets/${d.identifier}/versions/?page=2&page_size=1`);
  });

  it('serves version metadata documents with the injected fields', async () => {
    const d = published();
    const v = d.versions[1]!;
    const doc = (await get(`/dandisets/${d.identifier}/versions/${v.version}/`)).body;
    expect(doc).toMatchObject({
      '@context': expect.stringContaining('/context.json'),
      id: `DANDI:${d.identifier}/${v.version}`,
      identifier: `DANDI:${d.identifier}`,
      version: v.version,
      url: `https://dandiarchive.org/dandiset/${d.identifier}/${v.version}`,
      doi: `10.48324/dandi.${d.identifier}/${v.version}`,
      repository: 'https://dandiarchive.org',
      schemaKey: 'Dandiset',
    });
    expect(doc.citation).toContain(`(Version ${v.version}) [Data set]. DANDI Archive. https://doi.org/${doc.doi}`);
    expect(doc.assetsSummary).toMatchObject({
      schemaKey: 'AssetsSummary',
      numberOfFiles: v.assetCount,
      numberOfBytes: v.size,
    });
    expect(doc.contributor.some((c: any) => c.roleName.includes('dcite:ContactPerson'))).toBe(true);
    expect(['spdx:CC-BY-4.0', 'spdx:CC0-1.0']).toContain(doc.license[0]);
    expect(doc.publishedBy.schemaKey).toBe('PublishActivity');
    const draft = (await get(`/dandisets/${d.identifier}/versions/draft/`)).body;
    expect(draft.manifestLocation).toEqual([`${r.apiUrl}/dandisets/${d.identifier}/versions/draft/assets/`]);
    expect(draft).not.toHaveProperty('doi');
    const info = (await get(`/dandisets/${d.identifier}/versions/draft/info/`)).body;
    expect(info).toMatchObject({
      version: 'draft',
      dandiset: { identifier: d.identifier },
      contact_person: expect.any(String),
    });
    expect(info.metadata.id).toBe(`DANDI:${d.identifier}/draft`);
    expect(Array.isArray(info.asset_validation_errors)).toBe(true);
  });
});

describe('version assets (lazy pagination)', () => {
  it('counts on page 1 only, links exactly and walks every asset', async () => {
    const d = large();
    const n = store().draft(d).assetCount;
    const base = `${r.apiUrl}/dandisets/${d.identifier}/versions/draft/assets/`;
    const p1 = await get(`${base}?page_size=1000`);
    expect(p1.body.count).toBe(n);
    expect(p1.body.next).toBe(`${base}?page=2&page_size=1000`);
    expect(sameUrl(p1.body.next, withPage(`${base}?page_size=1000`, 2))).toBe(true);
    const seen: string[] = p1.body.results.map((a: any) => a.asset_id);
    let next = p1.body.next;
    while (next) {
      const page = await get(next);
      expect(page.body.count).toBeNull();
      seen.push(...page.body.results.map((a: any) => a.asset_id));
      next = page.body.next;
    }
    expect(new Set(seen).size).toBe(n);
    const past = await get(`${base}?page=99`);
    expect(past).toMatchObject({ status: 200, body: { count: null, next: null, results: [] } });
    expect(past.body.previous).toBe(`${base}?page=98`);
    expect((await get(`${base}?page=0`)).body).toEqual({ detail: 'Invalid page.' });
    expect((await get(`${base}?page=last`)).status).toBe(404);
    expect((await get(`${base}?page_size=5000`)).body.results).toHaveLength(1000);
    const last = await get(`${base}?page=${Math.ceil(n / 100)}`);
    expect(last.body.next).toBeNull();
  });

  it('filters by path prefix (exact match wins) and glob', async () => {
    const d = large();
    const assets = store().draft(d).assets;
    const sample = assets[7] as AssetRecord;
    const folder = sample.path.slice(0, sample.path.indexOf('/') + 1);
    const base = `/dandisets/${d.identifier}/versions/draft/assets/?page_size=1000`;
    const byFolder = await get(`${base}&path=${encodeURIComponent(folder.toUpperCase())}`);
    expect(byFolder.body.count).toBe(assets.filter((a) => a.path.startsWith(folder)).length);
    const exact = await get(`${base}&path=${encodeURIComponent(sample.path)}`);
    expect(exact.body.results.map((a: any) => a.asset_id)).toEqual([sample.assetId]);
    const glob = await get(`${base}&glob=${encodeURIComponent('*.NWB')}`);
    expect(glob.body.count).toBe(assets.filter((a) => a.path.endsWith('.nwb')).length);
    const noMatch = await get(`${base}&glob=${encodeURIComponent(sample.path.slice(0, -2))}`);
    expect(noMatch.body.count).toBe(0);
  });

  it('orders by path / modified, includes metadata, filters zarr, validates params', async () => {
    const d = bidsDandiset();
    const base = `/dandisets/${d.identifier}/versions/draft/assets/?page_size=1000`;
    const byPath = (await get(`${base}&order=path`)).body.results.map((a: any) => a.path);
    expect(byPath).toEqual([...byPath].sort());
    const byMod = (await get(`${base}&order=-modified`)).body.results.map((a: any) => Date.parse(a.modified));
    expect(byMod).toEqual([...byMod].sort((a, b) => b - a));
    const withMeta = await get(`${base}&metadata=true&page_size=3`);
    for (const a of withMeta.body.results) expect(a.metadata.identifier).toBe(a.asset_id);
    const z = openZarrAsset();
    const zarrs = await get(`/dandisets/${z.dandisetId}/versions/draft/assets/?zarr=true`);
    expect(zarrs.body.count).toBeGreaterThan(0);
    expect(zarrs.body.results.every((a: any) => a.zarr !== null && a.blob === null)).toBe(true);
    expect((await get(`${base}&metadata=nope&order=size`)).body).toEqual({
      metadata: ['Must be a valid boolean.'],
      order: ['Select a valid choice. size is not one of the available choices.'],
    });
  });

  it('lists folders with aggregates via /assets/paths/', async () => {
    const d = bidsDandiset();
    const v = store().draft(d);
    const base = `/dandisets/${d.identifier}/versions/draft/assets/paths/`;
    const root = await get(base);
    expect(root.body.count).toBe(root.body.results.length);
    expect(root.body.results.reduce((s: number, n: any) => s + n.aggregate_files, 0)).toBe(v.assetCount);
    expect(root.body.results.reduce((s: number, n: any) => s + n.aggregate_size, 0)).toBe(v.size);
    const file = root.body.results.find((n: any) => n.path === 'dataset_description.json');
    expect(file.asset.url).toMatch(new RegExp(`^${r.origin}/s3/blobs/`));
    const folder = root.body.results.find((n: any) => n.asset === null);
    const children = await get(`${base}?path_prefix=${encodeURIComponent(`${folder.path}/`)}`);
    expect(children.body.results.every((n: any) => n.path.startsWith(`${folder.path}/`))).toBe(true);
    expect(children.body.results.reduce((s: number, n: any) => s + n.aggregate_files, 0)).toBe(folder.aggregate_files);
    expect((await get(`${base}?path_prefix=nope`)).body).toEqual({ detail: 'Specified path not found.' });
    expect((await get(`${base}?path_prefix=dataset_description.json`)).body.results).toEqual([]);
  });
});

describe('asset documents and downloads', () => {
  it('serves asset metadata nested and at top level', async () => {
    const d = published();
    const a = store()
      .draft(d)
      .assets.find((x) => x.kind === 'nwb') as AssetRecord;
    const doc = (await get(`/dandisets/${d.identifier}/versions/draft/assets/${a.assetId}/`)).body;
    expect(doc).toMatchObject({
      id: `dandiasset:${a.assetId}`,
      identifier: a.assetId,
      path: a.path,
      contentSize: a.size,
      encodingFormat: 'application/x-nwb',
      schemaKey: 'Asset',
      access: [{ schemaKey: 'AccessRequirements', status: 'dandi:OpenAccess' }],
    });
    expect(doc.contentUrl).toEqual([
      `${r.apiUrl}/assets/${a.assetId}/download/`,
      `${r.origin}/s3/blobs/${a.blobId?.slice(0, 3)}/${a.blobId?.slice(3, 6)}/${a.blobId}`,
    ]);
    expect(doc.digest['dandi:dandi-etag']).toMatch(/^[0-9a-f]{32}-\d+$/);
    expect(doc.digest['dandi:sha2-256']).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.wasAttributedTo[0]).toMatchObject({
      schemaKey: 'Participant',
      age: { value: expect.stringMatching(/^P\d/) },
    });
    expect(doc.wasGeneratedBy.map((g: any) => g.schemaKey)).toEqual(['Session', 'Activity']);
    const info = (await get(`/assets/${a.assetId}/info/`)).body;
    expect(info).toMatchObject({ asset_id: a.assetId, blob: a.blobId, zarr: null, path: a.path, size: a.size });
    expect(info.metadata).toEqual(doc);
    expect((await get('/assets/00000000-0000-4000-8000-000000000000/')).body).toEqual({ detail: 'Not found.' });
    const z = openZarrAsset();
    const zdoc = (await get(`/assets/${z.assetId}/`)).body;
    expect(zdoc.encodingFormat).toBe('application/x-zarr');
    expect(zdoc.digest['dandi:dandi-zarr-checksum']).toMatch(/^[0-9a-f]{32}-\d+--\d+$/);
  });

  it('redirects downloads to the local blob store, which honours Range', async () => {
    const d = bidsDandiset();
    const a = store()
      .draft(d)
      .assets.find((x) => x.path === 'dataset_description.json') as AssetRecord;
    const res = await get(`/dandisets/${d.identifier}/versions/draft/assets/${a.assetId}/download/`);
    expect(res.status).toBe(302);
    const location = res.headers.get('location') as string;
    expect(
      location.startsWith(`${r.origin}/s3/blobs/${a.blobId?.slice(0, 3)}/${a.blobId?.slice(3, 6)}/${a.blobId}?`),
    ).toBe(true);
    const whole = await fetch(location);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-disposition')).toBe('attachment; filename="dataset_description.json"');
    const text = await whole.text();
    expect(text.length).toBe(a.size);
    expect(JSON.parse(text).Name).toBe(d.title.replace(/[^\x20-\x7e]/g, '?'));
    const part = await fetch(location, { headers: { range: 'bytes=2-11' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 2-11/${a.size}`);
    expect(await part.text()).toBe(text.slice(2, 12));
    const tail = await fetch(location, { headers: { range: 'bytes=-5' } });
    expect(await tail.text()).toBe(text.slice(-5));
    expect((await fetch(location, { headers: { range: `bytes=${a.size}-` } })).status).toBe(416);
    const head = await fetch(`${r.apiUrl}/assets/${a.assetId}/download/`, { method: 'HEAD', redirect: 'manual' });
    expect(head.status).toBe(302);
    expect(head.headers.get('location')).toBe(location);
  });

  it('answers inline video downloads with a player page', async () => {
    const video = open()
      .flatMap((d) => store().draft(d).assets)
      .find((a) => a.kind === 'video') as AssetRecord;
    const res = await get(`/assets/${video.assetId}/download/?content_disposition=inline`);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^<video .*type="video\/mp4"><\/video>$/);
    expect((await get(`/assets/${video.assetId}/download/?content_disposition=bogus`)).status).toBe(400);
  });

  it('serves byte ranges of large synthetic blobs and refuses zarr downloads', async () => {
    const big = store()
      .draft(large())
      .assets.find((a) => a.size > 2 ** 31) as AssetRecord;
    const top = await get(`/assets/${big.assetId}/download/`);
    const location = top.headers.get('location') as string;
    const start = 2 ** 31 + 5;
    const part = await fetch(location, { headers: { range: `bytes=${start}-${start + 99}` } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes ${start}-${start + 99}/${big.size}`);
    expect((await part.text()).length).toBe(100);
    const z = openZarrAsset();
    const zres = await get(`/assets/${z.assetId}/download/`);
    expect(zres.status).toBe(400);
    expect(zres.body).toBe(
      'Unable to provide download link for zarr assets. Please browse the zarr files directly to do so.',
    );
  });

  it('keeps embargoed blobs behind the owner-only redirect', async () => {
    const a = store()
      .draft(embargoed())
      .assets.find((x) => x.blobId) as AssetRecord;
    expect((await get(`/assets/${a.assetId}/download/`)).status).toBe(401);
    const res = await get(`/assets/${a.assetId}/download/`, 'owner');
    expect(res.status).toBe(302);
    const signed = res.headers.get('location') as string;
    expect((await fetch(signed, { headers: { range: 'bytes=0-9' } })).status).toBe(206);
    expect((await fetch(signed.slice(0, signed.indexOf('?')))).status).toBe(403);
  });
});

describe('zarr archives', () => {
  it('lists and filters zarrs, hiding embargoed ones from non-owners', async () => {
    const z = store().zarrs.find((x) => store().dandiset(x.dandisetId)?.embargoStatus === 'OPEN')!;
    const byDandiset = await get(`/zarr/?dandiset=${z.dandisetId}`);
    expect(byDandiset.body.results.every((x: any) => x.dandiset === z.dandisetId)).toBe(true);
    expect(byDandiset.body.count).toBe(store().zarrs.filter((x) => x.dandisetId === z.dandisetId).length);
    const byName = await get(`/zarr/?name=${encodeURIComponent(z.name)}`);
    expect(byName.body.results.map((x: any) => x.zarr_id)).toContain(z.zarrId);
    expect((await get('/zarr/?dandiset=12')).body).toEqual({ dandiset: ['A valid Dandiset identifier is required.'] });
    expect((await get(`/zarr/${z.zarrId}/`)).body).toMatchObject({
      zarr_id: z.zarrId,
      status: 'Complete',
      file_count: z.fileCount,
    });
    const hidden = store().zarrs.find((x) => store().dandiset(x.dandisetId)?.embargoStatus === 'EMBARGOED')!;
    expect(hidden).toBeDefined();
    expect((await get(`/zarr/${hidden.zarrId}/`)).status).toBe(404);
    expect((await get(`/zarr/${hidden.zarrId}/`, 'other')).status).toBe(404);
    expect((await get(`/zarr/${hidden.zarrId}/`, 'owner')).status).toBe(200);
    const all = await get('/zarr/?page_size=1000');
    expect(all.body.results.some((x: any) => x.zarr_id === hidden.zarrId)).toBe(false);
  });

  it('pages files with an after cursor (next = request URL with after = last key)', async () => {
    const z = store().zarrs.find((x) => store().dandiset(x.dandisetId)?.embargoStatus === 'OPEN')!;
    const first = `${r.apiUrl}/zarr/${z.zarrId}/files?limit=100`;
    const keys: string[] = [];
    let url: string | null = first;
    let requests = 0;
    while (url) {
      const page: any = (await get(url)).body;
      expect(Object.keys(page)).toEqual(['next', 'results']);
      if (page.next) {
        const lastKey = page.results[page.results.length - 1].Key;
        const expected = new URL(url.replace('/files?', '/files/?'));
        expected.searchParams.set('after', lastKey);
        expect(sameUrl(page.next, expected.toString())).toBe(true);
      }
      keys.push(...page.results.map((e: any) => e.Key));
      url = page.next;
      requests++;
    }
    expect(keys).toEqual(z.entries.map((e) => e.key));
    expect(requests).toBe(Math.ceil(z.fileCount / 100));
    const entry = (await get(`/zarr/${z.zarrId}/files/?prefix=.zattrs`)).body.results[0];
    expect(entry).toMatchObject({ Key: '.zattrs', ETag: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(entry.LastModified).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00$/);
  });

  it('strips prefix slashes, validates limit and "..", and redirects downloads', async () => {
    const z = store().zarrs.find((x) => store().dandiset(x.dandisetId)?.embargoStatus === 'OPEN')!;
    const level1 = (await get(`/zarr/${z.zarrId}/files/?prefix=1/`)).body.results.map((e: any) => e.Key);
    expect(level1.length).toBeGreaterThan(0);
    expect(level1.every((k: string) => k.startsWith('1'))).toBe(true);
    expect((await get(`/zarr/${z.zarrId}/files/?limit=1001`)).body).toEqual({
      limit: ['Ensure this value is less than or equal to 1000.'],
    });
    const dots = await get(`/zarr/${z.zarrId}/files/?prefix=0/../x`);
    expect(dots).toMatchObject({ status: 400, body: 'Zarr path cannot contain ".." components.' });
    const dl = await get(`/zarr/${z.zarrId}/files/?prefix=.zattrs&download=true`);
    expect(dl.status).toBe(302);
    const obj = await fetch(dl.headers.get('location') as string);
    expect(JSON.parse(await obj.text()).multiscales[0].version).toBe('0.4');
    expect((await get('/zarr/00000000-0000-4000-8000-000000000000/files/')).status).toBe(404);
  });
});

describe('harness faults and request log', () => {
  it('applies a queued status fault to the next request only', async () => {
    r.faults.queue({ kind: 'status', status: 503 });
    expect((await get('/info/')).status).toBe(503);
    expect((await get('/info/')).status).toBe(200);
  });

  it('records requests with their credentials', async () => {
    r.log.clear();
    await get('/stats/');
    await get('/stats/', 'owner');
    await get('/dandisets/?page_size=1');
    expect(r.log.count('/api/stats/')).toBe(2);
    expect(r.log.count()).toBe(3);
    expect(r.log.filter('/api/stats/')[1]?.authorization).toBe(`token ${DANDI_REPLICA_TOKENS.owner}`);
    expect(r.log.filter('/api/dandisets/')[0]?.search).toBe('page_size=1');
  });
});
