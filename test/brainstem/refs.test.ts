/**
 * Refs, not fetches: a BrainSTEM root field whose selection reads only child lists answers them
 * from the children's side (one search each) without fetching the parent's record, and a missing
 * parent still ends in null + NOT_FOUND at the first field that needed it. Request counts come
 * from the replica's log.
 */
import { describe, expect, it } from 'vitest';
import {
  BrainstemProjectChildrenDocument,
  BrainstemProjectNameAndSessionsDocument,
  BrainstemProjectSessionsDocument,
  BrainstemSessionChildrenDocument,
  BrainstemSessionIdentityDocument,
  BrainstemSetupEquipmentDocument,
  BrainstemSubjectChildrenDocument,
} from '../gql/graphql.ts';
import { errorCodes } from '../support/gateway.ts';
import { as, useBrainstem } from './harness.ts';

const h = useBrainstem();

type Rec = Record<string, unknown>;
const MISSING = '00000000-0000-4000-8000-000000000000';
const sorted = (ids: string[]) => [...ids].sort();
const isPublic = (project: unknown) => h.bs.store.get('project', project)?.is_public === true;
const pointsAt = (r: Rec, field: string, id: unknown) => ([] as unknown[]).concat(r[field]).includes(id);
const ids = (rows: Rec[]) => rows.map((r) => String(r.id));
const children = (model: string, field: string, id: unknown) =>
  h.bs.store.all(model).filter((r) => pointsAt(r, field, id));

/** A public record of `model` with rows in every one of the child lists `lists` ([model, field]). */
function publicWith(model: string, visible: (r: Rec) => boolean, lists: [string, string][]): string {
  const found = h.bs.store
    .all(model)
    .find((r) => visible(r) && lists.every(([m, f]) => children(m, f, r.id).length > 0));
  if (!found) throw new Error(`the seed has no public ${model} with ${lists.map(([m]) => m).join(', ')}`);
  return String(found.id);
}

const publicSession = (r: Rec) => (r.projects as unknown[]).some(isPublic);
const sessionPaths = (prefix: string) => h.bs.log.filter((e) => e.path.includes(prefix));

describe('a root field that only lists children', () => {
  it('answers project(id) { sessions } with one request: the sessions of the project', async () => {
    const project = publicWith('project', (p) => p.is_public === true, [['session', 'projects']]);
    const r = await h.gw.execute(BrainstemProjectSessionsDocument, { id: project });
    expect(r.errors).toBeUndefined();
    const expected = children('session', 'projects', project).filter(publicSession);
    expect(sorted(r.data!.project!.sessions!.map((s) => s.brainstemId))).toEqual(sorted(ids(expected)));
    expect(r.data!.project!.sessions!.every((s) => s.name.length > 0)).toBe(true);
    expect(h.bs.log.count()).toBe(1);
    const [request] = h.bs.log.entries;
    expect(request?.path).toBe('/api/public/stem/session/');
    expect(request?.query.getAll('filter{projects.in}')).toEqual([project]);
  });

  it('sends one search per child list, together, and none for the project itself', async () => {
    const project = publicWith('project', (p) => p.is_public === true, [
      ['session', 'projects'],
      ['subject', 'projects'],
      ['collection', 'project'],
      ['cohort', 'project'],
    ]);
    const r = await h.gw.execute(BrainstemProjectChildrenDocument, { id: project });
    expect(r.errors).toBeUndefined();
    expect(r.data!.project!.collections!.length).toBe(children('collection', 'project', project).length);
    expect(h.bs.log.count()).toBe(4);
    expect(sessionPaths('/stem/project/')).toHaveLength(0);
  });

  it('fetches the record first when a selected field reads it (two requests, as before)', async () => {
    const project = publicWith('project', (p) => p.is_public === true, [['session', 'projects']]);
    const r = await h.gw.execute(BrainstemProjectNameAndSessionsDocument, { id: project });
    expect(r.errors).toBeUndefined();
    expect(r.data!.project!.name).toBe(h.bs.store.get('project', project)?.name);
    expect(h.bs.log.count()).toBe(2);
  });

  it("answers a session's child lists from their side, one search each, without the session", async () => {
    const session = publicWith('session', publicSession, [
      ['behavior', 'session'],
      ['dataacquisition', 'session'],
      ['epoch', 'session'],
      ['manipulation', 'session'],
    ]);
    const r = await h.gw.execute(BrainstemSessionChildrenDocument, { id: session });
    expect(r.errors).toBeUndefined();
    const s = r.data!.session!;
    expect(sorted(s.behaviors!.map((b) => b.brainstemId))).toEqual(
      sorted(ids(children('behavior', 'session', session))),
    );
    expect(s.epochs!.length).toBe(children('epoch', 'session', session).length);
    const subjects = new Set(children('behavior', 'session', session).flatMap((b) => b.subjects as string[]));
    expect(sorted(s.subjects!.map((x) => x.brainstemId))).toEqual(sorted([...subjects]));
    // behaviors (shared by `behaviors` and `subjects`), data acquisitions, epochs, manipulations,
    // and the subjects by id: five requests, none of them for the session.
    expect(h.bs.log.count()).toBe(5);
    expect(sessionPaths('/stem/session/')).toHaveLength(0);
  });

  it("answers a subject's procedures, behaviors and sessions without the subject", async () => {
    const subject = publicWith('subject', (x) => (x.projects as unknown[]).some(isPublic), [
      ['procedure', 'subject'],
      ['behavior', 'subjects'],
    ]);
    const r = await h.gw.execute(BrainstemSubjectChildrenDocument, { id: subject });
    expect(r.errors).toBeUndefined();
    const mine = children('behavior', 'subjects', subject);
    expect(sorted(r.data!.subject!.behaviors!.map((b) => b.brainstemId))).toEqual(sorted(ids(mine)));
    expect(sorted(r.data!.subject!.sessions!.map((b) => b.brainstemId))).toEqual(
      sorted([...new Set(mine.map((b) => String(b.session)))]),
    );
    // procedures, behaviors (shared by `behaviors` and `sessions`), and the sessions by id.
    expect(h.bs.log.count()).toBe(3);
    expect(sessionPaths('/stem/subject/')).toHaveLength(0);
  });

  it("answers a setup's equipment with one request", async () => {
    const setup = publicWith('setup', (x) => x.is_public === true, [['equipment', 'setup']]);
    const r = await h.gw.execute(BrainstemSetupEquipmentDocument, { id: setup });
    expect(r.errors).toBeUndefined();
    expect(r.data!.setup!.equipment!.length).toBe(children('equipment', 'setup', setup).length);
    expect(h.bs.log.count()).toBe(1);
  });
});

describe('a missing parent behind a ref', () => {
  it('ends in null + NOT_FOUND at the child list that needed it', async () => {
    const r = await h.gw.execute(BrainstemProjectSessionsDocument, { id: MISSING });
    expect(r.data?.project?.sessions).toBeNull();
    expect(errorCodes(r)).toEqual(['NOT_FOUND']);
    expect(r.errors?.[0]?.path).toEqual(['project', 'sessions']);
    expect(r.errors?.[0]?.extensions?.archive).toBe('brainstem');
    // The (empty) search, then the project itself.
    expect(h.bs.log.count()).toBe(2);
  });

  it('does not show anonymous callers the lists of a private project', async () => {
    const r = await h.gw.execute(BrainstemProjectSessionsDocument, { id: h.bs.seed.alicePrivateProject });
    expect(r.data?.project?.sessions).toBeNull();
    expect(errorCodes(r)).toEqual(['NOT_FOUND']);
    const mine = await h.gw.execute(
      BrainstemProjectSessionsDocument,
      { id: h.bs.seed.alicePrivateProject },
      as('alice'),
    );
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.project!.sessions!.length).toBe(
      children('session', 'projects', h.bs.seed.alicePrivateProject).length,
    );
  });

  it('is checked by fetching the record when only its identity is selected', async () => {
    const found = await h.gw.execute(BrainstemSessionIdentityDocument, { id: h.bs.seed.publicDandiSession });
    expect(found.data!.session).toMatchObject({ brainstemId: h.bs.seed.publicDandiSession, portal: 'PUBLIC' });
    expect(h.bs.log.count()).toBe(1);
    const missing = await h.gw.execute(BrainstemSessionIdentityDocument, { id: MISSING });
    expect(missing.data?.session).toBeNull();
    expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
  });
});
