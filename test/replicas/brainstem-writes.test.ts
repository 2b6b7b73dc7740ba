/**
 * Writes on the BrainSTEM replica's private portal: create/update/delete round trips, DRF
 * validation bodies with nothing written, uniqueness, download_links and extra_fields rules,
 * permissions, cascades, approvals. Every test starts from the pristine seed (`reset()`).
 */
import { describe, expect, it } from 'vitest';
import { BRAINSTEM_REPLICA_TOKENS as TOKENS, startBrainstemReplica } from '../../replicas/brainstem/server.ts';
import { useReplica } from '../support/gateway.ts';

const h = useReplica('bs', startBrainstemReplica, (bs) => bs.reset());

type Json = Record<string, any>;
/** `anon` sends no Authorization header. */
type Who = keyof typeof TOKENS | 'anon';

async function call(method: string, path: string, who: Who, body?: unknown): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who !== 'anon') headers.authorization = `Bearer ${TOKENS[who]}`;
  const res = await fetch(`${h.bs.apiUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
const post = (path: string, body: unknown, who: Who = 'alice') => call('POST', path, who, body);
const patch = (path: string, body: unknown, who: Who = 'alice') => call('PATCH', path, who, body);
const put = (path: string, body: unknown, who: Who = 'alice') => call('PUT', path, who, body);
const del = (path: string, who: Who = 'alice') => call('DELETE', path, who);
const get = (path: string, who: Who = 'alice') => call('GET', path, who);

/** A project alice owns and a public project of bob's lab she cannot change. */
const aliceProject = () => h.bs.seed.alicePrivateProject;
const bobPublicProject = () =>
  String(
    h.bs.store
      .all('project')
      .find((p) => p.is_public && Object.keys(p.users as object).some((e) => e.startsWith('bob.')))!.id,
  );
/** Projects where alice is a contributor directly or through her lab's group. */
const aliceCanChange = (pid: unknown) => {
  const p = h.bs.store.get('project', pid)!;
  const direct = (p.users as Record<string, Json>)['alice.lindqvist@lindqvistlab.example.org'];
  const viaLab = (p.groups as Record<string, Json>)['Lindqvist Lab'];
  return direct?.can_change === true || viaLab?.can_change === true;
};
const fingerprint = () => JSON.stringify(['session', 'project', 'subject', 'collection'].map((m) => h.bs.store.all(m)));

const newSession = (extra: Json = {}) => ({
  name: 'LQ-new-session-01',
  description: '<p>test</p>',
  projects: [aliceProject()],
  date_time: '2024-05-01T10:30:00+02:00',
  extra_fields: { probe: 'Neuropixels 1.0', n_units: 143 },
  download_links: [{ repository: 'DANDI', url: 'https://dandiarchive.org/dandiset/000003' }],
  tags: ['pilot'],
  ...extra,
});

describe('create, update, delete', () => {
  it('round-trips a session and keeps reverse lists in step', async () => {
    const created = await post('/private/stem/session/', newSession());
    expect(created.status).toBe(201);
    const s = created.body.session;
    expect(s).toMatchObject({
      name: 'LQ-new-session-01',
      projects: [aliceProject()],
      date_time: '2024-05-01T08:30:00Z',
      epochs: [],
      behaviors: [],
    });
    expect(s.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await get(`/private/stem/project/${aliceProject()}/`)).body.project.sessions).toContain(s.id);

    const changed = await patch(`/private/stem/session/${s.id}/`, {
      description: '<p>changed</p>',
      name_used_in_storage: 'ignored',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.session).toMatchObject({
      description: '<p>changed</p>',
      name: 'LQ-new-session-01',
      name_used_in_storage: null,
    });
    expect((await get(`/private/stem/session/${s.id}`)).body.session.description).toBe('<p>changed</p>');

    const da = await post('/private/modules/dataacquisition/', {
      session: s.id,
      type: 'ExtracellularEphys',
      details: { nChannels: 64 },
    });
    expect(da.status).toBe(201);
    expect(da.body.data_acquisition.session).toBe(s.id);
    expect((await get(`/private/stem/session/${s.id}/`)).body.session.dataacquisition).toEqual([
      da.body.data_acquisition.id,
    ]);

    expect((await del(`/private/stem/session/${s.id}/`)).status).toBe(204);
    expect((await get(`/private/stem/session/${s.id}/`)).status).toBe(404);
    expect((await get(`/private/modules/dataacquisition/${da.body.data_acquisition.id}/`)).status).toBe(404); // cascaded
    expect((await get(`/private/stem/project/${aliceProject()}/`)).body.project.sessions).not.toContain(s.id);
  });

  it('creates projects with the caller as sole owner; only owners flip is_public', async () => {
    const r = await post('/private/stem/project/', {
      name: 'A new project',
      users: { 'x@y.z': { is_owner: true } },
      sessions: ['ignored'],
    });
    expect(r.status).toBe(201);
    expect(r.body.project).toMatchObject({
      is_public: false,
      sessions: [],
      groups: {},
      users: { 'alice.lindqvist@lindqvistlab.example.org': { can_change: true, is_manager: true, is_owner: true } },
    });
    const id = r.body.project.id;
    expect((await get(`/public/stem/project/${id}/`, 'anon')).status).toBe(404);
    expect((await patch(`/private/stem/project/${id}/`, { is_public: true })).status).toBe(200);
    expect((await get(`/public/stem/project/${id}/`, 'anon')).status).toBe(200);
    // Add bob as a read-only member: he sees it but cannot change it.
    const members = await patch(`/private/stem/project/${id}/`, { users: { 'bob.okafor@okaforlab.example.org': {} } });
    expect(members.body.project.users['bob.okafor@okaforlab.example.org']).toEqual({
      can_change: false,
      is_manager: false,
      is_owner: false,
    });
    expect((await patch(`/private/stem/project/${id}/`, { description: 'x' }, 'bob')).status).toBe(403);
    const removed = await patch(`/private/stem/project/${id}/`, {
      users: { 'bob.okafor@okaforlab.example.org': { remove: true } },
    });
    expect(Object.keys(removed.body.project.users)).toEqual(['alice.lindqvist@lindqvistlab.example.org']);
    expect((await patch(`/private/stem/project/${id}/`, { users: { 'nobody@x.org': {} } })).status).toBe(400);
  });

  it('PUT needs the required fields; PATCH does not', async () => {
    const sid = (await post('/private/stem/session/', newSession())).body.session.id;
    expect(await put(`/private/stem/session/${sid}/`, { description: 'x' })).toMatchObject({
      status: 400,
      body: { name: ['This field is required.'], projects: ['This field is required.'] },
    });
    expect(
      (await put(`/private/stem/session/${sid}/`, { name: 'LQ-renamed', projects: [aliceProject()] })).body.session
        .name,
    ).toBe('LQ-renamed');
  });
});

describe('validation (DRF bodies, nothing written)', () => {
  it('reports required fields, types, lengths and choices per field', async () => {
    const before = fingerprint();
    expect(await post('/private/stem/session/', {})).toEqual({
      status: 400,
      body: { name: ['This field is required.'], projects: ['This field is required.'] },
    });
    const r = await post('/private/stem/session/', {
      name: 'x'.repeat(101),
      projects: [],
      date_time: 'soon',
      tags: ['ok', 3.5, {}],
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      name: ['Ensure this field has no more than 100 characters.'],
      projects: ['This list may not be empty.'],
      date_time: [
        'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
      ],
      tags: { '2': ['Not a valid string.'] },
    });
    const subject = await post('/private/stem/subject/', {
      name: 'S1',
      projects: [aliceProject()],
      strain: '00000000-0000-4000-8000-000000000000',
      sex: 'X',
    });
    expect(subject.body).toEqual({
      strain: ['Invalid pk "00000000-0000-4000-8000-000000000000" - object does not exist.'],
      sex: ['"X" is not a valid choice.'],
    });
    expect((await post('/private/stem/session/', '{"name": ')).body.detail).toMatch(/^JSON parse error/);
    expect((await post('/private/stem/session/', [1])).body).toEqual({
      non_field_errors: ['Invalid data. Expected a dictionary, but got list.'],
    });
    expect(fingerprint()).toBe(before);
  });

  it('enforces unique names globally and per project', async () => {
    const existing = h.bs.store.all('session').find((s) => (s.projects as string[]).includes(aliceProject()))!;
    expect(await post('/private/stem/session/', newSession({ name: existing.name }))).toEqual({
      status: 400,
      body: { name: ['session with this name already exists.'] },
    });
    const a = await post('/private/stem/cohort/', { name: 'Cohort Z', project: aliceProject() });
    expect(a.status).toBe(201);
    expect((await post('/private/stem/cohort/', { name: 'Cohort Z', project: aliceProject() })).body).toEqual({
      non_field_errors: ['The fields project, name must make a unique set.'],
    });
    // Renaming a record to its own name is not a clash.
    expect((await patch(`/private/stem/session/${existing.id}/`, { name: existing.name })).status).toBe(200);
  });

  it('checks download_links repositories and URL schemes', async () => {
    const before = fingerprint();
    const r = await post(
      '/private/stem/session/',
      newSession({
        download_links: [
          { repository: 'DANDI', url: 'https://dandiarchive.org/dandiset/000003' },
          { repository: 'OpenNeuro', url: 'https://openneuro.org/datasets/ds002718' },
          { repository: 'Zenodo', url: 'zenodo.org/records/1' },
        ],
      }),
    );
    expect(r.status).toBe(400);
    expect(r.body.download_links).toEqual([
      'Item 2: "OpenNeuro" is not a valid repository. Choose one of: CRCNS, DANDI, Figshare, GitHub, Globus, Mendeley, Zenodo, Webshare, Other.',
      'Item 3: "zenodo.org/records/1" is not a valid URL. It must start with http://, https:// or ftp://.',
    ]);
    expect(fingerprint()).toBe(before);
    const ok = await post(
      '/private/stem/session/',
      newSession({ download_links: [{ repository: 'Other', url: 'ftp://lab.example.org/x' }] }),
    );
    expect(ok.status).toBe(201);
  });

  it('checks the extra_fields key rule and value types', async () => {
    const r = await post(
      '/private/stem/session/',
      newSession({ extra_fields: { ok_key: 1, '1bad': 'x', 'has-dash': 2, nested: { a: 1 } } }),
    );
    expect(r.status).toBe(400);
    expect(r.body.extra_fields).toEqual([
      'Invalid key "1bad": keys must start with a letter and contain only letters, digits and underscores.',
      'Invalid key "has-dash": keys must start with a letter and contain only letters, digits and underscores.',
      'Invalid value for key "nested": values must be strings or numbers.',
    ]);
    expect((await post('/private/stem/session/', newSession({ extra_fields: 'x' }))).body.extra_fields).toEqual([
      'Expected a dictionary of items but got type "str".',
    ]);
  });

  it('is atomic: one bad field in a PATCH changes nothing', async () => {
    const s = h.bs.store.all('session').find((x) => (x.projects as string[]).includes(aliceProject()))!;
    const r = await patch(`/private/stem/session/${s.id}/`, {
      description: 'new',
      download_links: [{ repository: 'Nope', url: 'https://x.org' }],
    });
    expect(r.status).toBe(400);
    expect(h.bs.store.get('session', s.id)?.description).toBe(s.description);
  });

  it('applies cross-record rules: collection sessions and behavior subjects must belong to the project', async () => {
    const foreign = h.bs.store.all('session').find((s) => !(s.projects as string[]).includes(aliceProject()))!;
    const r = await post('/private/stem/collection/', {
      name: 'Mine',
      project: aliceProject(),
      sessions: [foreign.id],
    });
    expect(r.status).toBe(400);
    expect(r.body.sessions[0]).toMatch(/^Every session must belong to the collection's project/);
    const session = h.bs.store.all('session').find((s) => (s.projects as string[]).includes(aliceProject()))!;
    const setup = h.bs.store.all('setup').find((x) => x._group === 40)!;
    const assay = h.bs.store.all('behavioralassay').find((x) => x._group === 40)!;
    const stranger = h.bs.store.all('subject').find((s) => !(s.projects as string[]).includes(aliceProject()))!;
    const behavior = { session: session.id, setup: setup.id, behavioralassay: assay.id };
    const b = await post('/private/modules/behavior/', { ...behavior, subjects: [stranger.id] });
    expect(b.status).toBe(400);
    expect(b.body.subjects[0]).toMatch(/^Every subject must belong to one of the session's projects/);
    const own = h.bs.store.all('subject').find((s) => (s.projects as string[]).includes(aliceProject()))!;
    expect((await post('/private/modules/behavior/', { ...behavior, subjects: [own.id] })).status).toBe(201);
  });
});

describe('permissions', () => {
  it('writes need a token and the private portal', async () => {
    expect((await post('/private/stem/session/', newSession(), 'anon')).status).toBe(401);
    expect((await post('/public/stem/session/', newSession(), 'anon')).status).toBe(401);
    expect(await post('/public/stem/session/', newSession())).toEqual({
      status: 403,
      body: { detail: 'You do not have permission to perform this action.' },
    });
  });

  it('only contributors write to a project; invisible objects are 404', async () => {
    // bob's public project is referencable but not changeable by alice.
    expect((await post('/private/stem/session/', newSession({ projects: [bobPublicProject()] }))).status).toBe(403);
    // bob's private project does not exist as far as alice can tell.
    expect(
      (await post('/private/stem/session/', newSession({ projects: [h.bs.seed.bobPrivateProject] }))).body,
    ).toEqual({
      projects: [`Invalid pk "${h.bs.seed.bobPrivateProject}" - object does not exist.`],
    });
    expect((await patch(`/private/stem/project/${h.bs.seed.bobPrivateProject}/`, { description: 'x' })).status).toBe(
      404,
    );
    expect((await del(`/private/stem/project/${aliceProject()}/`, 'bob')).status).toBe(404);
    // bob is a read-only member of the shared project: visible, not writable.
    expect((await get(`/private/stem/project/${h.bs.seed.sharedProject}/`, 'bob')).status).toBe(200);
    expect(await patch(`/private/stem/project/${h.bs.seed.sharedProject}/`, { description: 'x' }, 'bob')).toMatchObject(
      {
        status: 403,
      },
    );
    const shared = h.bs.store.all('session').find((s) => (s.projects as string[]).includes(h.bs.seed.sharedProject))!;
    expect((await del(`/private/stem/session/${shared.id}/`, 'bob')).status).toBe(403);
  });

  it('users edit only themselves; taxonomies go through approvals; brain regions are admin-only', async () => {
    const me = (await get(`/private/users/user/${h.bs.seed.aliceId}/`)).body.user;
    expect((await patch(`/private/users/user/${me.id}/`, { orcid_id: '0000-0001-2345-6789' })).body.user.orcid_id).toBe(
      '0000-0001-2345-6789',
    );
    expect((await patch(`/private/users/user/${h.bs.seed.bobId}/`, { orcid_id: 'x' })).status).toBe(403);
    expect((await post('/private/users/user/', { email: 'x@y.z' })).status).toBe(405);

    const species = h.bs.store.count('species');
    const proposal = await post('/private/taxonomies/species/', { name: 'Mustela putorius furo' });
    expect(proposal.status).toBe(201);
    expect(proposal.body.species_approval).toMatchObject({
      name: 'Mustela putorius furo',
      instance_id: null,
      action: 'Add',
      reviewer: null,
      status: 'Pending',
    });
    expect(h.bs.store.count('species')).toBe(species);
    expect((await get('/private/taxonomies/speciesapproval/')).body.species_approvals).toHaveLength(1);
    expect((await get('/private/taxonomies/speciesapproval/', 'bob')).body.species_approvals).toHaveLength(0);
    expect((await post('/private/taxonomies/species/', { name: 'Mus musculus' })).body).toEqual({
      name: ['species with this name already exists.'],
    });
    const mouse = h.bs.store.all('species')[0]!;
    expect(
      (await patch(`/private/taxonomies/species/${mouse.id}/`, { description: 'house mouse' })).body.species_approval,
    ).toMatchObject({
      instance_id: mouse.id,
      action: 'Change',
      description: 'house mouse',
    });
    expect((await del(`/private/taxonomies/species/${mouse.id}/`)).status).toBe(403);
    expect((await post('/private/taxonomies/brainregion/', { name: 'X', acronym: 'X', atlas: 'AIA' })).status).toBe(
      403,
    );
  });

  it("personal attributes belong to the caller's group", async () => {
    const r = await post('/private/personal_attributes/datastorage/', { name: 'Scratch', is_public: false });
    expect(r.status).toBe(201);
    expect((await get(`/private/personal_attributes/datastorage/${r.body.datastorage.id}/`, 'bob')).status).toBe(404);
    expect((await get(`/public/personal_attributes/datastorage/${r.body.datastorage.id}/`, 'anon')).status).toBe(404);
    const sid = (await post('/private/stem/session/', newSession({ datastorage: [r.body.datastorage.id] }))).body
      .session.datastorage;
    expect(sid).toEqual([r.body.datastorage.id]);
  });
});

describe('deletes', () => {
  it('refuses to delete a data acquisition an epoch references (400, nothing deleted)', async () => {
    const epoch = h.bs.store
      .all('epoch')
      .find(
        (e) =>
          (e.dataacquisition as string[]).length > 0 &&
          (h.bs.store.get('session', e.session)!.projects as string[]).some(aliceCanChange),
      )!;
    const daId = (epoch.dataacquisition as string[])[0]!;
    const r = await del(`/private/modules/dataacquisition/${daId}/`);
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(/referenced by epoch/);
    expect(h.bs.store.get('dataacquisition', daId)).toBeDefined();
    expect((await del(`/private/stem/epoch/${epoch.id}/`)).status).toBe(204);
    expect((await del(`/private/modules/dataacquisition/${daId}/`)).status).toBe(204);
  });

  it('deleting a project drops its collections/cohorts and its m2m links, leaving sessions in other projects alone', async () => {
    const pid = aliceProject();
    const sessions = h.bs.store.reverseIds('session', 'projects', pid);
    expect((await del(`/private/stem/project/${pid}/`)).status).toBe(204);
    expect(h.bs.store.all('collection').some((c) => c.project === pid)).toBe(false);
    for (const sid of sessions)
      expect((h.bs.store.get('session', sid)!.projects as string[]).includes(pid)).toBe(false);
    expect((await get(`/private/stem/project/${pid}/`)).status).toBe(404);
  });
});
