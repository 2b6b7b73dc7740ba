/**
 * Conformance of the BrainSTEM replica's read side over real sockets: envelope keys of every
 * model, trailing slashes, dynamic-rest filters/sort/include, paging under every envelope
 * variant, portals and tokens, seed links into the DANDI/EEGDash catalogs, determinism, and the
 * harness's faults. Writes are in brainstem-writes.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  DANDISET_IDS,
  EEGDASH_DATASET_IDS,
  isEmbargoedDandiset,
  publishedVersionIds,
} from '../../replicas/common/catalog.ts';
import { seedBrainstem } from '../../replicas/brainstem/seed.ts';
import {
  BRAINSTEM_REPLICA_TOKENS as TOKENS,
  ENVELOPE_VARIANTS,
  startBrainstemReplica,
} from '../../replicas/brainstem/server.ts';
import { useReplica } from '../support/gateway.ts';

const h = useReplica('bs', startBrainstemReplica, (bs) => bs.reset());

type Json = Record<string, any>;
const auth = (who?: keyof typeof TOKENS) => (who ? { authorization: `Bearer ${TOKENS[who]}` } : undefined);
async function get(path: string, who?: keyof typeof TOKENS): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(path.startsWith('http') ? path : `${h.bs.apiUrl}${path}`, { headers: auth(who) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}
const ids = (rows: Json[]) => rows.map((r) => r.id);

/** A client that copes with every envelope variant: follows `next`, else counts, else stops on a short page. */
async function collectAll(path: string, key: string, who?: keyof typeof TOKENS, limit = 100): Promise<Json[]> {
  const out: Json[] = [];
  let url: string | null = `${h.bs.apiUrl}${path}${path.includes('?') ? '&' : '?'}limit=${limit}`;
  let offset = 0;
  for (let guard = 0; url && guard < 500; guard++) {
    const { status, body } = await get(url, who);
    expect(status).toBe(200);
    const page = body[key] as Json[];
    out.push(...page);
    const total = body.count ?? body.meta?.total_results;
    if ('next' in body) {
      url = body.next;
      continue;
    }
    const more = total !== undefined ? out.length < total : page.length >= limit;
    offset += limit;
    url = more ? `${h.bs.apiUrl}${path}${path.includes('?') ? '&' : '?'}limit=${limit}&offset=${offset}` : null;
  }
  return out;
}

// The spec's §3 table: app, URL model, list key, detail key.
const MODELS: [string, string, string, string][] = [
  ['stem', 'project', 'projects', 'project'],
  ['stem', 'subject', 'subjects', 'subject'],
  ['stem', 'session', 'sessions', 'session'],
  ['stem', 'collection', 'collections', 'collection'],
  ['stem', 'cohort', 'cohorts', 'cohort'],
  ['stem', 'epoch', 'epochs', 'epoch'],
  ['modules', 'procedure', 'procedures', 'procedure'],
  ['modules', 'behavior', 'behaviors', 'behavior'],
  ['modules', 'dataacquisition', 'data_acquisitions', 'data_acquisition'],
  ['modules', 'manipulation', 'manipulations', 'manipulation'],
  ['modules', 'equipment', 'equipment', 'equipment'],
  ['personal_attributes', 'datastorage', 'datastorages', 'datastorage'],
  ['personal_attributes', 'setup', 'setups', 'setup'],
  ['personal_attributes', 'behavioralassay', 'behavioralassays', 'behavioralassay'],
  ['taxonomies', 'species', 'species', 'species'],
  ['taxonomies', 'strain', 'strains', 'strain'],
  ['taxonomies', 'brainregion', 'brain_regions', 'brain_region'],
  ['taxonomies', 'setuptype', 'setup_types', 'setup_type'],
  ['taxonomies', 'behavioralparadigm', 'behavioral_paradigms', 'behavioral_paradigm'],
  ['resources', 'supplier', 'suppliers', 'supplier'],
  ['resources', 'hardwaredevice', 'hardwaredevices', 'hardwaredevice'],
  ['users', 'user', 'users', 'user'],
  ['users', 'group', 'groups', 'group'],
  ['users', 'laboratory', 'laboratories', 'laboratory'],
  ['dissemination', 'publication', 'publications', 'publication'],
  ['dissemination', 'journal', 'journals', 'journal'],
];

describe('routes and envelope keys', () => {
  it.each(MODELS)(
    '%s/%s: list key %s first, detail key %s, on both portals',
    async (app, model, listKey, detailKey) => {
      for (const who of [undefined, 'alice'] as const) {
        const portal = who ? 'private' : 'public';
        const list = await get(`/${portal}/${app}/${model}/?limit=2`, who);
        expect(list.status).toBe(200);
        expect(Object.keys(list.body)[0]).toBe(listKey);
        expect(list.body[listKey].length).toBeGreaterThan(0);
        expect(list.headers.get('content-type')).toBe('application/json');
        expect(list.headers.get('vary')).toBe('Accept');
        const id = list.body[listKey][0].id;
        const detail = await get(`/${portal}/${app}/${model}/${id}/`, who);
        expect(detail.status).toBe(200);
        expect(Object.keys(detail.body)).toEqual([detailKey]);
        expect(detail.body[detailKey].id).toBe(id);
        expect(detail.headers.get('allow')).toBe('GET, PUT, PATCH, DELETE, HEAD, OPTIONS');
      }
    },
  );

  it('accepts every trailing-slash variant, the auth/group alias, and 404s unknown routes', async () => {
    const session = h.bs.store
      .all('session')
      .find((s) => h.bs.store.get('project', (s.projects as string[])[0])?.is_public)!;
    for (const p of ['/public/stem/session', '/public/stem/session/'])
      expect((await get(`${p}?limit=1`)).status).toBe(200);
    for (const p of [
      `/public/stem/session/${session.id}`,
      `/public/stem/session/${session.id}/`,
      `/public/stem/session/${String(session.id).toUpperCase()}/`,
    ]) {
      const r = await get(p);
      expect(r.status).toBe(200);
      expect(r.body.session.name).toBe(session.name);
    }
    expect((await get('/public/auth/group/?limit=1')).body.groups).toHaveLength(1);
    expect((await get('/public/stem/nothing/')).status).toBe(404);
    // The superuser portal exists (spec §2.2), behind a token: 401 without one.
    expect((await get('/super/stem/session/')).status).toBe(401);
    expect((await get('/superuser/stem/session/')).status).toBe(404);
    expect((await get('/public/stem/session/not-a-uuid/')).body).toEqual({ detail: 'Not found.' });
    expect((await get('/public/taxonomies/speciesapproval/')).status).toBe(404); // approvals are private-only
  });

  it('serves documented field shapes (session, project, subject) and link sub-resources', async () => {
    const { body } = await get('/public/stem/session/?limit=1');
    expect(Object.keys(body.sessions[0])).toEqual([
      'id',
      'name',
      'description',
      'epochs',
      'projects',
      'date_time',
      'datastorage',
      'extra_fields',
      'download_links',
      'dataacquisition',
      'behaviors',
      'manipulations',
      'tags',
      'name_used_in_storage',
      'links',
    ]);
    const project = (await get('/public/stem/project/?limit=1')).body.projects[0];
    expect(project.links).toEqual({
      cohorts: 'cohorts/',
      collections: 'collections/',
      sessions: 'sessions/',
      subjects: 'subjects/',
    });
    expect(Object.values(project.users)[0]).toEqual({ can_change: true, is_manager: true, is_owner: true });
    const sessions = await get(`/public/stem/project/${project.id}/sessions/`);
    expect(ids(sessions.body.sessions)).toEqual(project.sessions);
  });
});

describe('dynamic-rest queries', () => {
  const publicSessions = () =>
    h.bs.store
      .all('session')
      .filter((s) => (s.projects as string[]).some((p) => h.bs.store.get('project', p)?.is_public));

  it('filters by relation path, `in` with repeated params, icontains, dates, isnull and exclusion', async () => {
    const projects = h.bs.store
      .all('project')
      .filter((p) => p.is_public)
      .slice(0, 3);
    const pid = String(projects[0]!.id);
    const expected = publicSessions().filter((s) => (s.projects as string[]).includes(pid));
    for (const key of ['projects', 'projects.id']) {
      const got = await collectAll(`/public/stem/session/?filter{${key}}=${pid}`, 'sessions');
      expect(ids(got)).toEqual(ids(expected));
    }
    const inQuery = projects.map((p) => `filter{projects.id.in}=${p.id}`).join('&');
    const inIds = new Set(projects.map((p) => p.id));
    const got = await collectAll(`/public/stem/session/?${inQuery}`, 'sessions');
    expect(ids(got)).toEqual(ids(publicSessions().filter((s) => (s.projects as string[]).some((p) => inIds.has(p)))));

    const fromTo = await collectAll(
      '/public/stem/session/?filter{date_time.gte}=2018-01-01&filter{date_time.lt}=2019-01-01T00:00:00Z',
      'sessions',
    );
    expect(fromTo.length).toBeGreaterThan(0);
    expect(fromTo.every((s) => s.date_time >= '2018-01-01' && s.date_time < '2019-01-01')).toBe(true);
    expect(fromTo.length).toBe(
      publicSessions().filter((s) => s.date_time && String(s.date_time) >= '2018' && String(s.date_time) < '2019')
        .length,
    );

    const undated = await collectAll('/public/stem/session/?filter{date_time.isnull}=true', 'sessions');
    expect(undated.length).toBe(publicSessions().filter((s) => s.date_time === null).length);
    const others = await collectAll('/public/stem/project/?filter{-name.icontains}=hippocampal', 'projects');
    expect(others.every((p) => !/hippocampal/i.test(p.name))).toBe(true);
    const hippo = await collectAll('/public/stem/project/?filter{name.icontains}=HIPPOCAMPAL', 'projects');
    expect(hippo.length).toBeGreaterThan(0);
    expect(hippo.length + others.length).toBe(h.bs.store.all('project').filter((p) => p.is_public).length);
  });

  it('follows multi-hop paths (subject → strain → species) and combines filters with AND', async () => {
    const mouse = h.bs.store.all('species').find((s) => s.name === 'Mus musculus')!;
    const got = await collectAll(
      `/public/stem/subject/?filter{strain.species.id}=${mouse.id}&filter{sex}=F`,
      'subjects',
    );
    expect(got.length).toBeGreaterThan(0);
    for (const s of got) {
      expect(s.sex).toBe('F');
      expect(h.bs.store.get('strain', s.strain)?.species).toBe(mouse.id);
    }
    const sid = publicSessions()[0]!.id;
    const bySession = await get(`/public/modules/dataacquisition/?filter{session.id}=${sid}`);
    expect(bySession.body.data_acquisitions.length).toBeGreaterThan(0);
    expect(bySession.body.data_acquisitions.every((d: Json) => d.session === sid)).toBe(true);
    // Reverse relations filter too: projects holding a given session.
    const holders = await get(`/public/stem/project/?filter{sessions.id}=${sid}`);
    expect(ids(holders.body.projects)).toEqual(h.bs.store.get('session', sid)!.projects);
  });

  it('answers bad filters and sorts with dynamic-rest 400 bodies', async () => {
    expect(await get('/public/stem/session/?filter{colour}=red')).toMatchObject({
      status: 400,
      body: ['Invalid filter field: colour'],
    });
    expect(await get('/public/stem/session/?filter{projects}=xyz')).toMatchObject({
      status: 400,
      body: ['“xyz” is not a valid UUID.'],
    });
    expect(await get('/public/stem/session/?sort[]=colour')).toMatchObject({
      status: 400,
      body: ['Invalid filter field: colour'],
    });
    expect(await get('/public/stem/session/?include[]=colour.*')).toMatchObject({
      status: 400,
      body: { detail: '"colour" is not a valid field name for "session".' },
    });
  });

  it('sorts by several keys with `-` for descending', async () => {
    const rows = await collectAll('/public/stem/subject/?sort[]=sex&sort[]=-name', 'subjects');
    const collator = new Intl.Collator('en');
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1]!, rows[i]!];
      expect(a.sex <= b.sex).toBe(true);
      if (a.sex === b.sex) expect(collator.compare(a.name, b.name)).toBeGreaterThan(0);
    }
    const byDate = (await get('/public/stem/session/?sort[]=-date_time&limit=100')).body.sessions as Json[];
    expect(byDate[0]!.date_time).toBeNull(); // PostgreSQL: NULLs first when descending
  });

  it('sideloads included relations under their list keys and keeps ids in the primary object', async () => {
    const session = publicSessions().find(
      (s) => h.bs.store.reverseIds('dataacquisition', 'session', s.id as string).length > 0,
    )!;
    const { body } = await get(`/public/stem/session/${session.id}/?include[]=dataacquisition.*&include[]=projects.*`);
    expect(Object.keys(body)).toEqual(['session', 'data_acquisitions', 'projects']);
    expect(body.session.dataacquisition.every((x: unknown) => typeof x === 'string')).toBe(true);
    expect(ids(body.data_acquisitions)).toEqual(body.session.dataacquisition);
    expect(ids(body.projects)).toEqual(body.session.projects);

    const list = await get('/public/stem/project/?limit=3&include[]=sessions.behaviors.*');
    const sessionIds = list.body.projects.flatMap((p: Json) => p.sessions);
    expect(ids(list.body.sessions).sort()).toEqual([...new Set(sessionIds)].sort());
    expect(ids(list.body.behaviors).sort()).toEqual(list.body.sessions.flatMap((s: Json) => s.behaviors).sort());
    expect(Object.keys(list.body).slice(0, 3)).toEqual(['projects', 'sessions', 'behaviors']);

    const embedded = await get(`/public/stem/session/${session.id}/?include[]=dataacquisition.*&sideloading=false`);
    expect(embedded.body.session.dataacquisition[0].session).toBe(session.id);
    const excluded = await get(`/public/stem/session/${session.id}/?exclude[]=description`);
    expect('description' in excluded.body.session).toBe(false);
  });

  it('pages with limit/offset: default 20, max 100, offsets line up', async () => {
    const total = publicSessions().length;
    const first = await get('/public/stem/session/');
    expect(first.body.sessions).toHaveLength(20);
    expect(first.body.count).toBe(total);
    expect(first.body.meta).toEqual({ total_results: total, limit: 20, offset: 0 });
    expect(first.body.previous).toBeNull();
    expect(new URL(first.body.next).searchParams.get('offset')).toBe('20');
    expect((await get('/public/stem/session/?limit=500')).body.sessions).toHaveLength(100);
    const a = (await get('/public/stem/session/?limit=10&offset=30')).body.sessions;
    const b = (await get('/public/stem/session/?limit=40')).body.sessions;
    expect(ids(a)).toEqual(ids(b).slice(30, 40));
    const last = await get(`/public/stem/session/?limit=10&offset=${total - 3}`);
    expect(last.body.sessions).toHaveLength(3);
    expect(last.body.next).toBeNull();
  });

  it.each(Object.entries(ENVELOPE_VARIANTS))(
    'collects every record exactly once under the %s envelope',
    async (_name, variant) => {
      h.bs.envelope.set(variant);
      const expected = publicSessions().map((s) => s.id);
      for (const limit of [100, 37]) {
        const got = ids(await collectAll('/public/stem/session/', 'sessions', undefined, limit));
        expect(got).toHaveLength(expected.length);
        expect(new Set(got).size).toBe(expected.length);
        expect(got).toEqual(expected);
      }
      const keys = Object.keys((await get('/public/stem/session/?limit=1')).body);
      expect(keys[0]).toBe('sessions');
      for (const k of ['count', 'next', 'previous', 'meta'] as const) expect(keys.includes(k)).toBe(variant[k] ?? true);
    },
  );

  it('can answer a list without limit in one piece (the 2025 public-portal behaviour)', async () => {
    h.bs.envelope.set({ unpaginatedWithoutLimit: true });
    const all = await get('/public/stem/session/');
    expect(all.body.sessions).toHaveLength(publicSessions().length);
    expect(all.body.next).toBeNull();
    expect((await get('/public/stem/session/?limit=5')).body.sessions).toHaveLength(5);
  });
});

describe('portals and tokens', () => {
  it('public portal: anonymous, only public projects and what hangs off them', async () => {
    const projects = await collectAll('/public/stem/project/', 'projects');
    expect(projects.length).toBe(h.bs.store.all('project').filter((p) => p.is_public).length);
    expect(projects.every((p) => p.is_public === true)).toBe(true);
    const publicIds = new Set(ids(projects));
    const sessions = await collectAll('/public/stem/session/', 'sessions');
    expect(sessions.every((s) => s.projects.some((p: string) => publicIds.has(p)))).toBe(true);
    const subjects = await collectAll('/public/stem/subject/', 'subjects');
    expect(subjects.every((s) => s.projects.some((p: string) => publicIds.has(p)))).toBe(true);
    expect((await get(`/public/stem/project/${h.bs.seed.alicePrivateProject}/`)).status).toBe(404);
    const privateSession = h.bs.store
      .all('session')
      .find((s) => (s.projects as string[]).includes(h.bs.seed.alicePrivateProject))!;
    expect((await get(`/public/stem/session/${privateSession.id}/`)).status).toBe(404);
    const storages = await collectAll('/public/personal_attributes/datastorage/', 'datastorages');
    expect(storages.every((d) => d.is_public)).toBe(true);
  });

  it('private portal: 401 without or with a bad token, own data with a token, 404 for other labs', async () => {
    const none = await get('/private/stem/project/');
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ detail: 'Authentication credentials were not provided.' });
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    const bad = await fetch(`${h.bs.apiUrl}/private/stem/project/`, { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ detail: 'Invalid token.' });
    const tokenScheme = await fetch(`${h.bs.apiUrl}/private/stem/project/`, {
      headers: { authorization: `Token ${TOKENS.alice}` },
    });
    expect(tokenScheme.status).toBe(401);

    const alice = await collectAll('/private/stem/project/', 'projects', 'alice');
    expect(ids(alice)).toContain(h.bs.seed.alicePrivateProject);
    expect(ids(alice)).not.toContain(h.bs.seed.bobPrivateProject);
    expect(alice.some((p) => !p.is_public)).toBe(true);
    const bob = await collectAll('/private/stem/project/', 'projects', 'bob');
    expect(ids(bob)).toContain(h.bs.seed.sharedProject);
    expect(ids(bob)).not.toContain(h.bs.seed.alicePrivateProject);
    expect(new Set(ids(alice)).size + new Set(ids(bob)).size).toBeGreaterThan(100);
    expect((await get(`/private/stem/project/${h.bs.seed.bobPrivateProject}/`, 'alice')).status).toBe(404);
    expect((await get(`/private/stem/project/${h.bs.seed.alicePrivateProject}/`, 'alice')).body.project.is_public).toBe(
      false,
    );
    // A valid token on the public portal is fine and changes nothing.
    expect((await get(`/public/stem/project/${h.bs.seed.alicePrivateProject}/`, 'alice')).status).toBe(404);
  });

  it('runs the device authorization flow deterministically', async () => {
    const post = async (path: string, body: unknown) =>
      (
        await fetch(`${h.bs.apiUrl}${path}`, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        })
      ).json();
    const start = await post('/auth/device/', { client_name: 'test' });
    expect(start).toMatchObject({ expires_in: 900, interval: 5 });
    expect(start.user_code).toMatch(/^[0-9A-F]{4}-\d{4}$/);
    expect(await post('/auth/device/token/', { device_code: start.device_code })).toEqual({
      status: 'authorization_pending',
    });
    expect(await post('/auth/device/token/', { device_code: start.device_code })).toEqual({
      status: 'success',
      token: TOKENS.alice,
    });
    expect(await post('/auth/device/token/', { device_code: start.device_code })).toEqual({ error: 'already_used' });
    h.bs.device.script({ outcome: 'access_denied', pendingPolls: 0 });
    const denied = await post('/auth/device/', {});
    expect(await post('/auth/device/token/', { device_code: denied.device_code })).toEqual({ error: 'access_denied' });
  });
});

describe('seed', () => {
  it('links sessions to catalog identities: open dandisets only in public projects, real versions, EEGDash ids', () => {
    const urls = { dandi: 0, openneuro: 0, nemar: 0, external: 0 };
    for (const s of h.bs.store.all('session')) {
      const isPublic = (s.projects as string[]).some((p) => h.bs.store.get('project', p)?.is_public);
      for (const link of s.download_links as { repository: string; url: string }[]) {
        const dandi =
          /^https:\/\/(?:dandiarchive\.org\/dandiset\/(\d{6})(?:\/(draft|[\d.]+))?|doi\.org\/10\.48324\/dandi\.(\d{6})\/([\d.]+))$/.exec(
            link.url,
          );
        if (link.repository === 'DANDI') {
          expect(dandi, link.url).not.toBeNull();
          const id = dandi![1] ?? dandi![3]!;
          const version = dandi![2] ?? dandi![4];
          expect(DANDISET_IDS).toContain(id);
          if (isPublic) expect(isEmbargoedDandiset(id)).toBe(false);
          if (version && version !== 'draft') expect(publishedVersionIds(id)).toContain(version);
          urls.dandi++;
        } else if (/openneuro\.org\/datasets\/(ds\d{6})$/.test(link.url)) {
          expect(EEGDASH_DATASET_IDS).toContain(link.url.slice(-8));
          urls.openneuro++;
        } else if (link.url.includes('nemar.org')) {
          expect(EEGDASH_DATASET_IDS).toContain(new URL(link.url).searchParams.get('dataset_id'));
          urls.nemar++;
        } else urls.external++;
      }
    }
    expect(Object.values(urls).every((n) => n > 10)).toBe(true);
    // Anchors for other tests: public sessions with a published DANDI version and with ds002718.
    const dandi = h.bs.store.get('session', h.bs.seed.publicDandiSession)!;
    expect(
      (dandi.download_links as { url: string }[]).some((l) => /\/dandiset\/\d{6}\/0\.\d{6}\.\d{4}$/.test(l.url)),
    ).toBe(true);
    const eeg = h.bs.store.get('session', h.bs.seed.publicEegSession)!;
    expect(eeg.download_links).toContainEqual({ repository: 'Other', url: 'https://openneuro.org/datasets/ds002718' });
  });

  it('is deterministic and large enough to page', () => {
    const a = seedBrainstem();
    const b = seedBrainstem();
    for (const model of ['project', 'session', 'subject', 'dataacquisition', 'epoch', 'user']) {
      expect(JSON.stringify(a.store.all(model))).toBe(JSON.stringify(b.store.all(model)));
    }
    expect(a.store.all('session').map((s) => s.id)).toEqual(h.bs.store.all('session').map((s) => s.id));
    expect(a.store.count('project')).toBe(300);
    expect(a.store.count('session')).toBeGreaterThan(1000);
    expect(a.store.all('project').filter((p) => !p.is_public).length).toBeGreaterThan(10);
  });
});

describe('harness', () => {
  it('applies queued faults and logs requests', async () => {
    h.bs.log.clear();
    h.bs.faults.queue({ kind: 'status', status: 503, pathIncludes: '/stem/session' });
    const failed = await get('/public/stem/session/?limit=1');
    expect(failed.status).toBe(503);
    expect((await get('/public/stem/session/?limit=1')).status).toBe(200);
    await get('/private/stem/project/?limit=1', 'alice');
    expect(h.bs.log.count('/stem/session')).toBe(2);
    expect(h.bs.log.entries.at(-1)?.authorization).toBe(`Bearer ${TOKENS.alice}`);
    expect(h.bs.log.entries[0]?.fault).toBe('status');
  });
});
