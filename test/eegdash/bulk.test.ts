/**
 * Bulk-write bookkeeping on its own: document checks, chunking in order, what each chunk's answer
 * (or its absence) makes of it, stopping between chunks, and how `$in` lists are split to keep
 * URLs short.
 */
import { describe, expect, it } from 'vitest';
import { checkDocuments, locate, MAX_BULK_DOCUMENTS, writeInChunks } from '../../datasources/eegdash-bulk.ts';
import { chunkByLength } from '../../datasources/eegdash-batch.ts';
import { ArchiveError, type InputError } from '../../src/http/archive-error.ts';
import { OperationAborted } from '../../src/http/upstream.ts';

const rec = (i: number) => ({ dataset: 'ds1', bids_relpath: `sub-${i}/eeg/x.edf` });
const invalid422 = (loc: (string | number)[]) =>
  new ArchiveError('eegdash', 'BAD_USER_INPUT', 'EEGDash: Field required', {
    status: 422,
    details: { upstreamBody: { detail: [{ type: 'missing', loc, msg: 'Field required' }] } },
  });

describe('checkDocuments', () => {
  it('names the first invalid document and field', () => {
    const docs = [rec(0), rec(1), { dataset: 'ds1', bids_relpath: '' }];
    expect(() => checkDocuments(docs, 'record', 'records')).toThrow(/record 2 of `records`: bids_relpath is required/);
    const refusal = (run: () => unknown): InputError | undefined => {
      try {
        run();
      } catch (error) {
        return error as InputError;
      }
      return undefined;
    };
    // The refused part in the datasource's terms (`path`); the resolver names the argument.
    expect(refusal(() => checkDocuments([{ dataset_id: 'a' }, null], 'dataset', 'datasets'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { path: 'datasets[1]', recordIndex: 1, field: null },
    });
    expect(refusal(() => checkDocuments([rec(0), { ...rec(1), $set: 1 }], 'record', 'records'))?.details).toEqual({
      path: 'records[1].$set',
      recordIndex: 1,
      field: '$set',
    });
    expect(refusal(() => checkDocuments(['x'], 'record', 'record', true))?.details).toEqual({
      path: 'record',
      recordIndex: 0,
      field: null,
    });
  });

  it('refuses empty and oversized lists', () => {
    expect(() => checkDocuments([], 'record', 'records')).toThrow(/empty/);
    expect(() =>
      checkDocuments(
        Array.from({ length: MAX_BULK_DOCUMENTS + 1 }, (_, i) => rec(i)),
        'record',
        'records',
      ),
    ).toThrow(/at most/);
  });
});

describe('writeInChunks', () => {
  const counts = (n: number) => ({
    inserted: n,
    updated: 0,
    modified: 0,
    insertedIds: Array.from({ length: n }, (_, i) => String(i)),
  });

  it('sends chunks in order, one at a time, and sums what was written', async () => {
    const sent: number[][] = [];
    let inFlight = 0;
    const outcome = await writeInChunks(
      Array.from({ length: 25 }, (_, i) => i),
      10,
      async (chunk) => {
        expect(++inFlight).toBe(1);
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
        sent.push(chunk);
        return counts(chunk.length);
      },
    );
    expect(sent.map((c) => [c[0], c.length])).toEqual([
      [0, 10],
      [10, 10],
      [20, 5],
    ]);
    expect(outcome).toMatchObject({ requested: 25, inserted: 25 });
    expect(outcome.insertedIds).toHaveLength(25);
    expect(outcome.chunks.map((c) => c.status)).toEqual(['WRITTEN', 'WRITTEN', 'WRITTEN']);
  });

  it('reports a refused chunk with the absolute index of its bad record, and goes on', async () => {
    const outcome = await writeInChunks(
      Array.from({ length: 30 }, (_, i) => i),
      10,
      async (chunk) => {
        if (chunk[0] === 10) throw invalid422(['body', 4, 'storage', 'base']);
        return counts(chunk.length);
      },
    );
    expect(outcome.inserted).toBe(20);
    expect(outcome.chunks.map((c) => c.status)).toEqual(['WRITTEN', 'FAILED', 'WRITTEN']);
    expect((outcome.chunks[1]!.error as ArchiveError).details).toMatchObject({
      chunk: 1,
      offset: 10,
      size: 10,
      recordIndex: 14,
      field: 'storage.base',
    });
  });

  it('marks the rest NOT_SENT after an answer every chunk would get', async () => {
    let calls = 0;
    const outcome = await writeInChunks([1, 2, 3], 1, async () => {
      calls++;
      throw new ArchiveError('eegdash', 'UNAUTHENTICATED', 'EEGDash: Not authenticated', { status: 401 });
    });
    expect(calls).toBe(1);
    expect(outcome.chunks.map((c) => [c.status, (c.error as ArchiveError).code])).toEqual([
      ['FAILED', 'UNAUTHENTICATED'],
      ['NOT_SENT', 'UNAUTHENTICATED'],
      ['NOT_SENT', 'UNAUTHENTICATED'],
    ]);
    expect(outcome.stoppedAt).toBe(0);
  });

  it('counts a chunk without a readable answer as neither written nor failed', async () => {
    const unreadable = new ArchiveError(
      'eegdash',
      'ARCHIVE_BAD_RESPONSE',
      'EEGDash sent a response that is not valid JSON',
      {
        status: 200,
      },
    );
    const down = new ArchiveError('eegdash', 'ARCHIVE_UNAVAILABLE', 'EEGDash: HTTP 502', { status: 502 });
    const slow = new ArchiveError('eegdash', 'ARCHIVE_TIMEOUT', 'EEGDash did not answer within 500 ms');
    const answers: (ArchiveError | Error | null)[] = [null, unreadable, down, slow, new TypeError('a bug'), null];
    const outcome = await writeInChunks(
      Array.from({ length: 55 }, (_, i) => i),
      10,
      async (chunk) => {
        const answer = answers[chunk[0]! / 10];
        if (answer) throw answer;
        return counts(chunk.length);
      },
    );
    expect(outcome.chunks.map((c) => c.status)).toEqual([
      'WRITTEN',
      'UNKNOWN',
      'UNKNOWN',
      'UNKNOWN',
      'UNKNOWN',
      'WRITTEN',
    ]);
    expect(outcome).toMatchObject({ inserted: 15, unknown: 40, stoppedAt: null });
    expect((outcome.chunks[1]!.error as ArchiveError).details).toMatchObject({ chunk: 1, offset: 10, size: 10 });
    expect(outcome.chunks[4]!.error).toBeInstanceOf(TypeError);
  });

  it('sends no chunk once the signal aborts between chunks: the rest are NOT_SENT', async () => {
    const operation = new AbortController();
    let calls = 0;
    const outcome = await writeInChunks(
      [1, 2, 3, 4],
      1,
      async (chunk) => {
        calls++;
        if (chunk[0] === 2) operation.abort(new OperationAborted('deadline', 800));
        return counts(1);
      },
      operation.signal,
    );
    expect(calls).toBe(2);
    expect(outcome.chunks.map((c) => [c.status, (c.error as ArchiveError | null)?.code ?? null])).toEqual([
      ['WRITTEN', null],
      ['WRITTEN', null],
      ['NOT_SENT', 'DEADLINE_EXCEEDED'],
      ['NOT_SENT', 'DEADLINE_EXCEEDED'],
    ]);
    expect(outcome).toMatchObject({ inserted: 2, unknown: 0, stoppedAt: 2 });
    expect((outcome.chunks[2]!.error as ArchiveError).details).toMatchObject({
      chunk: 2,
      deadlineMs: 800,
      requestSent: false,
    });
  });

  it('a chunk cut off in flight is UNKNOWN, one cut off before it was written NOT_SENT', async () => {
    const cut = (requestSent: boolean) =>
      new ArchiveError('eegdash', 'REQUEST_CANCELLED', 'The client closed the request before EEGDash answered', {
        details: { requestSent },
      });
    for (const [requestSent, status] of [
      [true, 'UNKNOWN'],
      [false, 'NOT_SENT'],
    ] as const) {
      let calls = 0;
      const outcome = await writeInChunks([1, 2, 3], 1, async () => {
        if (++calls === 2) throw cut(requestSent);
        return counts(1);
      });
      expect(calls).toBe(2);
      expect(outcome.chunks.map((c) => c.status)).toEqual(['WRITTEN', status, 'NOT_SENT']);
      expect(outcome).toMatchObject({ inserted: 1, unknown: requestSent ? 1 : 0, stoppedAt: 1 });
    }
  });
});

describe('locate', () => {
  it('reads the field of a single-document body', () => {
    expect(locate(invalid422(['body', 'dataset']), 0, true).details).toMatchObject({
      recordIndex: 0,
      field: 'dataset',
    });
  });

  it('leaves the index unknown for a whole-body complaint or a non-validation error', () => {
    expect(locate(invalid422(['body']), 1000, false).details).toMatchObject({ recordIndex: null, field: null });
    const down = new ArchiveError('eegdash', 'ARCHIVE_UNAVAILABLE', 'EEGDash: HTTP 503', { status: 503 });
    expect(locate(down, 0, false)).toMatchObject({
      code: 'ARCHIVE_UNAVAILABLE',
      status: 503,
      details: { recordIndex: null },
    });
  });
});

describe('chunkByLength', () => {
  it('keeps every value, in order, in lists whose encoded length stays under the limit', () => {
    const values = Array.from({ length: 300 }, (_, i) => `ds${String(i).padStart(6, '0')}_sub-${i}_task-rest_eeg.edf`);
    const chunks = chunkByLength(values, 2_000);
    expect(chunks.flat()).toEqual(values);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(encodeURIComponent(JSON.stringify(c)).length).toBeLessThanOrEqual(2_000);
  });

  it('caps a list at 1000 values however short they are', () => {
    expect(
      chunkByLength(
        Array.from({ length: 2500 }, (_, i) => String(i % 10)),
        1e9,
      ).map((c) => c.length),
    ).toEqual([1000, 1000, 500]);
  });
});
