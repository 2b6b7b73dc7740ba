/**
 * HTTP/1.1 over a bare socket, for what fetch cannot show: a request that declares a body it
 * never sends, a chunked body that goes on and on, and whether the server closed the connection.
 */
import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  /** The body, chunked transfer coding removed. */
  body: string;
  /** Body bytes the client managed to write before the server answered and closed. */
  bytesSent: number;
  /** The server closed the connection. */
  closed: boolean;
}

/**
 * Writes `head` (request line and headers, ending in a blank line), then each chunk of `body` a
 * few ms apart until the server answers; resolves once the answer is complete and the connection
 * closed (or `settleMs` after the answer when it stays open).
 */
export function rawRequest(url: string, head: string, body: Iterable<string> = [], settleMs = 300): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    let bytesSent = 0;
    let answered = false;
    let settle: NodeJS.Timeout | undefined;
    const finish = (closed: boolean) => {
      clearTimeout(settle);
      socket.destroy();
      const at = received.indexOf('\r\n\r\n');
      if (at < 0) return reject(new Error(`no HTTP answer (got ${JSON.stringify(received.slice(0, 200))})`));
      const [statusLine = '', ...lines] = received.slice(0, at).split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      let rest = received.slice(at + 4);
      if (headers['transfer-encoding'] === 'chunked') rest = dechunk(rest);
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest, bytesSent, closed });
    };
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      received += data;
      if (!answered && received.includes('\r\n\r\n')) {
        answered = true;
        settle = setTimeout(() => finish(false), settleMs);
      }
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => {}); // a reset after the answer is what closing on a sender looks like
    socket.on('connect', async () => {
      socket.write(head);
      for (const chunk of body) {
        if (answered || socket.destroyed) break;
        socket.write(chunk);
        bytesSent += Buffer.byteLength(chunk);
        await new Promise((r) => setTimeout(r, 2));
      }
    });
  });
}

/** One chunk of a chunked body. */
export const chunk = (data: string): string => `${Buffer.byteLength(data).toString(16)}\r\n${data}\r\n`;
export const LAST_CHUNK = '0\r\n\r\n';

function dechunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    if (eol < 0) return out;
    const size = Number.parseInt(rest.slice(0, eol), 16);
    if (!size) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}
