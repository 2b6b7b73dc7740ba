/**
 * The BrainSTEM side of the gateway over HTTP, against the replica: batching (asserted from the
 * replica's request log), paging under every envelope variant, filters and sorting, what
 * anonymous and signed-in callers can see, and how bad input and upstream failures come back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BrainstemNodeDocument,
  BrainstemProjectDetailDocument,
  BrainstemSessionCountDocument,
  BrainstemSessionDetailDocument,
  BrainstemSessionIdsDocument,
  BrainstemSessionPageDocument,
  BrainstemSessionsWithProjectsDocument,
  BrainstemSubjectsDocument,
  BrainstemWithDandiDocument,
  type BrainstemPortal,
  type SessionFilter,
} from '../gql/graphql.ts';
import { errorCodes, startGateway, type TestGateway } from '../support/gateway.ts';
import { startDandiReplica, type DandiReplica } from '../../replicas/dandi/server.ts';
import { as, useBrainstem } from './harness.ts';
import { BRAINSTEM_REPLICA_TOKENS as TOKENS, ENVELOPE_VARIANTS } from '../../replicas/brainstem/server.ts';

const h = useBrainstem();

type Rec = Record<string, unknown>;
const projectIsPublic = (id: unknown) => h.bs.store.get('project', id)?.is_public === true;
const isPublicSession = (s: Rec) => (s.projects as string[]).some(projectIsPublic);
const publicSessionIds = () =>
  h.bs.store
    .all('session')
    .filter(isPublicSession)
    .map((s) => String(s.id));
const privateSession = () =>
  h.bs.store.all('session').find((s) => (s.projects as string[]).includes(h.bs.seed.alicePrivateProject))!;
const sorted = (ids: string[]) => [...ids].sort();

async function allSessionIds(
  filter: SessionFilter | undefined,
  headers: Record<string, string> = {},
  portal?: BrainstemPortal,
): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const r = await h.gw.execute(BrainstemSessionIdsDocument, { first: 100, after, filter, portal }, headers);
    expect(r.errors).toBeUndefined();
    const conn = r.data!.sessions!;
    ids.push(...conn.edges.map((e) => e.node.brainstemId));
    if (!conn.pageInfo.hasNextPage) return ids;
    after = conn.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

describe('batching', () => {
  it('serves 100 sessions with their projects in at most 2 upstream requests', async () => {
    for (const headers of [{}, as('alice')]) {
      h.bs.log.clear();
      const r = await h.gw.execute(BrainstemSessionsWithProjectsDocument, { first: 100 }, headers);
      expect(r.errors).toBeUndefined();
      const edges = r.data!.sessions!.edges;
      expect(edges).toHaveLength(100);
      for (const { node } of edges) {
        const stored = h.bs.store.get('session', node.brainstemId)!;
        expect(node.projects!.map((p) => p.brainstemId)).toEqual(stored.projects);
        expect(node.projects!.every((p) => p.name === h.bs.store.get('project', p.brainstemId)?.name)).toBe(true);
      }
      expect(h.bs.log.count()).toBeLessThanOrEqual(2);
      expect(h.bs.log.count()).toBe(1); // the projects came sideloaded (`include[]=projects.*`)
    }
  });

  it('batches each relation of a page into one filter{id.in} request per model', async () => {
    const r = await h.gw.execute(BrainstemSubjectsDocument, { first: 100 });
    expect(r.errors).toBeUndefined();
    expect(r.data!.subjects!.edges).toHaveLength(100);
    // One list request with projects sideloaded; no per-subject request at all.
    expect(h.bs.log.count()).toBe(1);
    h.bs.log.clear();
    const detail = await h.gw.execute(BrainstemSessionDetailDocument, { id: h.bs.seed.publicDandiSession });
    expect(detail.errors).toBeUndefined();
    const perModel = new Map<string, number>();
    for (const e of h.bs.log.entries) perModel.set(e.path, (perModel.get(e.path) ?? 0) + 1);
    expect([...perModel.values()].every((n) => n === 1)).toBe(true);
    expect(h.bs.log.entries.every((e) => e.query.getAll('filter{id.in}').length > 0)).toBe(true);
  });
});

describe('paging', () => {
  it.each(Object.entries(ENVELOPE_VARIANTS))(
    'returns every record exactly once under the %s envelope',
    async (_, variant) => {
      h.bs.envelope.set(variant);
      const ids = await allSessionIds(undefined);
      expect(new Set(ids).size).toBe(ids.length);
      expect(sorted(ids)).toEqual(sorted(publicSessionIds()));
      const count = await h.gw.execute(BrainstemSessionCountDocument, {});
      expect(count.data!.sessions).toEqual({ totalCount: ids.length, pageInfo: { hasNextPage: true } });
    },
  );

  it("pages a signed-in caller's private portal too", async () => {
    h.bs.envelope.set(ENVELOPE_VARIANTS.bare!);
    const ids = await allSessionIds(undefined, as('alice'));
    const expected = h.bs.store.all('session').filter((s) =>
      (s.projects as string[]).some((p) => {
        const project = h.bs.store.get('project', p)!;
        return (
          'alice.lindqvist@lindqvistlab.example.org' in (project.users as Rec) ||
          'Lindqvist Lab' in (project.groups as Rec)
        );
      }),
    );
    expect(sorted(ids)).toEqual(sorted(expected.map((s) => String(s.id))));
  });

  it('pages backwards with last/before', async () => {
    const total = publicSessionIds().length;
    const tail = await h.gw.execute(BrainstemSessionPageDocument, { last: 5 });
    expect(tail.errors).toBeUndefined();
    expect(tail.data!.sessions!.edges).toHaveLength(5);
    expect(tail.data!.sessions!.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = await h.gw.execute(BrainstemSessionPageDocument, {
      last: 3,
      before: tail.data!.sessions!.pageInfo.startCursor,
    });
    const all = await allSessionIds(undefined);
    expect(before.data!.sessions!.edges.map((e) => e.node.brainstemId)).toEqual(all.slice(total - 8, total - 5));
  });
});

describe('filters and sorting', () => {
  const storeIds = (pred: (s: Rec) => boolean) =>
    sorted(
      h.bs.store
        .all('session')
        .filter((s) => isPublicSession(s) && pred(s))
        .map((s) => String(s.id)),
    );

  it('maps the typed filter onto dynamic-rest filters', async () => {
    const project = String(
      h.bs.store.get('session', h.bs.seed.publicDandiSession)!.projects &&
        (h.bs.store.get('session', h.bs.seed.publicDandiSession)!.projects as string[])[0],
    );
    expect(sorted(await allSessionIds({ project }))).toEqual(
      storeIds((s) => (s.projects as string[]).includes(project)),
    );
    expect(sorted(await allSessionIds({ nameContains: 'ok00' }))).toEqual(
      storeIds((s) => String(s.name).toLowerCase().includes('ok00')),
    );
    expect(sorted(await allSessionIds({ tag: 'nwb' }))).toEqual(storeIds((s) => (s.tags as string[]).includes('nwb')));
    const from = '2016-01-01T00:00:00Z';
    const to = '2016-06-30T23:59:59Z';
    const inRange = storeIds((s) => s.date_time !== null && String(s.date_time) >= from && String(s.date_time) <= to);
    expect(inRange.length).toBeGreaterThan(0);
    expect(sorted(await allSessionIds({ dateFrom: from, dateTo: to }))).toEqual(inRange);
  });

  it('passes `where` clauses and `sort` through', async () => {
    const r = await h.gw.execute(BrainstemSessionPageDocument, {
      first: 50,
      where: [
        { field: 'name', operator: 'ISTARTSWITH', values: ['lq0'] },
        { field: 'date_time', operator: 'ISNULL', values: ['false'] },
      ],
      sort: ['NAME_DESC'],
    });
    expect(r.errors).toBeUndefined();
    const names = r.data!.sessions!.edges.map((e) => e.node.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n.toLowerCase().startsWith('lq0'))).toBe(true);
    const collator = new Intl.Collator('en', { sensitivity: 'variant' });
    expect([...names].sort((a, b) => collator.compare(b, a))).toEqual(names);
    expect(r.data!.sessions!.edges.every((e) => e.node.dateTime !== null)).toBe(true);
  });
});

describe('who sees what', () => {
  it('never shows anonymous callers private data', async () => {
    const ids = await allSessionIds(undefined);
    expect(ids.every((id) => isPublicSession(h.bs.store.get('session', id)!))).toBe(true);
    const hidden = await h.gw.execute(BrainstemSessionDetailDocument, { id: String(privateSession().id) });
    expect(hidden.data?.session).toBeNull();
    expect(errorCodes(hidden)).toEqual(['NOT_FOUND']);
    const project = await h.gw.execute(BrainstemProjectDetailDocument, { id: h.bs.seed.alicePrivateProject });
    expect(project.data?.project).toBeNull();
    expect(errorCodes(project)).toEqual(['NOT_FOUND']);
    expect(h.bs.log.entries.every((e) => e.path.startsWith('/api/public/') && e.authorization === undefined)).toBe(
      true,
    );
  });

  it('refuses the private portal without a token before asking BrainSTEM', async () => {
    const r = await h.gw.execute(BrainstemSessionPageDocument, { first: 5, portal: 'PRIVATE' });
    expect(r.status).toBe(200);
    expect(errorCodes(r)).toEqual(['UNAUTHENTICATED']);
    expect(r.errors?.[0]?.extensions?.archive).toBe('brainstem');
    expect(h.bs.log.count()).toBe(0);
  });

  it('reads the private portal with a token, forwarded as a bearer token to BrainSTEM only', async () => {
    const mine = await h.gw.execute(BrainstemProjectDetailDocument, { id: h.bs.seed.alicePrivateProject }, as('alice'));
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.project).toMatchObject({ brainstemId: h.bs.seed.alicePrivateProject, isPublic: false });
    expect(mine.data!.project!.sessions!.length).toBeGreaterThan(0);
    expect(h.bs.log.entries.every((e) => e.authorization === `Bearer ${TOKENS.alice}`)).toBe(true);

    const notBobs = await h.gw.execute(
      BrainstemProjectDetailDocument,
      { id: h.bs.seed.alicePrivateProject },
      as('bob'),
    );
    expect(errorCodes(notBobs)).toEqual(['NOT_FOUND']);
    const shared = await h.gw.execute(BrainstemProjectDetailDocument, { id: h.bs.seed.sharedProject }, as('bob'));
    expect(shared.data!.project!.members.find((m) => m.holder.startsWith('bob.'))).toMatchObject({
      canChange: false,
      isOwner: false,
    });

    const bogus = await h.gw.execute(
      BrainstemSessionPageDocument,
      { first: 1 },
      { 'x-brainstem-token': 'not-a-token' },
    );
    expect(errorCodes(bogus)).toEqual(['UNAUTHENTICATED']);
  });

  it('reads the public portal when asked, even with a token', async () => {
    const r = await h.gw.execute(BrainstemSessionPageDocument, { first: 3, portal: 'PUBLIC' }, as('alice'));
    expect(r.data!.sessions!.edges.every((e) => e.node.portal === 'PUBLIC')).toBe(true);
    expect(h.bs.log.entries.every((e) => e.path.startsWith('/api/public/') && e.authorization === undefined)).toBe(
      true,
    );
  });

  it('resolves node(id) and accepts global ids as `id`', async () => {
    const s = await h.gw.execute(BrainstemSessionDetailDocument, { id: h.bs.seed.publicDandiSession });
    const globalId = s.data!.session!.id;
    const node = await h.gw.execute(BrainstemNodeDocument, { id: globalId });
    expect(node.data!.node).toMatchObject({
      __typename: 'Session',
      brainstemId: h.bs.seed.publicDandiSession,
      portal: 'PUBLIC',
    });
    // Signed in but not a member: the public record is found.
    const asAlice = await h.gw.execute(BrainstemNodeDocument, { id: globalId }, as('alice'));
    expect(asAlice.data!.node).toMatchObject({ brainstemId: h.bs.seed.publicDandiSession, portal: 'PUBLIC' });
    const again = await h.gw.execute(BrainstemSessionDetailDocument, { id: globalId });
    expect(again.data!.session!.brainstemId).toBe(h.bs.seed.publicDandiSession);

    const hidden = await h.gw.execute(BrainstemSessionDetailDocument, { id: String(privateSession().id) }, as('alice'));
    const anonymous = await h.gw.execute(BrainstemNodeDocument, { id: hidden.data!.session!.id });
    expect(anonymous.data!.node).toBeNull();
    expect(errorCodes(anonymous)).toEqual(['NOT_FOUND']);
  });
});

describe('relations', () => {
  it("finds a session's subjects and a subject's sessions through behaviors", async () => {
    const r = await h.gw.execute(BrainstemProjectDetailDocument, { id: h.bs.seed.alicePrivateProject }, as('alice'));
    expect(r.errors).toBeUndefined();
    // The behaviors of all the project's subjects come from one search.
    expect(h.bs.log.filter('/modules/behavior/').map((e) => e.query.getAll('filter{subjects.in}').length)).toEqual([
      r.data!.project!.subjects!.length,
    ]);
    const behaviors = h.bs.store.all('behavior');
    for (const subject of r.data!.project!.subjects!) {
      const mine = behaviors.filter((b) => (b.subjects as string[]).includes(subject.brainstemId));
      expect(sorted(subject.behaviors!.map((b) => b.brainstemId))).toEqual(sorted(mine.map((b) => String(b.id))));
      expect(sorted(subject.sessions!.map((x) => x.brainstemId))).toEqual(
        sorted([...new Set(mine.map((b) => String(b.session)))]),
      );
    }
    const withSubjects = behaviors.find((b) => isPublicSession(h.bs.store.get('session', b.session)!))!;
    const s = await h.gw.execute(BrainstemSessionDetailDocument, { id: String(withSubjects.session) });
    expect(s.data!.session!.subjects!.map((x) => x.brainstemId)).toEqual(
      expect.arrayContaining(withSubjects.subjects as string[]),
    );
  });
});

describe('bad input and failing upstreams', () => {
  it('answers malformed ids, page sizes and filters with BAD_USER_INPUT, never a 500', async () => {
    const badId = await h.gw.execute(BrainstemSessionDetailDocument, { id: 'not-an-id' });
    expect(badId.status).toBe(200);
    expect(errorCodes(badId)).toEqual(['BAD_USER_INPUT']);
    const tooMany = await h.gw.execute(BrainstemSessionPageDocument, { first: 101 });
    expect(errorCodes(tooMany)).toEqual(['BAD_USER_INPUT']);
    const badPath = await h.gw.execute(BrainstemSessionPageDocument, {
      first: 1,
      where: [{ field: 'name}&x', values: ['a'] }],
    });
    expect(errorCodes(badPath)).toEqual(['BAD_USER_INPUT']);
    // The datasource names the BrainSTEM field; the resolver adds the argument it came from.
    expect(badPath.errors?.[0]?.extensions).toMatchObject({
      archive: 'brainstem',
      argument: 'where',
      field: 'name}&x',
    });
    expect(h.bs.log.count()).toBe(0);
    const unknownField = await h.gw.execute(BrainstemSessionPageDocument, {
      first: 1,
      where: [{ field: 'colour', values: ['red'] }],
    });
    expect(unknownField.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      archive: 'brainstem',
      status: 400,
    });
    expect(unknownField.errors?.[0]?.message).toContain('colour');
  });

  it('turns an archive outage into ARCHIVE_UNAVAILABLE for BrainSTEM fields only', async () => {
    h.bs.faults.set({ errorRate: 1, errorStatus: 503 });
    const r = await h.gw.execute(BrainstemSessionPageDocument, { first: 5 });
    expect(r.status).toBe(200);
    expect(r.data).toEqual({ sessions: null });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'ARCHIVE_UNAVAILABLE', archive: 'brainstem' });
  });
});

describe('next to the other archives', () => {
  let dandi: DandiReplica;
  let both: TestGateway;
  beforeAll(async () => {
    dandi = await startDandiReplica();
    both = await startGateway({ brainstemApiUrl: h.bs.apiUrl, dandiApiUrl: dandi.apiUrl });
  });
  afterAll(async () => {
    await both.close();
    await dandi.close();
  });

  it('sends the BrainSTEM token to BrainSTEM only', async () => {
    const r = await both.execute(BrainstemWithDandiDocument, {}, as('alice'));
    expect(r.errors).toBeUndefined();
    expect(dandi.log.count()).toBeGreaterThan(0);
    expect(dandi.log.entries.every((e) => e.authorization === undefined)).toBe(true);
    expect(h.bs.log.entries.every((e) => e.authorization === `Bearer ${TOKENS.alice}`)).toBe(true);
  });

  it("keeps the other archives' fields when BrainSTEM fails", async () => {
    h.bs.faults.set({ errorRate: 1, errorStatus: 503 });
    const r = await both.execute(BrainstemWithDandiDocument, {});
    expect(r.data!.sessions).toBeNull();
    expect(r.data!.dandisets!.edges).toHaveLength(2);
    expect(errorCodes(r)).toEqual(['ARCHIVE_UNAVAILABLE']);
  });
});
