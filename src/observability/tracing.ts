/**
 * OpenTelemetry traces: a SERVER span per GraphQL operation, child of the client's W3C
 * `traceparent` when it sends one, and a CLIENT span per attempt sent to an archive, child of the
 * operation's span, whose own `traceparent` goes to the archive with the request. Spans are
 * batched and exported over OTLP/HTTP (JSON) to `${OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`.
 *
 * Off unless that endpoint is set, and then at no cost: `createTracing` returns undefined, so no
 * SDK object, no observer and no plugin exists.
 *
 * No async context manager is involved: the operation's span is found through what each hook
 * is handed — the request (Yoga's hooks) and the operation's costs (`UpstreamStats`, which every
 * upstream attempt carries) — so tracing adds no AsyncLocalStorage promise hooks to every promise
 * the gateway makes (measured in bench/observability.ts: they were half of tracing's cost). An
 * attempt made outside any operation (the readiness probe, a background refresh of the cache,
 * the link index's refresh) makes no span and sends no `traceparent`.
 *
 * Attribute values are bounded and safe: the route is a URL template (`routeOf`), never a query
 * string or a credential; neither the document's text nor variables are recorded.
 */
import {
  defaultTextMapSetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
} from '@opentelemetry/semantic-conventions';
import { type ExecutionResult, getOperationAST } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Config } from '../config.ts';
import type { Context } from '../context.ts';
import type { ArchiveName } from '../http/archive-error.ts';
import type { AttemptEnd, AttemptStart, UpstreamEvents } from '../http/events.ts';
import type { UpstreamStats } from '../http/stats.ts';

const VERSION = '0.1.0';

/** Span attribute names: semantic conventions where they exist (incubating ones copied, as advised). */
export const ATTR = {
  graphqlOperationName: 'graphql.operation.name',
  graphqlOperationType: 'graphql.operation.type',
  /** The `extensions.code`s of an operation's errors, distinct, in order. */
  graphqlErrorCodes: 'graphql.error.codes',
  urlTemplate: 'url.template',
  archive: 'upstream.archive',
  /** 0 for the first try, n for the n-th retry. */
  attempt: 'upstream.attempt',
  /** ok, http_error, timeout, network or aborted. */
  outcome: 'upstream.outcome',
} as const;

export interface Tracing {
  /** Observes the HTTP layer: a CLIENT span per attempt, and its `traceparent` to send. */
  events: UpstreamEvents;
  /** The Yoga plugin making the operation's span and ending it when the answer is complete. */
  plugin: Plugin<Context>;
  /** Exports every finished span now (tests, and before a worker exits). */
  forceFlush(): Promise<void>;
  /** Exports what is left and stops; spans finished later are dropped. */
  shutdown(): Promise<void>;
}

/** What the plugin keeps of one operation in its context. */
interface OperationSpan {
  span: Span;
  /** A stream (`@defer`, `@stream`): the span ends with its last payload, not when execution returns. */
  streaming: boolean;
}

/** The operations in flight: by their request (Yoga's hooks), and by their costs (upstream attempts). */
interface Operations {
  byRequest: WeakMap<Request, OperationSpan>;
  byStats: WeakMap<UpstreamStats, Span>;
}

const HEADERS: TextMapGetter<Headers> = {
  get: (carrier, key) => carrier.get(key) ?? undefined,
  keys: (carrier) => [...carrier.keys()],
};

const NO_SPAN = { end: () => {} };

/**
 * The gateway's tracing when `config.tracing.endpoint` is set, else undefined (and nothing built).
 * Nothing global is registered: the tracer provider and the propagator stay this gateway's own.
 * The SDK's standard sampling settings apply (`OTEL_TRACES_SAMPLER`, `OTEL_TRACES_SAMPLER_ARG`).
 */
export function createTracing(config: Config): Tracing | undefined {
  const { endpoint, serviceName, batchDelayMs } = config.tracing;
  if (endpoint === undefined) return undefined;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName, [ATTR_SERVICE_VERSION]: VERSION }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }), {
        scheduledDelayMillis: batchDelayMs,
      }),
    ],
  });
  const tracer = provider.getTracer('neuroarchive-gateway', VERSION);
  const propagator = new W3CTraceContextPropagator();
  const operations: Operations = { byRequest: new WeakMap(), byStats: new WeakMap() };
  return {
    events: upstreamSpans(tracer, propagator, config, operations),
    plugin: operationSpans(tracer, propagator, operations),
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

/**
 * The operation's span: opened around Yoga's whole handling of one operation (`operation`
 * instrumentation, so parse and validation errors are traced too), named once the document is
 * known (`query Dashboard`), marked as an error when the result carries errors, ended when the
 * result is complete — for a stream, with its last payload.
 */
function operationSpans(
  tracer: Tracer,
  propagator: W3CTraceContextPropagator,
  operations: Operations,
): Plugin<Context> {
  return {
    instrumentation: {
      operation: async ({ request }, wrapped) => {
        const parent = propagator.extract(ROOT_CONTEXT, request.headers, HEADERS);
        const span = tracer.startSpan('graphql.operation', { kind: SpanKind.SERVER }, parent);
        const operation: OperationSpan = { span, streaming: false };
        operations.byRequest.set(request, operation);
        try {
          await wrapped();
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          operation.streaming = false;
          throw error;
        } finally {
          if (!operation.streaming) span.end();
        }
      },
    },
    onExecute({ args }) {
      const operation = operations.byRequest.get(args.contextValue.request);
      if (!operation) return;
      operations.byStats.set(args.contextValue.stats, operation.span);
      const ast = getOperationAST(args.document, args.operationName);
      if (ast) {
        const name = ast.name?.value;
        operation.span.updateName(name ? `${ast.operation} ${name}` : ast.operation);
        operation.span.setAttribute(ATTR.graphqlOperationType, ast.operation);
        if (name) operation.span.setAttribute(ATTR.graphqlOperationName, name);
      }
      return {
        onExecuteDone: ({ result }) => {
          if (!isAsyncIterable(result)) return;
          operation.streaming = true;
          const codes = new Set<string>();
          return {
            onNext: ({ result: payload }) => {
              for (const code of errorCodes(payload)) codes.add(code);
            },
            onEnd: () => {
              markErrors(operation.span, [...codes]);
              operation.span.end();
            },
          };
        },
      };
    },
    // Every single result passes here, those of refused documents (parse, validation) too.
    onExecutionResult({ request, result }) {
      const operation = operations.byRequest.get(request);
      if (!operation || !result || isAsyncIterable(result)) return;
      markErrors(operation.span, errorCodes(result));
    },
  };
}

/** The distinct `extensions.code`s of a result's (or a payload's) errors. */
function errorCodes(result: ExecutionResult | { errors?: readonly unknown[] }): string[] {
  const codes = new Set<string>();
  for (const error of result.errors ?? []) {
    const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
    codes.add(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
  }
  return [...codes];
}

function markErrors(span: Span, codes: string[]): void {
  if (codes.length === 0) return;
  span.setAttribute(ATTR.graphqlErrorCodes, codes);
  span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(', ') });
}

/**
 * A CLIENT span per attempt, child of the active (operation's) span, and the `traceparent` to
 * send with it; the cache's and the budgets' decisions as events on the operation's span.
 */
function upstreamSpans(
  tracer: Tracer,
  propagator: W3CTraceContextPropagator,
  config: Config,
  operations: Operations,
): UpstreamEvents {
  const servers = serversOf(config);
  const operationSpan = (stats: UpstreamStats | undefined) => {
    const span = stats && operations.byStats.get(stats);
    return span?.isRecording() ? span : undefined;
  };
  return {
    attempt: (start: AttemptStart) => {
      const operation = start.operation && operations.byStats.get(start.operation);
      if (!operation) return NO_SPAN;
      const parent = trace.setSpan(ROOT_CONTEXT, operation);
      const server = servers[start.archive];
      const span = tracer.startSpan(
        `${start.method} ${start.archive} ${start.route}`,
        {
          kind: SpanKind.CLIENT,
          attributes: {
            [ATTR.archive]: start.archive,
            [ATTR_HTTP_REQUEST_METHOD]: start.method,
            [ATTR.urlTemplate]: start.route,
            [ATTR_SERVER_ADDRESS]: server.address,
            [ATTR_SERVER_PORT]: server.port,
            [ATTR.attempt]: start.attempt,
            ...(start.attempt > 0 ? { [ATTR_HTTP_REQUEST_RESEND_COUNT]: start.attempt } : {}),
          },
        },
        parent,
      );
      const headers: Record<string, string> = {};
      propagator.inject(trace.setSpan(parent, span), headers, defaultTextMapSetter);
      return {
        headers,
        end: ({ status, outcome }: AttemptEnd) => {
          if (status !== undefined) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
          span.setAttribute(ATTR.outcome, outcome);
          if (outcome !== 'ok') {
            span.setAttribute(ATTR_ERROR_TYPE, status !== undefined ? String(status) : outcome);
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
          span.end();
        },
      };
    },
    cache: (archive, event, stats) => {
      if (event !== 'miss') operationSpan(stats)?.addEvent(`cache ${event}`, { [ATTR.archive]: archive });
    },
    budget: (archive, event, stats) => {
      operationSpan(stats)?.addEvent(`budget ${event}`, { [ATTR.archive]: archive });
    },
  };
}

/** Each archive's host and port, from its configured base URL. */
function serversOf(config: Config): Record<ArchiveName, { address: string; port: number }> {
  const server = (base: string) => {
    const url = new URL(base);
    return { address: url.hostname, port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80) };
  };
  return {
    dandi: server(config.dandiApiUrl),
    eegdash: server(config.eegdashApiUrl),
    brainstem: server(config.brainstemApiUrl),
  };
}
