/**
 * Prometheus metrics, in a Registry of the gateway's own (not prom-client's global one, so two
 * gateways in one process, as in the tests, never mix their series): operations by name and
 * type, GraphQL errors by code, every upstream attempt by archive, method, route and status,
 * retries, timeouts, waits for a connection, what the cache and the budgets did, the link
 * index's age, and Node's process metrics. Served on `GET /metrics`.
 *
 * Every label is bounded: routes are URL templates (`routeOf`), operation names must look like
 * GraphQL names and only the first MAX_OPERATION_NAMES distinct ones get a series of their own,
 * error codes must look like codes. No label ever holds an id, a token or a variable's value.
 * The hooks only count (a map lookup and an add per event): the work happens when scraped.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Plugin } from 'graphql-yoga';
import type { ArchiveName } from '../http/archive-error.ts';
import type { UpstreamEvents } from '../http/events.ts';
import type { LinkIndexStatus } from '../links/link-index.ts';
import { refusal } from '../plugins/http-refusals.ts';
import { clusterScrape } from './cluster-metrics.ts';
import { collectErrorCodes, observeResult, operationOf } from './operation.ts';

/** Distinct operation names with a series of their own; later ones are counted as `other`. */
export const MAX_OPERATION_NAMES = 200;
/** Distinct upstream routes with a series of their own (routeOf already bounds them; this is the backstop). */
const MAX_ROUTES = 200;
/** Distinct error codes with a series of their own. */
const MAX_ERROR_CODES = 100;

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/** Seconds; operations and upstream requests both span from a cache hit to a slow archive. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Waits for a free connection are usually none at all. */
const QUEUE_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

/**
 * A label whose values are kept to the first `max` distinct ones; any later one is `fallback`.
 * Why: a label value is a time series for as long as the process lives, and a client choosing
 * values (operation names) could otherwise grow the scrape without bound.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(
    private readonly max: number,
    private readonly fallback: string,
  ) {}

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return this.fallback;
    this.seen.add(value);
    return value;
  }
}

/** The gateway's metrics: an UpstreamEvents observer, a Yoga plugin per operation, and `/metrics`. */
export class GatewayMetrics {
  readonly registry = new Registry();
  /** Give it to createUpstreams (alone or with other observers, through combineEvents). */
  readonly events: UpstreamEvents;

  private readonly operationNames = new BoundedLabel(MAX_OPERATION_NAMES, 'other');
  private readonly routes = new BoundedLabel(MAX_ROUTES, 'other');
  private readonly errorCodes = new BoundedLabel(MAX_ERROR_CODES, 'OTHER');
  private linkIndex: { status(): LinkIndexStatus } | undefined;
  private readonly createdAt = Date.now();

  private readonly operationDuration: Histogram<'operation_name' | 'operation_type'>;
  private readonly graphqlErrors: Counter<'code'>;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.operationDuration = new Histogram({
      name: 'graphql_operation_duration_seconds',
      help: 'GraphQL operations, from their parameters to their complete answer (a stream: its end)',
      labelNames: ['operation_name', 'operation_type'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.graphqlErrors = new Counter({
      name: 'graphql_errors_total',
      help: 'Errors in GraphQL answers (partial results included), by extensions.code',
      labelNames: ['code'],
      registers,
    });
    const upstreamDuration = new Histogram({
      name: 'upstream_request_duration_seconds',
      help: 'Upstream attempts, from written to answered; status is the HTTP status, else the outcome',
      labelNames: ['archive', 'method', 'route', 'status'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    const upstreamRequests = new Counter({
      name: 'upstream_requests_total',
      help: 'Upstream attempts (retries included) by HTTP status (else the outcome) and outcome',
      labelNames: ['archive', 'method', 'status', 'outcome'],
      registers,
    });
    const retries = new Counter({
      name: 'upstream_retries_total',
      help: 'Upstream attempts that were retries',
      labelNames: ['archive'],
      registers,
    });
    const timeouts = new Counter({
      name: 'upstream_timeouts_total',
      help: 'Upstream attempts that got no answer within UPSTREAM_TIMEOUT_MS',
      labelNames: ['archive'],
      registers,
    });
    const queueWait = new Histogram({
      name: 'upstream_queue_wait_seconds',
      help: 'Waits for a free connection to the archive (UPSTREAM_CONNECTIONS)',
      labelNames: ['archive'],
      buckets: QUEUE_BUCKETS,
      registers,
    });
    const cacheEvents = new Counter({
      name: 'upstream_cache_events_total',
      help: 'Upstream cache reads: hit, revalidating (stale, refreshed in the background), stale_if_error, coalesced, miss',
      labelNames: ['archive', 'event'],
      registers,
    });
    const budgetEvents = new Counter({
      name: 'upstream_budget_events_total',
      help: 'Request budget: wait (a request waited for a token), denied (refused unsent), paused (the archive said 429 or blocked)',
      labelNames: ['archive', 'event'],
      registers,
    });
    const metrics = this;
    new Gauge({
      name: 'link_index_age_seconds',
      help: 'Age of the BrainSTEM link index; before its first build, how long the gateway has been without one',
      registers,
      // Each worker has its own index: across a cluster, the oldest one.
      aggregator: 'max',
      collect() {
        const builtAt = metrics.linkIndex?.status().builtAt?.getTime() ?? metrics.createdAt;
        this.set((Date.now() - builtAt) / 1000);
      },
    });
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });

    this.events = {
      attempt: ({ archive, method, route, attempt }) => {
        const started = performance.now();
        if (attempt > 0) retries.inc({ archive });
        const bounded = this.routes.of(route);
        return {
          end: ({ status, outcome }) => {
            const code = status === undefined ? outcome : String(status);
            upstreamDuration.observe(
              { archive, method, route: bounded, status: code },
              (performance.now() - started) / 1000,
            );
            upstreamRequests.inc({ archive, method, status: code, outcome });
            if (outcome === 'timeout') timeouts.inc({ archive });
          },
        };
      },
      queued: (archive: ArchiveName, ms: number) => queueWait.observe({ archive }, ms / 1000),
      budget: (archive, event) => budgetEvents.inc({ archive, event }),
      cache: (archive, event) => cacheEvents.inc({ archive, event }),
    };
  }

  /** Reads the index's age when scraped (the index is built after the upstreams it reads through). */
  watchLinkIndex(links: { status(): LinkIndexStatus }): void {
    this.linkIndex = links;
  }

  /** The exposition: the whole cluster's when this is a worker of one (`WORKERS` > 1), else this registry's. */
  private readonly scrape = clusterScrape(this.registry) ?? (() => this.registry.metrics());

  /** The bounded `operation_name` label of a client's operation name. */
  operationLabel(name: string | undefined): string {
    return name !== undefined && OPERATION_NAME.test(name) ? this.operationNames.of(name) : 'anonymous';
  }

  /** The bounded `code` label of an error code. */
  codeLabel(code: string): string {
    return ERROR_CODE.test(code) ? this.errorCodes.of(code) : 'OTHER';
  }

  /**
   * The Yoga plugin that times each operation and counts its errors. It reads the result as
   * Yoga is about to send it (errors masked and coded, partial errors added), so the codes are
   * the ones clients see, refusals before execution (validation, limits) included.
   */
  plugin(): Plugin {
    const operations = new WeakMap<Request, { started: number; name?: string; type?: string }>();
    return {
      onParams: ({ request, params }) => {
        operations.set(request, { started: performance.now(), name: params.operationName ?? undefined });
      },
      onValidate: ({ context, params }) => {
        const seen = operations.get(context.request);
        if (!seen) return;
        const { name, type } = operationOf(params.documentAST, context.params?.operationName);
        seen.name = name;
        seen.type = type;
      },
      onResultProcess: ({ request, result, setResult }) => {
        const seen = operations.get(request);
        if (!seen) return;
        operations.delete(request);
        const labels = { operation_name: this.operationLabel(seen.name), operation_type: seen.type ?? 'unknown' };
        const codes: string[] = [];
        const each = (payload: unknown) => {
          collectErrorCodes(payload, codes);
          for (const code of codes) this.graphqlErrors.inc({ code: this.codeLabel(code) });
          codes.length = 0;
        };
        const done = () => this.operationDuration.observe(labels, (performance.now() - seen.started) / 1000);
        const observed = observeResult(result, each, done);
        if (observed !== result) setResult(observed);
      },
    };
  }

  /**
   * `GET /metrics` in Prometheus' text format, answered before any GraphQL plugin runs (as
   * `/health` is): a scrape never counts as an operation nor reads an archive.
   */
  endpoint(path = '/metrics'): Plugin {
    return {
      onRequest: ({ url, request, endResponse }) => {
        if (url.pathname !== path) return;
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          endResponse(
            refusal(
              405,
              `${request.method.slice(0, 20)} is not supported: use GET`,
              { allowed: ['GET'] },
              { allow: 'GET, HEAD' },
            ),
          );
          return;
        }
        return this.scrape().then((text) => {
          endResponse(
            new Response(text, {
              status: 200,
              headers: { 'content-type': this.registry.contentType, 'cache-control': 'no-store' },
            }),
          );
        });
      },
    };
  }
}
