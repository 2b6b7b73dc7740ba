/**
 * The edges of a BrainSTEM window, decided once by the list kit: `first: 0` (and `limit: 0`)
 * asks for one row and returns none, so `hasNextPage` says whether the list has any row at or
 * after the cursor; an empty window has no next page. Under every envelope the server may send.
 */
import { describe, expect, it } from 'vitest';
import { BrainstemRawWindowDocument, BrainstemSessionWindowDocument } from '../gql/graphql.ts';
import { ENVELOPE_VARIANTS } from '../../replicas/brainstem/server.ts';
import { useBrainstem } from './harness.ts';

const h = useBrainstem();

const NOWHERE = 'no-session-is-called-this';

describe('first: 0', () => {
  it.each(Object.entries(ENVELOPE_VARIANTS))('on a non-empty list: no edges, a next page (%s)', async (_, variant) => {
    h.bs.envelope.set(variant);
    const r = await h.gw.execute(BrainstemSessionWindowDocument, { first: 0 });
    expect(r.errors).toBeUndefined();
    expect(r.data!.sessions!.edges).toEqual([]);
    expect(r.data!.sessions!.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false });
    // One probe of one row (and, for envelopes without a total, the count of totalCount).
    expect(h.bs.log.entries[0]?.query.get('limit')).toBe('1');
  });

  it.each(Object.entries(ENVELOPE_VARIANTS))('on an empty list: no edges, no next page (%s)', async (_, variant) => {
    h.bs.envelope.set(variant);
    const r = await h.gw.execute(BrainstemSessionWindowDocument, { first: 0, filter: { nameContains: NOWHERE } });
    expect(r.errors).toBeUndefined();
    expect(r.data!.sessions).toEqual({
      totalCount: 0,
      pageInfo: { hasNextPage: false, hasPreviousPage: false },
      edges: [],
    });
  });

  it('agrees with a window of rows on the same list', async () => {
    const empty = await h.gw.execute(BrainstemSessionWindowDocument, { first: 5, filter: { nameContains: NOWHERE } });
    expect(empty.data!.sessions!.pageInfo.hasNextPage).toBe(false);
    const some = await h.gw.execute(BrainstemSessionWindowDocument, { first: 5 });
    expect(some.data!.sessions!.edges).toHaveLength(5);
    expect(some.data!.sessions!.pageInfo.hasNextPage).toBe(true);
  });
});

describe('limit: 0 on the escape hatch', () => {
  it('says whether records exist without returning any', async () => {
    const some = await h.gw.execute(BrainstemRawWindowDocument, { limit: 0 });
    expect(some.data!.brainstemRecords).toEqual({ records: [], hasMore: true });
    const none = await h.gw.execute(BrainstemRawWindowDocument, {
      limit: 0,
      where: [{ field: 'name', operator: 'ICONTAINS', values: [NOWHERE] }],
    });
    expect(none.data!.brainstemRecords).toEqual({ records: [], hasMore: false });
  });
});
