/**
 * A GraphQL-over-HTTP client for the browser, small enough to read: it sends a typed document
 * by its hash (trusted documents) and falls back to the text once if the server does not know
 * it, and it reads incremental delivery (`@defer`) from a `multipart/mixed` response, merging
 * each part into the result and handing the merged result over after every part.
 */
import type { TypedDocumentString } from './gql/graphql.ts';

/** One entry of a response's `errors`, as the gateway sends it. */
export interface GraphQLError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; archive?: string; [key: string]: unknown };
}

/** The result so far: `hasNext` is true while deferred parts are still to come. */
export interface Result<R> {
  data: R | null | undefined;
  errors: GraphQLError[];
  extensions: Record<string, unknown>;
  hasNext: boolean;
  /** How the document was sent: by its hash (`documentId`) or as text. */
  sentAs: 'documentId' | 'query';
}

/** The parts a server sends: the first has `data`, later ones `incremental`. */
interface Part {
  data?: unknown;
  errors?: GraphQLError[];
  extensions?: Record<string, unknown>;
  hasNext?: boolean;
  incremental?: {
    data?: Record<string, unknown> | null;
    items?: unknown[];
    path: (string | number)[];
    errors?: GraphQLError[];
  }[];
}

/** Plain results as JSON, incremental ones as multipart; application/graphql-response+json gives real 4xx statuses. */
const ACCEPT = 'multipart/mixed, application/graphql-response+json, application/json;q=0.9';

/** Unknown to the server, learnt from its first refusal: then every request sends the text. */
let serverLacksDocuments = false;

/**
 * Runs `document` and yields the merged result after each part of the response (once for a
 * plain result). Aborting `signal` stops reading. Network failures and non-GraphQL answers
 * become one error with `extensions.code` `NETWORK_ERROR` or `BAD_RESPONSE`.
 */
export async function* execute<R, V>(
  endpoint: string,
  document: TypedDocumentString<R, V>,
  variables: V,
  signal?: AbortSignal,
): AsyncGenerator<Result<R>> {
  const hash = (document.__meta__ as { hash?: string } | undefined)?.hash;
  let sentAs: Result<R>['sentAs'] = hash && !serverLacksDocuments ? 'documentId' : 'query';
  let response = await post(
    endpoint,
    sentAs === 'documentId' ? { documentId: hash, variables } : { query: String(document), variables },
    signal,
  );
  if (sentAs === 'documentId' && (await refusesDocumentId(response))) {
    serverLacksDocuments = true;
    sentAs = 'query';
    response = await post(endpoint, { query: String(document), variables }, signal);
  }
  if ('error' in response) {
    yield { data: undefined, errors: [response.error], extensions: {}, hasNext: false, sentAs };
    return;
  }

  const result: Result<R> = { data: undefined, errors: [], extensions: {}, hasNext: false, sentAs };
  for await (const part of parts(response.response)) {
    merge(result, part);
    yield result;
  }
}

type Sent = { response: Response } | { error: GraphQLError };

async function post(endpoint: string, body: unknown, signal?: AbortSignal): Promise<Sent> {
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT },
      body: JSON.stringify(body),
      signal: signal ?? null,
    });
    return { response };
  } catch (error) {
    if (signal?.aborted) throw error;
    return {
      error: { message: `The gateway could not be reached: ${String(error)}`, extensions: { code: 'NETWORK_ERROR' } },
    };
  }
}

/**
 * Whether the server refused the request as a whole because of the hash: it has no such
 * document (no manifest, or another one) or does not take `documentId` at all. Reads the body
 * of a refusal only (a clone: the caller may still need it).
 */
async function refusesDocumentId(sent: Sent): Promise<boolean> {
  if ('error' in sent || sent.response.ok) return false;
  const body = (await sent.response
    .clone()
    .json()
    .catch(() => undefined)) as Part | undefined;
  if (!body || body.data !== undefined) return false;
  return (body.errors ?? []).some(
    (e) => /PERSISTED|DOCUMENT/i.test(e.extensions?.code ?? '') || /documentId|persisted|query string/i.test(e.message),
  );
}

/** The parts of a response: each part of a multipart body, or the one JSON body. */
async function* parts(response: Response): AsyncGenerator<Part> {
  const type = response.headers.get('content-type') ?? '';
  const boundary = /^multipart\/mixed\b.*?\bboundary="?([^";]+)"?/i.exec(type)?.[1];
  if (boundary === undefined || response.body === null) {
    const text = await response.text();
    try {
      yield JSON.parse(text) as Part;
    } catch {
      yield {
        errors: [
          {
            message: `The gateway answered ${response.status} with no GraphQL result.`,
            extensions: { code: 'BAD_RESPONSE' },
          },
        ],
      };
    }
    return;
  }
  // Parts are separated by CRLF "--boundary"; the last delimiter has "--" after it. JSON never
  // holds a raw CRLF, so splitting the text on the delimiter is safe.
  const delimiter = `\r\n--${boundary}`;
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  let buffer = '\r\n'; // the first delimiter may come without its CRLF
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let at = buffer.indexOf(delimiter);
      while (at !== -1) {
        const next = buffer.indexOf(delimiter, at + delimiter.length);
        if (next === -1) {
          if (buffer.startsWith('--', at + delimiter.length)) return; // the closing delimiter
          break;
        }
        const part = buffer.slice(at + delimiter.length, next);
        buffer = buffer.slice(next);
        at = 0;
        const bodyAt = part.indexOf('\r\n\r\n');
        if (bodyAt !== -1 && part.slice(bodyAt + 4).trim() !== '') yield JSON.parse(part.slice(bodyAt + 4)) as Part;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/** Adds one part to the result: the initial data, or deferred data at its path. */
function merge<R>(result: Result<R>, part: Part): void {
  if ('data' in part) result.data = part.data as R | null;
  if (part.errors) result.errors.push(...part.errors);
  if (part.extensions) result.extensions = mergeExtensions(result.extensions, part.extensions);
  result.hasNext = part.hasNext === true;
  for (const increment of part.incremental ?? []) {
    if (increment.errors) result.errors.push(...increment.errors);
    const target = at(result.data, increment.path);
    if (increment.data && target && typeof target === 'object') Object.assign(target, increment.data);
    if (increment.items && Array.isArray(target)) target.push(...increment.items);
  }
}

/** Lists (such as `staleData`) add up across parts; anything else is replaced by the later part. */
function mergeExtensions(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...before };
  for (const [key, value] of Object.entries(after)) {
    const old = merged[key];
    merged[key] = Array.isArray(old) && Array.isArray(value) ? [...old, ...value] : value;
  }
  return merged;
}

function at(data: unknown, path: readonly (string | number)[]): unknown {
  let node = data;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}
