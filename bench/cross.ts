/**
 * Cross-archive scenarios: what no archive's own client does in one call, against the same data
 * fetched the way their Python clients would (one call per item, in sequence).
 */
import { getJson, timed, type Row, type Stack } from './harness.ts';
import { parseLink } from '../src/links/parse-link.ts';

const SESSIONS_TO_ASSETS = `query($first: Int!) {
  sessions(first: $first, portal: PUBLIC) { edges { node { id name downloadLinks { url } dandisets {
    identifier mostRecentPublishedVersion { version name } draftVersion { assets(first: 10) { edges { node { path size } } } }
  } } } }
}`;

const RECORDS_TO_SESSIONS = `query($datasets: [String!], $first: Int!) {
  records(where: { dataset: $datasets }, first: $first) { edges { node { dataName dataset {
    datasetId name brainstemSessions { totalCount sessions { name } }
  } } } }
}`;

export async function crossScenarios(stack: Stack): Promise<Row[]> {
  const { dandi, eegdash, brainstem } = stack.replicas;
  const rows: Row[] = [];

  // 1. 50 BrainSTEM sessions → their dandisets → most recent version and first 10 assets.
  stack.resetLogs();
  const [data, gatewayMs] = await timed(() => stack.query(SESSIONS_TO_ASSETS, { first: 50 }));
  const gatewayRequests = stack.upstreamRequests();
  const sessions = data.sessions.edges.map((e: any) => e.node);
  const distinct = new Set<string>(sessions.flatMap((x: any) => x.dandisets.map((d: any) => d.identifier)));
  const [sequentialRequests, sequentialMs] = await timed(async () => {
    let n = 1;
    const page = await getJson(`${brainstem.apiUrl}/public/stem/session/?limit=50`);
    for (const session of page.sessions) {
      for (const link of session.download_links ?? []) {
        const target = parseLink(link.url);
        if (target.kind !== 'dandiset' && target.kind !== 'version') continue;
        await getJson(`${dandi.apiUrl}/dandisets/${target.identifier}/`);
        await getJson(`${dandi.apiUrl}/dandisets/${target.identifier}/versions/draft/assets/?page_size=10`);
        n += 2;
      }
    }
    return n;
  });
  rows.push({
    scenario: `50 sessions → ${distinct.size} dandisets → latest version + 10 assets`,
    gatewayRequests,
    minimumRequests: 1 + 2 * distinct.size,
    gatewayMs,
    sequentialRequests,
    sequentialMs,
  });

  // 2. 200 EEGDash records → their datasets → the BrainSTEM sessions citing them.
  await stack.query('mutation { refreshLinkIndex { sessionCount } }'); // index built once, up front
  const cited = eegdash.store.main.datasets
    .map((d) => String(d.dataset_id))
    .filter((id: string) => stack.gateway.links.sessionsCitingDataset(id).length > 0)
    .slice(0, 12);
  stack.resetLogs();
  const [records, recordsMs] = await timed(() => stack.query(RECORDS_TO_SESSIONS, { datasets: cited, first: 200 }));
  const recordsRequests = stack.upstreamRequests();
  const nodes = records.records.edges.map((e: any) => e.node);
  const datasetIds = new Set<string>(nodes.map((r: any) => r.dataset.datasetId));
  const citing = new Set<string>(
    [...datasetIds].flatMap((id) => stack.gateway.links.sessionsCitingDataset(id).slice(0, 50)),
  );
  const [seqRecords, seqRecordsMs] = await timed(async () => {
    const filter = encodeURIComponent(JSON.stringify({ dataset: { $in: cited } }));
    const found = await getJson(`${eegdash.apiUrl}/api/eegdash/records?filter=${filter}&limit=200`);
    let n = 1;
    for (const r of found.data) {
      await getJson(`${eegdash.apiUrl}/api/eegdash/datasets/${r.dataset}`);
      n++;
    }
    // BrainSTEM cannot filter on download links: a script reads every public session.
    for (let offset = 0; ; offset += 100) {
      const page = await getJson(`${brainstem.apiUrl}/public/stem/session/?limit=100&offset=${offset}`);
      n++;
      if (page.sessions.length < 100) break;
    }
    return n;
  });
  rows.push({
    scenario: `${nodes.length} records → ${datasetIds.size} datasets → ${citing.size} citing sessions`,
    gatewayRequests: recordsRequests,
    minimumRequests: 2 + Math.ceil(citing.size / 100),
    gatewayMs: recordsMs,
    sequentialRequests: seqRecords,
    sequentialMs: seqRecordsMs,
  });
  return rows;
}
