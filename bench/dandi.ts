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

  // 2. Every asset path of the largest version, in pages of 1000.
  const big = open.reduce((a, b) => (dandi.store.draft(b).assetCount > dandi.store.draft(a).assetCount ? b : a));
  const total = dandi.store.draft(big).assetCount;
  stack.resetLogs();
  const [, walkMs] = await timed(async () => {
    let after: string | null = null;
    do {
      const data: any = await stack.query(
        'query($id:String!,$after:String){ dandiset(identifier:$id){ draftVersion { assets(first:1000, after:$after){ pageInfo { hasNextPage endCursor } edges { node { path size } } } } } }',
        { id: big.identifier, after },
      );
      const page = data.dandiset.draftVersion.assets;
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
  });
  const walkRequests = stack.upstreamRequests();
  const [seqWalk, seqWalkMs] = await timed(async () => {
    let next: string | null = `${api}/dandisets/${big.identifier}/versions/draft/assets/?page_size=1000`;
    let n = 1;
    await getJson(`${api}/dandisets/${big.identifier}/`);
    while (next) {
      const page: any = await getJson(next);
      n++;
      next = page.next;
    }
    return n;
  });
  rows.push({
    scenario: `all ${total} asset paths of one version`,
    gatewayRequests: walkRequests,
    minimumRequests: Math.ceil(total / 1000) + 1,
    gatewayMs: walkMs,
    sequentialRequests: seqWalk,
    sequentialMs: seqWalkMs,
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
