/**
 * What BrainSTEM's clients can do that the gateway now does too, against the replica: clearing
 * fields BrainSTEM refuses null for (sent as `""` / `[]`), the `SUPER` portal, undated sessions
 * last on `DATE_TIME_DESC`, and `sessions(linksTo:)` answered from the link index.
 */
import { describe, expect, it } from 'vitest';
import { BRAINSTEM_REPLICA_SUPERUSER_TOKEN, BRAINSTEM_REPLICA_TOKENS } from '../../replicas/brainstem/server.ts';
import { parseLink } from '../../src/links/parse-link.ts';
import {
  BsParityLinkedSessionsDocument,
  BsParitySessionsByDateDocument,
  BsParitySuperProjectsDocument,
  BsParitySuperSessionDocument,
  BsParityUpdateProjectDocument,
  BsParityUpdateSessionDocument,
  BsParityUpdateSubjectDocument,
} from '../gql/graphql.ts';
import { errorCodes } from '../support/gateway.ts';
import { as, useBrainstem } from './harness.ts';

const h = useBrainstem();
const alice = as('alice');
const superuser = { 'x-brainstem-token': BRAINSTEM_REPLICA_SUPERUSER_TOKEN };

type Rec = Record<string, any>;
const inProject = (model: string, key: string, project: string) =>
  h.bs.store.all(model).filter((r) => ([] as unknown[]).concat(r[key]).includes(project));
const isPublicSession = (s: Rec) => (s.projects as string[]).some((p) => h.bs.store.get('project', p)?.is_public);
const sessionRequests = (portal = 'public') => h.bs.log.filter(`/api/${portal}/stem/session/`);

describe('clearing fields BrainSTEM refuses null for', () => {
  it('the replica refuses null like BrainSTEM for tags, description, download_links and datastorage', async () => {
    const session = String(inProject('session', 'projects', h.bs.seed.alicePrivateProject)[0]!.id);
    const res = await fetch(`${h.bs.apiUrl}/private/stem/session/${session}/`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${BRAINSTEM_REPLICA_TOKENS.alice}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tags: null, description: null, download_links: null, datastorage: null }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      tags: ['This field may not be null.'],
      description: ['This field may not be null.'],
      download_links: ['This field may not be null.'],
      datastorage: ['This field may not be null.'],
    });
  });

  it('updateSession sends "" and [] for null and the session ends up cleared', async () => {
    const rec = inProject('session', 'projects', h.bs.seed.alicePrivateProject).find(
      (s) => (s.tags as unknown[]).length > 0 || (s.download_links as unknown[]).length > 0,
    )!;
    const id = String(rec.id);
    const res = await h.gw.execute(
      BsParityUpdateSessionDocument,
      { id, input: { tags: null, description: null, downloadLinks: null, dataStorages: null, dateTime: null } },
      alice,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateSession!.session).toEqual({
      brainstemId: id,
      description: '',
      tags: [],
      downloadLinks: [],
      dataStorages: [],
      dateTime: null,
    });
    const sent = h.bs.log.filter((e) => e.method === 'PATCH');
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!.body)).toEqual({
      description: '',
      date_time: null,
      datastorage: [],
      download_links: [],
      tags: [],
    });
    expect(h.bs.store.get('session', id)).toMatchObject({ tags: [], description: '', download_links: [] });
  });

  it('sends null where BrainSTEM takes it and "" for text, and refuses null where nothing clears a field', async () => {
    const subject = inProject('subject', 'projects', h.bs.seed.alicePrivateProject)[0]!;
    const res = await h.gw.execute(
      BsParityUpdateSubjectDocument,
      { id: String(subject.id), input: { geneticLine: null, birthDate: null, tags: null } },
      alice,
    );
    expect(res.errors).toBeUndefined();
    // (The gateway reads an empty text as null.)
    expect(res.data!.updateSubject!.subject).toMatchObject({ geneticLine: null, birthDate: null, tags: [] });
    expect(h.bs.store.get('subject', subject.id)).toMatchObject({ genetic_line: '', birth_date: null, tags: [] });
    expect(JSON.parse(h.bs.log.filter((e) => e.method === 'PATCH')[0]!.body)).toEqual({
      genetic_line: '',
      birth_date: null,
      tags: [],
    });
    h.bs.log.clear();

    const refused = await h.gw.execute(
      BsParityUpdateProjectDocument,
      { id: h.bs.seed.alicePrivateProject, input: { isPublic: null } },
      alice,
    );
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors![0]!.extensions).toMatchObject({ field: 'isPublic' });
    const named = await h.gw.execute(
      BsParityUpdateSessionDocument,
      { id: String(inProject('session', 'projects', h.bs.seed.alicePrivateProject)[0]!.id), input: { name: null } },
      alice,
    );
    expect(errorCodes(named)).toEqual(['BAD_USER_INPUT']);
    expect(h.bs.log.entries).toHaveLength(0);
  });
});

describe('the SUPER portal', () => {
  it("shows a superuser every project, public or not, from /api/super/ with the caller's token", async () => {
    const res = await h.gw.execute(BsParitySuperProjectsDocument, { first: 100 }, superuser);
    expect(res.errors).toBeUndefined();
    const all = h.bs.store.all('project');
    expect(res.data!.projects!.totalCount).toBe(all.length);
    expect(res.data!.projects!.edges.map((e) => e.node.isPublic)).toContain(false);
    const sent = h.bs.log.filter('/api/super/stem/project/');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.authorization).toBe(`Bearer ${BRAINSTEM_REPLICA_SUPERUSER_TOKEN}`);

    // A private session of alice's: invisible to the superuser's own private portal, visible on SUPER.
    const session = String(inProject('session', 'projects', h.bs.seed.alicePrivateProject)[0]!.id);
    const one = await h.gw.execute(BsParitySuperSessionDocument, { id: session }, superuser);
    expect(one.data!.session).toEqual({ brainstemId: session, name: expect.any(String) });
  });

  it('is UNAUTHENTICATED without a token (nothing sent) and FORBIDDEN for anyone but a superuser', async () => {
    const none = await h.gw.execute(BsParitySuperProjectsDocument, { first: 5 });
    expect(errorCodes(none)).toEqual(['UNAUTHENTICATED']);
    expect(h.bs.log.entries).toHaveLength(0);
    const notSuper = await h.gw.execute(BsParitySuperProjectsDocument, { first: 5 }, alice);
    expect(errorCodes(notSuper)).toEqual(['FORBIDDEN']);
    expect(notSuper.data!.projects).toBeNull();
  });

  it('the replica serves SUPER for reads only', async () => {
    const res = await fetch(`${h.bs.apiUrl}/super/stem/project/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BRAINSTEM_REPLICA_SUPERUSER_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'from super' }),
    });
    expect(res.status).toBe(403);
  });
});

describe('DATE_TIME_DESC: undated sessions last', () => {
  /** The public project with the most sessions, three of them made undated. */
  function undatedFixture() {
    const projects = h.bs.store.all('project').filter((p) => p.is_public);
    const project = String(
      projects.sort(
        (a, b) =>
          inProject('session', 'projects', String(b.id)).length - inProject('session', 'projects', String(a.id)).length,
      )[0]!.id,
    );
    for (const i of [1, 4, 6]) {
      const s = inProject('session', 'projects', project)[i]!;
      h.bs.store.put('session', { ...s, date_time: null } as never);
    }
    // Creation order, as the archive lists records that tie (the seed has undated sessions too).
    const sessions = inProject('session', 'projects', project).sort((a, b) => a._seq - b._seq);
    const undated = sessions.filter((s) => s.date_time === null).map((s) => String(s.id));
    const dated = sessions
      .filter((s) => s.date_time !== null)
      .sort((a, b) => String(b.date_time).localeCompare(String(a.date_time)))
      .map((s) => String(s.id));
    const datedAsc = sessions
      .filter((s) => s.date_time !== null)
      .sort((a, b) => String(a.date_time).localeCompare(String(b.date_time)))
      .map((s) => String(s.id));
    return { project, undated, dated, datedAsc, size: sessions.length };
  }

  it('the archive itself puts undated sessions first on -date_time (PostgreSQL)', async () => {
    const { project, undated } = undatedFixture();
    const q = new URLSearchParams({ 'filter{projects}': project, 'sort[]': '-date_time', limit: '3' });
    const body = (await (await fetch(`${h.bs.apiUrl}/public/stem/session/?${q}`)).json()) as { sessions: Rec[] };
    expect(undated.length).toBeGreaterThanOrEqual(3);
    expect(body.sessions.map((s) => s.id)).toEqual(undated.slice(0, 3));
  });

  it('the gateway pages dated ones first, newest first, then the undated, at one request a page inside each part', async () => {
    const { project, undated, dated, datedAsc, size } = undatedFixture();
    expect(size).toBeGreaterThanOrEqual(10);
    const expected = [...dated, ...undated];
    const filter = { project };
    const ids = (r: { data?: any }) => r.data!.sessions!.edges.map((e: any) => e.node.brainstemId);

    h.bs.log.clear();
    const first = await h.gw.execute(BsParitySessionsByDateDocument, { sort: ['DATE_TIME_DESC'], first: 4, filter });
    expect(first.errors).toBeUndefined();
    expect(ids(first)).toEqual(expected.slice(0, 4));
    expect(first.data!.sessions!.edges.every((e) => e.node.dateTime !== null)).toBe(true);
    // One page request (the dated part); `totalCount` is one count request of the whole list.
    const paged = sessionRequests().filter((e) => e.query.has('filter{date_time.isnull}'));
    expect(paged).toHaveLength(1);
    expect(paged[0]!.query.get('filter{date_time.isnull}')).toBe('false');
    expect(sessionRequests()).toHaveLength(2);
    expect(first.data!.sessions!.totalCount).toBe(size);

    // A page across the boundary: the rest of the dated ones, then undated ones (two requests).
    h.bs.log.clear();
    const across = await h.gw.execute(BsParitySessionsByDateDocument, {
      sort: ['DATE_TIME_DESC'],
      first: dated.length - 2,
      after: Buffer.from('offset:3').toString('base64url'),
      filter,
    });
    expect(ids(across)).toEqual(expected.slice(4, 4 + dated.length - 2));
    expect(sessionRequests()).toHaveLength(2);
    expect(sessionRequests()[1]!.query.get('filter{date_time.isnull}')).toBe('true');
    expect(across.data!.sessions!.totalCount).toBe(size);

    // All of it in one page, and ascending (the archive's own order: undated last already).
    const whole = await h.gw.execute(BsParitySessionsByDateDocument, { sort: ['DATE_TIME_DESC'], first: 100, filter });
    expect(ids(whole)).toEqual(expected);
    expect(whole.data!.sessions!.pageInfo.hasNextPage).toBe(false);
    const asc = await h.gw.execute(BsParitySessionsByDateDocument, { sort: ['DATE_TIME'], first: 100, filter });
    expect(ids(asc)).toEqual([...datedAsc, ...undated]);
  });
});

describe('sessions(linksTo:) from the link index', () => {
  const linked = (kind: 'dandi' | 'eegdash') =>
    h.bs.store
      .all('session')
      .filter(isPublicSession)
      .filter((s) =>
        (s.download_links as { url: string }[]).some((l) => {
          const t = parseLink(l.url, [], []).kind;
          return kind === 'eegdash' ? t === 'dataset' : t !== 'dataset' && t !== 'external';
        }),
      )
      .map((s) => String(s.id));

  it('returns exactly the public sessions linking to EEGDash: after the index, one request a page', async () => {
    const expected = linked('eegdash');
    expect(expected.length).toBeGreaterThan(20);
    const res = await h.gw.execute(BsParityLinkedSessionsDocument, { linksTo: ['EEGDASH'], first: 100 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.sessions!.edges.map((e) => e.node.brainstemId)).toEqual(expected);
    expect(res.data!.sessions!.totalCount).toBe(expected.length);
    for (const e of res.data!.sessions!.edges)
      expect(e.node.downloadLinks.some((l) => /openneuro|nemar/.test(l.url))).toBe(true);
    // The index was built once (every public session), then one filter{id.in} request.
    const inRequests = sessionRequests().filter((e) => e.query.has('filter{id.in}'));
    expect(inRequests).toHaveLength(1);
    expect(inRequests[0]!.query.getAll('filter{id.in}')).toHaveLength(expected.length);

    h.bs.log.clear();
    const page = await h.gw.execute(BsParityLinkedSessionsDocument, {
      linksTo: ['EEGDASH'],
      first: 10,
      sort: ['NAME'],
    });
    const byName = h.bs.store
      .all('session')
      .filter((s) => expected.includes(String(s.id)))
      .map((s) => [String(s.id), String(s.name)] as const)
      .sort((a, b) => a[1].localeCompare(b[1], 'en'))
      .map(([id]) => id);
    expect(page.data!.sessions!.edges.map((e) => e.node.brainstemId)).toEqual(byName.slice(0, 10));
    expect(sessionRequests()).toHaveLength(1);
  });

  it('DANDI links (more than one query can name): the selected list read whole, linked rows kept', async () => {
    const expected = linked('dandi');
    expect(expected.length).toBeGreaterThan(100);
    await h.gw.execute(BsParityLinkedSessionsDocument, { linksTo: ['EEGDASH'], first: 1 }); // builds the index
    h.bs.log.clear();
    const res = await h.gw.execute(BsParityLinkedSessionsDocument, { linksTo: ['DANDI'], first: 30 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.sessions!.edges.map((e) => e.node.brainstemId)).toEqual(expected.slice(0, 30));
    expect(res.data!.sessions!.totalCount).toBe(expected.length);
    expect(res.data!.sessions!.pageInfo.hasNextPage).toBe(true);
    const publicCount = h.bs.store.all('session').filter(isPublicSession).length;
    // Every page of the public list once (page size 100), shared by the window and totalCount.
    expect(sessionRequests()).toHaveLength(Math.ceil(publicCount / 100));

    // Ordered in the gateway too: undated ones last on DATE_TIME_DESC.
    const recs = expected.map((id) => h.bs.store.get('session', id)!);
    const newest = [
      ...recs
        .filter((r) => r.date_time !== null)
        .sort((a, b) => String(b.date_time).localeCompare(String(a.date_time))),
      ...recs.filter((r) => r.date_time === null),
    ].map((r) => String(r.id));
    expect(recs.some((r) => r.date_time === null)).toBe(true);
    const byDate = await h.gw.execute(BsParityLinkedSessionsDocument, {
      linksTo: ['DANDI'],
      sort: ['DATE_TIME_DESC'],
      first: 100,
      after: Buffer.from(`offset:${expected.length - 101}`).toString('base64url'),
    });
    expect(byDate.data!.sessions!.edges.map((e) => e.node.brainstemId)).toEqual(newest.slice(-100));

    const both = await h.gw.execute(BsParityLinkedSessionsDocument, { linksTo: ['DANDI', 'EEGDASH'], first: 1 });
    const union = new Set([...expected, ...linked('eegdash')]);
    expect(both.data!.sessions!.totalCount).toBe(union.size);
  });

  it('refuses a portal other than PUBLIC and an empty list, before any request', async () => {
    const priv = await h.gw.execute(BsParityLinkedSessionsDocument, { linksTo: ['DANDI'], portal: 'PRIVATE' }, alice);
    expect(errorCodes(priv)).toEqual(['BAD_USER_INPUT']);
    const empty = await h.gw.execute(BsParityLinkedSessionsDocument, { linksTo: [] });
    expect(errorCodes(empty)).toEqual(['BAD_USER_INPUT']);
    expect(h.bs.log.entries).toHaveLength(0);
  });
});
