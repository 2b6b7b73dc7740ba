/**
 * Valid JSON of the wrong shape from BrainSTEM (the replica's `body` fault answers 200 with it):
 * every such body is ARCHIVE_BAD_RESPONSE naming the archive and the key, on the field that read
 * it, never INTERNAL_SERVER_ERROR, an empty list, or records built from a string.
 */
import { describe, expect, it } from 'vitest';
import {
  BrainstemRawRecordsDocument,
  BrainstemSessionDetailDocument,
  BrainstemSessionPageDocument,
  BrainstemUpdateSessionDocument,
} from '../gql/graphql.ts';
import { errorCodes } from '../support/gateway.ts';
import { as, useBrainstem } from './harness.ts';

const h = useBrainstem();

interface Result {
  errors?: readonly { extensions?: Record<string, unknown>; path?: readonly (string | number)[] }[];
}

function expectBadShape(r: Result, key: string): void {
  expect(errorCodes(r)).toEqual(['ARCHIVE_BAD_RESPONSE']);
  expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'ARCHIVE_BAD_RESPONSE', archive: 'brainstem', key });
}

const SESSIONS = '/public/stem/session/';

describe('list bodies', () => {
  it.each([
    ['a list key holding a string', { sessions: 'oops' }, 'sessions'],
    ['no list at all', {}, 'sessions'],
    ['a count that is not a number', { count: 'x', sessions: [] }, 'count'],
    ['a total in meta that is not a number', { sessions: [], meta: { total_results: 'many' } }, 'total_results'],
    ['a next link that is not a URL', { sessions: [], next: 5 }, 'next'],
    ['rows that are not records', { sessions: ['a', 'b'] }, 'sessions[]'],
    ['rows without ids', { sessions: [{ name: 'x' }] }, 'sessions[].id'],
    ['a list instead of an envelope', [{ id: 'x' }], 'body'],
  ])('a sessions page with %s is ARCHIVE_BAD_RESPONSE naming the key', async (_, body, key) => {
    h.bs.faults.queue({ kind: 'body', body, pathIncludes: SESSIONS });
    const r = await h.gw.execute(BrainstemSessionPageDocument, { first: 5 });
    expect(r.status).toBe(200);
    expect(r.data).toEqual({ sessions: null });
    expectBadShape(r, key);
  });

  it('reads the escape hatch the same way', async () => {
    h.bs.faults.queue({ kind: 'body', body: { sessions: 'oops' }, pathIncludes: SESSIONS });
    const r = await h.gw.execute(BrainstemRawRecordsDocument, { model: 'SESSION', limit: 5 });
    expect(r.data?.brainstemRecords).toBeNull();
    expectBadShape(r, 'sessions');
  });
});

describe('record bodies', () => {
  it('a record request answered with a list is ARCHIVE_BAD_RESPONSE, and nothing else is lost', async () => {
    h.bs.faults.queue({ kind: 'body', body: [{ id: h.bs.seed.publicDandiSession }], pathIncludes: SESSIONS });
    const r = await h.gw.execute(BrainstemSessionDetailDocument, { id: h.bs.seed.publicDandiSession });
    expect(r.data?.session).toBeNull();
    expectBadShape(r, 'body');
  });

  it('a related record of the wrong shape fails that relation only', async () => {
    h.bs.faults.queue({ kind: 'body', body: { projects: 'oops' }, pathIncludes: '/public/stem/project/' });
    const r = await h.gw.execute(BrainstemSessionDetailDocument, { id: h.bs.seed.publicDandiSession });
    expect(r.data?.session?.brainstemId).toBe(h.bs.seed.publicDandiSession);
    expect(r.data?.session?.projects).toBeNull();
    expect(r.data?.session?.epochs).not.toBeNull();
    expectBadShape(r, 'projects');
    expect(r.errors?.[0]?.path).toEqual(['session', 'projects']);
  });
});

describe('write answers', () => {
  const session = () =>
    String(h.bs.store.all('session').find((s) => (s.projects as string[]).includes(h.bs.seed.alicePrivateProject))?.id);

  it.each([
    ['a list', [1, 2], 'body'],
    ['a string under the record key', { session: 'oops' }, 'session'],
  ])('a save answered with %s is ARCHIVE_BAD_RESPONSE naming the key', async (_, body, key) => {
    h.bs.faults.queue({ kind: 'body', body, pathIncludes: '/private/stem/session/' });
    const r = await h.gw.execute(
      BrainstemUpdateSessionDocument,
      { id: session(), input: { tags: ['shape'] } },
      as('alice'),
    );
    expect(r.data?.updateSession).toBeNull();
    expectBadShape(r, key);
  });
});
