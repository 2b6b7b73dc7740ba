/**
 * MAX_UPSTREAM_REQUESTS_PER_OPERATION, the last line of defence: once an operation has sent that
 * many upstream requests (retries included), its remaining fetches fail with
 * UPSTREAM_BUDGET_EXCEEDED and nothing more is sent.
 */
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../support/gateway.ts';
import { useAllReplicas } from '../support/replicas.ts';

const LIMIT = 5;
const s = useAllReplicas({ MAX_UPSTREAM_REQUESTS_PER_OPERATION: String(LIMIT) });

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');
const QUERY = 'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Dandiset { identifier created } } }';

/** `n` distinct open dandisets: one detail request each. */
const open = (n: number) =>
  s.replicas.dandi.store.dandisets
    .filter((d) => d.embargoStatus === 'OPEN')
    .slice(0, n)
    .map((d) => d.identifier);

describe('the per-operation upstream request ceiling', () => {
  it('sends exactly the ceiling, answers those, and fails the rest with a code', async () => {
    const identifiers = open(20);
    const res = await s.gw.post({ query: QUERY, variables: { ids: identifiers.map((i) => gid('Dandiset', i)) } });

    expect(s.replicas.dandi.log.count()).toBe(LIMIT);
    const nodes = res.json.data.nodes as ({ identifier: string; created: string } | null)[];
    expect(nodes.slice(0, LIMIT)).toEqual(
      identifiers.slice(0, LIMIT).map((identifier) => ({ identifier, created: expect.any(String) })),
    );
    expect(nodes.slice(LIMIT)).toEqual(Array(20 - LIMIT).fill(null));
    expect(errorCodes(res.json)).toEqual(Array(20 - LIMIT).fill('UPSTREAM_BUDGET_EXCEEDED'));
    expect(res.json.errors[0].extensions).toMatchObject({ archive: 'dandi', limit: LIMIT });
    expect(res.json.extensions.cost.archives.dandi).toMatchObject({ requests: LIMIT });
  });

  it('counts retries against the ceiling', async () => {
    // Four dandisets and one retry: exactly the ceiling, all answered.
    const four = open(LIMIT - 1);
    s.replicas.dandi.faults.queue({ kind: 'status', status: 503, pathIncludes: `/dandisets/${four[0]}/` });
    const fits = await s.gw.post({ query: QUERY, variables: { ids: four.map((i) => gid('Dandiset', i)) } });
    expect(fits.json.errors).toBeUndefined();
    expect(fits.json.extensions.cost.archives.dandi).toMatchObject({ requests: LIMIT, retries: 1 });

    // Five dandisets and one retry: the retry would be the sixth request, and is not sent.
    s.replicas.dandi.log.clear();
    const five = open(LIMIT);
    s.replicas.dandi.faults.queue({ kind: 'status', status: 503, pathIncludes: `/dandisets/${five[0]}/` });
    const over = await s.gw.post({ query: QUERY, variables: { ids: five.map((i) => gid('Dandiset', i)) } });
    expect(s.replicas.dandi.log.entries.map((e) => e.status).sort()).toEqual([200, 200, 200, 200, 503]);
    expect(over.json.data.nodes[0]).toBeNull();
    expect(over.json.data.nodes.slice(1)).toEqual(
      five.slice(1).map((identifier) => ({ identifier, created: expect.any(String) })),
    );
    expect(errorCodes(over.json)).toEqual(['UPSTREAM_BUDGET_EXCEEDED']);
    expect(over.json.errors[0].path).toEqual(['nodes', 0, 'created']);
  });

  it('is per operation: the next one starts afresh', async () => {
    const res = await s.gw.post({ query: QUERY, variables: { ids: open(LIMIT).map((i) => gid('Dandiset', i)) } });
    expect(res.json.errors).toBeUndefined();
    expect(s.replicas.dandi.log.count()).toBe(LIMIT);
  });

  it('counts requests to every archive together', async () => {
    const res = await s.gw.post({
      query: `query($ids: [ID!]!) {
        nodes(ids: $ids) { ... on Dandiset { identifier created } }
        dataset(id: "ds002718") { datasetId name }
      }`,
      variables: { ids: open(LIMIT).map((i) => gid('Dandiset', i)) },
    });
    const sent = s.counts();
    expect(sent.dandi + sent.eegdash + sent.brainstem).toBe(LIMIT);
    expect(errorCodes(res.json)).toContain('UPSTREAM_BUDGET_EXCEEDED');
  });
});
