/**
 * The GraphQL response cache: an identical query is answered without executing, per scope;
 * incomplete answers are never kept; a mutation empties it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { BRAINSTEM_REPLICA_TOKENS } from '../../replicas/brainstem/server.ts';
import { DANDI_REPLICA_TOKENS } from '../../replicas/dandi/server.ts';
import { errorCodes } from '../support/gateway.ts';
import { useAllReplicas } from '../support/replicas.ts';
import { clearCache, costOf, DASHBOARD } from './support.ts';

const s = useAllReplicas({ CACHE: 'on', RESPONSE_CACHE: 'on' });
beforeEach(() => clearCache(s.gw));

const open = (n: number) => s.replicas.dandi.store.dandisets.filter((d) => d.embargoStatus === 'OPEN')[n]!.identifier;

describe('the response cache', () => {
  it('answers an identical query without executing it, and reports no upstream cost', async () => {
    const query = { query: DASHBOARD, variables: { d: open(0) } };
    const first = await s.gw.post(query);
    expect(first.json.errors).toBeUndefined();
    const second = await s.gw.post(query);
    expect(second.json.data).toEqual(first.json.data);
    expect(costOf(second.json)).toEqual({}); // not executed: not even the upstream cache was asked
    const other = await s.gw.post({ query: DASHBOARD, variables: { d: open(1) } });
    expect(costOf(other.json).dandi?.requests).toBeGreaterThan(0); // other variables: executed
  });

  it('keeps answers per caller', async () => {
    const id = s.replicas.dandi.store.dandisets.find((d) => d.embargoStatus === 'EMBARGOED')!.identifier;
    const query = { query: `{ dandiset(identifier: "${id}") { identifier embargoStatus } }` };
    const owner = await s.gw.post(query, { 'X-Dandi-Api-Key': DANDI_REPLICA_TOKENS.owner });
    expect(owner.json.data.dandiset.identifier).toBe(id);
    const anonymous = await s.gw.post(query);
    expect(errorCodes(anonymous.json)).toEqual(['UNAUTHENTICATED']);
    const again = await s.gw.post(query, { 'X-Dandi-Api-Key': DANDI_REPLICA_TOKENS.owner });
    expect(again.json.data).toEqual(owner.json.data);
  });

  it('never keeps an answer with errors', async () => {
    const query = { query: `{ dandiset(identifier: "${open(2)}") { identifier embargoStatus } }` };
    s.replicas.dandi.faults.set({ errorRate: 1 });
    const failed = await s.gw.post(query);
    expect(errorCodes(failed.json)).toEqual(['ARCHIVE_UNAVAILABLE']);
    s.replicas.dandi.faults.reset();
    const ok = await s.gw.post(query);
    expect(ok.json.errors).toBeUndefined();
  });

  it('is emptied by a mutation', async () => {
    const alice = { 'x-brainstem-token': BRAINSTEM_REPLICA_TOKENS.alice };
    const session = s.replicas.brainstem.store
      .all('session')
      .find((x) => (x.projects as string[]).includes(s.replicas.brainstem.seed.alicePrivateProject))!;
    const read = { query: `{ session(id: "${session.id}", portal: PRIVATE) { description } }` };
    await s.gw.post(read, alice);
    await s.gw.post(
      {
        query:
          'mutation($id: ID!) { updateSession(id: $id, input: { description: "from the response-cache test" }) { session { description } } }',
        variables: { id: String(session.id) },
      },
      alice,
    );
    const after = await s.gw.post(read, alice);
    expect(after.json.data.session.description).toBe('from the response-cache test');
  });
});
