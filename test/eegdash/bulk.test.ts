/**
 * Bulk-write bookkeeping on its own: document checks, chunking in order, what a failed chunk
 * reports, and how `$in` lists are split to keep URLs short.
 */
import { describe, expect, it } from 'vitest';
import { checkDocuments, locate, MAX_BULK_DOCUMENTS, writeInChunks } from '../../datasources/eegdash-bulk.ts';
import { chunkByLength } from '../../datasources/eegdash-batch.ts';
import { ArchiveError, type InputError } from '../../src/http/archive-error.ts';

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
    expect(outcome.chunks[1]!.error!.details).toMatchObject({
      chunk: 1,
      offset: 10,
      size: 10,
      recordIndex: 14,
      field: 'storage.base',
    });
  });

  it('skips the rest after an answer every chunk would get', async () => {
    let calls = 0;
    const outcome = await writeInChunks([1, 2, 3], 1, async () => {
      calls++;
      throw new ArchiveError('eegdash', 'UNAUTHENTICATED', 'EEGDash: Not authenticated', { status: 401 });
    });
    expect(calls).toBe(1);
    expect(outcome.chunks.map((c) => [c.status, c.error!.code])).toEqual([
      ['FAILED', 'UNAUTHENTICATED'],
      ['SKIPPED', 'UNAUTHENTICATED'],
      ['SKIPPED', 'UNAUTHENTICATED'],
    ]);
  });

  it("lets errors that are not the archive's answer (an aborted request) through", async () => {
    await expect(
      writeInChunks([1], 1, async () => {
        throw new Error('aborted');
      }),
    ).rejects.toThrow('aborted');
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
