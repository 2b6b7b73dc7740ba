/**
 * GraphQL multipart requests (the `operations`, `map`, then files form of
 * jaydenseric/graphql-multipart-request-spec), parsed as a stream: Yoga's own parser
 * (@whatwg-node's `formData()`) keeps every chunk of every file in memory, so this one writes
 * each file to a temporary file as it arrives, hashing it on the way (the digests the archive
 * asks for before an upload), and hands resolvers an `UploadedFile` that reads it back from
 * disk. Memory stays at a few chunks whatever the size.
 *
 * Bounds: the files of one request together may not exceed `maxFileBytes` (MAX_UPLOAD_BYTES) —
 * a declared Content-Length over it is refused before a byte is read, and a streamed body is
 * refused (413 PAYLOAD_TOO_LARGE, connection closed) as soon as its files pass it, without reading
 * on; `operations` and `map` are bounded by MAX_BODY_BYTES like any other GraphQL body. The
 * temporary files are removed when the response is sent, or when parsing fails.
 *
 * Other requests go to the plugin this one wraps (the body limit), unchanged: only its
 * `onRequestParse` is called (the body limit has no other hook), so that the body limit never
 * buffers a multipart body.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import type { Plugin } from 'graphql-yoga';
import { refusal } from './http-refusals.ts';

/** A digest computed while a file is spooled: `result()` may decline (undefined) once the size is known. */
export interface StreamingDigest {
  update(chunk: Uint8Array): void;
  result(): string | undefined;
}

/** A file of a multipart request, on disk until the response is sent. */
export class UploadedFile {
  constructor(
    /** The file name the client gave (no directories). */
    readonly name: string,
    /** The media type the client gave (`application/octet-stream` when none). */
    readonly type: string,
    readonly size: number,
    /** The spooled copy. */
    readonly path: string,
    /** Digests computed while spooling, by name (see `UploadOptions.digests`); absent when one declined. */
    readonly digests: Readonly<Record<string, string>>,
  ) {}

  /** The bytes `[start, end)` as a Node stream, read from disk. */
  openRange(start = 0, end = this.size): Readable {
    if (end <= start) return Readable.from([]);
    return createReadStream(this.path, { start, end: end - 1, highWaterMark: 1024 * 1024 });
  }

  /** The whole file as a WHATWG stream (what a `File` offers). */
  stream(): ReadableStream<Uint8Array> {
    return Readable.toWeb(this.openRange()) as unknown as ReadableStream<Uint8Array>;
  }

  /** What logs and cache keys see of it: never the bytes. */
  toJSON(): { name: string; type: string; size: number } {
    return { name: this.name, type: this.type, size: this.size };
  }
}

export interface UploadOptions {
  /** Most bytes of files in one request (MAX_UPLOAD_BYTES). */
  maxFileBytes: number;
  /** Most bytes of `operations` and of `map` (MAX_BODY_BYTES). */
  maxFieldBytes: number;
  /** Most files in one request. Default 10. */
  maxFiles?: number;
  /** Digests to compute while spooling, by name. */
  digests?: Record<string, () => StreamingDigest>;
  /** Where the temporary files go (default: the OS's temporary directory). */
  directory?: string;
}

class Refused extends Error {
  constructor(readonly response: Response) {
    super('refused');
  }
}

const isMultipart = (request: Request): boolean =>
  request.method === 'POST' &&
  (request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');

const badRequest = (message: string, extensions: Record<string, unknown> = {}) =>
  new Refused(
    refusal(400, message, { spec: 'https://github.com/jaydenseric/graphql-multipart-request-spec', ...extensions }),
  );

/**
 * The upload plugin; `otherwise` (the body limit) handles every request that is not multipart.
 * `spooled` tells a test how many requests still have temporary files.
 */
export function useUploads(options: UploadOptions, otherwise?: Plugin): Plugin & { spooled(): number } {
  const directories = new Map<Request, string>();
  const cleanup = async (request: Request) => {
    const dir = directories.get(request);
    if (dir === undefined) return;
    directories.delete(request);
    await rm(dir, { recursive: true, force: true });
  };
  const tooLarge = () =>
    refusal(
      413,
      `The files of this request are larger than ${options.maxFileBytes} bytes (MAX_UPLOAD_BYTES); upload larger files directly with startUpload`,
      { maximumBytes: options.maxFileBytes },
      { connection: 'close' },
    );

  return {
    spooled: () => directories.size,
    onRequestParse(payload) {
      const { request, setRequestParser, endResponse } = payload;
      if (!isMultipart(request)) return otherwise?.onRequestParse?.(payload);
      const declared = request.headers.get('content-length');
      // Files plus the two JSON fields plus the multipart framing.
      if (declared !== null && Number(declared) > options.maxFileBytes + 2 * options.maxFieldBytes + 64 * 1024) {
        endResponse(tooLarge());
        return;
      }
      setRequestParser(async (req) => {
        const dir = await mkdtemp(join(options.directory ?? tmpdir(), 'gateway-upload-'));
        directories.set(req, dir);
        try {
          return await parseMultipart(req, dir, options, tooLarge);
        } catch (error) {
          await cleanup(req);
          if (error instanceof Refused) return error.response;
          throw error;
        }
      });
    },
    async onResponse({ request }) {
      await cleanup(request);
    },
  };
}

type Operations = Record<string, unknown> | Record<string, unknown>[];

/** Reads the form: `operations`, `map`, then each mapped file to disk; resolves to the operations with files in place. */
function parseMultipart(
  request: Request,
  dir: string,
  options: UploadOptions,
  tooLarge: () => Response,
): Promise<Operations> {
  const maxFiles = options.maxFiles ?? 10;
  return new Promise<Operations>((resolve, reject) => {
    let settled = false;
    let operations: Operations | undefined;
    let map: Record<string, string[]> | undefined;
    const files = new Map<string, Promise<UploadedFile>>();
    let fileBytes = 0;
    let count = 0;

    const body = nodeStream(request.body);
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      // Stop reading: what is left of the body is never read (the refusal closes the connection).
      body.unpipe(busboy);
      body.pause();
      reject(error);
    };

    let busboy: BusboyInstance;
    try {
      busboy = new Busboy({
        headers: { 'content-type': request.headers.get('content-type') ?? '' },
        // Larger chunks than the 16 KiB default: fewer writes and hash updates per file.
        highWaterMark: 1024 * 1024,
        fileHwm: 1024 * 1024,
        limits: { fieldSize: options.maxFieldBytes, fields: 2, files: maxFiles, fieldNameSize: 200 },
      });
    } catch (error) {
      reject(badRequest(`Not a multipart body: ${(error as Error).message}`));
      return;
    }

    busboy.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (valueTruncated) return fail(new Refused(fieldTooLarge(name, options.maxFieldBytes)));
      try {
        if (name === 'operations') {
          if (operations !== undefined) throw badRequest('The field "operations" came twice');
          operations = parseJson(value, 'operations') as Operations;
          if (typeof operations !== 'object' || operations === null)
            throw badRequest('The field "operations" must be a JSON object or array');
        } else if (name === 'map') {
          if (operations === undefined) throw badRequest('The field "map" must come after "operations"');
          map = checkMap(parseJson(value, 'map'));
        } else {
          throw badRequest(`Unexpected field "${name.slice(0, 50)}": only "operations", "map" and files`);
        }
      } catch (error) {
        fail(error);
      }
    });

    busboy.on('file', (name, stream, filename, _encoding, mimetype) => {
      if (settled) {
        stream.resume();
        return;
      }
      if (map === undefined) {
        stream.resume();
        return fail(badRequest('Files must come after the fields "operations" and "map"'));
      }
      if (!(name in map) || files.has(name)) {
        stream.resume(); // not mapped: ignored, as the spec says
        return;
      }
      count += 1;
      const path = join(dir, String(count));
      const digests = Object.entries(options.digests ?? {}).map(([key, make]) => [key, make()] as const);
      let size = 0;
      // Counts and hashes on the way to disk; past the bound it fails the pipeline, and the parse.
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.byteLength;
          fileBytes += chunk.byteLength;
          if (fileBytes > options.maxFileBytes) return done(new Refused(tooLarge()));
          for (const [, d] of digests) d.update(chunk);
          done(null, chunk);
        },
      });
      const written = pipeline(stream, meter, createWriteStream(path)).then(() => {
        const results: Record<string, string> = {};
        for (const [key, d] of digests) {
          const r = d.result();
          if (r !== undefined) results[key] = r;
        }
        return new UploadedFile(
          filename ? filename.slice(0, 255) : name,
          mimetype || 'application/octet-stream',
          size,
          path,
          results,
        );
      });
      written.catch(fail);
      files.set(name, written);
    });

    busboy.on('filesLimit', () =>
      fail(badRequest(`At most ${maxFiles} files per request`, { maximumFiles: maxFiles })),
    );
    busboy.on('error', (error: Error) => fail(badRequest(`Malformed multipart body: ${error.message}`)));
    busboy.on('finish', () => {
      if (settled) return;
      if (operations === undefined) return fail(badRequest('Missing multipart field "operations"'));
      const ops = operations;
      const entries = Object.entries(map ?? {});
      Promise.all(
        entries.map(async ([field, paths]) => {
          const file = files.get(field);
          if (!file) throw badRequest(`The map names a file "${field.slice(0, 50)}" the request does not carry`);
          const value = await file;
          for (const p of paths) place(ops, p, value);
        }),
      ).then(() => {
        if (settled) return;
        settled = true;
        resolve(ops);
      }, fail);
    });

    body.on('error', (error) => fail(error));
    // The client went away before the body ended (node:http may say so only by closing).
    body.once('close', () => {
      if (!body.readableEnded) fail(new Error('The client closed the request during the upload'));
    });
    body.pipe(busboy);
  });
}

/**
 * The body as a Node stream: @whatwg-node's ponyfill stream wraps one (`readable`, the request
 * itself on node:http: read directly, with its backpressure); a native one is adapted.
 */
function nodeStream(body: ReadableStream<Uint8Array> | null): Readable {
  if (!body) return Readable.from([]);
  const inner = (body as { readable?: unknown }).readable;
  if (inner instanceof Readable) return inner;
  if (body instanceof ReadableStream) return Readable.fromWeb(body as unknown as NodeWebReadableStream);
  return Readable.from(body as unknown as AsyncIterable<Uint8Array>);
}

function fieldTooLarge(name: string, max: number): Response {
  return refusal(
    413,
    `The multipart field "${name.slice(0, 50)}" is larger than ${max} bytes`,
    { maximumBytes: max },
    { connection: 'close' },
  );
}

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest(`The field "${field}" is not valid JSON`);
  }
}

function checkMap(value: unknown): Record<string, string[]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw badRequest('The field "map" must be a JSON object of file field → paths');
  for (const [key, paths] of Object.entries(value)) {
    if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string'))
      throw badRequest(`The map entry "${key.slice(0, 50)}" must be a non-empty array of paths`);
  }
  return value as Record<string, string[]>;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Puts the file at a dotted path (`variables.file`, `0.variables.files.1`) of the operations; the path must lead to a null. */
function place(operations: Operations, path: string, file: UploadedFile): void {
  const keys = path.split('.');
  let at: unknown = operations;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i] as string;
    if (FORBIDDEN_KEYS.has(key) || typeof at !== 'object' || at === null || !Object.hasOwn(at, key))
      throw badRequest(`The map path "${path.slice(0, 100)}" does not exist in "operations"`);
    at = (at as Record<string, unknown>)[key];
  }
  const last = keys[keys.length - 1] as string;
  if (FORBIDDEN_KEYS.has(last) || typeof at !== 'object' || at === null)
    throw badRequest(`The map path "${path.slice(0, 100)}" does not exist in "operations"`);
  const holder = at as Record<string, unknown>;
  if (holder[last] !== null && holder[last] !== undefined)
    throw badRequest(`The map path "${path.slice(0, 100)}" must point at a null in "operations"`);
  holder[last] = file;
}
