/**
 * `@defer` and `@stream` over real sockets: with EEGDash 400 ms slower than the others, a query
 * whose EEGDash part is deferred gets DANDI's and BrainSTEM's data first (`hasNext: true`) and
 * EEGDash's in a later payload of the same response — over multipart HTTP and over SSE. What the
 * gateway adds to results (cost, partial errors) lands in the payload it belongs to.
 */
import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DeferredEegdashDocument, DeferredSearchDocument, StreamedSessionsDocument } from '../gql/graphql.ts';
import { useAllReplicas } from '../support/replicas.ts';

const s = useAllReplicas();
const SLOW_MS = 400;

interface Payload {
  data?: Record<string, any>;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  incremental?: {
    data?: Record<string, any>;
    items?: unknown[];
    path: (string | number)[];
    label?: string;
    errors?: any[];
  }[];
  hasNext?: boolean;
  extensions?: Record<string, any>;
}

/** A payload, when it was complete (ms since the request was sent), and how many EEGDash requests had been answered then. */
interface Arrival {
  at: number;
  payload: Payload;
  eegdashAnswered: number;
}

/** EEGDash requests answered so far (the replica logs a request when it arrives, with status 0 until it answers). */
const eegdashAnswered = () => s.replicas.eegdash.log.count((e) => e.status !== 0);
const arrival = (started: number, payload: Payload): Arrival => ({
  at: performance.now() - started,
  payload,
  eegdashAnswered: eegdashAnswered(),
});

async function send(accept: string, body: unknown): Promise<{ response: Response; started: number }> {
  const started = performance.now();
  const response = await fetch(`${s.gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify(body),
  });
  return { response, started };
}

/** Reads a `multipart/mixed` body part by part (each part: headers, a blank line, one JSON payload). */
async function readMultipart(response: Response, started: number): Promise<Arrival[]> {
  const boundary = /boundary="?([^";]+)"?/.exec(response.headers.get('content-type') ?? '')?.[1];
  expect(boundary).toBeDefined();
  const delimiter = `\r\n--${boundary}`;
  const arrivals: Arrival[] = [];
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    for (;;) {
      const start = buffer.indexOf(delimiter);
      const next = start < 0 ? -1 : buffer.indexOf(delimiter, start + delimiter.length);
      if (next < 0) break;
      const part = buffer.slice(start + delimiter.length, next);
      buffer = buffer.slice(next);
      const body = part.slice(part.indexOf('\r\n\r\n') + 4).trim();
      if (body) arrivals.push(arrival(started, JSON.parse(body)));
    }
  }
  return arrivals;
}

/** Reads a `text/event-stream` body: every `next` event's data is one payload. */
async function readSse(response: Response, started: number): Promise<Arrival[]> {
  const arrivals: Arrival[] = [];
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.*)$/m.exec(event)?.[1];
      const data = event
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
        .join('\n');
      if (name === 'next') arrivals.push(arrival(started, JSON.parse(data)));
      end = buffer.indexOf('\n\n');
    }
  }
  return arrivals;
}

const deferred = { query: print(DeferredEegdashDocument), variables: { first: 2 } };

describe('@defer', () => {
  for (const [transport, accept, read] of [
    ['multipart HTTP', 'multipart/mixed', readMultipart],
    ['SSE', 'text/event-stream', readSse],
  ] as const) {
    it(`sends the slow archive's deferred fragment after the fast archives' data (${transport})`, async () => {
      s.replicas.eegdash.faults.set({ latencyMs: SLOW_MS });
      const { response, started } = await send(accept, deferred);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain(accept);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const [first, second, ...rest] = await read(response, started);

      expect(rest).toEqual([]);
      expect(first?.payload.hasNext).toBe(true);
      expect(first?.payload.errors).toBeUndefined();
      expect(first?.payload.data?.dandisets.edges).toHaveLength(2);
      expect(first?.payload.data?.sessions.edges).toHaveLength(2);
      expect(first?.payload.data).not.toHaveProperty('searchDatasets');
      expect(first?.eegdashAnswered).toBe(0); // it did not wait for EEGDash

      expect(second?.payload.hasNext).toBe(false);
      expect(second?.payload.incremental).toEqual([
        {
          label: 'eegdash',
          path: [],
          data: {
            searchDatasets: {
              totalCount: expect.any(Number),
              edges: [
                { node: { datasetId: expect.any(String), name: expect.anything() } },
                { node: { datasetId: expect.any(String), name: expect.anything() } },
              ],
            },
          },
        },
      ]);
      expect(second?.eegdashAnswered).toBe(1);
      expect(second?.at).toBeGreaterThanOrEqual(SLOW_MS);
      expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThan(SLOW_MS / 4);

      // What the whole operation cost is known at the end: on the last payload.
      expect(first?.payload.extensions?.cost).toBeUndefined();
      expect(second?.payload.extensions?.cost.archives).toMatchObject({
        dandi: { requests: expect.any(Number) },
        brainstem: { requests: expect.any(Number) },
        eegdash: { requests: 1 },
      });
    });
  }

  it("codes a deferred field's error as any other (extensions.code and archive)", async () => {
    s.replicas.eegdash.faults.set({ errorRate: 1, errorStatus: 503 });
    const { response, started } = await send('multipart/mixed', deferred);
    const [first, second] = await readMultipart(response, started);
    expect(first?.payload.data?.dandisets.edges).toHaveLength(2);
    expect(second?.payload.incremental).toEqual([
      {
        label: 'eegdash',
        path: [],
        data: { searchDatasets: null },
        errors: [
          expect.objectContaining({
            path: ['searchDatasets'],
            extensions: { code: 'ARCHIVE_UNAVAILABLE', archive: 'eegdash', status: 503 },
          }),
        ],
      },
    ]);
  });

  it('puts a partial error in the payload of the deferred data it belongs to', async () => {
    s.replicas.eegdash.faults.set({ errorRate: 1, errorStatus: 503 });
    const { response, started } = await send('multipart/mixed', {
      query: print(DeferredSearchDocument),
      variables: { text: 'rest' },
    });
    const [first, second] = await readMultipart(response, started);
    expect(first?.payload.errors).toBeUndefined();
    expect(first?.payload.data?.dandisets.edges).toHaveLength(1);
    const [entry] = second?.payload.incremental ?? [];
    expect(entry?.label).toBe('search');
    expect(entry?.data?.search.edges.length).toBeGreaterThan(0); // DANDI and BrainSTEM still answered
    expect(entry?.errors).toEqual([
      expect.objectContaining({
        path: ['search'],
        extensions: expect.objectContaining({ code: 'ARCHIVE_UNAVAILABLE', archive: 'eegdash' }),
      }),
    ]);
  });

  it('answers 406 NOT_ACCEPTABLE, before anything is sent, to a client that reads only one JSON answer', async () => {
    for (const accept of [
      'application/graphql-response+json',
      'application/json, application/graphql-response+json;q=0.9',
    ]) {
      const { response } = await send(accept, deferred);
      expect(response.status).toBe(406);
      const body = await response.json();
      expect(body.errors[0].extensions.code).toBe('NOT_ACCEPTABLE');
      expect(body.errors[0].message).toContain('multipart/mixed');
    }
    expect(s.counts()).toEqual({ dandi: 0, eegdash: 0, brainstem: 0 });
  });

  it('answers `@defer(if: false)` in one JSON answer', async () => {
    const res = await s.gw.post({
      query: 'query ($d: Boolean!) { dandisets(first: 1) { totalCount } ... @defer(if: $d) { recordCount } }',
      variables: { d: false },
    });
    expect(res.status).toBe(200);
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data.recordCount).toEqual(expect.any(Number));
  });

  it('leaves a document without @defer one JSON answer, as before', async () => {
    const res = await s.gw.post({ query: '{ dandisets(first: 1) { totalCount } }' });
    expect(res.status).toBe(200);
    expect(res.json.hasNext).toBeUndefined();
    expect(res.json.extensions.cost).toBeDefined();
  });
});

describe('@stream', () => {
  it('sends the first items at once and the rest in later payloads', async () => {
    const { response, started } = await send('multipart/mixed', { query: print(StreamedSessionsDocument) });
    const arrivals = await readMultipart(response, started);
    const [first, ...later] = arrivals;
    expect(first?.payload.hasNext).toBe(true);
    expect(first?.payload.data?.sessions.edges).toHaveLength(1);
    const items = later.flatMap((a) => a.payload.incremental ?? []).flatMap((e) => e.items ?? []);
    expect(items).toHaveLength(2);
    expect(later.at(-1)?.payload.hasNext).toBe(false);
    expect(later.at(-1)?.payload.extensions?.cost).toBeDefined();
  });
});
