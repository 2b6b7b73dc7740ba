/**
 * createGateway(config): the Yoga server over the Pothos schema, wired to one upstream pool per
 * archive, with GraphiQL, CORS, liveness (`/health`), readiness (`/ready`), Prometheus metrics
 * (`/metrics`), one access log line per request, and graceful shutdown.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Config } from './config.ts';
import { createContext, type Context, type NodeServerContext } from './context.ts';
import { createMaskError, createYogaLogging } from './errors.ts';
import { DEFAULT_QUERY } from './graphiql.ts';
import { combineEvents, type UpstreamEvents } from './http/events.ts';
import { createUpstreams, type Upstreams } from './http/upstreams.ts';
import { createTracing, type Tracing } from './observability/tracing.ts';
import { AccessLog, createAccessLogger } from './observability/access-log.ts';
import { GatewayMetrics } from './observability/metrics.ts';
import type { DestinationStream } from 'pino';
import { createLogger, type Logger } from './logger.ts';
import { LinkIndex } from './links/link-index.ts';
import { useCostExtensions } from './plugins/cost.ts';
import { useJit } from './plugins/jit.ts';
import { useQueryLimits } from './plugins/limits.ts';
import { usePartialErrors } from './plugins/partial-errors.ts';
import { useResponseCache } from './plugins/response-cache.ts';
import { useStaleDataNotes } from './plugins/stale-data.ts';
import { useBodyLimit } from './plugins/body-limit.ts';
import { useUploads } from './plugins/upload.ts';
import { StreamingDandiEtag } from '../datasources/dandi-etag.ts';
import { answerClientErrors, useHttpRefusals } from './plugins/http-refusals.ts';
import { useLiveness, YOGA_HEALTH_CHECK_OFF } from './plugins/liveness.ts';
import { ReadinessProbe, useReadiness } from './plugins/readiness.ts';
import { useCompression, useHttpCaching } from './plugins/http-caching.ts';
import { useDeferAndStream } from './plugins/defer-stream.ts';
import { usePersistedDocuments } from './plugins/persisted-documents.ts';
import { type StaticSite, useStaticSites } from './plugins/static-example.ts';
import { schema } from './schema.ts';

export interface Gateway {
  yoga: YogaServerInstance<NodeServerContext, Context>;
  server: Server;
  upstreams: Upstreams;
  links: LinkIndex;
  /** The background probe behind `/ready`; `start()` it to probe before anyone asks. */
  readiness: ReadinessProbe;
  /** OpenTelemetry traces; undefined when OTEL_EXPORTER_OTLP_ENDPOINT is not set (nothing built). */
  tracing: Tracing | undefined;
  /** Prometheus metrics (served on `/metrics`); undefined with METRICS=false. */
  metrics: GatewayMetrics | undefined;
  /** Starts listening; resolves to the base URL (e.g. `http://127.0.0.1:4000`). */
  listen(): Promise<string>;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes the pools. */
  close(graceMs?: number): Promise<void>;
}

/** Wiring that is not an operator's setting: what only the demo (or a test) turns on. */
export interface GatewayOptions {
  /** Static pages served on the gateway's origin (the demo serves examples/dashboard); none by default. */
  staticSites?: readonly StaticSite[];
  /** Where access log lines go (stdout by default); a test passes a stream and reads it back. */
  accessLog?: DestinationStream;
}

export function createGateway(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
  options: GatewayOptions = {},
): Gateway {
  // What the HTTP layer's work is told to (traces, metrics); none: no hooks at all.
  const observers: UpstreamEvents[] = [];
  const tracing = createTracing(config);
  if (tracing) observers.push(tracing.events);
  const metrics = config.metrics ? new GatewayMetrics() : undefined;
  if (metrics) observers.push(metrics.events);
  const accessLog = new AccessLog(
    createAccessLogger({ level: config.logLevel, format: config.logFormat, destination: options.accessLog }),
  );
  const upstreams = createUpstreams(config, logger, observers.length ? combineEvents(observers) : undefined);
  const links = new LinkIndex({
    brainstem: upstreams.brainstem,
    logger,
    refreshMs: config.linkIndexRefreshMs,
    dandiApiOrigins: [new URL(config.dandiApiUrl).origin],
    dandiWebOrigins: [new URL(config.dandiWebUrl).origin],
  });
  metrics?.watchLinkIndex(links);
  const readiness = new ReadinessProbe(upstreams, config.readyProbeIntervalMs);
  const origins = config.corsOrigin
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  // Any origin may call, but then never with the browser's cookies or HTTP auth: credentials are
  // allowed only for origins named one by one (the matching one is echoed).
  const anyOrigin = origins.length === 0 || origins.includes('*');

  const yoga = createYoga<NodeServerContext, Context>({
    schema,
    context: ({ request, res }) =>
      createContext(upstreams, links, request, {
        res,
        deadlineMs: config.requestDeadlineMs,
        maxUpstreamRequests: config.upstream.maxRequestsPerOperation,
        dandiWebUrl: config.dandiWebUrl,
        dandiEtagPartBytes: config.dandiEtagPartBytes,
      }),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: YOGA_HEALTH_CHECK_OFF, // useLiveness serves `/health`, on that path only
    maxRequestBodySize: false, // useBodyLimit bounds bodies, with its own code
    landingPage: false,
    graphiql: config.graphiql ? { title: 'Neuroarchive Gateway', defaultQuery: DEFAULT_QUERY } : false,
    // GraphiQL's scripts and styles are served by the gateway itself: it works offline.
    renderGraphiQL,
    cors: {
      origin: anyOrigin ? '*' : origins,
      credentials: !anyOrigin,
      // traceparent/tracestate: a browser app that traces its requests may send them cross-origin.
      allowedHeaders: [
        'content-type',
        'x-dandi-api-key',
        'x-eegdash-token',
        'x-brainstem-token',
        'traceparent',
        'tracestate',
        'x-request-id',
      ],
      // A browser app may read the id its request was logged under (and quote it in a bug report).
      exposedHeaders: ['x-request-id'],
      methods: ['GET', 'POST', 'OPTIONS'],
      maxAge: 600,
    },
    maskedErrors: { maskError: createMaskError(logger) },
    logging: createYogaLogging(logger),
    plugins: [
      // First: its operation span encloses every other plugin's work on the operation.
      ...(tracing ? [tracing.plugin] : []),
      ...(options.staticSites?.length ? [useStaticSites(options.staticSites)] : []),
      useLiveness(),
      ...(metrics ? [metrics.endpoint()] : []), // like /health: answered before any GraphQL plugin
      useReadiness(readiness),
      useHttpRefusals({ graphqlEndpoint: '/graphql', paths: ['/health', '/ready', ...(metrics ? ['/metrics'] : [])] }),
      // Multipart (file upload) requests are streamed to disk by useUploads; the rest are bounded by useBodyLimit.
      useUploads(
        {
          maxFileBytes: config.maxUploadBytes,
          maxFieldBytes: config.maxBodyBytes,
          digests: { dandiEtag: () => new StreamingDandiEtag(config.dandiEtagPartBytes) },
        },
        useBodyLimit(config.maxBodyBytes),
      ),
      // Before the plugins that may answer early (trusted documents, limits): their answers count too.
      ...(metrics ? [metrics.plugin()] : []),
      accessLog.plugin(),
      usePersistedDocuments(config.persistedDocuments),
      useQueryLimits({ maxOperationCost: config.maxOperationCost }),
      useDeferAndStream(createMaskError(logger)),
      ...(config.graphqlJit ? [useJit()] : []),
      usePartialErrors(),
      useStaleDataNotes(),
      ...(config.costExtensions ? [useCostExtensions()] : []),
      // Last two, in this order: caching headers and 304s from the uncompressed body, then gzip/br
      // (useCompression stands in for @whatwg-node/server's useContentEncoding: see its comment).
      useHttpCaching(),
      useCompression(),
      // Last of the execute hooks: on a hit the others above still see the request.
      ...(config.responseCache.enabled ? [useResponseCache({ maxBytes: config.responseCache.maxBytes })] : []),
    ],
  });

  const server = createServer(accessLog.handler(yoga));
  server.keepAliveTimeout = 65_000; // longer than common load-balancer idle timeouts
  answerClientErrors(server);

  return {
    yoga,
    server,
    upstreams,
    links,
    readiness,
    tracing,
    metrics,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          links.schedule();
          const { port } = server.address() as AddressInfo;
          const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
          resolve(`http://${host}:${port}`);
        });
      }),
    close: async (graceMs = 10_000) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
      links.stop();
      readiness.stop();
      await upstreams.close();
      await tracing?.shutdown(); // exports the spans still batched
    },
  };
}
