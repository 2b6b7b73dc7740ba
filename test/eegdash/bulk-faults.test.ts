/**
 * Bulk writes when EEGDash's answer cannot be trusted, over real sockets against the replica:
 * each chunk is WRITTEN, FAILED, UNKNOWN or NOT_SENT from what the archive acknowledged, the
 * totals count only WRITTEN chunks, the mutation always returns its report (its errors at the
 * mutation, naming the chunk), and what the replica stored is the WRITTEN count plus, at most,
 * the UNKNOWN chunks. Writes are never retried; a cancelled or timed-out operation sends no
 * further chunk.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EegdashDataSource } from '../../datasources/eegdash.ts';
import type { ScriptedFault } from '../../replicas/common/server.ts';
import { EEGDASH_REPLICA_ADMIN_TOKEN } from '../../replicas/eegdash/server.ts';
import type { ArchiveError } from '../../src/http/archive-error.ts';
import { UpstreamStats } from '../../src/http/stats.ts';
import { OperationAborted, UpstreamClient } from '../../src/http/upstream.ts';
import { silentLogger } from '../../src/logger.ts';
import { EegInsertRecordsDocument, EegUpsertDatasetsDocument, EegUpsertRecordsDocument } from '../gql/graphql.ts';
import { useEegdashStack } from '../support/eegdash.ts';
import { errorCodes, startGateway, type TestGateway } from '../support/gateway.ts';

const s = useEegdashStack();
const ADMIN = { 'x-eegdash-token': EEGDASH_REPLICA_ADMIN_TOKEN };
const DATASET = 'dsfault';
const dev = () => s.eeg.store.database('eegdash_dev')!;
/** Small documents, so 5000 of them stay far below MAX_BODY_BYTES. */
const records = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ dataset: DATASET, bids_relpath: `sub-${i}/eeg/sub-${i}_eeg.edf` }));
const stored = () => dev().recordsOf(DATASET).length;
const bulkRequests = () => s.eeg.log.count('/admin/eegdash_dev/records/bulk');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `act` when the `n`-th request (from 1) whose path includes `path` reaches the replica;
 * the fault it returns, if any, is that request's. Every other request is served as usual.
 */
function atRequest(n: number, path: string, act: () => ScriptedFault | undefined): void {
  const faults = s.eeg.faults;
  const draw = faults.draw.bind(faults);
  let seen = 0;
  faults.draw = (requestPath: string) => {
    if (!requestPath.includes(path) || ++seen < n) return draw(requestPath);
    Reflect.deleteProperty(faults, 'draw');
    return act() ?? draw(requestPath);
  };
}

beforeEach(() => s.eeg.store.reset('eegdash_dev'));
afterEach(() => {
  Reflect.deleteProperty(s.eeg.faults, 'draw');
});

/** A second gateway on the same replica, with other settings, for the enclosing describe. */
function useGateway(env: Record<string, string>): () => TestGateway {
  let gw: TestGateway | undefined;
  beforeAll(async () => {
    gw = await startGateway({ eegdashApiUrl: s.eeg.apiUrl, env });
  });
  afterAll(() => gw?.close());
  return () => gw!;
}

const insert = (gw: TestGateway, n: number) =>
  gw.execute(EegInsertRecordsDocument, { database: 'EEGDASH_DEV', records: records(n) }, ADMIN);
const statuses = (result: { chunks: readonly { status: string }[] }) => result.chunks.map((c) => c.status);

describe('an answer that does not say what was written', () => {
  it.each<[string, ScriptedFault, string, boolean]>([
    // The replica wrote the chunk, then its answer was cut in half.
    ['a malformed 200 (the body cut short)', { kind: 'malformed' }, 'ARCHIVE_BAD_RESPONSE', true],
    ['an empty 200 body', { kind: 'body', raw: '' }, 'ARCHIVE_BAD_RESPONSE', false],
    [
      '{"insertedCount": "many"}',
      { kind: 'body', body: { success: true, insertedCount: 'many' } },
      'ARCHIVE_BAD_RESPONSE',
      false,
    ],
    [
      'more inserted than were sent',
      { kind: 'body', body: { success: true, insertedCount: 5000 } },
      'ARCHIVE_BAD_RESPONSE',
      false,
    ],
    ['a dropped connection', { kind: 'drop' }, 'ARCHIVE_UNAVAILABLE', false],
    ['an HTTP 500', { kind: 'status', status: 500 }, 'ARCHIVE_UNAVAILABLE', false],
  ])('%s on chunk 2 leaves that chunk UNKNOWN, counted neither way', async (_, fault, code, replicaWroteIt) => {
    atRequest(2, '/records/bulk', () => fault);
    const res = await insert(s.gw, 2500);

    const result = res.data!.insertRecords!;
    expect(statuses(result)).toEqual(['WRITTEN', 'UNKNOWN', 'WRITTEN']);
    expect(result).toMatchObject({ requestedCount: 2500, insertedCount: 1500, unknownCount: 1000, complete: false });
    expect(result.insertedIds).toHaveLength(1500);
    expect(result.chunks.map((c) => c.insertedCount)).toEqual([1000, null, 500]);
    expect(result.chunks[1]!.error).toMatchObject({ code });
    // Reported at the mutation, naming the chunk and what became of it.
    expect(errorCodes(res)).toEqual([code]);
    expect(res.errors![0]!.path).toEqual(['insertRecords']);
    expect(res.errors![0]!.extensions).toMatchObject({ archive: 'eegdash', chunk: 1, chunkStatus: 'UNKNOWN' });
    // Each chunk sent once (never retried); stored: the WRITTEN count, plus the UNKNOWN chunk if the archive wrote it.
    expect(bulkRequests()).toBe(3);
    expect(stored()).toBe(result.insertedCount + (replicaWroteIt ? result.unknownCount : 0));
  });

  it('upserts of records and datasets account for their chunks the same way', async () => {
    atRequest(2, '/records/upsert', () => ({ kind: 'malformed' }));
    const upserted = await s.gw.execute(
      EegUpsertRecordsDocument,
      { database: 'EEGDASH_DEV', records: records(2100) },
      ADMIN,
    );
    const upsert = upserted.data!.upsertRecords!;
    expect(statuses(upsert)).toEqual(['WRITTEN', 'UNKNOWN', 'WRITTEN']);
    expect(upsert).toMatchObject({ insertedCount: 1100, updatedCount: 0, unknownCount: 1000 });
    expect(stored()).toBe(2100); // the malformed answer came after the write

    atRequest(3, '/datasets/bulk', () => ({ kind: 'body', body: { success: true, inserted_count: 'x' } }));
    const datasets = Array.from({ length: 1200 }, (_, i) => ({ dataset_id: `dsfault${i}`, source: 'faults' }));
    const res = await s.gw.execute(EegUpsertDatasetsDocument, { database: 'EEGDASH_DEV', datasets }, ADMIN);
    const result = res.data!.upsertDatasets!;
    expect(statuses(result)).toEqual(['WRITTEN', 'WRITTEN', 'UNKNOWN']);
    expect(result).toMatchObject({ insertedCount: 1000, unknownCount: 200, complete: false });
    expect(res.errors![0]!.extensions).toMatchObject({
      code: 'ARCHIVE_BAD_RESPONSE',
      key: 'inserted_count',
      chunk: 2,
      chunkStatus: 'UNKNOWN',
    });
    expect(dev().datasets.filter((d) => d.source === 'faults')).toHaveLength(1000);
  });
});

describe('the client leaves mid-write', () => {
  const LATENCY_MS = 300;

  it('a 5000-record insert stops after the chunk in flight when the client hangs up', async () => {
    s.eeg.faults.set({ latencyMs: LATENCY_MS });
    const client = new AbortController();
    // Hang up once chunk 1 is acknowledged: when chunk 2 arrives.
    atRequest(2, '/records/bulk', () => {
      client.abort();
      return undefined;
    });
    const answered = await fetch(`${s.gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...ADMIN },
      body: JSON.stringify({
        query: 'mutation($r: [JSON!]!) { insertRecords(records: $r, database: EEGDASH_DEV) { insertedCount } }',
        variables: { r: records(5000) },
      }),
      signal: client.signal,
    }).then(
      () => true,
      () => false,
    );
    expect(answered).toBe(false);
    // Time for the chunk in flight to be answered, and for any further chunk to arrive.
    await sleep(LATENCY_MS + 1_500);
    console.info(`5000-record insert, client gone after chunk 1: ${bulkRequests()} chunks sent, ${stored()} stored`);
    // Chunk 1 was written; chunk 2 was in flight (the replica finished it); no third was sent.
    expect(bulkRequests()).toBe(2);
    expect(stored()).toBe(2000);
  });

  describe('the report of such a write (the datasource, on the same sockets)', () => {
    let http: UpstreamClient;
    beforeAll(() => {
      http = new UpstreamClient({
        archive: 'eegdash',
        baseUrl: s.eeg.apiUrl,
        connections: 4,
        timeoutMs: 5_000,
        retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1, maxTotalDelayMs: 10 },
        userAgent: 'test',
        logger: silentLogger,
      });
    });
    afterAll(() => http.close());

    it('is WRITTEN, then UNKNOWN for the chunk in flight, then NOT_SENT', async () => {
      const operation = new AbortController();
      atRequest(2, '/records/bulk', () => {
        operation.abort(new OperationAborted('client'));
        return undefined;
      });
      const source = new EegdashDataSource(
        http,
        { token: EEGDASH_REPLICA_ADMIN_TOKEN },
        new UpstreamStats(),
        operation.signal,
      );
      const outcome = await source.admin.insertRecords('eegdash_dev', records(5000));

      expect(outcome.chunks.map((c) => c.status)).toEqual(['WRITTEN', 'UNKNOWN', 'NOT_SENT', 'NOT_SENT', 'NOT_SENT']);
      expect(outcome).toMatchObject({ inserted: 1000, unknown: 1000, stoppedAt: 1 });
      const inFlight = outcome.chunks[1]!.error as ArchiveError;
      expect(inFlight).toMatchObject({ code: 'REQUEST_CANCELLED', details: { chunk: 1, requestSent: true } });
      expect(outcome.chunks.slice(2).map((c) => (c.error as ArchiveError).details?.requestSent)).toEqual([
        false,
        false,
        false,
      ]);
      await sleep(200);
      expect(bulkRequests()).toBe(2);
      expect(stored()).toBe(outcome.inserted + outcome.unknown);
    });
  });
});

describe('the deadline passes mid-write', () => {
  const DEADLINE_MS = 1_000;
  /** Generous: the deadline is what bounds the answer, not how fast this machine is. */
  const MARGIN_MS = 2_000;
  const gw = useGateway({ REQUEST_DEADLINE_MS: String(DEADLINE_MS), UPSTREAM_TIMEOUT_MS: '10000' });

  it('answers with the report: the chunk cut off UNKNOWN, the rest NOT_SENT', async () => {
    atRequest(3, '/records/bulk', () => ({ kind: 'hang' }));
    const started = performance.now();
    const res = await insert(gw(), 5000);
    const ms = performance.now() - started;

    expect(ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    const result = res.data!.insertRecords!;
    expect(statuses(result)).toEqual(['WRITTEN', 'WRITTEN', 'UNKNOWN', 'NOT_SENT', 'NOT_SENT']);
    expect(result).toMatchObject({ insertedCount: 2000, unknownCount: 1000, complete: false });
    expect(result.chunks[3]!.error).toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    // One error: the chunk the deadline cut off; the chunks not sent share its reason.
    expect(errorCodes(res)).toEqual(['DEADLINE_EXCEEDED']);
    expect(res.errors![0]!.extensions).toMatchObject({
      chunk: 2,
      chunkStatus: 'UNKNOWN',
      deadlineMs: DEADLINE_MS,
      requestSent: true,
    });
    expect(bulkRequests()).toBe(3);
    expect(stored()).toBe(2000);
  });

  it('counts what the archive acknowledged, wherever the deadline falls', async () => {
    s.eeg.faults.set({ latencyMs: 400 });
    const res = await insert(gw(), 5000);
    const result = res.data!.insertRecords!;
    const written = statuses(result).filter((c) => c === 'WRITTEN').length;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(5);
    // Written chunks first, then at most one cut off in flight, then none sent.
    expect(statuses(result).slice(written, written + 1)).toEqual([expect.stringMatching(/^(UNKNOWN|NOT_SENT)$/)]);
    expect(new Set(statuses(result).slice(written + 1))).toEqual(new Set(['NOT_SENT']));
    expect(result.insertedCount).toBe(1000 * written);
    expect(errorCodes(res)).toEqual(['DEADLINE_EXCEEDED']);
    expect(res.errors![0]!.extensions).toMatchObject({ chunk: written });
    await sleep(600); // the replica finishes the chunk it was given
    console.info(
      `5000-record insert, deadline ${DEADLINE_MS} ms at 400 ms a chunk: ${statuses(result).join(', ')}; ` +
        `inserted ${result.insertedCount}, unknown ${result.unknownCount}, stored ${stored()}`,
    );
    expect(stored()).toBe(result.insertedCount + result.unknownCount);
  });
});

describe("the gateway's own bounds", () => {
  const TIMEOUT_MS = 500;
  const gw = useGateway({ UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS), MAX_UPSTREAM_REQUESTS_PER_OPERATION: '3' });

  it('a chunk that times out is UNKNOWN, not retried, and the next is sent', async () => {
    atRequest(2, '/records/bulk', () => ({ kind: 'hang' }));
    const res = await insert(gw(), 2500);
    const result = res.data!.insertRecords!;
    expect(statuses(result)).toEqual(['WRITTEN', 'UNKNOWN', 'WRITTEN']);
    expect(result).toMatchObject({ insertedCount: 1500, unknownCount: 1000 });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'ARCHIVE_TIMEOUT', chunk: 1, chunkStatus: 'UNKNOWN' });
    expect(bulkRequests()).toBe(3);
    expect(stored()).toBe(1500);
  });

  it('past the upstream request ceiling the rest is NOT_SENT, reported once', async () => {
    const res = await insert(gw(), 4000);
    const result = res.data!.insertRecords!;
    expect(statuses(result)).toEqual(['WRITTEN', 'WRITTEN', 'WRITTEN', 'NOT_SENT']);
    expect(result).toMatchObject({ insertedCount: 3000, unknownCount: 0, complete: false });
    expect(errorCodes(res)).toEqual(['UPSTREAM_BUDGET_EXCEEDED']);
    expect(res.errors![0]!.extensions).toMatchObject({ chunk: 3, chunkStatus: 'NOT_SENT', limit: 3 });
    expect(bulkRequests()).toBe(3);
    expect(stored()).toBe(3000);
  });
});
