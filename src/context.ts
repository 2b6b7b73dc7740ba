/**
 * The per-request context: the caller's own archive credentials and one datasource per archive,
 * each with fresh DataLoaders, so nothing fetched for one caller is ever served to another.
 */
import { BrainstemDataSource } from '../datasources/brainstem.ts';
import { DandiDataSource } from '../datasources/dandi.ts';
import { EegdashDataSource } from '../datasources/eegdash.ts';
import type { GraphQLError } from 'graphql';
import { inputError } from './http/archive-error.ts';
import { UpstreamStats } from './http/stats.ts';
import type { Upstreams } from './http/upstreams.ts';
import type { LinkIndex } from './links/link-index.ts';

export interface Credentials {
  dandiApiKey: string | undefined;
  eegdashToken: string | undefined;
  brainstemToken: string | undefined;
}

export interface Context {
  credentials: Credentials;
  stats: UpstreamStats;
  dandi: DandiDataSource;
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

/** What each request's datasources are configured with besides credentials. */
export interface ContextOptions {
  /** DANDI's web UI, for the `url` fields (paired with the API as dandi-cli's DandiInstance). */
  dandiWebUrl: string;
}

export function createContext(
  upstreams: Upstreams,
  links: LinkIndex,
  request: Request,
  options: ContextOptions,
): Context {
  const credentials = readCredentials(request.headers);
  const stats = new UpstreamStats();
  return {
    credentials,
    stats,
    dandi: new DandiDataSource(upstreams.dandi, { apiKey: credentials.dandiApiKey }, stats, request.signal, {
      webUrl: options.dandiWebUrl,
    }),
    eegdash: new EegdashDataSource(upstreams.eegdash, { token: credentials.eegdashToken }, stats, request.signal),
    brainstem: new BrainstemDataSource(
      upstreams.brainstem,
      { token: credentials.brainstemToken },
      stats,
      request.signal,
    ),
    links,
    partialErrors: [],
  };
}
