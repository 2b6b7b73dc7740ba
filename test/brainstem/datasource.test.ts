/**
 * The BrainSTEM datasource against the replica over real sockets, without GraphQL: the pager
 * under every envelope variant, loaders batching with `filter{id.in}`, portals and where the
 * token goes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrainstemDataSource, listPath } from '../../datasources/brainstem.ts';
import { limitOffsetPaging, readEnvelope } from '../../datasources/list.ts';
import { ArchiveError } from '../../src/http/archive-error.ts';
import { UpstreamStats } from '../../src/http/stats.ts';
import type { UpstreamClient } from '../../src/http/upstream.ts';
import {
  BRAINSTEM_REPLICA_TOKENS as TOKENS,
  ENVELOPE_VARIANTS,
  startBrainstemReplica,
} from '../../replicas/brainstem/server.ts';
import { useReplica } from '../support/gateway.ts';
import { testUpstream } from '../support/upstream.ts';

const h = useReplica('bs', startBrainstemReplica, (bs) => {
  bs.reset();
  bs.log.clear();
});
let http: UpstreamClient;
beforeAll(() => {
  http = testUpstream('brainstem', h.bs.apiUrl, { connections: 8, timeoutMs: 5_000 });
});
afterAll(() => http.close());

const source = (token?: string) => new BrainstemDataSource(http, { token }, new UpstreamStats());
const isPublicSession = (s: Record<string, unknown>) =>
  (s.projects as string[]).some((p) => h.bs.store.get('project', p)?.is_public === true);
const publicSessionIds = () =>
  h.bs.store
    .all('session')
    .filter(isPublicSession)
    .map((s) => String(s.id));

describe('paging', () => {
  it.each(Object.entries(ENVELOPE_VARIANTS))(
    'listAll returns every record exactly once (%s envelope)',
    async (_, variant) => {
      h.bs.envelope.set(variant);
      const expected = publicSessionIds();
      expect(expected.length % 100).not.toBe(0); // the last page is short
      const rows = await source().listAll('session', { portal: 'public' });
      const ids = rows.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(expected.sort());
      // Every request sent an explicit limit, as the spec recommends.
      expect(h.bs.log.entries.every((e) => e.query.get('limit') === '100')).toBe(true);
      expect(h.bs.log.count()).toBeLessThanOrEqual(Math.ceil(expected.length / 100) + 1);
    },
  );

  it.each(Object.entries(ENVELOPE_VARIANTS))(
    'stops on an exact multiple of the page size (%s envelope)',
    async (_, variant) => {
      h.bs.envelope.set(variant);
      const expected = publicSessionIds().slice(0, 40);
      const fetchPage = async (offset: number, limit: number) => {
        const url = new URL(`${h.bs.apiUrl}${listPath('session', 'public')}`);
        for (const id of expected) url.searchParams.append('filter{id.in}', id);
        url.searchParams.set('limit', String(limit));
        url.searchParams.set('offset', String(offset));
        return readEnvelope<{ id: string }>('brainstem', await (await fetch(url)).json(), 'sessions', offset, limit);
      };
      for (const size of [10, 7, 40]) {
        h.bs.log.clear();
        const rows = await limitOffsetPaging(fetchPage, size).all();
        expect(rows.map((r) => r.id).sort()).toEqual([...expected].sort());
        // Bare envelopes cost one empty page after an exact multiple; the others stop on their own.
        const pages = Math.ceil(40 / size);
        const bare = variant.count === false && variant.next === false && variant.meta === false;
        expect(h.bs.log.count()).toBe(bare && 40 % size === 0 ? pages + 1 : pages);
      }
    },
  );

  it('honours a server that serves smaller pages than asked for', async () => {
    h.bs.envelope.set({ maxLimit: 30 });
    const rows = await source().listAll('session', { portal: 'public' });
    expect(rows.length).toBe(publicSessionIds().length);
  });

  it('reads a window and reports whether more follow, with or without a count', async () => {
    for (const variant of Object.values(ENVELOPE_VARIANTS)) {
      h.bs.envelope.set({ ...variant });
      const total = publicSessionIds().length;
      const tail = await source().list('session', { portal: 'public' }, total - 5, 20);
      expect(tail.items).toHaveLength(5);
      expect(tail.hasMore).toBe(false);
      const head = await source().list('session', { portal: 'public' }, 0, 20);
      expect(head.items).toHaveLength(20);
      expect(head.hasMore).toBe(true);
      h.bs.envelope.reset();
    }
  });
});

describe('loaders', () => {
  it('batch loads by id into filter{id.in} requests of at most 100, in key order', async () => {
    const ids = publicSessionIds().slice(0, 150).reverse();
    const ds = source();
    const rows = await Promise.all(ids.map((id) => ds.load('session', id, 'public')));
    expect(rows.map((r) => r.id)).toEqual(ids);
    const requests = h.bs.log.filter('/public/stem/session/');
    expect(requests.map((r) => r.query.getAll('filter{id.in}').length).sort()).toEqual([100, 50]);
    // Loaded again: served from the per-request cache.
    await ds.load('session', ids[0] as string, 'public');
    await ds.load('session', (ids[0] as string).toUpperCase(), 'public');
    expect(h.bs.log.count()).toBe(2);
  });

  it('answers NOT_FOUND per missing key, and refuses malformed ids before any request', async () => {
    const ds = source();
    const [ok, missing] = await Promise.allSettled([
      ds.load('session', publicSessionIds()[0] as string, 'public'),
      ds.load('session', '00000000-0000-4000-8000-000000000000', 'public'),
    ]);
    expect(ok.status).toBe('fulfilled');
    expect(missing.status === 'rejected' && (missing.reason as ArchiveError).code).toBe('NOT_FOUND');
    expect(h.bs.log.count()).toBe(1);
    await expect(ds.load('session', 'not-a-uuid', 'public')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(ds.load('user', 'abc', 'public')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(h.bs.log.count()).toBe(1);
  });

  it('primes the loaders with listed and sideloaded records', async () => {
    const ds = source();
    const page = await ds.list(
      'session',
      { portal: 'public', include: [{ relation: 'projects', model: 'project' }] },
      0,
      50,
    );
    const projectIds = [...new Set(page.items.flatMap((s) => s.projects))];
    await Promise.all([
      ...projectIds.map((p) => ds.load('project', p, 'public')),
      ...page.items.map((s) => ds.load('session', s.id, 'public')),
    ]);
    expect(h.bs.log.count()).toBe(1);
  });
});

describe('portals and credentials', () => {
  it('reads the public portal without a token and the private one with it', () => {
    expect(source().portal()).toBe('public');
    expect(source(TOKENS.alice).portal()).toBe('private');
    expect(source(TOKENS.alice).portal('public')).toBe('public');
    expect(() => source().portal('private')).toThrow(ArchiveError);
  });

  it('sends the token to the private portal only, as a bearer token', async () => {
    const ds = source(TOKENS.alice);
    await ds.load('project', h.bs.seed.alicePrivateProject, 'private');
    await ds.list('project', { portal: 'public' }, 0, 5);
    const [privateCall, publicCall] = h.bs.log.entries;
    expect(privateCall?.authorization).toBe(`Bearer ${TOKENS.alice}`);
    expect(publicCall?.path).toContain('/public/');
    expect(publicCall?.authorization).toBeUndefined();
  });

  it('refuses writes without a token before any request', async () => {
    await expect(source().create('session', { name: 'x' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(source().remove('session', h.bs.seed.publicDandiSession)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(h.bs.log.count()).toBe(0);
  });

  it('finds a record on the public portal for a signed-in caller who is not a member (node lookups)', async () => {
    // The showcase session is in a project of bob's lab; alice is no member of it.
    const found = await source(TOKENS.alice).loadVisible('session', h.bs.seed.publicDandiSession);
    expect(found).toMatchObject({ portal: 'public', record: { id: h.bs.seed.publicDandiSession } });
  });
});
