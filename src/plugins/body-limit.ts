/**
 * Request bodies are bounded (`MAX_BODY_BYTES`) before anything parses them: a declared
 * Content-Length over the bound is refused without reading a byte, and a streamed (chunked)
 * body is counted as it arrives and refused, and no longer read, as soon as it passes the bound.
 * The refusal is a 413 with `extensions.code: PAYLOAD_TOO_LARGE` and `maximumBytes`; the
 * connection is closed after it, so the rest of the body is never read.
 */
import type { Plugin } from 'graphql-yoga';
import { refusal } from './http-refusals.ts';

function tooLarge(maximumBytes: number): Response {
  return refusal(
    413,
    `The request body is larger than ${maximumBytes} bytes`,
    { maximumBytes },
    { connection: 'close' },
  );
}

/** The body of `request`, or undefined once more than `max` bytes have arrived. */
async function readAtMost(request: Request, max: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const reader = (request.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      reader.releaseLock();
      return undefined;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

export function useBodyLimit(maximumBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, endResponse, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared !== null && Number(declared) > maximumBytes) {
        endResponse(tooLarge(maximumBytes));
        return;
      }
      if (!requestParser || !request.body) return;
      const parse = requestParser;
      setRequestParser(async (req) => {
        const body = await readAtMost(req, maximumBytes);
        if (body === undefined) return tooLarge(maximumBytes);
        return parse(
          new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal }),
        );
      });
    },
  };
}
