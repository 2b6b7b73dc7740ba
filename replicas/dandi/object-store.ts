/**
 * The replica's in-memory stand-in for the S3 bucket that uploads go to: a SECOND http server
 * (its own origin, like real S3) answering presigned multipart part PUTs (ETag = quoted md5 of
 * the part), CompleteMultipartUpload POSTs, zarr object PUTs (checked against Content-MD5), and
 * GET / HEAD of what was stored (bytes exact, `Range` honoured). Bodies are streamed and hashed
 * chunk by chunk; a part larger than planned is refused, so memory stays within the upload cap.
 * It has its own request log and fault switches (status / drop / hang), like the API server.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Faults, type LoggedRequest, RequestLog } from '../common/server.ts';
import { objectHeaders, parseRange } from './routes-s3.ts';

export interface StoredObject {
  /** Undefined when the store was told not to keep bytes (only sizes and digests). */
  bytes: Buffer | undefined;
  size: number;
  /** S3 ETag without quotes: md5 hex, or `md5-of-md5s-N` for a multipart object. */
  etag: string;
  lastModified: number;
  contentType: string;
}

interface ReceivedPart {
  etag: string;
  md5: Buffer;
  size: number;
  bytes: Buffer | undefined;
}

interface Multipart {
  key: string;
  /** Planned part sizes; part numbers are 1-based. */
  parts: number[];
  received: Map<number, ReceivedPart>;
}

export interface ObjectStoreHooks {
  /** Whether `key` may be read without a signature (objects of OPEN dandisets). */
  isPublic(key: string): boolean;
  /** A zarr object arrived; returns an error message to refuse it (e.g. unknown zarr). */
  zarrPut(zarrId: string, path: string, obj: StoredObject): string | undefined;
  /** The replica clock, µs. */
  now(): number;
}

export interface ObjectStoreOptions {
  /** Keep uploaded bytes in memory (default true); without them objects cannot be downloaded. */
  retainBytes: boolean;
  /** Deterministic signing secret (per replica). */
  secret: string;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function s3Error(res: ServerResponse, status: number, code: string, message: string, key: string, head = false) {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><Key>${xmlEscape(key)}</Key></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(body)) });
  res.end(head ? undefined : body);
}

/** Read the whole body, hashing as it streams; keep bytes only while under `limit`. */
async function readBody(
  req: IncomingMessage,
  limit: number,
  keep: boolean,
): Promise<{ md5: Buffer; size: number; bytes: Buffer | undefined; tooLarge: boolean }> {
  const hash = createHash('md5');
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) {
      tooLarge = true;
      chunks.length = 0;
      continue;
    }
    hash.update(buf);
    if (keep) chunks.push(buf);
  }
  return { md5: hash.digest(), size, bytes: keep && !tooLarge ? Buffer.concat(chunks) : undefined, tooLarge };
}

export class ObjectStore {
  origin = '';
  readonly log = new RequestLog();
  readonly faults = new Faults();
  private readonly objects = new Map<string, StoredObject>();
  private readonly multiparts = new Map<string, Multipart>();
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly options: ObjectStoreOptions,
    private readonly hooks: ObjectStoreHooks,
  ) {}

  private signature(method: string, key: string, extra: string): string {
    return createHash('sha256').update(`${this.options.secret}\n${method}\n${key}\n${extra}`).digest('hex');
  }

  private url(key: string, params: Record<string, string>): string {
    const q = new URLSearchParams(params).toString();
    return `${this.origin}/s3/${key.split('/').map(encodeURIComponent).join('/')}?${q}`;
  }

  /** Presigned GET of an object (what download redirects point at for uploaded blobs). */
  presignGet(key: string, query = ''): string {
    const base = `${this.origin}/s3/${key.split('/').map(encodeURIComponent).join('/')}`;
    const params = new URLSearchParams(query);
    params.set('X-Amz-Signature', this.signature('GET', key, ''));
    return `${base}?${params.toString()}`;
  }

  /** Start a multipart upload of `key` with the planned part sizes; returns the part URLs. */
  createMultipart(uploadId: string, key: string, parts: number[]): string[] {
    this.multiparts.set(uploadId, { key, parts, received: new Map() });
    return parts.map((_, i) => {
      const extra = `uploadId=${uploadId}&partNumber=${i + 1}`;
      return this.url(key, {
        partNumber: String(i + 1),
        uploadId,
        'X-Amz-Expires': '21600',
        'X-Amz-Signature': this.signature('PUT', key, extra),
      });
    });
  }

  /** URL of the CompleteMultipartUpload POST and the XML body listing the parts. */
  completion(uploadId: string, parts: { part_number: number; etag: string }[]): { url: string; body: string } {
    const mp = this.multiparts.get(uploadId);
    const key = mp?.key ?? '';
    const url = this.url(key, {
      uploadId,
      'X-Amz-Expires': '21600',
      'X-Amz-Signature': this.signature('POST', key, `uploadId=${uploadId}`),
    });
    const items = parts
      .map(
        (p) =>
          `<Part><PartNumber>${p.part_number}</PartNumber><ETag>"${xmlEscape(p.etag.replace(/"/g, ''))}"</ETag></Part>`,
      )
      .join('');
    return {
      url,
      body: `<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload>${items}</CompleteMultipartUpload>`,
    };
  }

  hasMultipart(uploadId: string): boolean {
    return this.multiparts.has(uploadId);
  }

  /** Part numbers received so far with their md5 ETags (for tests and the uploads listing). */
  receivedParts(uploadId: string): { part_number: number; etag: string; size: number }[] {
    const mp = this.multiparts.get(uploadId);
    if (!mp) return [];
    return [...mp.received].sort(([a], [b]) => a - b).map(([n, p]) => ({ part_number: n, etag: p.etag, size: p.size }));
  }

  abortMultipart(uploadId: string): void {
    this.multiparts.delete(uploadId);
  }

  /** A presigned PUT for one zarr object; the client must send the matching Content-MD5. */
  presignZarrPut(zarrId: string, path: string, base64md5: string): string {
    const key = `zarr/${zarrId}/${path}`;
    return this.url(key, {
      'X-Amz-Expires': '21600',
      'X-Amz-SignedHeaders': 'content-md5;host',
      'content-md5': base64md5,
      'X-Amz-Signature': this.signature('PUT', key, `content-md5=${base64md5}`),
    });
  }

  object(key: string): StoredObject | undefined {
    return this.objects.get(key);
  }

  deleteObject(key: string): void {
    this.objects.delete(key);
  }

  async start(host: string, port = 0): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => {
        if (!res.headersSent) s3Error(res, 500, 'InternalError', error.message, '');
        else res.destroy();
      });
    });
    server.keepAliveTimeout = 5_000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    this.origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      for (const s of this.sockets) s.destroy();
      if (this.server) this.server.close(() => resolve());
      else resolve();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', this.origin);
    const method = req.method ?? 'GET';
    const entry: LoggedRequest = {
      method,
      path: url.pathname,
      search: url.search.replace(/^\?/, ''),
      query: url.searchParams,
      status: 0,
      authorization: req.headers.authorization,
      fault: undefined,
      body: '',
      durationMs: 0,
    };
    this.log.entries.push(entry);
    // The status is logged as soon as it is sent: a client may see the answer before 'finish'.
    const writeHead = res.writeHead.bind(res) as (status: number, headers?: Record<string, string>) => ServerResponse;
    res.writeHead = ((status: number, headers?: Record<string, string>) => {
      entry.status = status;
      entry.durationMs = performance.now() - started;
      return writeHead(status, headers);
    }) as typeof res.writeHead;
    const fault = this.faults.draw(url.pathname);
    entry.fault = fault?.kind;
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'status') {
      req.resume();
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
      res.writeHead(fault.status ?? 503, { ...headers, 'content-type': 'application/xml' });
      res.end(`<Error><Code>ServiceUnavailable</Code><Message>${fault.detail ?? 'Replica fault'}</Message></Error>`);
      return;
    }
    if (!url.pathname.startsWith('/s3/')) {
      req.resume();
      s3Error(res, 404, 'NoSuchBucket', 'The specified bucket does not exist', url.pathname);
      return;
    }
    let key: string;
    try {
      key = decodeURIComponent(url.pathname.slice(4));
    } catch {
      req.resume();
      s3Error(res, 400, 'InvalidURI', 'Couldn\u2019t parse the specified URI.', url.pathname);
      return;
    }
    const q = url.searchParams;
    const uploadId = q.get('uploadId');
    if (method === 'PUT' && uploadId !== null) return this.putPart(req, res, key, uploadId, q);
    if (method === 'POST' && uploadId !== null) return this.complete(req, res, key, uploadId, q, entry);
    if (method === 'PUT' && key.startsWith('zarr/')) return this.putZarr(req, res, key, q);
    req.resume();
    if (method === 'GET' || method === 'HEAD') return this.get(req, res, key, q, method === 'HEAD');
    s3Error(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', key);
  }

  private async putPart(
    req: IncomingMessage,
    res: ServerResponse,
    key: string,
    uploadId: string,
    q: URLSearchParams,
  ): Promise<void> {
    const partNumber = Number(q.get('partNumber'));
    const extra = `uploadId=${uploadId}&partNumber=${q.get('partNumber') ?? ''}`;
    if (q.get('X-Amz-Signature') !== this.signature('PUT', key, extra)) {
      req.resume();
      return s3Error(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match.', key);
    }
    const mp = this.multiparts.get(uploadId);
    const planned = mp?.parts[partNumber - 1];
    if (!mp || mp.key !== key || planned === undefined) {
      req.resume();
      return s3Error(res, 404, 'NoSuchUpload', 'The specified multipart upload does not exist.', key);
    }
    const body = await readBody(req, planned, this.options.retainBytes);
    if (body.tooLarge) {
      return s3Error(
        res,
        400,
        'EntityTooLarge',
        `Part ${partNumber} is larger than its planned ${planned} bytes.`,
        key,
      );
    }
    const etag = body.md5.toString('hex');
    mp.received.set(partNumber, { etag, md5: body.md5, size: body.size, bytes: body.bytes });
    res.writeHead(200, { etag: `"${etag}"`, 'content-length': '0' });
    res.end();
  }

  private async complete(
    req: IncomingMessage,
    res: ServerResponse,
    key: string,
    uploadId: string,
    q: URLSearchParams,
    entry: LoggedRequest,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const xml = Buffer.concat(chunks).toString('utf8');
    entry.body = xml;
    if (q.get('X-Amz-Signature') !== this.signature('POST', key, `uploadId=${uploadId}`)) {
      return s3Error(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match.', key);
    }
    const mp = this.multiparts.get(uploadId);
    if (!mp || mp.key !== key) {
      return s3Error(res, 404, 'NoSuchUpload', 'The specified multipart upload does not exist.', key);
    }
    const listed = [
      ...xml.matchAll(/<Part>\s*<PartNumber>(\d+)<\/PartNumber>\s*<ETag>"?([^<"]*)"?<\/ETag>\s*<\/Part>/g),
    ].map((m) => ({ n: Number(m[1]), etag: m[2] ?? '' }));
    if (!listed.length) return s3Error(res, 400, 'MalformedXML', 'The XML you provided was not well-formed.', key);
    const parts: ReceivedPart[] = [];
    for (let i = 0; i < listed.length; i++) {
      const l = listed[i] as { n: number; etag: string };
      if (i > 0 && l.n <= (listed[i - 1]?.n ?? 0)) {
        return s3Error(res, 400, 'InvalidPartOrder', 'The list of parts was not in ascending order.', key);
      }
      const got = mp.received.get(l.n);
      if (!got || got.etag !== l.etag) {
        return s3Error(res, 400, 'InvalidPart', `Part ${l.n} was not uploaded or its ETag does not match.`, key);
      }
      parts.push(got);
    }
    const md5 = createHash('md5');
    for (const p of parts) md5.update(p.md5);
    const etag = `${md5.digest('hex')}-${parts.length}`;
    const size = parts.reduce((s, p) => s + p.size, 0);
    const bytes = this.options.retainBytes ? Buffer.concat(parts.map((p) => p.bytes ?? Buffer.alloc(0))) : undefined;
    this.objects.set(key, {
      bytes,
      size,
      etag,
      lastModified: this.hooks.now(),
      contentType: 'application/octet-stream',
    });
    this.multiparts.delete(uploadId);
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<CompleteMultipartUploadResult><Location>${xmlEscape(`${this.origin}/s3/${key}`)}</Location><Bucket>dandiarchive</Bucket><Key>${xmlEscape(key)}</Key><ETag>"${etag}"</ETag></CompleteMultipartUploadResult>`;
    res.writeHead(200, { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  }

  private async putZarr(req: IncomingMessage, res: ServerResponse, key: string, q: URLSearchParams): Promise<void> {
    const signed = q.get('content-md5') ?? '';
    if (q.get('X-Amz-Signature') !== this.signature('PUT', key, `content-md5=${signed}`)) {
      req.resume();
      return s3Error(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match.', key);
    }
    const header = req.headers['content-md5'];
    if (header !== undefined && header !== signed) {
      req.resume();
      return s3Error(res, 403, 'SignatureDoesNotMatch', 'Content-MD5 differs from the signed value.', key);
    }
    const body = await readBody(req, 5 * 1024 ** 3, this.options.retainBytes);
    if (body.md5.toString('base64') !== signed) {
      return s3Error(res, 400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.', key);
    }
    const m = /^zarr\/([0-9a-f-]{36})\/(.+)$/.exec(key);
    const obj: StoredObject = {
      bytes: body.bytes,
      size: body.size,
      etag: body.md5.toString('hex'),
      lastModified: this.hooks.now(),
      contentType: 'binary/octet-stream',
    };
    const refused = m ? this.hooks.zarrPut(m[1] ?? '', m[2] ?? '', obj) : 'Not a zarr object key.';
    if (refused) return s3Error(res, 403, 'AccessDenied', refused, key);
    this.objects.set(key, obj);
    res.writeHead(200, { etag: `"${obj.etag}"`, 'content-length': '0' });
    res.end();
  }

  private get(req: IncomingMessage, res: ServerResponse, key: string, q: URLSearchParams, head: boolean): void {
    const obj = this.objects.get(key);
    if (!obj) {
      s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.', key, head);
      return;
    }
    if (!this.hooks.isPublic(key) && q.get('X-Amz-Signature') !== this.signature('GET', key, '')) {
      s3Error(res, 403, 'AccessDenied', 'Access Denied', key, head);
      return;
    }
    if (!obj.bytes) {
      s3Error(res, 501, 'NotImplemented', 'The replica was told not to keep uploaded bytes.', key, head);
      return;
    }
    const headers = objectHeaders(q, obj);
    const range = parseRange(req.headers.range, obj.size);
    if (range === null) {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${obj.size}`, 'content-length': '0' });
      res.end();
      return;
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? obj.size;
    const slice = obj.bytes.subarray(start, end);
    if (range) headers['content-range'] = `bytes ${start}-${end - 1}/${obj.size}`;
    headers['content-length'] = String(slice.length);
    res.writeHead(range ? 206 : 200, headers);
    res.end(head ? undefined : slice);
  }
}

/** S3's md5-of-md5s ETag of a byte string cut into parts of the given sizes. */
export function multipartEtag(bytes: Buffer, parts: number[]): string {
  const md5 = createHash('md5');
  let at = 0;
  for (const size of parts) {
    md5.update(
      createHash('md5')
        .update(bytes.subarray(at, at + size))
        .digest(),
    );
    at += size;
  }
  return `${md5.digest('hex')}-${parts.length}`;
}
