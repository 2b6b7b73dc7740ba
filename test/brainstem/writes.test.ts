/**
 * BrainSTEM mutations over HTTP against the replica: create, update and delete round trips for
 * every writable model, field errors for refused input with nothing written, and writes refused
 * before any upstream request when the caller has no token.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { describe, expect, it } from 'vitest';
import {
  BrainstemCreateBehaviorDocument,
  BrainstemCreateCohortDocument,
  BrainstemCreateCollectionDocument,
  BrainstemCreateDataAcquisitionDocument,
  BrainstemCreateManipulationDocument,
  BrainstemCreateProcedureDocument,
  BrainstemCreateProjectDocument,
  BrainstemCreateSessionDocument,
  BrainstemCreateSubjectDocument,
  BrainstemDeleteBehaviorDocument,
  BrainstemDeleteCohortDocument,
  BrainstemDeleteCollectionDocument,
  BrainstemDeleteDataAcquisitionDocument,
  BrainstemDeleteManipulationDocument,
  BrainstemDeleteProcedureDocument,
  BrainstemDeleteProjectDocument,
  BrainstemDeleteSessionDocument,
  BrainstemDeleteSubjectDocument,
  BrainstemSessionDetailDocument,
  BrainstemUpdateBehaviorDocument,
  BrainstemUpdateCohortDocument,
  BrainstemUpdateCollectionDocument,
  BrainstemUpdateDataAcquisitionDocument,
  BrainstemUpdateManipulationDocument,
  BrainstemUpdateProcedureDocument,
  BrainstemUpdateProjectDocument,
  BrainstemUpdateSessionDocument,
  BrainstemUpdateSubjectDocument,
} from '../gql/graphql.ts';
import { errorCodes } from '../support/gateway.ts';
import { as, useBrainstem } from './harness.ts';
import {
  BRAINSTEM_REPLICA_TOKENS as TOKENS,
  BRAINSTEM_REPLICA_USERS as USERS,
} from '../../replicas/brainstem/server.ts';

const h = useBrainstem();

type Rec = Record<string, any>;
type Doc = TypedDocumentNode<any, any>;
const alice = as('alice');
const bob = as('bob');

/** Records of alice's private project to write against. */
function fixtures() {
  const project = h.bs.seed.alicePrivateProject;
  const inProject = (m: string, key: string) =>
    h.bs.store.all(m).filter((r) => ([] as unknown[]).concat(r[key]).includes(project));
  const subject = inProject('subject', 'projects').find((s) =>
    h.bs.store.all('procedure').some((p) => p.subject === s.id),
  )!;
  const group = h.bs.store.all('group').find((g) => g.name === 'Lindqvist Lab')!.id;
  return {
    project,
    session: String(inProject('session', 'projects')[0]!.id),
    subject: String(subject.id),
    procedure: String(h.bs.store.all('procedure').find((p) => p.subject === subject.id)!.id),
    strain: String(h.bs.store.all('strain')[0]!.id),
    setup: String(h.bs.store.all('setup').find((s) => s._group === group)!.id),
    assay: String(h.bs.store.all('behavioralassay').find((s) => s._group === group)!.id),
  };
}

interface Case {
  model: string;
  field: string;
  create: [Doc, (f: ReturnType<typeof fixtures>) => Rec];
  update: [Doc, Rec];
  delete: Doc;
  /** What the stored record holds after the update. */
  changed: Rec;
}

const CASES: Case[] = [
  {
    model: 'session',
    field: 'Session',
    create: [
      BrainstemCreateSessionDocument,
      (f) => ({
        name: 'LQ-gateway-01',
        projects: [f.project],
        dateTime: '2024-05-01T10:30:00+02:00',
        tags: ['pilot'],
        extraFields: { probe: 'NP1', n_units: 143 },
        downloadLinks: [{ repository: 'DANDI', url: 'https://dandiarchive.org/dandiset/000003' }],
      }),
    ],
    update: [BrainstemUpdateSessionDocument, { description: '<p>changed</p>', dateTime: null }],
    delete: BrainstemDeleteSessionDocument,
    changed: { description: '<p>changed</p>', date_time: null, name: 'LQ-gateway-01', tags: ['pilot'] },
  },
  {
    model: 'project',
    field: 'Project',
    create: [BrainstemCreateProjectDocument, () => ({ name: 'Gateway test project', description: '<p>x</p>' })],
    update: [
      BrainstemUpdateProjectDocument,
      { description: 'changed', members: [{ holder: USERS.bob, canChange: false }] },
    ],
    delete: BrainstemDeleteProjectDocument,
    changed: {
      description: 'changed',
      users: {
        [USERS.alice]: { can_change: true, is_manager: true, is_owner: true },
        [USERS.bob]: { can_change: false, is_manager: false, is_owner: false },
      },
    },
  },
  {
    model: 'subject',
    field: 'Subject',
    create: [
      BrainstemCreateSubjectDocument,
      (f) => ({ name: 'LQ-gw-001', projects: [f.project], strain: f.strain, sex: 'FEMALE', birthDate: '2023-01-02' }),
    ],
    update: [BrainstemUpdateSubjectDocument, { status: 'INACTIVE' }],
    delete: BrainstemDeleteSubjectDocument,
    changed: { status: 'inactive', sex: 'F', birth_date: '2023-01-02' },
  },
  {
    model: 'collection',
    field: 'Collection',
    create: [
      BrainstemCreateCollectionDocument,
      (f) => ({ name: 'Gateway picks', project: f.project, sessions: [f.session] }),
    ],
    update: [BrainstemUpdateCollectionDocument, { name: 'Gateway picks v2' }],
    delete: BrainstemDeleteCollectionDocument,
    changed: { name: 'Gateway picks v2' },
  },
  {
    model: 'cohort',
    field: 'Cohort',
    create: [
      BrainstemCreateCohortDocument,
      (f) => ({ name: 'Gateway cohort', project: f.project, subjects: [f.subject] }),
    ],
    update: [BrainstemUpdateCohortDocument, { name: 'Gateway cohort v2' }],
    delete: BrainstemDeleteCohortDocument,
    changed: { name: 'Gateway cohort v2' },
  },
  {
    model: 'behavior',
    field: 'Behavior',
    create: [
      BrainstemCreateBehaviorDocument,
      (f) => ({ session: f.session, subjects: [f.subject], setup: f.setup, behavioralAssay: f.assay }),
    ],
    update: [BrainstemUpdateBehaviorDocument, { notes: 'engaged' }],
    delete: BrainstemDeleteBehaviorDocument,
    changed: { notes: 'engaged' },
  },
  {
    model: 'dataacquisition',
    field: 'DataAcquisition',
    create: [
      BrainstemCreateDataAcquisitionDocument,
      (f) => ({ session: f.session, type: 'ExtracellularEphys', details: { nChannels: 64 } }),
    ],
    update: [BrainstemUpdateDataAcquisitionDocument, { notes: 'good units' }],
    delete: BrainstemDeleteDataAcquisitionDocument,
    changed: { notes: 'good units', details: { nChannels: 64 } },
  },
  {
    model: 'manipulation',
    field: 'Manipulation',
    create: [
      BrainstemCreateManipulationDocument,
      (f) => ({
        session: f.session,
        type: 'ElectricalStimulation',
        procedures: [f.procedure],
        details: [{ intensity: 20 }],
      }),
    ],
    update: [BrainstemUpdateManipulationDocument, { notes: '20 uA' }],
    delete: BrainstemDeleteManipulationDocument,
    changed: { notes: '20 uA' },
  },
  {
    model: 'procedure',
    field: 'Procedure',
    create: [
      BrainstemCreateProcedureDocument,
      (f) => ({ subject: f.subject, type: 'Craniotomy', coordinatesSystem: 'External_XYZ_Absolute' }),
    ],
    update: [BrainstemUpdateProcedureDocument, { notes: 'no complications' }],
    delete: BrainstemDeleteProcedureDocument,
    changed: { notes: 'no complications', type: 'Craniotomy' },
  },
];

const saved = (data: Rec | null | undefined): Rec => {
  const payload = Object.values(data ?? {})[0] as Rec | null;
  expect(payload).not.toBeNull();
  return payload![Object.keys(payload!)[0]!] ?? payload;
};

describe('create, update and delete round-trip', () => {
  it.each(CASES.map((c) => [c.model, c] as const))('%s', async (_, c) => {
    const created = await h.gw.execute(c.create[0], { input: c.create[1](fixtures()) }, alice);
    expect(created.errors).toBeUndefined();
    const id = saved(created.data).brainstemId as string;
    expect(h.bs.store.get(c.model, id)).toBeDefined();

    const updated = await h.gw.execute(c.update[0], { id, input: c.update[1] }, alice);
    expect(updated.errors).toBeUndefined();
    expect(saved(updated.data).brainstemId).toBe(id);
    expect(h.bs.store.get(c.model, id)).toMatchObject(c.changed);

    const deleted = await h.gw.execute(c.delete, { id }, alice);
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data![`delete${c.field}`]).toMatchObject({ brainstemId: id });
    expect(h.bs.store.get(c.model, id)).toBeUndefined();
    // Every write went to the private portal with alice's token, once.
    const writes = h.bs.log.entries.filter((e) => e.method !== 'GET');
    expect(writes.map((e) => e.method)).toEqual(['POST', 'PATCH', 'DELETE']);
    expect(
      writes.every((e) => e.path.startsWith('/api/private/') && e.authorization === `Bearer ${TOKENS.alice}`),
    ).toBe(true);
  });

  it('answers with the saved session, readable right after', async () => {
    const f = fixtures();
    const created = await h.gw.execute(
      BrainstemCreateSessionDocument,
      { input: CASES[0]!.create[1](f) as never },
      alice,
    );
    const session = created.data!.createSession!.session!;
    expect(session).toMatchObject({
      portal: 'PRIVATE',
      name: 'LQ-gateway-01',
      dateTime: '2024-05-01T08:30:00.000Z',
      tags: ['pilot'],
      extraFields: { probe: 'NP1', n_units: 143 },
      downloadLinks: [{ repository: 'DANDI', url: 'https://dandiarchive.org/dandiset/000003' }],
      projects: [{ brainstemId: f.project }],
    });
    // Updating by global id works as well as by BrainSTEM id.
    const renamed = await h.gw.execute(
      BrainstemUpdateSessionDocument,
      { id: session.id, input: { name: 'LQ-gateway-02', tags: [] } },
      alice,
    );
    expect(renamed.data!.updateSession!.session).toMatchObject({ name: 'LQ-gateway-02', tags: [] });
    const read = await h.gw.execute(BrainstemSessionDetailDocument, { id: session.brainstemId }, alice);
    expect(read.data!.session).toMatchObject({ name: 'LQ-gateway-02', projects: [{ brainstemId: f.project }] });
  });
});

describe('refused writes', () => {
  const fingerprint = () =>
    JSON.stringify(
      [
        'session',
        'project',
        'subject',
        'collection',
        'cohort',
        'behavior',
        'dataacquisition',
        'manipulation',
        'procedure',
      ].map((m) => h.bs.store.all(m)),
    );

  it("returns field errors in GraphQL names with the archive's messages, and writes nothing", async () => {
    const before = fingerprint();
    const r = await h.gw.execute(
      BrainstemCreateSessionDocument,
      {
        input: {
          name: 'x'.repeat(101),
          projects: [],
          extraFields: { '1st': 'x' },
          downloadLinks: [{ repository: 'DANDI', url: 'dandiarchive.org/dandiset/000003' }],
        },
      },
      alice,
    );
    expect(r.status).toBe(200);
    expect(r.data).toEqual({ createSession: null });
    const ext = r.errors?.[0]?.extensions as Rec;
    expect(ext).toMatchObject({ code: 'BAD_USER_INPUT', archive: 'brainstem', status: 400, field: 'name' });
    expect(ext.fieldErrors).toEqual([
      { field: 'name', messages: ['Ensure this field has no more than 100 characters.'] },
      { field: 'projects', messages: ['This list may not be empty.'] },
      { field: 'extraFields', messages: [expect.stringContaining('Invalid key "1st"')] },
      { field: 'downloadLinks', messages: [expect.stringContaining('is not a valid URL')] },
    ]);
    expect(r.errors?.[0]?.message).toContain('name: Ensure this field has no more than 100 characters.');
    expect(fingerprint()).toBe(before);
  });

  it('reports refused updates per field and leaves the record as it was', async () => {
    const f = fixtures();
    const other = h.bs.store.all('session').find((s) => s.id !== f.session)!;
    const before = fingerprint();
    const r = await h.gw.execute(
      BrainstemUpdateSessionDocument,
      { id: f.session, input: { name: String(other.name), description: 'never stored' } },
      alice,
    );
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'name',
      fieldErrors: [{ field: 'name', messages: ['session with this name already exists.'] }],
    });
    const subject = await h.gw.execute(
      BrainstemUpdateSubjectDocument,
      { id: f.subject, input: { birthDate: 'soon' } },
      alice,
    );
    expect(subject.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'birthDate' });
    expect(fingerprint()).toBe(before);
  });

  it("reports a refused delete with the archive's reason", async () => {
    const f = fixtures();
    const epoch = h.bs.store
      .all('epoch')
      .find(
        (e) =>
          (e.dataacquisition as unknown[]).length > 0 &&
          (h.bs.store.get('session', e.session)!.projects as string[]).includes(f.project),
      )!;
    const before = fingerprint();
    const r = await h.gw.execute(
      BrainstemDeleteDataAcquisitionDocument,
      { id: String((epoch.dataacquisition as string[])[0]) },
      alice,
    );
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      archive: 'brainstem',
      fieldErrors: [{ field: null, messages: [expect.any(String)] }],
    });
    expect(fingerprint()).toBe(before);
  });

  it('refuses writes without a token before any upstream request', async () => {
    const f = fixtures();
    const create = await h.gw.execute(BrainstemCreateSessionDocument, {
      input: { name: 'anon', projects: [f.project] },
    });
    const remove = await h.gw.execute(BrainstemDeleteSessionDocument, { id: f.session });
    expect([...errorCodes(create), ...errorCodes(remove)]).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(h.bs.log.count()).toBe(0);
  });

  it("passes on the archive's permission and existence answers", async () => {
    const before = fingerprint();
    const readOnly = await h.gw.execute(
      BrainstemUpdateProjectDocument,
      { id: h.bs.seed.sharedProject, input: { description: 'bob was here' } },
      bob,
    );
    expect(errorCodes(readOnly)).toEqual(['FORBIDDEN']);
    const invisible = await h.gw.execute(BrainstemDeleteProjectDocument, { id: h.bs.seed.alicePrivateProject }, bob);
    expect(errorCodes(invisible)).toEqual(['NOT_FOUND']);
    const malformed = await h.gw.execute(BrainstemDeleteSessionDocument, { id: 'nope' }, alice);
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(fingerprint()).toBe(before);
    expect(h.bs.log.entries.map((e) => e.method)).toEqual(['PATCH', 'DELETE']);
  });
});
