/**
 * createGateway(config): the Yoga server over the Pothos schema, wired to one upstream pool per
 * archive, with GraphiQL, CORS, liveness (`/health`), readiness (`/ready`) and graceful shutdown.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Config } from './config.ts';
import { createContext, type Context, type NodeServerContext } from './context.ts';
import { createMaskError, createYogaLogging } from './errors.ts';
import { DEFAULT_QUERY } from './graphiql.ts';
import { createUpstreams, type Upstreams } from './http/upstreams.ts';
import { createLogger, type Logger } from './logger.ts';
import { LinkIndex } from './links/link-index.ts';
import { useCostExtensions } from './plugins/cost.ts';
import { useQueryLimits } from './plugins/limits.ts';
import { usePartialErrors } from './plugins/partial-errors.ts';
import { useStaleDataNotes } from './plugins/stale-data.ts';
import { useBodyLimit } from './plugins/body-limit.ts';
import { answerClientErrors, useHttpRefusals } from './plugins/http-refusals.ts';
import { useLiveness, YOGA_HEALTH_CHECK_OFF } from './plugins/liveness.ts';
import { ReadinessProbe, useReadiness } from './plugins/readiness.ts';
import { useCompression, useHttpCaching } from './plugins/http-caching.ts';
import { schema } from './schema.ts';

export interface Gateway {
  yoga: YogaServerInstance<NodeServerContext, Context>;
  server: Server;
  upstreams: Upstreams;
  links: LinkIndex;
  /** The background probe behind `/ready`; `start()` it to probe before anyone asks. */
  readiness: ReadinessProbe;
  /** Starts listening; resolves to the base URL (e.g. `http://127.0.0.1:4000`). */
  listen(): Promise<string>;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes the pools. */
  close(graceMs?: number): Promise<void>;
}

export function createGateway(config: Config, logger: Logger = createLogger(config.logLevel)): Gateway {
  const upstreams = createUpstreams(config, logger);
  const links = new LinkIndex({
    brainstem: upstreams.brainstem,
    logger,
    refreshMs: config.linkIndexRefreshMs,
    dandiApiOrigins: [new URL(config.dandiApiUrl).origin],
    dandiWebOrigins: [new URL(config.dandiWebUrl).origin],
  });
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
      allowedHeaders: ['content-type', 'x-dandi-api-key', 'x-eegdash-token', 'x-brainstem-token'],
      methods: ['GET', 'POST', 'OPTIONS'],
      maxAge: 600,
    },
    maskedErrors: { maskError: createMaskError(logger) },
    logging: createYogaLogging(logger),
    plugins: [
      useLiveness(),
      useReadiness(readiness),
      useHttpRefusals({ graphqlEndpoint: '/graphql', paths: ['/health', '/ready'] }),
      useBodyLimit(config.maxBodyBytes),
      useQueryLimits({ maxOperationCost: config.maxOperationCost }),
      usePartialErrors(),
      useStaleDataNotes(),
      ...(config.costExtensions ? [useCostExtensions()] : []),
      // Last two, in this order: caching headers and 304s from the uncompressed body, then gzip/br
      // (useCompression stands in for @whatwg-node/server's useContentEncoding: see its comment).
      useHttpCaching(),
      useCompression(),
    ],
  });

  const server = createServer(yoga);
  server.keepAliveTimeout = 65_000; // longer than common load-balancer idle timeouts
  answerClientErrors(server);

  return {
    yoga,
    server,
    upstreams,
    links,
    readiness,
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
    },
  };
}
