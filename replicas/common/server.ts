/**
 * The harness every replica runs on: a node:http server with a request log and fault switches.
 * Each archive replica supplies only a handler; the harness parses the request, applies the
 * faults a test switched on, and records what happened.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Prng } from './prng.ts';

export interface ReplicaRequest {
  method: string;
  /** Full request URL, absolute, on the replica's own origin. */
  url: URL;
  /** URL path, percent-decoding left to the handler. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Raw request body ('' when none). */
  body: string;
  /** The replica's origin, e.g. `http://127.0.0.1:54321`, for absolute `next` links. */
  origin: string;
  remoteAddress: string;
}

export interface ReplicaResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialized as JSON unless `raw` is set. */
  body?: unknown;
  /** A body sent verbatim (HTML error pages, plain text). */
  raw?: string;
}

export type ReplicaHandler = (req: ReplicaRequest) => ReplicaResponse | Promise<ReplicaResponse>;

export type FaultKind = 'status' | 'drop' | 'malformed' | 'hang' | 'body' | 'slow';

/** One scripted fault for the next matching request. */
export interface ScriptedFault {
  kind: FaultKind;
  /** HTTP status for `status` faults (default 503). */
  status?: number;
  /** Adds a `Retry-After` header (seconds) to a `status` fault. */
  retryAfter?: number;
  /** The `detail` of a `status` fault's body (default `Replica fault: <status>`), e.g. EEGDash's edge's "Blocked". */
  detail?: string;
  /** Only requests whose path contains this string consume the fault. */
  pathIncludes?: string;
  /** For `body` faults: valid JSON of the wrong shape, sent with status 200 instead of the real answer. */
  body?: unknown;
  /** For `body` faults: sent verbatim (as JSON) instead of `body`, e.g. '' for an empty 200. */
  raw?: string;
  /** For `slow` faults: the real answer's headers at once, its body in small pieces over this many ms (default 2000). */
  bodyMs?: number;
}

export interface FaultSwitches {
  /** Milliseconds added before every response. */
  latencyMs: number;
  /** Probability (0..1) that a request fails with `errorStatus`. */
  errorRate: number;
  errorStatus: number;
  /** Probability (0..1) that a request is answered 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitRate: number;
  retryAfterSeconds: number;
  /** Probability (0..1) that the connection is destroyed without a response. */
  dropRate: number;
  /** Probability (0..1) that a 200 body is cut in half (invalid JSON). */
  malformedRate: number;
  /**
   * Answer GETs with a strong `ETag` and honour `If-None-Match` with 304, as an archive behind a
   * conditional-GET middleware would. Off by default: none of the three specs confirms it.
   */
  etags: boolean;
}

export interface LoggedRequest {
  method: string;
  path: string;
  /** The query string without `?` ('' when none). */
  search: string;
  query: URLSearchParams;
  status: number;
  /** Authorization header as received, so tests can check credential forwarding. */
  authorization: string | undefined;
  /** W3C `traceparent` header as received, so tests can check trace propagation. */
  traceparent?: string;
  fault: FaultKind | undefined;
  body: string;
  durationMs: number;
}

export class RequestLog {
  readonly entries: LoggedRequest[] = [];

  clear(): void {
    this.entries.length = 0;
  }

  /** Number of requests, optionally only those whose path matches. */
  count(match?: string | RegExp | ((e: LoggedRequest) => boolean)): number {
    return this.filter(match).length;
  }

  filter(match?: string | RegExp | ((e: LoggedRequest) => boolean)): LoggedRequest[] {
    if (match === undefined) return [...this.entries];
    if (typeof match === 'function') return this.entries.filter(match);
    if (typeof match === 'string') return this.entries.filter((e) => e.path.includes(match));
    return this.entries.filter((e) => match.test(e.path));
  }
}

export const noFaults = (): FaultSwitches => ({
  latencyMs: 0,
  errorRate: 0,
  errorStatus: 503,
  rateLimitRate: 0,
  retryAfterSeconds: 1,
  dropRate: 0,
  malformedRate: 0,
  etags: false,
});

export class Faults {
  switches: FaultSwitches = noFaults();
  private readonly script: ScriptedFault[] = [];
  private readonly rng = new Prng('faults');

  /** Turn on (or change) fault switches; unspecified switches keep their value. */
  set(partial: Partial<FaultSwitches>): void {
    this.switches = { ...this.switches, ...partial };
  }

  /** Queue faults consumed one per matching request, in order. */
  queue(...faults: ScriptedFault[]): void {
    this.script.push(...faults);
  }

  reset(): void {
    this.switches = noFaults();
    this.script.length = 0;
  }

  /** The fault that applies to this request, if any. */
  draw(path: string): ScriptedFault | undefined {
    const i = this.script.findIndex((f) => f.pathIncludes === undefined || path.includes(f.pathIncludes));
    if (i >= 0) return this.script.splice(i, 1)[0];
    const s = this.switches;
    if (s.dropRate > 0 && this.rng.chance(s.dropRate)) return { kind: 'drop' };
    if (s.rateLimitRate > 0 && this.rng.chance(s.rateLimitRate)) {
      return { kind: 'status', status: 429, retryAfter: s.retryAfterSeconds };
    }
    if (s.errorRate > 0 && this.rng.chance(s.errorRate)) return { kind: 'status', status: s.errorStatus };
    if (s.malformedRate > 0 && this.rng.chance(s.malformedRate)) return { kind: 'malformed' };
    return undefined;
  }
}

export interface ReplicaServer {
  /** Origin the server listens on, e.g. `http://127.0.0.1:54321`. */
  origin: string;
  port: number;
  log: RequestLog;
  faults: Faults;
  close(): Promise<void>;
}

export interface StartOptions {
  handler: ReplicaHandler;
  port?: number;
  host?: string;
  /** Name used in the `Server` header and in error messages. */
  name: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startReplica(options: StartOptions): Promise<ReplicaServer> {
  const log = new RequestLog();
  const faults = new Faults();
  const sockets = new Set<Socket>();
  const host = options.host ?? '127.0.0.1';
  let origin = '';

  const server: Server = createServer(async (req, res) => {
    const started = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', origin);
    const entry: LoggedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      search: url.search.replace(/^\?/, ''),
      query: url.searchParams,
      status: 0,
      authorization: req.headers.authorization,
      traceparent: req.headers.traceparent as string | undefined,
      fault: undefined,
      body,
      durationMs: 0,
    };
    log.entries.push(entry);

    const fault = faults.draw(url.pathname);
    entry.fault = fault?.kind;
    if (faults.switches.latencyMs > 0) await sleep(faults.switches.latencyMs);
    const finish = (status: number) => {
      entry.status = status;
      entry.durationMs = performance.now() - started;
    };

    if (fault?.kind === 'drop') {
      finish(0);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') {
      finish(0); // never answered; the client's timeout has to fire
      return;
    }
    if (fault?.kind === 'body') {
      send(
        res,
        fault.raw === undefined
          ? { status: 200, body: fault.body ?? null }
          : { status: 200, raw: fault.raw, headers: { 'content-type': 'application/json' } },
      );
      finish(200);
      return;
    }
    if (fault?.kind === 'status') {
      const status = fault.status ?? 503;
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
      send(res, { status, headers, body: { detail: fault.detail ?? `Replica fault: ${status}` } });
      finish(status);
      return;
    }

    let response: ReplicaResponse;
    try {
      response = await options.handler({
        method: entry.method,
        url,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        origin,
        remoteAddress: req.socket.remoteAddress ?? '',
      });
    } catch (error) {
      // A handler bug must look like what a real server does: a 500 with a text body.
      response = { status: 500, raw: `Server Error (500)\n${(error as Error).message}` };
    }
    if (fault?.kind === 'malformed' && response.status < 300) {
      const text = JSON.stringify(response.body ?? null);
      response = { ...response, body: undefined, raw: text.slice(0, Math.max(1, text.length >> 1)) };
      response.headers = { ...response.headers, 'content-type': 'application/json' };
    }
    if (fault?.kind === 'slow') {
      await sendSlowly(res, response, fault.bodyMs ?? 2_000);
      finish(response.status);
      return;
    }
    if (faults.switches.etags && entry.method === 'GET' && response.status === 200 && response.body !== undefined) {
      const etag = `"${createHash('sha1').update(JSON.stringify(response.body)).digest('hex')}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag });
        res.end();
        finish(304);
        return;
      }
      response = { ...response, headers: { ...response.headers, etag } };
    }
    send(res, response, entry.method === 'HEAD');
    finish(response.status);
  });

  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${host}:${port}`;

  return {
    origin,
    port,
    log,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, response: ReplicaResponse, headOnly = false): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload = '';
  if (response.raw !== undefined) {
    payload = response.raw;
    headers['content-type'] ??= 'text/html; charset=utf-8';
  } else if (response.body !== undefined) {
    payload = JSON.stringify(response.body);
    headers['content-type'] ??= 'application/json';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(headOnly ? undefined : payload);
}

/** Sends the headers, then the body in ten pieces spread over `bodyMs`; stops if the client leaves. */
async function sendSlowly(res: ServerResponse, response: ReplicaResponse, bodyMs: number): Promise<void> {
  const payload = Buffer.from(response.raw ?? JSON.stringify(response.body ?? null));
  const headers: Record<string, string> = { 'content-type': 'application/json', ...response.headers };
  headers['content-length'] = String(payload.length);
  res.writeHead(response.status, headers);
  res.flushHeaders();
  const pieces = 10;
  const size = Math.ceil(payload.length / pieces);
  for (let i = 0; i < pieces; i++) {
    await sleep(bodyMs / pieces);
    if (res.destroyed) return;
    res.write(payload.subarray(i * size, (i + 1) * size));
  }
  res.end();
}

/** Shorthand for a JSON response. */
export const json = (status: number, body: unknown, headers?: Record<string, string>): ReplicaResponse => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});
