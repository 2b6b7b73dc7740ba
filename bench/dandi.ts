/**
 * DANDI scenarios: what dandi-cli's DandiAPIClient would do item by item, against one query.
 */
import { getJson, timed, type Row, type Stack } from './harness.ts';

export async function dandiScenarios(stack: Stack): Promise<Row[]> {
  const { dandi } = stack.replicas;
  const api = dandi.apiUrl;
  const open = dandi.store.dandisets.filter((d) => d.embargoStatus === 'OPEN');
  const rows: Row[] = [];

  // 1. Fifty assets (ten from each of five dandisets) with their dandisets' contact person.
  const chosen = open.filter((d) => dandi.store.draft(d).assetCount >= 10).slice(0, 5);
  const pairs = chosen.flatMap((d) =>
    dandi.store
      .assetsOf(d.identifier)
      .slice(0, 10)
      .map((a) => ({ d: d.identifier, a: a.assetId })),
  );
  const ids = pairs.map((p) => Buffer.from(`Asset:${p.d}/draft/${p.a}`).toString('base64'));
  stack.resetLogs();
  const [, gatewayMs] = await timed(() =>
    stack.query(
      'query($ids:[ID!]!){ nodes(ids:$ids){ ... on Asset { path size encodingFormat dandiset { identifier contactPerson } } } }',
      { ids },
    ),
  );
  const gatewayRequests = stack.upstreamRequests();
  const [sequentialRequests, sequentialMs] = await timed(async () => {
    let n = 0;
    for (const p of pairs) {
      await getJson(`${api}/assets/${p.a}/info/`);
      await getJson(`${api}/dandisets/${p.d}/`);
      n += 2;
    }
    return n;
  });
  rows.push({
    scenario: '50 assets + their dandisets (metadata)',
    gatewayRequests,
    minimumRequests: pairs.length + chosen.length,
    gatewayMs,
    sequentialRequests,
    sequentialMs,
  });

  // 2. Every asset path of the largest version, in pages of 1000, each page asked for with the
  //    previous page's cursor. The gateway sends one asset page per GraphQL page (the dandiset is
  //    a ref, not fetched); the direct client is dandi-cli's `get_dandiset(id).get_assets()` with
  //    its pages followed one by one: the dandiset detail (to find the version), then `next` links.
  const big = open.reduce((a, b) => (dandi.store.draft(b).assetCount > dandi.store.draft(a).assetCount ? b : a));
  const total = dandi.store.draft(big).assetCount;
  const walkQuery =
    'query($id:String!,$after:String){ dandiset(identifier:$id){ draftVersion { assets(first:1000, after:$after){ pageInfo { hasNextPage endCursor } edges { node { path size } } } } } }';
  const firstPage = `${api}/dandisets/${big.identifier}/versions/draft/assets/?page_size=1000`;
  const gatewayWalk = async () => {
    let after: string | null = null;
    do {
      const data: any = await stack.query(walkQuery, { id: big.identifier, after });
      const page = data.dandiset.draftVersion.assets;
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
  };
  const directWalk = async () => {
    let next: string | null = firstPage;
    let n = 1;
    await getJson(`${api}/dandisets/${big.identifier}/`);
    while (next) {
      const page: any = await getJson(next);
      n++;
      next = page.next;
    }
    return n;
  };
  // Five walks each way, taken in turns, and the median of each: one walk is five round trips and
  // a few ms of CPU, so a single GC pause or a cold JIT (the first walk) would decide the ratio.
  const walkMs: number[] = [];
  const seqWalkMs: number[] = [];
  let walkRequests = 0;
  let seqWalk = 0;
  for (let i = 0; i < 5; i++) {
    stack.resetLogs();
    walkMs.push((await timed(gatewayWalk))[1]);
    walkRequests = stack.upstreamRequests();
    const [n, ms] = await timed(directWalk);
    seqWalk = n;
    seqWalkMs.push(ms);
  }
  rows.push({
    scenario: `all ${total} asset paths of one version`,
    gatewayRequests: walkRequests,
    minimumRequests: Math.ceil(total / 1000),
    gatewayMs: median(walkMs),
    sequentialRequests: seqWalk,
    sequentialMs: median(seqWalkMs),
  });

  // 3. Twenty dandisets with their draft metadata summary (species, subjects).
  const twenty = open.slice(0, 20).map((d) => d.identifier);
  stack.resetLogs();
  const [, summaryMs] = await timed(() =>
    stack.query(
      '{ dandisets(first: 20) { edges { node { identifier draftVersion { name assetsSummary { numberOfSubjects species { name } } } } } } }',
    ),
  );
  const summaryRequests = stack.upstreamRequests();
  const [seqSummary, seqSummaryMs] = await timed(async () => {
    await getJson(`${api}/dandisets/?page_size=20`);
    for (const id of twenty) await getJson(`${api}/dandisets/${id}/versions/draft/`);
    return 1 + twenty.length;
  });
  rows.push({
    scenario: '20 dandisets + draft metadata summaries',
    gatewayRequests: summaryRequests,
    minimumRequests: 21,
    gatewayMs: summaryMs,
    sequentialRequests: seqSummary,
    sequentialMs: seqSummaryMs,
  });

  return rows;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
