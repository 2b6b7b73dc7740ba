/**
 * Requests refused before GraphQL sees them get the same shape as a GraphQL error:
 * `{"errors":[{"message", "extensions":{"code"}}]}`. Yoga answers an unknown path, a
 * `text/plain` body or an unsupported method with an empty body or a code that does not say
 * which; this plugin answers them itself, and turns any other empty error response into JSON.
 * `answerClientErrors` does the same for what Node refuses before Yoga runs.
 */
import { STATUS_CODES, type Server } from 'node:http';
import type { Plugin } from 'graphql-yoga';

/** The code of each HTTP-level refusal, by status. */
const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  431: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
  503: 'SERVICE_UNAVAILABLE',
};

export function refusalBody(status: number, message: string, extensions: Record<string, unknown> = {}): string {
  const code = CODES[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
  return JSON.stringify({ errors: [{ message, extensions: { code, ...extensions } }] });
}

/** A refusal as a Response; `extensions` adds facts (a bound, an allowed list) next to the code. */
export function refusal(
  status: number,
  message: string,
  extensions: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return new Response(refusalBody(status, message, extensions), {
    status,
    statusText: STATUS_CODES[status],
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

const GRAPHQL_METHODS = ['GET', 'POST'];
const MEDIA_TYPES = ['application/json', 'application/graphql-response+json', 'application/graphql+json'];

export interface HttpRefusalOptions {
  graphqlEndpoint: string;
  /** Every other path the gateway serves, exactly (`/health`, `/ready`). */
  paths: readonly string[];
}

export function useHttpRefusals({ graphqlEndpoint, paths }: HttpRefusalOptions): Plugin {
  const known = new Set([graphqlEndpoint, ...paths]);
  return {
    onRequest({ url, request, endResponse }) {
      // Yoga would treat `/anything/graphql` as the endpoint; only the exact paths exist.
      if (request.method !== 'OPTIONS' && !known.has(url.pathname)) {
        endResponse(refusal(404, `No such path: ${url.pathname.slice(0, 100)}`, { paths: [...known] }));
      }
    },
    onRequestParse({ request, requestParser, endResponse }) {
      if (!GRAPHQL_METHODS.includes(request.method)) {
        endResponse(
          refusal(
            405,
            `${request.method.slice(0, 20)} is not supported: use GET or POST`,
            { allowed: GRAPHQL_METHODS },
            { allow: 'GET, POST' },
          ),
        );
      } else if (!requestParser) {
        const type = request.headers.get('content-type')?.slice(0, 100);
        const message = `${type ? `Content-Type ${type} is not supported` : 'No Content-Type'}: send application/json`;
        endResponse(refusal(415, message, { supported: MEDIA_TYPES }));
      }
    },
    // The rest (Node's or Yoga's own empty 4xx/5xx answers) still get a JSON body with a code.
    async onResponse({ response, setResponse }) {
      if (response.status < 400 || response.headers.get('content-type')?.includes('json')) return;
      const text = response.body ? await response.text() : '';
      const headers = new Headers(response.headers);
      headers.set('content-type', 'application/json; charset=utf-8');
      headers.delete('content-length');
      const message = text.trim().slice(0, 200) || response.statusText || `HTTP ${response.status}`;
      const { status, statusText } = response;
      setResponse(new Response(refusalBody(status, message), { status, statusText, headers }));
    },
  };
}

/** Node's own refusals (a malformed request, headers over the limit) in the same JSON shape. */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? 431
        : error.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW'
          ? 413
          : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? 408
            : 400;
    const body = refusalBody(status, STATUS_CODES[status] ?? 'Bad Request');
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
