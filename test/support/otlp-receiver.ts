/**
 * A small in-process OTLP/HTTP trace receiver for tests: a node:http server taking
 * `POST /v1/traces` as OTLP JSON (what @opentelemetry/exporter-trace-otlp-http sends, with
 * `Content-Type: application/json`; gzip too), flattening the spans so a test can assert names,
 * parents and attributes. Anything else (protobuf included) is refused with 415, so a change of
 * encoding fails loudly instead of passing with no spans.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export type AttributeValue = string | number | boolean | AttributeValue[];

/** One span as received, ids in lower-case hex. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  name: string;
  /** 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER' or 'CONSUMER'. */
  kind: string;
  attributes: Record<string, AttributeValue>;
  /** Start and end, in ns since the epoch. */
  startNs: bigint;
  endNs: bigint;
  /** 'UNSET', 'OK' or 'ERROR'. */
  status: string;
  statusMessage: string | undefined;
  events: { name: string; attributes: Record<string, AttributeValue> }[];
  /** The resource's attributes (service.name, …). */
  resource: Record<string, AttributeValue>;
  /** The instrumentation scope's name. */
  scope: string;
}

export interface OtlpReceiver {
  /** Base URL, for OTEL_EXPORTER_OTLP_ENDPOINT (spans are posted to `${url}/v1/traces`). */
  url: string;
  /** Every span received so far. */
  spans(): ReceivedSpan[];
  /** The content types of the export requests received so far. */
  contentTypes(): string[];
  /** Resolves once `predicate` holds for the spans received (checked on each export), else rejects. */
  waitFor(predicate: (spans: ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<ReceivedSpan[]>;
  clear(): void;
  close(): Promise<void>;
}

const KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const STATUS = ['UNSET', 'OK', 'ERROR'];

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  let received: ReceivedSpan[] = [];
  let types: string[] = [];
  const waiters = new Set<() => void>();

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/v1/traces') {
      res.writeHead(404).end();
      return;
    }
    const type = req.headers['content-type'] ?? '';
    types.push(type);
    if (!type.startsWith('application/json')) {
      res.writeHead(415, { 'content-type': 'text/plain' }).end('only OTLP JSON is accepted');
      return;
    }
    let body = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    try {
      received.push(...flatten(JSON.parse(body.toString('utf8'))));
    } catch (error) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    spans: () => [...received],
    contentTypes: () => [...types],
    waitFor: (predicate, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(received)) return;
          done();
          resolve([...received]);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`spans not received within ${timeoutMs} ms (have ${received.length})`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    clear: () => {
      received = [];
      types = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
}
type OtlpAttributes = { key: string; value: OtlpAnyValue }[] | undefined;

function value(v: OtlpAnyValue): AttributeValue {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue); // int64: a string in proto3 JSON
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(value);
  throw new Error(`unsupported attribute value ${JSON.stringify(v)}`);
}

const attributes = (list: OtlpAttributes): Record<string, AttributeValue> =>
  Object.fromEntries((list ?? []).map((a) => [a.key, value(a.value)]));

/** ExportTraceServiceRequest (OTLP JSON) → flat spans; ids are hex in OTLP JSON. */
function flatten(request: any): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = attributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        spans.push({
          traceId: String(s.traceId).toLowerCase(),
          spanId: String(s.spanId).toLowerCase(),
          parentSpanId: String(s.parentSpanId ?? '').toLowerCase(),
          name: s.name,
          kind: KINDS[s.kind ?? 0] ?? String(s.kind),
          attributes: attributes(s.attributes),
          startNs: BigInt(s.startTimeUnixNano ?? 0), // a string of digits in OTLP JSON
          endNs: BigInt(s.endTimeUnixNano ?? 0),
          status: STATUS[s.status?.code ?? 0] ?? String(s.status?.code),
          statusMessage: s.status?.message || undefined,
          events: (s.events ?? []).map((e: { name: string; attributes: OtlpAttributes }) => ({
            name: e.name,
            attributes: attributes(e.attributes),
          })),
          resource,
          scope: ss.scope?.name ?? '',
        });
      }
    }
  }
  return spans;
}
