/**
 * The one typed configuration object. Every environment variable and command-line flag is read
 * here and nowhere else; a flag wins over its environment variable, which wins over the default.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { ArchiveName } from './http/archive-error.ts';
import type { LogLevel } from './logger.ts';
import type { LogFormat } from './observability/access-log.ts';
import { type Manifest, readManifest } from './plugins/persisted-manifest.ts';

export interface Config {
  port: number;
  host: string;
  dandiApiUrl: string;
  /** The web UI of the same DANDI instance: `url` fields link to it and the link parser knows it. */
  dandiWebUrl: string;
  eegdashApiUrl: string;
  brainstemApiUrl: string;
  upstream: {
    timeoutMs: number;
    connections: number;
    maxRetries: number;
    retryBaseDelayMs: number;
    retryMaxDelayMs: number;
    retryBudgetMs: number;
    /** Longest wait for a free connection before a request is given up unsent (ARCHIVE_BUSY). */
    queueTimeoutMs: number;
    /** Most upstream requests (retries included) one operation may send, all archives together. */
    maxRequestsPerOperation: number;
  };
  /** The shared upstream cache: what each archive promises, and how much memory it may take. */
  cache: {
    enabled: boolean;
    maxBytes: number;
    publishedTtlMs: number;
    ttlMs: Record<ArchiveName, number>;
    staleWhileRevalidateMs: number;
    staleIfErrorMs: number;
  };
  /** The GraphQL response cache in front of execution (complete query answers, per scope). */
  responseCache: { enabled: boolean; maxBytes: number };
  /** Per-archive request budgets (requests per minute; 0: none) and the longest wait for a token. */
  budgets: { perMinute: Record<ArchiveName, number>; waitMs: number };
  /** Redis shared by every instance for the cache, single flight and budgets; undefined: in memory. */
  redisUrl: string | undefined;
  /** An operation's own deadline (ms): past it, its upstream calls are aborted (DEADLINE_EXCEEDED). */
  requestDeadlineMs: number;
  corsOrigin: string;
  /** Largest request body accepted (bytes); larger ones are refused with 413 before parsing. */
  maxBodyBytes: number;
  /** Most bytes of files in one multipart (upload) request; past it 413 PAYLOAD_TOO_LARGE, nothing more read. */
  maxUploadBytes: number;
  /** The dandi-etag part size the gateway assumes (DANDI's: 64 MiB); another only against a replica with small parts. */
  dandiEtagPartBytes: number;
  /** How often the background probe behind `/ready` asks each archive (ms). */
  readyProbeIntervalMs: number;
  graphiql: boolean;
  /** Adds per-archive upstream request counts and wait times to every response's `extensions`. */
  costExtensions: boolean;
  /** Largest estimated upstream cost of one operation; dearer ones are refused before they run. */
  maxOperationCost: number;
  /** Executes operations with graphql-jit (compiled per document) instead of graphql-js's interpreter. */
  graphqlJit: boolean;
  /** Background refresh period of the BrainSTEM link index (ms); 0: only on demand and first use. */
  linkIndexRefreshMs: number;
  /**
   * Processes serving the port (node:cluster; 1: this process alone). Without Redis each worker
   * has its own budgets, so `budgets.perMinute` is already each worker's share.
   */
  workers: number;
  /** OpenTelemetry traces; `endpoint` undefined: off, and nothing of the SDK is built. */
  tracing: {
    /** OTLP/HTTP base URL (spans go to `${endpoint}/v1/traces`). */
    endpoint: string | undefined;
    serviceName: string;
    /** Longest a finished span waits in the batch before it is exported (ms). */
    batchDelayMs: number;
  };
  /** Trusted documents: the manifest's documents by id (undefined: none), and whether only they run. */
  persistedDocuments: { path: string | undefined; manifest: Manifest | undefined; only: boolean };
  /** Prometheus metrics on `GET /metrics`. */
  metrics: boolean;
  logLevel: LogLevel;
  /** Access lines as JSON (one per line) or pretty-printed for people (the demo). */
  logFormat: LogFormat;
}

interface Setting {
  env: string;
  flag: string;
  default: string;
  description: string;
}

/** The table the README documents; the names are stable (scripts and docs depend on them). */
export const SETTINGS = {
  port: { env: 'PORT', flag: 'port', default: '4000', description: 'Port the gateway listens on' },
  host: { env: 'HOST', flag: 'host', default: '0.0.0.0', description: 'Interface the gateway binds to' },
  dandiApiUrl: {
    env: 'DANDI_API_URL',
    flag: 'dandi-api-url',
    default: 'https://api.dandiarchive.org/api',
    description: 'DANDI Archive API base URL',
  },
  dandiWebUrl: {
    env: 'DANDI_WEB_URL',
    flag: 'dandi-web-url',
    default: 'https://dandiarchive.org',
    description:
      "DANDI web UI paired with DANDI_API_URL (default: the known instance's UI, as dandi-cli pairs them, else dandiarchive.org)",
  },
  eegdashApiUrl: {
    env: 'EEGDASH_API_URL',
    flag: 'eegdash-api-url',
    default: 'https://data.eegdash.org',
    description: 'EEGDash API base URL',
  },
  brainstemApiUrl: {
    env: 'BRAINSTEM_API_URL',
    flag: 'brainstem-api-url',
    default: 'https://www.brainstem.org/api',
    description: 'BrainSTEM API base URL',
  },
  timeoutMs: {
    env: 'UPSTREAM_TIMEOUT_MS',
    flag: 'upstream-timeout-ms',
    default: '15000',
    description: 'Per-attempt limit for one upstream request (ms), from when it is written',
  },
  connections: {
    env: 'UPSTREAM_CONNECTIONS',
    flag: 'upstream-connections',
    // bench/cpu.ts "pool" (fan-out query, 50 ms per request, budgets off): one query takes the
    // same 171–175 ms at 16, 32 or 64; 32 clients get 15.6, 30.9 and 57.5 queries/s. With the
    // budgets on (DANDI 300/min) the rate is bounded anyway, so 32: bursts twice 16's, half the
    // sockets of 64 held open on a small archive from one IP.
    default: '32',
    description: 'Most concurrent connections to each archive',
  },
  maxRetries: {
    env: 'UPSTREAM_MAX_RETRIES',
    flag: 'upstream-max-retries',
    default: '3',
    description: 'Retries of a failed GET (429, 500, 502, 503, 504, network errors)',
  },
  retryBaseDelayMs: {
    env: 'UPSTREAM_RETRY_BASE_MS',
    flag: 'upstream-retry-base-ms',
    default: '250',
    description: 'First backoff step (ms); doubles per retry, with jitter',
  },
  retryMaxDelayMs: {
    env: 'UPSTREAM_RETRY_MAX_DELAY_MS',
    flag: 'upstream-retry-max-delay-ms',
    default: '10000',
    description: 'Longest single wait, Retry-After included (ms)',
  },
  retryBudgetMs: {
    env: 'UPSTREAM_RETRY_BUDGET_MS',
    flag: 'upstream-retry-budget-ms',
    default: '20000',
    description: 'Longest total wait across the retries of one request (ms)',
  },
  queueTimeoutMs: {
    env: 'UPSTREAM_QUEUE_TIMEOUT_MS',
    flag: 'upstream-queue-timeout-ms',
    default: '10000',
    description: 'Longest wait for a free connection to an archive (ms); then ARCHIVE_BUSY, nothing sent',
  },
  maxRequestsPerOperation: {
    env: 'MAX_UPSTREAM_REQUESTS_PER_OPERATION',
    flag: 'max-upstream-requests-per-operation',
    default: '500',
    description: 'Most upstream requests one operation may send (retries included); then UPSTREAM_BUDGET_EXCEEDED',
  },
  requestDeadlineMs: {
    env: 'REQUEST_DEADLINE_MS',
    flag: 'request-deadline-ms',
    default: '30000',
    description: "An operation's own deadline (ms); then its upstream calls are aborted with DEADLINE_EXCEEDED",
  },
  cache: {
    env: 'CACHE',
    flag: 'cache',
    default: 'on',
    description: 'The shared upstream response cache: on or off',
  },
  responseCache: {
    env: 'RESPONSE_CACHE',
    flag: 'response-cache',
    default: 'on',
    description:
      'The GraphQL response cache for identical queries (only complete answers, as long as their parts stay fresh)',
  },
  responseCacheMaxBytes: {
    env: 'RESPONSE_CACHE_MAX_BYTES',
    flag: 'response-cache-max-bytes',
    default: '67108864',
    description: 'Most memory the GraphQL response cache holds (bytes)',
  },
  cacheMaxBytes: {
    env: 'CACHE_MAX_BYTES',
    flag: 'cache-max-bytes',
    default: '268435456',
    description: 'Most memory the in-process cache holds (bytes; least recently used answers go first)',
  },
  cachePublishedTtlMs: {
    env: 'CACHE_PUBLISHED_TTL_MS',
    flag: 'cache-published-ttl-ms',
    default: '86400000',
    description: 'Freshness of published DANDI versions, their assets and asset metadata (ms): they never change',
  },
  dandiCacheTtlMs: {
    env: 'DANDI_CACHE_TTL_MS',
    flag: 'dandi-cache-ttl-ms',
    default: '60000',
    description: 'Freshness of other DANDI reads: drafts, lists, counts, Zarr listings (ms)',
  },
  eegdashCacheTtlMs: {
    env: 'EEGDASH_CACHE_TTL_MS',
    flag: 'eegdash-cache-ttl-ms',
    default: '60000',
    description: 'Freshness of EEGDash reads (ms)',
  },
  brainstemCacheTtlMs: {
    env: 'BRAINSTEM_CACHE_TTL_MS',
    flag: 'brainstem-cache-ttl-ms',
    default: '60000',
    description: 'Freshness of BrainSTEM reads (ms)',
  },
  cacheStaleWhileRevalidateMs: {
    env: 'CACHE_STALE_WHILE_REVALIDATE_MS',
    flag: 'cache-stale-while-revalidate-ms',
    default: '300000',
    description: 'Past freshness, how long an answer is still served while one background refresh runs (ms)',
  },
  cacheStaleIfErrorMs: {
    env: 'CACHE_STALE_IF_ERROR_MS',
    flag: 'cache-stale-if-error-ms',
    default: '86400000',
    description: 'Oldest cached answer served (with a note) when its archive is down, rate-limited or blocked (ms)',
  },
  eegdashBudget: {
    env: 'EEGDASH_REQUESTS_PER_MINUTE',
    flag: 'eegdash-requests-per-minute',
    default: '50',
    description: 'Request budget for EEGDash, whose limit is 100/min per IP (0: none)',
  },
  dandiBudget: {
    env: 'DANDI_REQUESTS_PER_MINUTE',
    flag: 'dandi-requests-per-minute',
    default: '300',
    description: 'Request budget for the DANDI Archive (0: none)',
  },
  brainstemBudget: {
    env: 'BRAINSTEM_REQUESTS_PER_MINUTE',
    flag: 'brainstem-requests-per-minute',
    default: '120',
    description: 'Request budget for BrainSTEM (0: none)',
  },
  budgetWaitMs: {
    env: 'UPSTREAM_BUDGET_WAIT_MS',
    flag: 'upstream-budget-wait-ms',
    default: '2000',
    description: 'Longest wait for a budget token (ms); then a stale answer, else ARCHIVE_RATE_LIMITED, nothing sent',
  },
  redisUrl: {
    env: 'REDIS_URL',
    flag: 'redis-url',
    default: '',
    description: 'Redis shared by all instances for the cache, single flight and budgets (empty: in memory)',
  },
  corsOrigin: {
    env: 'CORS_ORIGIN',
    flag: 'cors-origin',
    default: '*',
    description: 'Allowed browser origin(s), comma-separated; `*` (any origin) never comes with credentials',
  },
  maxBodyBytes: {
    env: 'MAX_BODY_BYTES',
    flag: 'max-body-bytes',
    default: '1048576',
    description: 'Largest request body accepted (bytes); larger ones get 413 PAYLOAD_TOO_LARGE',
  },
  maxUploadBytes: {
    env: 'MAX_UPLOAD_BYTES',
    flag: 'max-upload-bytes',
    // 5 GiB: S3's largest single part and more than most NWB files; each upload in flight may take
    // this much temporary disk. Larger files go straight to DANDI's storage with startUpload.
    default: '5368709120',
    description:
      'Most bytes of files in one multipart GraphQL request (uploadAsset), spooled to temporary disk; more gets 413 PAYLOAD_TOO_LARGE. Larger files: startUpload',
  },
  dandiEtagPartBytes: {
    env: 'DANDI_ETAG_PART_BYTES',
    flag: 'dandi-etag-part-bytes',
    default: '67108864',
    description:
      "Part size of DANDI's dandi-etag digest (64 MiB, as on DANDI); change it only for a replica started with smaller parts (tests)",
  },
  readyProbeIntervalMs: {
    env: 'READY_PROBE_INTERVAL_MS',
    flag: 'ready-probe-interval-ms',
    default: '5000',
    description: 'How often each archive is probed for /ready (ms); /ready answers from the last probe',
  },
  graphiql: { env: 'GRAPHIQL', flag: 'graphiql', default: 'true', description: 'Serve GraphiQL on GET /graphql' },
  costExtensions: {
    env: 'COST_EXTENSIONS',
    flag: 'cost-extensions',
    default: 'false',
    description: 'Report upstream requests and wait time per archive in `extensions.cost`',
  },
  maxOperationCost: {
    env: 'MAX_OPERATION_COST',
    flag: 'max-operation-cost',
    default: '10000',
    description: 'Largest estimated cost (upstream requests) of one operation; dearer ones get BAD_USER_INPUT unrun',
  },
  graphqlJit: {
    env: 'GRAPHQL_JIT',
    flag: 'graphql-jit',
    default: 'false',
    description:
      'Execute with graphql-jit (each document compiled once) instead of the interpreter; @defer/@stream always interpreted. Off by default: it coerces variables unlike graphql-js (see src/plugins/jit.ts)',
  },
  linkIndexRefreshMs: {
    env: 'LINK_INDEX_REFRESH_MS',
    flag: 'link-index-refresh-ms',
    default: '600000',
    description:
      'How often the index of BrainSTEM sessions citing dandisets/datasets is rebuilt (ms); 0 = on demand only',
  },
  workers: {
    env: 'WORKERS',
    flag: 'workers',
    default: '1',
    description:
      'Processes sharing the port (node:cluster), restarted on crash; auto: one per available core. Without REDIS_URL each has its own cache and 1/N of each budget',
  },
  otelEndpoint: {
    env: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    flag: 'otel-exporter-otlp-endpoint',
    default: '',
    description: 'OTLP/HTTP collector base URL for traces (spans to <url>/v1/traces); empty: no tracing, at no cost',
  },
  otelServiceName: {
    env: 'OTEL_SERVICE_NAME',
    flag: 'otel-service-name',
    default: 'neuroarchive-gateway',
    description: "The traces' service.name",
  },
  otelBatchDelayMs: {
    env: 'OTEL_BSP_SCHEDULE_DELAY',
    flag: 'otel-bsp-schedule-delay',
    default: '5000',
    description: 'Longest a finished span waits before it is exported with its batch (ms)',
  },
  persistedDocuments: {
    env: 'PERSISTED_DOCUMENTS',
    flag: 'persisted-documents',
    default: '',
    description: 'Manifest of trusted documents, JSON { "<id>": "<document>" } (codegen client preset); empty: none',
  },
  persistedDocumentsOnly: {
    env: 'PERSISTED_DOCUMENTS_ONLY',
    flag: 'persisted-documents-only',
    default: 'false',
    description: 'Run only documents of the PERSISTED_DOCUMENTS manifest, sent by id; others get PERSISTED_QUERY_ONLY',
  },
  metrics: {
    env: 'METRICS',
    flag: 'metrics',
    default: 'true',
    description: 'Serve Prometheus metrics on GET /metrics',
  },
  logLevel: { env: 'LOG_LEVEL', flag: 'log-level', default: 'info', description: 'debug, info, warn, error or silent' },
  logFormat: {
    env: 'LOG_FORMAT',
    flag: 'log-format',
    default: 'json',
    description: 'Access log lines: json (one object per line) or pretty (for people; the demo)',
  },
} satisfies Record<string, Setting>;

type Key = keyof typeof SETTINGS;

/**
 * API and web UI of the known DANDI instances (dandi-cli's `known_instances`), so an API URL
 * of one of them brings its own web UI when DANDI_WEB_URL is not set.
 */
export const DANDI_INSTANCES: readonly { name: string; api: string; web: string }[] = [
  { name: 'dandi', api: 'https://api.dandiarchive.org/api', web: 'https://dandiarchive.org' },
  { name: 'dandi-sandbox', api: 'https://api.sandbox.dandiarchive.org/api', web: 'https://sandbox.dandiarchive.org' },
  { name: 'linc', api: 'https://api.lincbrain.org/api', web: 'https://lincbrain.org' },
  { name: 'linc-staging', api: 'https://staging-api.lincbrain.org/api', web: 'https://staging.lincbrain.org' },
  { name: 'ember-dandi', api: 'https://api-dandi.emberarchive.org/api', web: 'https://dandi.emberarchive.org' },
  {
    name: 'ember-dandi-sandbox',
    api: 'https://api-dandi.sandbox.emberarchive.org/api',
    web: 'https://dandi.sandbox.emberarchive.org',
  },
];

/** The web UI paired with a DANDI API URL: its known instance's, else dandiarchive.org. */
export function dandiWebUrlFor(apiUrl: string): string {
  return DANDI_INSTANCES.find((i) => i.api === apiUrl)?.web ?? SETTINGS.dandiWebUrl.default;
}

/** WORKERS: `auto` is one worker per core this process may run on (os.availableParallelism()). */
function workerCount(text: string): number {
  if (text.trim().toLowerCase() === 'auto') return availableParallelism();
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    throw new ConfigError(`WORKERS must be an integer from 1 to 256 or auto, got "${text}"`);
  }
  return n;
}

/** PERSISTED_DOCUMENTS(_ONLY): the manifest is read (and each document parsed) at startup. */
function persistedDocumentsConfig(path: string | undefined, only: boolean): Config['persistedDocuments'] {
  const file = path?.trim() ? path.trim() : undefined;
  if (only && file === undefined) {
    throw new ConfigError(
      'PERSISTED_DOCUMENTS_ONLY=true needs PERSISTED_DOCUMENTS (the manifest of trusted documents)',
    );
  }
  if (file === undefined) return { path: undefined, manifest: undefined, only };
  try {
    return { path: file, manifest: readManifest(file), only };
  } catch (error) {
    throw new ConfigError(`PERSISTED_DOCUMENTS: ${(error as Error).message}`);
  }
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads flags (e.g. `--port 8080`) and environment variables into a validated Config. */
export function loadConfig(argv: string[] = [], env: NodeJS.ProcessEnv = process.env): Config {
  const options = Object.fromEntries(Object.values(SETTINGS).map((s) => [s.flag, { type: 'string' as const }]));
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const flag = /'([^']+)'/.exec(message)?.[1];
    throw new ConfigError(code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag ? `unknown flag ${flag}` : message);
  }
  const given = (key: Key): string | undefined => {
    const s: Setting = SETTINGS[key];
    const flag = flags[s.flag];
    return typeof flag === 'string' ? flag : env[s.env];
  };
  const raw = (key: Key): string => given(key) ?? SETTINGS[key].default;
  const int = (key: Key, min: number, max: number): number => {
    const text = raw(key);
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new ConfigError(`${SETTINGS[key].env} must be an integer from ${min} to ${max}, got "${text}"`);
    }
    return n;
  };
  const bool = (key: Key): boolean => {
    const text = raw(key).toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(text)) return true;
    if (['0', 'false', 'no', 'off'].includes(text)) return false;
    throw new ConfigError(`${SETTINGS[key].env} must be true or false, got "${text}"`);
  };
  const url = (key: Key, fallback?: string): string => {
    const text = given(key) ?? fallback ?? raw(key);
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      throw new ConfigError(`${SETTINGS[key].env} must be an absolute http(s) URL, got "${text}"`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new ConfigError(`${SETTINGS[key].env} must use http or https, got "${text}"`);
    }
    return text.replace(/\/+$/, '');
  };
  const nonEmpty = (key: Key): string => {
    const text = raw(key).trim();
    if (text === '') throw new ConfigError(`${SETTINGS[key].env} must not be empty`);
    return text;
  };
  const logLevel = raw('logLevel') as LogLevel;
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be debug, info, warn, error or silent, got "${logLevel}"`);
  }
  const logFormat = raw('logFormat') as LogFormat;
  if (logFormat !== 'json' && logFormat !== 'pretty') {
    throw new ConfigError(`LOG_FORMAT must be json or pretty, got "${logFormat}"`);
  }
  const redisUrl = (text: string | undefined): string | undefined => {
    if (text === undefined || text.trim() === '') return undefined;
    let parsed: URL | undefined;
    try {
      parsed = new URL(text);
    } catch {}
    if (parsed?.protocol !== 'redis:' && parsed?.protocol !== 'rediss:') {
      throw new ConfigError(
        `REDIS_URL must be a redis:// or rediss:// URL, got "${text.replace(/\/\/[^@/]*@/, '//…@')}"`,
      );
    }
    return text;
  };
  const dandiApiUrl = url('dandiApiUrl');
  const workers = workerCount(raw('workers'));
  const redis = redisUrl(given('redisUrl'));
  // Without Redis every worker keeps its own token buckets: each gets 1/N, so the host as a
  // whole (one client IP to the archives) stays within the configured budget.
  const budget = (key: Key): number => {
    const perMinute = int(key, 0, 1_000_000);
    return perMinute === 0 || workers === 1 || redis !== undefined
      ? perMinute
      : Math.max(1, Math.floor(perMinute / workers));
  };
  return {
    port: int('port', 0, 65_535),
    host: raw('host'),
    dandiApiUrl,
    dandiWebUrl: url('dandiWebUrl', dandiWebUrlFor(dandiApiUrl)),
    eegdashApiUrl: url('eegdashApiUrl'),
    brainstemApiUrl: url('brainstemApiUrl'),
    upstream: {
      timeoutMs: int('timeoutMs', 1, 600_000),
      connections: int('connections', 1, 1_024),
      maxRetries: int('maxRetries', 0, 10),
      retryBaseDelayMs: int('retryBaseDelayMs', 0, 60_000),
      retryMaxDelayMs: int('retryMaxDelayMs', 0, 600_000),
      retryBudgetMs: int('retryBudgetMs', 0, 600_000),
      queueTimeoutMs: int('queueTimeoutMs', 1, 600_000),
      maxRequestsPerOperation: int('maxRequestsPerOperation', 1, 1_000_000),
    },
    cache: {
      enabled: bool('cache'),
      maxBytes: int('cacheMaxBytes', 1_024, 68_719_476_736),
      publishedTtlMs: int('cachePublishedTtlMs', 0, 31_536_000_000),
      ttlMs: {
        dandi: int('dandiCacheTtlMs', 0, 31_536_000_000),
        eegdash: int('eegdashCacheTtlMs', 0, 31_536_000_000),
        brainstem: int('brainstemCacheTtlMs', 0, 31_536_000_000),
      },
      staleWhileRevalidateMs: int('cacheStaleWhileRevalidateMs', 0, 31_536_000_000),
      staleIfErrorMs: int('cacheStaleIfErrorMs', 0, 31_536_000_000),
    },
    responseCache: {
      enabled: bool('responseCache'),
      maxBytes: int('responseCacheMaxBytes', 1_024, 68_719_476_736),
    },
    budgets: {
      perMinute: {
        dandi: budget('dandiBudget'),
        eegdash: budget('eegdashBudget'),
        brainstem: budget('brainstemBudget'),
      },
      waitMs: int('budgetWaitMs', 0, 600_000),
    },
    redisUrl: redis,
    requestDeadlineMs: int('requestDeadlineMs', 1, 3_600_000),
    corsOrigin: raw('corsOrigin'),
    maxBodyBytes: int('maxBodyBytes', 1_024, 1_073_741_824),
    maxUploadBytes: int('maxUploadBytes', 0, 5 * 1024 ** 4),
    dandiEtagPartBytes: int('dandiEtagPartBytes', 1, 5 * 1024 ** 3),
    readyProbeIntervalMs: int('readyProbeIntervalMs', 100, 3_600_000),
    graphiql: bool('graphiql'),
    costExtensions: bool('costExtensions'),
    maxOperationCost: int('maxOperationCost', 1, 1_000_000_000),
    graphqlJit: bool('graphqlJit'),
    linkIndexRefreshMs: int('linkIndexRefreshMs', 0, 86_400_000),
    workers,
    tracing: {
      endpoint: given('otelEndpoint')?.trim() ? url('otelEndpoint') : undefined,
      serviceName: nonEmpty('otelServiceName'),
      batchDelayMs: int('otelBatchDelayMs', 1, 600_000),
    },
    persistedDocuments: persistedDocumentsConfig(given('persistedDocuments'), bool('persistedDocumentsOnly')),
    metrics: bool('metrics'),
    logLevel,
    logFormat,
  };
}
