/**
 * `search` over real HTTP against the three replicas: fair interleaving, paging that returns each
 * result exactly once, one upstream request per archive per page, and partial results when an
 * archive fails.
 */
import { describe, expect, it } from 'vitest';
import {
  SearchBackwardsDocument,
  SearchDocument,
  SearchWithDetailsDocument,
  type SearchQuery,
} from '../gql/graphql.ts';
import { errorCodes } from '../support/gateway.ts';
import { useAllReplicas } from '../support/replicas.ts';

/** Hits all three seeds: DANDI titles, EEGDash datasets (task "rest"), BrainSTEM "…_task-rest" sessions. */
const TEXT = 'rest';
const EEGDASH_SEARCH_MAX = 100;

type Archive = 'dandi' | 'eegdash' | 'brainstem';
type Edge = NonNullable<SearchQuery['search']>['edges'][number];

const stack = useAllReplicas({ UPSTREAM_MAX_RETRIES: '0', LINK_INDEX_REFRESH_MS: '0' });
const s = {
  get r() {
    return stack.replicas;
  },
  get gw() {
    return stack.gw;
  },
};

const replica = (a: Archive) => s.r[a];
const counts = () => stack.counts();

/** A stable key per result, whatever its type. */
function key(edge: Edge): string {
  const n = edge.node;
  if (n.__typename === 'Dandiset') return `dandi:${n.identifier}`;
  if (n.__typename === 'Dataset') return `eegdash:${n.datasetId}`;
  return `brainstem:${n.name}`;
}

/** What each archive itself answers for the text, in its order (asked directly, logs cleared after). */
async function expected(): Promise<Record<Archive, string[]>> {
  const get = async (url: string) => (await fetch(url)).json() as Promise<any>;
  const q = encodeURIComponent(TEXT);
  const [d, e, b] = await Promise.all([
    get(`${s.r.dandi.apiUrl}/dandisets/?search=${q}&page_size=1000`),
    get(`${s.r.eegdash.apiUrl}/api/eegdash/datasets/search?q=${q}&limit=${EEGDASH_SEARCH_MAX}`),
    get(`${s.r.brainstem.apiUrl}/public/stem/session/?filter%7Bname.icontains%7D=${q}&limit=100`),
  ]);
  for (const r of [s.r.dandi, s.r.eegdash, s.r.brainstem]) r.log.clear();
  return {
    dandi: d.results.map((x: any) => `dandi:${x.identifier}`),
    eegdash: e.results.map((x: any) => `eegdash:${x.dataset_id}`),
    brainstem: b.sessions.map((x: any) => `brainstem:${x.name}`),
  };
}

const ARCHIVE_OF: Record<string, Archive> = { Dandiset: 'dandi', Dataset: 'eegdash', Session: 'brainstem' };
const ENUM_OF: Record<Archive, 'DANDI' | 'EEGDASH' | 'BRAINSTEM'> = {
  dandi: 'DANDI',
  eegdash: 'EEGDASH',
  brainstem: 'BRAINSTEM',
};

describe('search', () => {
  it('interleaves the archives round-robin, each in its own order, one request to each', async () => {
    const want = await expected();
    // Enough results everywhere for a full page of strict alternation.
    expect(want.dandi.length).toBeGreaterThanOrEqual(10);
    expect(want.eegdash.length).toBeGreaterThanOrEqual(10);
    expect(want.brainstem.length).toBeGreaterThanOrEqual(10);

    const res = await s.gw.execute(SearchDocument, { text: TEXT, first: 30 });
    expect(res.errors).toBeUndefined();
    const edges = res.data!.search!.edges;
    expect(edges).toHaveLength(30);
    expect(edges.map((e) => e.node.__typename)).toEqual(
      Array.from({ length: 10 }, () => ['Dandiset', 'Dataset', 'Session']).flat(),
    );
    expect(edges.map((e) => e.archive)).toEqual(edges.map((e) => ENUM_OF[ARCHIVE_OF[e.node.__typename]!]));
    for (const a of ['dandi', 'eegdash', 'brainstem'] as const) {
      expect(edges.filter((e) => ARCHIVE_OF[e.node.__typename] === a).map(key)).toEqual(want[a].slice(0, 10));
    }
    expect(res.data!.search!.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });

    expect(counts()).toEqual({ dandi: 1, eegdash: 1, brainstem: 1 });
    expect(s.r.dandi.log.entries[0]!.query.get('search')).toBe(TEXT);
    expect(s.r.eegdash.log.entries[0]!.path).toBe('/api/eegdash/datasets/search');
    expect(s.r.eegdash.log.entries[0]!.query.get('q')).toBe(TEXT);
    expect(s.r.brainstem.log.entries[0]!.query.get('filter{name.icontains}')).toBe(TEXT);
  });

  it('reports per-archive totals, and a totalCount only when every total is known', async () => {
    const want = await expected();
    const all = await s.gw.execute(SearchDocument, { text: TEXT, first: 3 });
    expect(all.data!.search!.counts).toEqual([
      { archive: 'DANDI', total: want.dandi.length },
      // EEGDash says how many it returned, not how many match: unknown while it fills the window.
      { archive: 'EEGDASH', total: null },
      { archive: 'BRAINSTEM', total: want.brainstem.length },
    ]);
    expect(all.data!.search!.totalCount).toBeNull();

    s.r.eegdash.log.clear();
    const two = await s.gw.execute(SearchDocument, { text: TEXT, archives: ['BRAINSTEM', 'DANDI'], first: 4 });
    expect(two.errors).toBeUndefined();
    expect(two.data!.search!.totalCount).toBe(want.dandi.length + want.brainstem.length);
    expect(two.data!.search!.edges.map((e) => e.node.__typename)).toEqual([
      'Dandiset',
      'Session',
      'Dandiset',
      'Session',
    ]);
    expect(s.r.eegdash.log.count()).toBe(0);
  });

  it('pages with `after` through every result exactly once, one request per archive that has results left', async () => {
    const want = await expected();
    const reachable = {
      dandi: want.dandi.length,
      eegdash: Math.min(want.eegdash.length, EEGDASH_SEARCH_MAX),
      brainstem: want.brainstem.length,
    };
    const seen: Edge[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      // What each archive still has when the page starts decides whether it is asked.
      const used = (a: Archive) => seen.filter((e) => ARCHIVE_OF[e.node.__typename] === a).length;
      const asks = {
        dandi: used('dandi') < reachable.dandi ? 1 : 0,
        eegdash: used('eegdash') < reachable.eegdash ? 1 : 0,
        brainstem: used('brainstem') < reachable.brainstem ? 1 : 0,
      };
      for (const r of [s.r.dandi, s.r.eegdash, s.r.brainstem]) r.log.clear();
      const res: Awaited<ReturnType<typeof s.gw.execute<SearchQuery, any>>> = await s.gw.execute(SearchDocument, {
        text: TEXT,
        first: 13,
        after,
      });
      expect(res.errors).toBeUndefined();
      expect(counts(), `page ${pages + 1}`).toEqual(asks);
      const conn = res.data!.search!;
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...conn.edges);
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor! : null;
      pages++;
    } while (after !== null && pages < 50);

    const keys = seen.map(key);
    expect(new Set(keys).size).toBe(keys.length);
    const total = reachable.dandi + reachable.eegdash + reachable.brainstem;
    expect(keys).toHaveLength(total);
    expect(pages).toBe(Math.ceil(total / 13));
    for (const a of ['dandi', 'eegdash', 'brainstem'] as const) {
      expect(keys.filter((k) => k.startsWith(`${a}:`))).toEqual(want[a].slice(0, reachable[a]));
    }
    // Paging does not change the interleaving: the pages read in a row are one big page.
    const big = await s.gw.execute(SearchDocument, { text: TEXT, first: 100 });
    expect(big.data!.search!.edges.map(key)).toEqual(keys.slice(0, 100));
  });

  it('resumes exactly after any edge cursor', async () => {
    const whole = (await s.gw.execute(SearchDocument, { text: TEXT, first: 20 })).data!.search!.edges;
    for (const i of [0, 4, 11]) {
      const res = await s.gw.execute(SearchDocument, { text: TEXT, first: 5, after: whole[i]!.cursor });
      expect(res.data!.search!.edges.map(key)).toEqual(whole.slice(i + 1, i + 6).map(key));
    }
  });

  it.each(['dandi', 'eegdash', 'brainstem'] as const)(
    "returns the other archives' results and one error when %s fails",
    async (down) => {
      replica(down).faults.set({ errorRate: 1, errorStatus: 503 });
      const res = await s.gw.execute(SearchDocument, { text: TEXT, first: 8 });
      expect(res.status).toBe(200);
      const edges = res.data!.search!.edges;
      expect(edges).toHaveLength(8);
      const up = (['dandi', 'eegdash', 'brainstem'] as const).filter((a) => a !== down);
      const typeOf = Object.fromEntries(Object.entries(ARCHIVE_OF).map(([t, a]) => [a, t]));
      expect(edges.map((e) => e.node.__typename)).toEqual(
        Array.from({ length: 4 }, () => up.map((a) => typeOf[a])).flat(),
      );
      expect(errorCodes(res)).toEqual(['ARCHIVE_UNAVAILABLE']);
      expect(res.errors![0]).toMatchObject({
        path: ['search'],
        extensions: { code: 'ARCHIVE_UNAVAILABLE', archive: down },
      });
      expect(res.data!.search!.totalCount).toBeNull();
      expect(res.data!.search!.counts.find((c) => c.archive === ENUM_OF[down])).toEqual({
        archive: ENUM_OF[down],
        total: null,
      });
      expect(counts()).toEqual({ dandi: 1, eegdash: 1, brainstem: 1 });

      // The failed archive's place is kept: once it is back, the next page starts at its first result.
      replica(down).faults.reset();
      const want = await expected();
      const next = await s.gw.execute(SearchDocument, {
        text: TEXT,
        first: 6,
        after: res.data!.search!.pageInfo.endCursor,
      });
      expect(next.errors).toBeUndefined();
      const fromDown = next.data!.search!.edges.filter((e) => ARCHIVE_OF[e.node.__typename] === down).map(key);
      expect(fromDown).toEqual(want[down].slice(0, 2));
      const again = next.data!.search!.edges.filter((e) => ARCHIVE_OF[e.node.__typename] !== down).map(key);
      expect(again.filter((k) => edges.map(key).includes(k))).toEqual([]);
    },
  );

  it('answers with no results and one error per archive when all of them fail', async () => {
    for (const a of ['dandi', 'eegdash', 'brainstem'] as const)
      replica(a).faults.set({ errorRate: 1, errorStatus: 503 });
    const res = await s.gw.execute(SearchDocument, { text: TEXT });
    expect(res.data!.search!.edges).toEqual([]);
    expect(res.data!.search!.pageInfo.hasNextPage).toBe(false);
    expect(res.errors!.map((e) => e.extensions?.archive).sort()).toEqual(['brainstem', 'dandi', 'eegdash']);
    expect(errorCodes(res)).toEqual(['ARCHIVE_UNAVAILABLE', 'ARCHIVE_UNAVAILABLE', 'ARCHIVE_UNAVAILABLE']);
  });

  it('loads what the results need in one request per archive besides the search', async () => {
    const res = await s.gw.execute(SearchWithDetailsDocument, { text: TEXT, first: 12 });
    expect(res.errors).toBeUndefined();
    for (const e of res.data!.search!.edges) {
      if (e.node.__typename === 'Dataset') expect(e.node.title).toEqual(expect.any(String));
      if (e.node.__typename === 'Session') expect(e.node.name).toContain(TEXT);
    }
    // EEGDash search hits are catalogue excerpts: the page's dataset documents come in one more request.
    expect(counts()).toEqual({ dandi: 1, eegdash: 2, brainstem: 1 });
  });

  it('refuses bad input before asking any archive', async () => {
    const cases = [
      await s.gw.execute(SearchDocument, { text: ' x ' }),
      await s.gw.execute(SearchDocument, { text: TEXT, first: 101 }),
      await s.gw.execute(SearchDocument, { text: TEXT, first: -1 }),
      await s.gw.execute(SearchDocument, { text: TEXT, after: 'not-a-cursor' }),
      await s.gw.execute(SearchDocument, { text: TEXT, archives: [] }),
      await s.gw.execute(SearchBackwardsDocument, { text: TEXT, last: 5 }),
      await s.gw.execute(SearchBackwardsDocument, { text: TEXT, before: 'x' }),
    ];
    for (const res of cases) expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(counts()).toEqual({ dandi: 0, eegdash: 0, brainstem: 0 });
  });
});
