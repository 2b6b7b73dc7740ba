/**
 * How the gateway behaves when EEGDash throttles or fails: retries of reads, the rate limit
 * surfaced as ARCHIVE_RATE_LIMITED, partial results, and bad input from the client.
 */
import { describe, expect, it } from 'vitest';
import { EEGDASH_REPLICA_ADMIN_TOKEN } from '../../replicas/eegdash/server.ts';
import { EegRecordsWithDatasetsDocument, EegRecordStatsDocument } from '../gql/graphql.ts';
import { useEegdashStack } from '../support/eegdash.ts';
import { errorCodes } from '../support/gateway.ts';

const s = useEegdashStack();

const face = { where: { dataset: ['ds002718'] } };
const cost = (res: { extensions?: unknown }) => (res.extensions as any).cost.archives.eegdash;

describe('rate limit', () => {
  it('retries a 429 and succeeds', async () => {
    s.eeg.faults.queue({ kind: 'status', status: 429, retryAfter: 0 });
    const res = await s.gw.execute(EegRecordStatsDocument, { where: { dataset: ['ds002718'], subject: ['002'] } });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ recordCount: 1, recordExists: true });
    expect(s.eeg.log.entries.map((e) => e.status).sort()).toEqual([200, 200, 429]);
  });

  it('surfaces ARCHIVE_RATE_LIMITED once the retries are spent', async () => {
    s.eeg.faults.queue(
      ...Array.from({ length: 4 }, () => ({
        kind: 'status' as const,
        status: 429,
        retryAfter: 0,
        pathIncludes: '/count',
      })),
    );
    const res = await s.gw.execute(EegRecordStatsDocument, face);
    expect(res.status).toBe(200);
    expect(errorCodes(res)).toEqual(['ARCHIVE_RATE_LIMITED']);
    expect(res.errors![0]!.extensions).toMatchObject({ archive: 'eegdash', status: 429 });
    expect(res.errors![0]!.path).toEqual(['recordCount']);
    expect(s.eeg.log.count('/count')).toBe(4);
    expect(cost(res).retries).toBe(3);
  });

  it("gives up at once when the archive's own limiter asks for a wait longer than the gateway allows", async () => {
    s.eeg.rateLimit.enable(2);
    const ok = await s.gw.execute(EegRecordStatsDocument, face);
    expect(ok.errors).toBeUndefined();
    s.eeg.log.clear();
    const res = await s.gw.execute(EegRecordStatsDocument, face);
    expect(new Set(errorCodes(res))).toEqual(new Set(['ARCHIVE_RATE_LIMITED']));
    expect(cost(res).retries).toBe(0);
    expect(s.eeg.log.entries.every((e) => e.status === 429)).toBe(true);
    expect(s.eeg.log.count()).toBe(2); // one attempt per field: Retry-After (about a minute) is over the wait limit
    // The caller's admin token goes along as X-EEGDASH-TOKEN, which the archive exempts from its limit.
    const admin = await s.gw.execute(EegRecordStatsDocument, face, { 'x-eegdash-token': EEGDASH_REPLICA_ADMIN_TOKEN });
    expect(admin.errors).toBeUndefined();
    expect(admin.data).toEqual({ recordCount: 18, recordExists: true });
  });
});

describe('failures', () => {
  it('retries 5xx and a malformed body, then gives ARCHIVE_UNAVAILABLE', async () => {
    s.eeg.faults.queue(
      { kind: 'status', status: 502, pathIncludes: '/count' },
      { kind: 'malformed', pathIncludes: '/count' },
    );
    const ok = await s.gw.execute(EegRecordStatsDocument, face);
    expect(ok.errors).toBeUndefined();
    expect(s.eeg.log.count('/count')).toBe(3);
    s.eeg.faults.queue(
      ...Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 503, pathIncludes: '/count' })),
    );
    const res = await s.gw.execute(EegRecordStatsDocument, face);
    expect(errorCodes(res)).toEqual(['ARCHIVE_UNAVAILABLE']);
  });

  it('keeps the records when their datasets cannot be loaded (partial result)', async () => {
    s.eeg.faults.queue(
      ...Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 503, pathIncludes: '/datasets' })),
    );
    const res = await s.gw.execute(EegRecordsWithDatasetsDocument, { ...face, first: 3 });
    const nodes = res.data!.records!.edges.map((e) => e.node);
    expect(nodes.map((n) => n.subject)).toEqual(['002', '003', '004']);
    expect(nodes.every((n) => n.dataset === null)).toBe(true);
    expect(errorCodes(res)).toEqual(['ARCHIVE_UNAVAILABLE', 'ARCHIVE_UNAVAILABLE', 'ARCHIVE_UNAVAILABLE']);
    expect(res.errors!.map((e) => e.path)).toEqual([0, 1, 2].map((i) => ['records', 'edges', i, 'node', 'dataset']));
    // One batched dataset request, retried three times: not one per record.
    expect(s.eeg.log.count('/datasets')).toBe(4);
  });

  it('answers bad variables with BAD_USER_INPUT, not a server error', async () => {
    for (const variables of [
      { database: 'PRODUCTION' },
      { where: { nchans: { gte: 'many' } } },
      { where: { colour: ['red'] } },
    ]) {
      const res = await s.gw.post({
        query:
          'query($database: EEGDashDatabase!, $where: RecordWhere) { recordCount(database: $database, where: $where) }',
        variables: { database: 'EEGDASH', ...variables },
      });
      expect(res.status).toBeLessThan(500);
      expect(res.json.errors.map((e: any) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
    }
    expect(s.eeg.log.count()).toBe(0);
  });
});
