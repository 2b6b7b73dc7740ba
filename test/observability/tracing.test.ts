/**
 * OpenTelemetry traces over real sockets: the gateway exports OTLP/HTTP JSON to an in-process
 * receiver; a cross-archive query sent with a client's `traceparent` yields one SERVER span for
 * the operation (child of the client's span) and one CLIENT span per request each archive
 * logged (children of the operation's span), and every archive received a `traceparent` naming
 * its request's span. Without OTEL_EXPORTER_OTLP_ENDPOINT, nothing of it exists.
 */
import { randomBytes } from 'node:crypto';
import { print } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LoggedRequest } from '../../replicas/common/server.ts';
import { ATTR } from '../../src/observability/tracing.ts';
import { DeferredEegdashDocument } from '../gql/graphql.ts';
import { errorCodes, startGateway, type TestGateway } from '../support/gateway.ts';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../support/otlp-receiver.ts';
import { useAllReplicas } from '../support/replicas.ts';

// The receiver's URL is known only once it listens: this object is read when the gateway starts,
// after the receiver's beforeAll (hooks run in the order they are declared).
const env: Record<string, string> = { OTEL_BSP_SCHEDULE_DELAY: '20', UPSTREAM_MAX_RETRIES: '1' };
let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
  env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
});
afterAll(async () => {
  await receiver?.close();
});
const s = useAllReplicas(env);
beforeEach(() => receiver.clear());

const CROSS = `query TracedDashboard($dandi: ID!, $eeg: ID!) {
  withDandi: session(id: $dandi, portal: PUBLIC) { name dandisets { identifier draftVersion { name } } }
  withEeg: session(id: $eeg, portal: PUBLIC) { name datasets { datasetId name } }
}`;
const crossVariables = () => ({
  dandi: s.replicas.brainstem.seed.publicDandiSession,
  eeg: s.replicas.brainstem.seed.publicEegSession,
});

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
/** A client's span: what an instrumented browser or service would send. */
const clientSpan = () => {
  const traceId = hex(16);
  const spanId = hex(8);
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
};

/** Every request the three replicas logged since the last reset. */
const upstreamRequests = (): (LoggedRequest & { archive: string })[] =>
  (['dandi', 'eegdash', 'brainstem'] as const).flatMap((archive) =>
    s.replicas[archive].log.entries.map((e) => ({ ...e, archive })),
  );

/** The operation's span and its CLIENT children in trace `traceId`, once the CLIENT ones number `clients`. */
async function traceOf(traceId: string, clients: number) {
  const inTrace = (spans: ReceivedSpan[]) => spans.filter((x) => x.traceId === traceId);
  const spans = inTrace(
    await receiver.waitFor(
      (all) =>
        inTrace(all).some((x) => x.kind === 'SERVER') &&
        inTrace(all).filter((x) => x.kind === 'CLIENT').length >= clients,
    ),
  );
  const servers = spans.filter((x) => x.kind === 'SERVER');
  expect(servers).toHaveLength(1);
  return { operation: servers[0]!, attempts: spans.filter((x) => x.kind === 'CLIENT'), spans };
}

describe('a cross-archive query with a client traceparent', () => {
  it('nests the operation under the client span and every upstream request under the operation', async () => {
    const client = clientSpan();
    const res = await s.gw.post(
      { query: CROSS, variables: crossVariables(), operationName: 'TracedDashboard' },
      { traceparent: client.traceparent },
    );
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data.withDandi.dandisets.length).toBeGreaterThan(0);
    expect(res.json.data.withEeg.datasets.length).toBeGreaterThan(0);

    const sent = upstreamRequests();
    const counts = s.counts();
    expect(counts.brainstem).toBeGreaterThan(0);
    expect(counts.dandi).toBeGreaterThan(0);
    expect(counts.eegdash).toBeGreaterThan(0);
    const { operation, attempts, spans } = await traceOf(client.traceId, sent.length);

    // The operation: a SERVER span, the client's span as its parent, named after the document.
    expect(operation).toMatchObject({
      traceId: client.traceId,
      parentSpanId: client.spanId,
      name: 'query TracedDashboard',
      status: 'UNSET',
      scope: 'neuroarchive-gateway',
      attributes: { [ATTR.graphqlOperationType]: 'query', [ATTR.graphqlOperationName]: 'TracedDashboard' },
    });
    expect(operation.resource['service.name']).toBe('neuroarchive-gateway');

    // One CLIENT span per request an archive logged, each a child of the operation's span.
    expect(attempts).toHaveLength(sent.length);
    expect(spans).toHaveLength(sent.length + 1);
    for (const attempt of attempts) {
      expect(attempt.parentSpanId).toBe(operation.spanId);
      expect(attempt.status).toBe('UNSET');
      expect(attempt.attributes).toMatchObject({
        'http.request.method': 'GET',
        'server.address': '127.0.0.1',
        'server.port': expect.any(Number),
        'http.response.status_code': 200,
        [ATTR.attempt]: 0,
        [ATTR.outcome]: 'ok',
      });
      const { [ATTR.archive]: archive, [ATTR.urlTemplate]: route } = attempt.attributes;
      expect(attempt.name).toBe(`GET ${archive} ${route}`);
      // A template: no query string, no ids.
      expect(route).toMatch(/^\/[a-z_/{}.]*$/);
      expect(String(route)).not.toMatch(/\?|\d{6}|ds\d+/);
    }
    const spansPer = (archive: string) => attempts.filter((a) => a.attributes[ATTR.archive] === archive).length;
    expect({ dandi: spansPer('dandi'), eegdash: spansPer('eegdash'), brainstem: spansPer('brainstem') }).toEqual(
      counts,
    );

    // Each archive received a traceparent in the client's trace, naming its own request's span.
    const received = sent.map((r) => r.traceparent);
    for (const header of received) expect(header).toMatch(new RegExp(`^00-${client.traceId}-[0-9a-f]{16}-01$`));
    const receivedIds = received.map((h) => h!.split('-')[2]).sort();
    expect(receivedIds).toEqual(attempts.map((a) => a.spanId).sort());
    // …and per archive: the span that archive's request made.
    for (const r of sent) {
      const span = attempts.find((a) => a.spanId === r.traceparent!.split('-')[2])!;
      expect(span.attributes[ATTR.archive]).toBe(r.archive);
    }
    expect(receiver.contentTypes().every((t) => t.startsWith('application/json'))).toBe(true);
  });

  it('makes a span per attempt: a failed one marked as an error, its retry numbered', async () => {
    s.replicas.dandi.faults.queue({ kind: 'status', status: 503 });
    const client = clientSpan();
    const res = await s.gw.post(
      { query: '{ dandiset(identifier: "000003") { identifier embargoStatus } }' },
      { traceparent: client.traceparent },
    );
    expect(res.json.errors).toBeUndefined();
    expect(s.counts().dandi).toBe(2);
    const { operation, attempts } = await traceOf(client.traceId, 2);
    expect(operation.name).toBe('query'); // anonymous
    expect(operation.attributes[ATTR.graphqlOperationName]).toBeUndefined();
    const [first, retry] = [...attempts].sort(
      (a, b) => Number(a.attributes[ATTR.attempt]) - Number(b.attributes[ATTR.attempt]),
    );
    expect(first).toMatchObject({
      parentSpanId: operation.spanId,
      status: 'ERROR',
      attributes: {
        [ATTR.attempt]: 0,
        [ATTR.outcome]: 'http_error',
        'http.response.status_code': 503,
        'error.type': '503',
      },
    });
    expect(retry).toMatchObject({
      parentSpanId: operation.spanId,
      status: 'UNSET',
      attributes: { [ATTR.attempt]: 1, 'http.request.resend_count': 1, [ATTR.outcome]: 'ok' },
    });
    const headers = s.replicas.dandi.log.entries.map((e) => e.traceparent!.split('-')[2]);
    expect(headers).toEqual([first!.spanId, retry!.spanId]); // each attempt its own traceparent
  });

  it('marks the operation as an error with its codes when an archive fails, and starts a trace when the client sent none', async () => {
    s.replicas.dandi.faults.set({ errorRate: 1, errorStatus: 503 });
    const res = await s.gw.post({ query: CROSS, variables: crossVariables() });
    expect(errorCodes(res.json)).toContain('ARCHIVE_UNAVAILABLE');
    const traceId = s.replicas.brainstem.log.entries[0]!.traceparent!.split('-')[1]!;
    const { operation, attempts } = await traceOf(traceId, upstreamRequests().length);
    expect(operation.parentSpanId).toBe(''); // a root: nobody upstream of the gateway
    expect(operation).toMatchObject({
      status: 'ERROR',
      statusMessage: 'ARCHIVE_UNAVAILABLE',
      attributes: { [ATTR.graphqlErrorCodes]: ['ARCHIVE_UNAVAILABLE'] },
    });
    const dandi = attempts.filter((a) => a.attributes[ATTR.archive] === 'dandi');
    expect(dandi.length).toBe(s.counts().dandi);
    for (const a of dandi) expect(a).toMatchObject({ status: 'ERROR', attributes: { [ATTR.outcome]: 'http_error' } });
  });

  it('traces a refused document too, as an error, and ignores a malformed traceparent', async () => {
    const res = await s.gw.post({ query: 'query Broken { nope }' }, { traceparent: 'not-a-traceparent' });
    expect(res.json.errors).toBeDefined();
    const [span] = await receiver.waitFor((all) => all.some((x) => x.kind === 'SERVER'));
    expect(span).toMatchObject({ kind: 'SERVER', parentSpanId: '', status: 'ERROR' });
    expect(upstreamRequests()).toHaveLength(0);
  });
});

describe('a deferred query', () => {
  it("ends the operation span with the last payload, the slow archive's requests under it", async () => {
    const slowMs = 300;
    s.replicas.eegdash.faults.set({ latencyMs: slowMs });
    const client = clientSpan();
    const response = await fetch(`${s.gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', traceparent: client.traceparent },
      body: JSON.stringify({ query: print(DeferredEegdashDocument), variables: { first: 2 } }),
    });
    const text = await response.text();
    expect(text).toContain('"hasNext":true');
    expect(text).toContain('searchDatasets');
    const sent = upstreamRequests();
    expect(s.counts().eegdash).toBeGreaterThan(0);
    const { operation, attempts } = await traceOf(client.traceId, sent.length);
    expect(operation).toMatchObject({ name: 'query DeferredEegdash', parentSpanId: client.spanId, status: 'UNSET' });
    expect(attempts).toHaveLength(sent.length);
    for (const attempt of attempts) {
      expect(attempt.parentSpanId).toBe(operation.spanId);
      expect(attempt.endNs).toBeLessThanOrEqual(operation.endNs);
    }
    expect(Number(operation.endNs - operation.startNs) / 1e6).toBeGreaterThanOrEqual(slowMs);
  });
});

describe('with the cache on', () => {
  let cached: TestGateway;
  beforeAll(async () => {
    cached = await startGateway({
      dandiApiUrl: s.replicas.env.DANDI_API_URL,
      env: { CACHE: 'on', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '20' },
    });
  });
  afterAll(async () => {
    await cached?.close();
  });

  it('makes no span for a cached answer, only a `cache hit` event on the operation span', async () => {
    const query = '{ dandiset(identifier: "000003") { identifier embargoStatus } }';
    const first = clientSpan();
    await cached.post({ query }, { traceparent: first.traceparent });
    const miss = await traceOf(first.traceId, 1);
    expect(miss.attempts).toHaveLength(1);
    const second = clientSpan();
    const res = await cached.post({ query }, { traceparent: second.traceparent });
    expect(res.json.data.dandiset.embargoStatus).toBeTruthy();
    expect(s.counts().dandi).toBe(1);
    const hit = await traceOf(second.traceId, 0);
    expect(hit.attempts).toHaveLength(0);
    expect(hit.operation.events).toContainEqual({ name: 'cache hit', attributes: { [ATTR.archive]: 'dandi' } });
  });
});

describe('without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  let off: TestGateway;
  beforeAll(async () => {
    off = await startGateway({
      dandiApiUrl: s.replicas.env.DANDI_API_URL,
      eegdashApiUrl: s.replicas.env.EEGDASH_API_URL,
      brainstemApiUrl: s.replicas.env.BRAINSTEM_API_URL,
      env: { UPSTREAM_MAX_RETRIES: '1' },
    });
  });
  afterAll(async () => {
    await off?.close();
  });

  it('builds nothing, exports nothing and sends no traceparent to the archives', async () => {
    expect(off.config.tracing.endpoint).toBeUndefined();
    expect(off.gateway.tracing).toBeUndefined();
    const res = await off.post(
      { query: CROSS, variables: crossVariables() },
      { traceparent: clientSpan().traceparent },
    );
    expect(res.json.errors).toBeUndefined();
    const sent = upstreamRequests();
    expect(sent.length).toBeGreaterThan(0);
    for (const r of sent) expect(r.traceparent).toBeUndefined();
    await new Promise((r) => setTimeout(r, 200)); // ten batch delays of the traced gateway
    expect(receiver.spans()).toEqual([]);
  });
});
