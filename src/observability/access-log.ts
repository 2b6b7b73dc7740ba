/**
 * Access logs: one pino line per HTTP request to the gateway (GraphQL and every other path), at
 * `info`, written when the response is done: request id, method, path, status, duration, the
 * operation's name and type, upstream requests and cache hits per archive, and the error codes
 * of the answer. The request id is the client's `X-Request-Id` when it is a sane token, else a
 * new UUID, and is returned in the `X-Request-Id` response header either way.
 *
 * Never in a line: a header's value (the archive credentials, `Authorization`, `Cookie`), the
 * query string (GET requests carry their variables there), the query text or a variable value.
 * The line is built from the fields named here, never from the request as a whole.
 *
 * `LOG_FORMAT=pretty` prints the lines for people (pino-pretty, a devDependency: the demo has it).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { Plugin } from 'graphql-yoga';
import { type DestinationStream, type Logger as Pino, pino } from 'pino';
import type { Context } from '../context.ts';
import type { ArchiveName } from '../http/archive-error.ts';
import type { LogLevel } from '../logger.ts';
import { collectErrorCodes, observeResult, operationOf } from './operation.ts';

/** `LOG_FORMAT`: JSON lines for machines (the default), or pretty lines for people (the demo). */
export type LogFormat = 'json' | 'pretty';

/** A client's request id is kept when it is visible ASCII, 1 to 128 characters; else one is made. */
const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;
const MAX_PATH = 200;
const MAX_NAME = 128;
/** Distinct error codes listed in one line (`errorCount` counts them all). */
const MAX_CODES = 20;

/** The request id to use for a request: the client's, when sane, else a new UUID. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

export interface AccessLoggerOptions {
  level: LogLevel;
  format: LogFormat;
  /** Where the lines go: stdout by default (tests pass a stream and read it back). */
  destination?: DestinationStream;
}

/**
 * The pino logger access lines go through. JSON lines are shaped as src/logger.ts's (`time` in
 * ISO 8601, `level` by name, `msg`), so one parser reads both.
 */
export function createAccessLogger({ level, format, destination }: AccessLoggerOptions): Pino {
  const options = {
    level,
    base: undefined, // no pid and hostname in every line
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (format === 'pretty') return pino(options, prettyStream(destination));
  return destination ? pino(options, destination) : pino(options);
}

/** pino-pretty, loaded only when asked for: production installs may leave devDependencies out. */
function prettyStream(destination: DestinationStream | undefined): DestinationStream {
  let build: (options: Record<string, unknown>) => DestinationStream;
  try {
    build = createRequire(import.meta.url)('pino-pretty');
  } catch {
    throw new Error('LOG_FORMAT=pretty needs pino-pretty, a devDependency: install them, or use LOG_FORMAT=json');
  }
  return build({
    ...(destination ? { destination, colorize: false } : {}),
    translateTime: 'SYS:HH:MM:ss.l',
    singleLine: true,
    ignore: 'pid,hostname,method,path,status,durationMs,operationName,operationType',
    messageFormat:
      '{msg} {method} {path} → {status} in {durationMs} ms{if operationName} ({operationType} {operationName}){end}',
  });
}

/** What is learnt about one request on its way through node:http and Yoga. */
interface Entry {
  requestId: string;
  started: number;
  operationName?: string;
  operationType?: string;
  context?: Context;
  errorCodes: string[];
}

/** The node:http server context Yoga hands its plugins (and merges into the GraphQL context). */
interface NodeContext {
  req?: IncomingMessage;
}

/** Access logging: a node:http handler wrapper (timing, request id, the line) and a Yoga plugin. */
export class AccessLog {
  private readonly entries = new WeakMap<IncomingMessage, Entry>();

  constructor(private readonly log: Pino) {}

  /**
   * Wraps the gateway's request handler: the request id goes on the response before anything
   * else is written, and the line is written when the response is finished (or the client left),
   * so a streamed answer is timed to its end and every path is logged, refusals included.
   */
  handler(next: RequestListener): RequestListener {
    return (req, res) => {
      const entry: Entry = {
        requestId: requestIdOf(req.headers['x-request-id']),
        started: performance.now(),
        errorCodes: [],
      };
      res.setHeader('x-request-id', entry.requestId);
      this.entries.set(req, entry);
      res.once('close', () => this.write(req, res, entry));
      next(req, res);
    };
  }

  /** Records the operation, its context (for its upstream costs) and the codes of its answer's errors. */
  plugin(): Plugin<Context, NodeContext> {
    const entryOf = (context: unknown) => {
      const req = (context as NodeContext | undefined)?.req;
      return req ? this.entries.get(req) : undefined;
    };
    return {
      onParams: ({ params, context }) => {
        const entry = entryOf(context);
        if (entry && params.operationName) entry.operationName = params.operationName.slice(0, MAX_NAME);
      },
      onValidate: ({ context, params }) => {
        const entry = entryOf(context);
        if (!entry) return;
        const { name, type } = operationOf(params.documentAST, context.params?.operationName);
        if (name !== undefined) entry.operationName = name.slice(0, MAX_NAME);
        entry.operationType = type;
      },
      onExecute: ({ args }) => {
        const entry = entryOf(args.contextValue);
        if (entry) entry.context = args.contextValue as Context;
      },
      onResultProcess: ({ serverContext, result, setResult }) => {
        const entry = entryOf(serverContext);
        if (!entry) return;
        const observed = observeResult(
          result,
          (payload) => collectErrorCodes(payload, entry.errorCodes),
          () => {},
        );
        if (observed !== result) setResult(observed);
      },
    };
  }

  private write(req: IncomingMessage, res: ServerResponse, entry: Entry): void {
    if (!this.log.isLevelEnabled('info')) return;
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    const line: Record<string, unknown> = {
      requestId: entry.requestId,
      method: req.method,
      path: path.length > MAX_PATH ? `${path.slice(0, MAX_PATH)}…` : path,
      status: res.statusCode,
      durationMs: Math.round((performance.now() - entry.started) * 10) / 10,
    };
    if (!res.writableFinished) line.aborted = true; // the client left before the answer was sent
    if (entry.operationName !== undefined) line.operationName = entry.operationName;
    if (entry.operationType !== undefined) line.operationType = entry.operationType;
    const costs = entry.context?.stats?.snapshot();
    if (costs) {
      const requests: Partial<Record<ArchiveName, number>> = {};
      const cacheHits: Partial<Record<ArchiveName, number>> = {};
      for (const [archive, cost] of Object.entries(costs) as [ArchiveName, { requests: number; cacheHits: number }][]) {
        requests[archive] = cost.requests;
        if (cost.cacheHits > 0) cacheHits[archive] = cost.cacheHits;
      }
      if (Object.keys(requests).length > 0) line.upstreamRequests = requests;
      if (Object.keys(cacheHits).length > 0) line.cacheHits = cacheHits;
    }
    if (entry.errorCodes.length > 0) {
      line.errorCodes = [...new Set(entry.errorCodes.map((c) => c.slice(0, 64)))].slice(0, MAX_CODES);
      line.errorCount = entry.errorCodes.length;
    }
    this.log.info(line, 'request');
  }
}
