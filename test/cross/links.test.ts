/**
 * One query across the three archives: BrainSTEM sessions → DANDI and EEGDash through their
 * download links, and back through the link index; exact upstream request counts per archive.
 */
import { describe, expect, it } from 'vitest';
import {
  DandisetCitingSessionsDocument,
  LinkIndexStateDocument,
  RecordsCitingSessionsDocument,
  RefreshLinkIndexDocument,
  SessionLinksDocument,
  SessionsDandisetsAssetsDocument,
} from '../gql/graphql.ts';
import { DEFAULT_QUERY } from '../../src/graphiql.ts';
import { errorCodes } from '../support/gateway.ts';
import { useAllReplicas } from '../support/replicas.ts';

const s = useAllReplicas({ UPSTREAM_MAX_RETRIES: '1' });
const sessionGid = (id: string) => Buffer.from(`Session:${id}`).toString('base64');
/** The sessions BrainSTEM's public portal serves in the replica's seed: those of public projects. */
const publicSessionCount = () => {
  const { store } = s.replicas.brainstem;
  return store.all('session').filter((x) => (x.projects as string[]).some((p) => store.get('project', p)?.is_public))
    .length;
};

describe('forward links', () => {
  it("resolves a session's links by URL into DANDI and EEGDash objects", async () => {
    const { seed } = s.replicas.brainstem;
    const res = await s.gw.execute(SessionLinksDocument, { id: seed.publicDandiSession });
    expect(res.errors).toBeUndefined();
    const session = res.data!.session!;
    const dandiLink = session.downloadLinks.find((l) => l.url.startsWith('https://dandiarchive.org/'))!;
    expect(dandiLink.target).toMatchObject({
      __typename: 'Version',
      dandiset: { identifier: dandiLink.url.split('/')[4] },
    });
    expect(session.dandisets!.map((d) => d.identifier)).toContain(dandiLink.url.split('/')[4]);
    expect(session.dandisets![0]!.draftVersion!.name).toBeTruthy();

    const eeg = await s.gw.execute(SessionLinksDocument, { id: seed.publicEegSession });
    const eegSession = eeg.data!.session!;
    const openNeuro = eegSession.downloadLinks.find((l) => l.url.endsWith('/ds002718'))!;
    expect(openNeuro.target).toEqual({ __typename: 'Dataset', datasetId: 'ds002718' });
    expect(eegSession.datasets!.map((d) => d.datasetId)).toContain('ds002718');
    for (const link of [...session.downloadLinks, ...eegSession.downloadLinks]) {
      if (!/dandiarchive|doi\.org\/10\.48324|openneuro|nemar/.test(link.url))
        expect(link.target!.__typename).toBe('ExternalLink');
    }
  });

  it('follows 40 sessions to their dandisets, versions and first assets with one request per distinct key', async () => {
    const res = await s.gw.execute(SessionsDandisetsAssetsDocument, { first: 40 });
    expect(res.errors).toBeUndefined();
    const sessions = res.data!.sessions!.edges.map((e) => e.node);
    const dandisets = new Set(sessions.flatMap((x) => x.dandisets!.map((d) => d.identifier)));
    expect(dandisets.size).toBeGreaterThan(3);
    for (const d of sessions.flatMap((x) => x.dandisets!)) {
      expect(d.draftVersion!.assets!.edges.length).toBeGreaterThan(0);
    }
    // 1 session page; per distinct dandiset: its detail (which carries both versions) + one asset page.
    expect(s.counts()).toEqual({ brainstem: 1, dandi: 2 * dandisets.size, eegdash: 0 });
    // What the response itself says the query cost, per archive.
    const cost = (res.extensions as any).cost.archives;
    expect(cost.brainstem.requests).toBe(1);
    expect(cost.dandi.requests).toBe(2 * dandisets.size);
    expect(cost.dandi.servedByLoaders).toBeGreaterThan(0);
    expect(cost.dandi.waitMs).toBeGreaterThan(0);
    expect(cost.eegdash).toBeUndefined();
  });

  it("turns only DANDI's fields to null when DANDI is down", async () => {
    s.replicas.dandi.faults.set({ errorRate: 1, errorStatus: 503 });
    const res = await s.gw.execute(SessionLinksDocument, { id: s.replicas.brainstem.seed.publicDandiSession });
    const session = res.data!.session!;
    expect(session.name).toBeTruthy();
    expect(session.dandisets).toBeNull();
    expect(session.downloadLinks.length).toBeGreaterThan(0);
    expect(errorCodes(res)).toEqual(['ARCHIVE_UNAVAILABLE']);
    expect(res.errors![0]!.extensions).toMatchObject({ archive: 'dandi' });
    expect(res.errors![0]!.path).toEqual(['session', 'dandisets']);
  });
});

describe('GraphiQL', () => {
  it('opens with a cross-archive query that returns linked data', async () => {
    const res = await s.gw.post({ query: DEFAULT_QUERY });
    expect(res.json.errors).toBeUndefined();
    const sessions = res.json.data.sessions.edges.map((e: any) => e.node);
    expect(sessions).toHaveLength(10);
    const linked = sessions.flatMap((x: any) => [...x.dandisets, ...x.datasets]);
    expect(linked.length).toBeGreaterThan(0);
    expect(res.json.extensions.cost.archives.brainstem.requests).toBeGreaterThanOrEqual(1);
  });
});

describe('backward links', () => {
  it('refreshes the link index on demand and reports its freshness', async () => {
    const requested = Date.now();
    const refreshed = await s.gw.execute(RefreshLinkIndexDocument, {});
    const answered = Date.now();
    expect(refreshed.errors).toBeUndefined();
    const status = refreshed.data!.refreshLinkIndex;
    const sessionCount = publicSessionCount();
    expect(status!.sessionCount).toBe(sessionCount);
    expect(status!.linkCount).toBeGreaterThan(100);
    // Every public session, 100 per request.
    expect(status!.lastRefreshRequests).toBe(Math.ceil(sessionCount / 100));
    // Rebuilt by this request, not an earlier build.
    const builtAt = Date.parse(status!.builtAt!);
    expect(builtAt).toBeGreaterThanOrEqual(requested);
    expect(builtAt).toBeLessThanOrEqual(answered);
    const state = await s.gw.execute(LinkIndexStateDocument, {});
    expect(state.data!.linkIndex).toMatchObject({
      builtAt: status!.builtAt,
      refreshing: false,
      lastError: null,
      sessionCount,
    });
  });

  it('lists the sessions citing a dandiset, in one BrainSTEM request and none to DANDI', async () => {
    const refreshed = await s.gw.execute(RefreshLinkIndexDocument, {});
    const { seed } = s.replicas.brainstem;
    const linked = await s.gw.execute(SessionLinksDocument, { id: seed.publicDandiSession });
    const identifier = linked.data!.session!.dandisets![0]!.identifier;
    for (const r of [s.replicas.dandi, s.replicas.brainstem]) r.log.clear();
    const res = await s.gw.execute(DandisetCitingSessionsDocument, { identifier });
    expect(res.errors).toBeUndefined();
    const citing = res.data!.dandiset!.brainstemSessions;
    expect(citing!.totalCount).toBeGreaterThanOrEqual(1);
    expect(citing!.sessions!.map((x) => x.id)).toContain(sessionGid(seed.publicDandiSession));
    // Answered from the index just refreshed, its age counted from that build.
    expect(citing!.index.builtAt).toBe(refreshed.data!.refreshLinkIndex!.builtAt);
    const age = (Date.now() - Date.parse(citing!.index.builtAt!)) / 1000;
    expect(citing!.index.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(citing!.index.ageSeconds).toBeLessThanOrEqual(Math.ceil(age));
    // The dandiset is a reference: nothing of it is selected but what the index answers.
    expect(s.counts()).toMatchObject({ dandi: 0, brainstem: 1 });
  });

  it('answers 200 EEGDash records → datasets → citing sessions with one request per archive', async () => {
    await s.gw.execute(RefreshLinkIndexDocument, {});
    for (const r of [s.replicas.eegdash, s.replicas.brainstem]) r.log.clear();
    const res = await s.gw.execute(RecordsCitingSessionsDocument, { datasets: ['ds002718'], first: 200 });
    expect(res.errors).toBeUndefined();
    const records = res.data!.records!.edges.map((e) => e.node);
    expect(records).toHaveLength(18);
    const citing = records[0]!.dataset!.brainstemSessions;
    expect(citing!.totalCount).toBeGreaterThanOrEqual(1);
    expect(citing!.sessions!.length).toBe(Math.min(citing!.totalCount, 50));
    // records + their dataset ($in) on EEGDash; the citing sessions in one filter{id.in} request.
    expect(s.counts()).toEqual({ dandi: 0, eegdash: 2, brainstem: 1 });
  });
});
