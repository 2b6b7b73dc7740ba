/**
 * The per-request context: the caller's own archive credentials and one datasource per archive,
 * each with fresh DataLoaders, so nothing fetched for one caller is ever served to another.
 */
import { BrainstemDataSource } from '../datasources/brainstem.ts';
import { DandiDataSource } from '../datasources/dandi.ts';
import { DANDI_ETAG_PART_BYTES } from '../datasources/dandi-etag.ts';
import { DandiWrites } from '../datasources/dandi-writes.ts';
import { EegdashDataSource } from '../datasources/eegdash.ts';
import { setMaxListeners } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { GraphQLError } from 'graphql';
import { inputError } from './http/archive-error.ts';
import { UpstreamStats } from './http/stats.ts';
import { OperationAborted } from './http/upstream.ts';
import type { Upstreams } from './http/upstreams.ts';
import type { LinkIndex } from './links/link-index.ts';

export interface Credentials {
  dandiApiKey: string | undefined;
  eegdashToken: string | undefined;
  brainstemToken: string | undefined;
}

export interface Context {
  credentials: Credentials;
  /** Aborted (with an OperationAborted) when the client disconnects or the deadline passes. */
  signal: AbortSignal;
  /** Upstream costs so far, and the operation's ceiling on upstream requests. */
  stats: UpstreamStats;
  dandi: DandiDataSource;
  /** DANDI writes and uploads with the caller's key (resolvers/dandi/mutations.ts). */
  dandiWrites: DandiWrites;
  eegdash: EegdashDataSource;
  brainstem: BrainstemDataSource;
  /** Which public BrainSTEM sessions cite which dandisets and datasets (shared by all requests). */
  links: LinkIndex;
  /**
   * Errors to report next to data that is still returned (one archive of a search failing, a
   * failed chunk of a bulk write); `usePartialErrors` adds them to the response.
   */
  partialErrors: GraphQLError[];
}

/** Client headers carrying archive credentials; each goes to its own archive only. */
export const CREDENTIAL_HEADERS = {
  dandiApiKey: 'x-dandi-api-key',
  eegdashToken: 'x-eegdash-token',
  brainstemToken: 'x-brainstem-token',
} as const;

// Visible ASCII only: anything else could smuggle a second header line upstream.
const TOKEN = /^[\x21-\x7e]{1,1024}$/;

export function readCredentials(headers: Headers): Credentials {
  const read = (name: string): string | undefined => {
    const value = headers.get(name)?.trim();
    if (value === undefined || value === '') return undefined;
    if (!TOKEN.test(value)) throw inputError(`The ${name} header is not a valid token`, { header: name });
    return value;
  };
  return {
    dandiApiKey: read(CREDENTIAL_HEADERS.dandiApiKey),
    eegdashToken: read(CREDENTIAL_HEADERS.eegdashToken),
    brainstemToken: read(CREDENTIAL_HEADERS.brainstemToken),
  };
}

/** What node:http hands Yoga with each request (absent when Yoga is called through `fetch`). */
export interface NodeServerContext {
  res?: ServerResponse;
}

/** What bounds one operation besides its document: its client, its deadline, its upstream requests. */
export interface OperationBounds {
  /** The node:http response, when served by it: closing before it is finished is the client leaving. */
  res?: ServerResponse;
  deadlineMs: number;
  maxUpstreamRequests: number;
  /** DANDI's web UI, for the `url` fields (paired with the API as dandi-cli's DandiInstance). */
  dandiWebUrl: string;
  /** The dandi-etag part size (DANDI_ETAG_PART_BYTES); DANDI's 64 MiB when absent. */
  dandiEtagPartBytes?: number;
}

/**
 * The operation's signal: aborted with an OperationAborted when the client disconnects or the
 * deadline passes, which aborts every upstream call of the operation and its backoff waits.
 * Built from the node response, not from Yoga's `request.signal`: on node:http that signal never
 * tells its listeners of a disconnect (`aborted` stays false), so the work would go on.
 */
export function operationSignal(request: Request, bounds: OperationBounds): AbortSignal {
  const controller = new AbortController();
  // Every upstream call waiting on a connection, a response or a backoff listens to it: as many
  // as the request ceiling allows, which is not a leak.
  const listeners = Math.min(bounds.maxUpstreamRequests, 100_000) + 100;
  setMaxListeners(listeners, controller.signal);
  const timer = setTimeout(
    () => controller.abort(new OperationAborted('deadline', bounds.deadlineMs)),
    bounds.deadlineMs,
  );
  timer.unref();
  const { res } = bounds;
  // Not on node:http (`yoga.fetch`): the caller's Request carries a signal of its own.
  if (!res) {
    const signal = AbortSignal.any([controller.signal, request.signal]);
    setMaxListeners(listeners, signal);
    return signal;
  }
  const closed = () => {
    clearTimeout(timer);
    if (!res.writableFinished) controller.abort(new OperationAborted('client'));
  };
  if (res.destroyed) closed();
  else res.once('close', closed);
  return controller.signal;
}

export function createContext(
  upstreams: Upstreams,
  links: LinkIndex,
  request: Request,
  bounds: OperationBounds,
): Context {
  const credentials = readCredentials(request.headers);
  const signal = operationSignal(request, bounds);
  const stats = new UpstreamStats(bounds.maxUpstreamRequests);
  return {
    credentials,
    signal,
    stats,
    dandi: new DandiDataSource(upstreams.dandi, { apiKey: credentials.dandiApiKey }, stats, signal, {
      webUrl: bounds.dandiWebUrl,
    }),
    dandiWrites: new DandiWrites(
      upstreams.dandi,
      { apiKey: credentials.dandiApiKey },
      stats,
      signal,
      bounds.dandiEtagPartBytes ?? DANDI_ETAG_PART_BYTES,
    ),
    eegdash: new EegdashDataSource(upstreams.eegdash, { token: credentials.eegdashToken }, stats, signal),
    brainstem: new BrainstemDataSource(upstreams.brainstem, { token: credentials.brainstemToken }, stats, signal),
    links,
    partialErrors: [],
  };
}
