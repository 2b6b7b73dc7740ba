/**
 * HTTP caching for GraphQL answers: `Cache-Control`, `Vary` and a weak `ETag` computed from what
 * the answer used, and `304 Not Modified` for a `GET` whose `If-None-Match` still matches.
 *
 * An answer may be kept as long as the least fresh thing it read from an archive
 * (`stats.freshness()`); one that read nothing (`{ __typename }`, introspection) gets `max-age=0`
 * and is revalidated with its ETag. Only a query answered whole, without errors and with 200, is
 * cacheable: mutations, subscriptions, streamed results (SSE, multipart), batches, any `errors`
 * (partial results too) and any other status are `no-store`. An answer to a request that carried
 * a credential is `private`: a shared cache must never hand one caller's data to another.
 *
 * The query still runs to compute the ETag (the upstream cache makes that cheap): what a 304
 * saves is the bytes. Responses that are not GraphQL results (`/health`, `/ready`, GraphiQL,
 * preflights, refusals answered before parsing) are left as they are.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { getOperationAST, type OperationTypeNode } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Context } from '../context.ts';
import { CREDENTIAL_HEADERS } from '../http/cache/scope.ts';

/** What a cached answer depends on besides its URL: negotiated type and encoding, and credentials. */
export const CACHE_VARY = [
  'Accept',
  'Accept-Encoding',
  'X-Dandi-Api-Key',
  'X-EEGDash-Token',
  'X-BrainSTEM-Token',
  'Authorization',
  'Cookie',
] as const;

const JSON_TYPES = ['application/json', 'application/graphql-response+json'];

/** What the plugin learnt about one HTTP request on its way through Yoga. */
interface Seen {
  /** The context of the (last) operation executed for it. */
  context?: Context;
  operation?: OperationTypeNode;
  /** Operations executed: more than one is a batch. */
  executions: number;
  subscribed: boolean;
  /** Set once Yoga turned a GraphQL result into the response: only those get headers here. */
  processed: boolean;
  /** Why the answer must not be stored, if it must not. */
  uncacheable?: string;
  /** The result without `extensions.cost`, when it has one: what the ETag is computed from. */
  validatorSource?: unknown;
}

/** A `Vary` value holding `existing` and `add`, each once (compared without case); `*` stays `*`. */
export function mergeVary(existing: string | null, add: readonly string[]): string {
  const names = (existing ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  if (names.includes('*')) return '*';
  const seen = new Set(names.map((n) => n.toLowerCase()));
  for (const name of add) {
    if (!seen.has(name.toLowerCase())) {
      seen.add(name.toLowerCase());
      names.push(name);
    }
  }
  return names.join(', ');
}

/** The weak validator of a body: any encoding of the same bytes is the same answer. */
export function weakETag(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('base64url')}"`;
}

/**
 * Whether `If-None-Match` matches `etag`, with the weak comparison of RFC 9110 §13.1.2 (`W/` is
 * ignored on both sides): `*`, or a comma list of entity tags, one of which has the same opaque tag.
 */
export function ifNoneMatchMatches(header: string | null, etag: string): boolean {
  if (header === null) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  for (const [, tag] of header.matchAll(/(?:W\/)?("[^"]*")/g)) if (tag === opaque) return true;
  return false;
}

/** The `Cache-Control` of a cacheable answer fresh for `freshnessMs` (undefined: revalidate every time). */
export function cacheControl(freshnessMs: number | undefined, credentialed: boolean): string {
  const maxAge = freshnessMs === undefined ? 0 : Math.max(0, Math.floor(freshnessMs / 1000));
  return `${credentialed ? 'private' : 'public'}, max-age=${maxAge}`;
}

/**
 * A mutable copy of `from`, names in lower case. The @whatwg-node ponyfill's Headers keep the
 * spelling of the object they were built from: `set('cache-control')` then adds a second field
 * next to Yoga's `Cache-Control` (the SSE answer said `no-cache, no-store`), and a copy made with
 * `new Headers(headers)` and then written to no longer finds `Content-Type` (the new Response
 * then says `text/plain`).
 */
function copyHeaders(fetchAPI: { Headers: typeof Headers }, from: Headers): Headers {
  const to = new fetchAPI.Headers();
  from.forEach((value, name) => {
    const key = name.toLowerCase();
    if (key === 'set-cookie') to.append(key, value);
    else to.set(key, value);
  });
  return to;
}

function carriesCredential(headers: Headers): boolean {
  // The same headers that give an upstream or a cached answer its scope.
  return CREDENTIAL_HEADERS.some((name) => headers.has(name));
}

/**
 * `Cache-Control`, `Vary` and `ETag` on every GraphQL answer, and 304 for a `GET` that already
 * has it. Put it before `useCompression()`: the ETag is computed from the uncompressed body, and
 * a 304 has no body to compress.
 */
export function useHttpCaching(): Plugin<Context> {
  const requests = new WeakMap<Request, Seen>();
  const seen = (request: Request): Seen => {
    let s = requests.get(request);
    if (!s) {
      s = { executions: 0, subscribed: false, processed: false };
      requests.set(request, s);
    }
    return s;
  };

  return {
    onExecute({ args }) {
      const s = seen(args.contextValue.request);
      s.executions++;
      s.context = args.contextValue;
      s.operation = getOperationAST(args.document, args.operationName ?? undefined)?.operation;
    },
    onSubscribe({ args }) {
      seen(args.contextValue.request).subscribed = true;
    },
    // After Yoga's own hook has picked the processor; the result is final here (errors included).
    onResultProcess({ request, result }) {
      const s = seen(request);
      s.processed = true;
      if (Array.isArray(result)) s.uncacheable = 'batch';
      else if (isAsyncIterable(result)) s.uncacheable = 'streamed';
      else if (result.errors?.length) s.uncacheable = 'errors';
      else if (result.extensions && 'cost' in result.extensions) {
        // What the answer cost upstream differs on every run; it is not part of what is validated.
        const { cost: _cost, ...extensions } = result.extensions;
        s.validatorSource = { ...result, extensions };
      }
    },
    async onResponse({ request, response, setResponse, fetchAPI }) {
      const s = requests.get(request);
      if (!s?.processed) return;
      requests.delete(request);
      const type = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
      const cacheable =
        s.uncacheable === undefined &&
        !s.subscribed &&
        s.executions === 1 &&
        s.operation === 'query' &&
        response.status === 200 &&
        JSON_TYPES.includes(type) && // SSE and multipart are streams, never stored
        response.body !== null;

      const headers = copyHeaders(fetchAPI, response.headers);
      headers.set('vary', mergeVary(headers.get('vary'), CACHE_VARY));
      const { status, statusText } = response;
      if (!cacheable) {
        headers.set('cache-control', 'no-store');
        // The body as it is: a stream (SSE, multipart) goes on flowing, unread.
        setResponse(new fetchAPI.Response(response.body, { status, statusText, headers }));
        return;
      }

      const body = await response.text();
      const etag = weakETag(s.validatorSource === undefined ? body : JSON.stringify(s.validatorSource));
      headers.set('cache-control', cacheControl(s.context?.stats.freshness(), carriesCredential(request.headers)));
      headers.set('etag', etag);

      if (request.method === 'GET' && ifNoneMatchMatches(request.headers.get('if-none-match'), etag)) {
        for (const name of ['content-type', 'content-length', 'content-encoding']) headers.delete(name);
        setResponse(new fetchAPI.Response(null, { status: 304, statusText: 'Not Modified', headers }));
        return;
      }
      setResponse(new fetchAPI.Response(body, { status, statusText, headers }));
    },
  };
}

/** Bodies smaller than this are sent as they are: compressing them saves less than it costs. */
export const MIN_COMPRESSED_BYTES = 1024;

/** What is worth compressing: JSON, HTML and text, but never a stream of events (SSE, multipart). */
const COMPRESSIBLE = /^(?:application\/(?:[\w.+-]*\+)?json|text\/(?!event-stream)[\w.+-]+|application\/javascript)$/;

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/**
 * The coding to answer `Accept-Encoding` with: `br` or `gzip`, whichever has the higher q-value
 * (`br` on a tie: it is smaller for the same effort), `*` standing for both; undefined for none
 * (no header, `identity`, or both refused with `q=0`).
 */
export function negotiateEncoding(header: string | null): 'br' | 'gzip' | undefined {
  if (!header) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    if (!name) continue;
    let q = 1;
    for (const param of params) {
      const m = /^q=([01](?:\.\d{0,3})?)$/.exec(param);
      if (m) q = Number(m[1]);
    }
    weights.set(name, q);
  }
  let best: 'br' | 'gzip' | undefined;
  let bestQ = 0;
  for (const coding of ['br', 'gzip'] as const) {
    const q = weights.get(coding) ?? weights.get('*') ?? 0;
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}

/**
 * Compresses answers with gzip or brotli (node:zlib, off the event loop) when `Accept-Encoding`
 * asks, and says so in `Vary`. It stands in for `useContentEncoding()` of @whatwg-node/server
 * 0.11, which answers 500 with a stack trace for every `Response` built with Node's own class
 * (`/health`, `/ready`, every refusal: a Node ReadableStream cannot be piped through the
 * ponyfill's CompressionStream) whenever a client sends `Accept-Encoding: gzip`; compresses SSE
 * and multipart streams although Yoga marks SSE `Content-Encoding: none`; and splits
 * `Accept-Encoding` on commas without trimming or reading q-values, so only the first coding
 * listed can ever be chosen (`deflate, gzip` gives deflate, `br;q=1, gzip` nothing). Streams,
 * bodies already encoded or marked `no-transform`, and bodies under MIN_COMPRESSED_BYTES go as
 * they are.
 */
export function useCompression(): Plugin {
  return {
    async onResponse({ request, response, setResponse, fetchAPI }) {
      if (request.method === 'HEAD' || response.body === null || response.status === 204 || response.status === 304)
        return;
      const type = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
      if (!COMPRESSIBLE.test(type) || response.headers.has('content-encoding')) return;
      if (/\bno-transform\b/i.test(response.headers.get('cache-control') ?? '')) return;
      const declared = response.headers.get('content-length');
      if (declared !== null && Number(declared) < MIN_COMPRESSED_BYTES) return;

      const body = Buffer.from(await response.arrayBuffer());
      const headers = copyHeaders(fetchAPI, response.headers);
      const init = { status: response.status, statusText: response.statusText, headers };
      if (body.byteLength < MIN_COMPRESSED_BYTES) {
        setResponse(new fetchAPI.Response(body, init));
        return;
      }
      headers.set('vary', mergeVary(headers.get('vary'), ['Accept-Encoding']));
      const coding = negotiateEncoding(request.headers.get('accept-encoding'));
      if (coding === undefined) {
        setResponse(new fetchAPI.Response(body, init));
        return;
      }
      const encoded =
        coding === 'br'
          ? await brotliAsync(body, {
              params: {
                [zlib.BROTLI_PARAM_QUALITY]: 5, // the default (11) is for static files, far too slow per request
                [zlib.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
              },
            })
          : await gzipAsync(body);
      headers.set('content-encoding', coding);
      headers.set('content-length', String(encoded.byteLength));
      setResponse(new fetchAPI.Response(encoded, init));
    },
  };
}
