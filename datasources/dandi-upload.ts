/**
 * A file into a dandiset, the way dandi-cli uploads one: its dandi-etag first, then
 * `/uploads/initialize/` (or the blob DANDI already has under that digest), each part PUT to
 * its presigned URL on the object store (streamed from disk, several at once, each retried: a
 * PUT of a part is idempotent), the multipart upload completed on the store, `/validate/` for the
 * blob, and only then the asset of the draft. Nothing is held whole in memory.
 *
 * What a failure leaves is said in its error (`extensions.upload`): before the blob exists, no
 * blob and no asset (the started upload is named); once the blob exists but the asset could not
 * be made, the blob's id — a retry of the same file finds it by digest and sends no bytes again.
 * An asset is never half made: it is one request, made last.
 */
import type { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { ArchiveError, type ArchiveErrorCode, inputError } from '../src/http/archive-error.ts';
import { OperationAborted } from '../src/http/upstream.ts';
import { isDandiEtag, type PartLayout, partLayout, partRanges, StreamingDandiEtag } from './dandi-etag.ts';
import type { AssetInfo } from './dandi-types.ts';
import { checkAssetPath, checkMetadataObject, type DandiWrites, type UploadPart } from './dandi-writes.ts';
import { isObject } from './list.ts';

/** Parts in flight at once (dandi-cli uploads with 5 threads). */
export const PART_CONCURRENCY = 4;
/** Tries per part PUT. */
export const PART_ATTEMPTS = 3;
/** Longest a part PUT may go without progress (ms). */
const PART_IDLE_TIMEOUT_MS = 120_000;

/** Bytes to upload: a size, and a way to read any range of them again (a part may be sent twice). */
export interface UploadSource {
  size: number;
  /** A stream of the bytes `[start, end)`. */
  openRange(start: number, end: number): Readable;
  /** Its dandi-etag, when computed already (while it was spooled). */
  etag?: string | undefined;
  /** Media type, for the asset's `encodingFormat` when the metadata has none. */
  type?: string | undefined;
}

/** Where an upload got to, reported with any failure. */
export interface UploadProgress {
  stage: 'digest' | 'initialize' | 'parts' | 'complete' | 'validate' | 'asset';
  uploadId?: string;
  partsSent?: number;
  parts?: number;
  blobId?: string;
  /** Whether a blob of this content exists in the archive now (a retry reuses it). */
  blobExists: boolean;
  assetCreated: false;
}

export interface BlobOutcome {
  blobId: string;
  etag: string;
  /** True when DANDI had the blob already: no byte was sent. */
  reused: boolean;
  /** Parts sent (0 when reused). */
  parts: number;
  /** Bytes of the blob, as DANDI has it. */
  size: number;
}

export interface UploadedAsset {
  asset: AssetInfo;
  blob: BlobOutcome;
}

/** One keep-alive agent for every object-store origin (S3 in production; the replica's store in tests). */
let storeAgent: Agent | undefined;
const agent = () => {
  storeAgent ??= new Agent({
    connections: 16,
    keepAliveTimeout: 10_000,
    headersTimeout: PART_IDLE_TIMEOUT_MS,
    bodyTimeout: PART_IDLE_TIMEOUT_MS,
    connect: { timeout: 10_000 },
  });
  return storeAgent;
};

/** Closes the object-store connections (a test or a shutdown). */
export async function closeObjectStoreAgent(): Promise<void> {
  const a = storeAgent;
  storeAgent = undefined;
  await a?.close();
}

export class DandiUploader {
  constructor(private readonly writes: DandiWrites) {}

  /** The source's dandi-etag: the one computed while spooling, else read once from the start. */
  async etagOf(source: UploadSource): Promise<string> {
    if (source.etag) return source.etag;
    const layout = partLayout(source.size, this.writes.etagPartBytes);
    const hasher = new StreamingDandiEtag(layout.partSize || this.writes.etagPartBytes, this.writes.etagPartBytes);
    for await (const chunk of source.openRange(0, source.size)) {
      this.stopIfAborted();
      hasher.update(chunk as Uint8Array);
    }
    const etag = hasher.result();
    if (etag === undefined || hasher.size !== source.size)
      throw new ArchiveError('dandi', 'BAD_USER_INPUT', 'The file changed while its digest was computed', {
        details: { upload: { stage: 'digest', blobExists: false, assetCreated: false } },
      });
    return etag;
  }

  /**
   * `uploadAsset`: the path and metadata checked, the path free in the draft, the blob uploaded
   * (or found), then the asset. `metadata` is the asset's metadata document; `path`,
   * `contentSize` and the digest are set from the file.
   */
  async uploadAsset(
    identifier: string,
    path: string,
    metadata: Record<string, unknown> | undefined,
    source: UploadSource,
  ): Promise<UploadedAsset> {
    this.writes.requireToken();
    checkAssetPath(path);
    const given = metadata === undefined ? {} : checkMetadataObject(metadata);
    // A path already taken would be refused only after the bytes went up: ask first (one GET).
    await this.requireFreePath(identifier, path);
    const etag = await this.etagOf(source);
    const blob = await this.uploadBlob(identifier, source, etag);
    const format = encodingFormatOf(path, source.type);
    const document = {
      schemaKey: 'Asset',
      ...(format ? { encodingFormat: format } : {}),
      ...given,
      path,
      contentSize: source.size,
      digest: { ...(isObject(given.digest) ? given.digest : {}), 'dandi:dandi-etag': etag },
    };
    const asset = await this.createAssetOverBlob(identifier, document, blob);
    return { asset, blob };
  }

  /** The asset of the draft over an uploaded blob; a failure says the blob exists. */
  async createAssetOverBlob(
    identifier: string,
    metadata: Record<string, unknown>,
    blob: { blobId: string },
  ): Promise<AssetInfo> {
    try {
      return await this.writes.createAsset(identifier, metadata, { blobId: blob.blobId });
    } catch (error) {
      throw annotate(error, { stage: 'asset', blobId: blob.blobId, blobExists: true, assetCreated: false });
    }
  }

  /** The blob of `source` in the archive: found by digest, or uploaded part by part. */
  async uploadBlob(identifier: string, source: UploadSource, etag: string): Promise<BlobOutcome> {
    const init = await this.step({ stage: 'initialize', blobExists: false, assetCreated: false }, () =>
      this.writes.initializeUpload(identifier, source.size, etag),
    );
    if ('exists' in init)
      return this.existingBlob(etag, { stage: 'initialize', blobExists: true, assetCreated: false });

    const { upload_id: uploadId, parts } = init.upload;
    const at: UploadProgress = {
      stage: 'parts',
      uploadId,
      parts: parts.length,
      partsSent: 0,
      blobExists: false,
      assetCreated: false,
    };
    const expected = partRanges(partLayout(source.size, this.writes.etagPartBytes));
    if (
      parts.length !== expected.length ||
      parts.some((p, i) => p.part_number !== i + 1 || p.size !== expected[i]?.size)
    ) {
      throw new ArchiveError(
        'dandi',
        'ARCHIVE_BAD_RESPONSE',
        `DANDI cut the ${source.size}-byte file into ${parts.length} parts, not the ${expected.length} of the dandi-etag rule the digest was computed with (DANDI_ETAG_PART_BYTES=${this.writes.etagPartBytes}); nothing was sent`,
        { details: { upload: at } },
      );
    }

    const etags = await this.putParts(parts, expected, source, at);
    const sent = parts.map((p, i) => ({ part_number: p.part_number, size: p.size, etag: etags[i] as string }));
    return this.finish(uploadId, sent, etag, at);
  }

  /** Completes a multipart upload whose parts are on the store, and validates it into a blob. */
  private async finish(
    uploadId: string,
    parts: { part_number: number; size: number; etag: string }[],
    etag: string,
    at: UploadProgress,
  ): Promise<BlobOutcome> {
    at.stage = 'complete';
    const completion = await this.step(at, () => this.writes.completeUpload(uploadId, parts));
    await this.step(at, () => postCompletion(completion.complete_url, completion.body, this.writes.signal));
    at.stage = 'validate';
    const validated = await this.step(at, () => this.writes.validateUpload(uploadId));
    if ('exists' in validated) return this.existingBlob(etag, { ...at, blobExists: true });
    return { blobId: validated.blob_id, etag, reused: false, parts: parts.length, size: validated.size };
  }

  /**
   * `startUpload`: the path checked free, then the presigned part URLs for a client that PUTs the
   * parts itself — or the blob DANDI has under this digest already (nothing to send).
   */
  async startDirect(
    identifier: string,
    path: string,
    size: number,
    etag: string,
  ): Promise<{ uploadId: string; parts: UploadPart[] } | { blob: { blobId: string; size: number } }> {
    this.writes.requireToken();
    checkAssetPath(path);
    const layout = checkDigestFor(size, etag, this.writes.etagPartBytes);
    await this.requireFreePath(identifier, path);
    const init = await this.step({ stage: 'initialize', blobExists: false, assetCreated: false }, () =>
      this.writes.initializeUpload(identifier, size, etag),
    );
    if ('exists' in init) {
      const at: UploadProgress = { stage: 'initialize', blobExists: true, assetCreated: false };
      const blob = await this.existingBlob(etag, at);
      return { blob: { blobId: blob.blobId, size } };
    }
    if (init.upload.parts.length !== layout.count)
      throw new ArchiveError(
        'dandi',
        'ARCHIVE_BAD_RESPONSE',
        `DANDI cut the file into ${init.upload.parts.length} parts, not the ${layout.count} of the digest`,
        {
          details: {
            upload: { stage: 'initialize', uploadId: init.upload.upload_id, blobExists: false, assetCreated: false },
          },
        },
      );
    return { uploadId: init.upload.upload_id, parts: init.upload.parts };
  }

  /**
   * `completeUpload`: with `upload`, completes and validates the multipart upload the client
   * sent the parts of; without, takes the blob DANDI has under `etag`. Then the asset.
   */
  async completeDirect(
    identifier: string,
    path: string,
    metadata: Record<string, unknown> | undefined,
    etag: string,
    upload: { uploadId: string; parts: { part_number: number; size: number; etag: string }[] } | undefined,
  ): Promise<UploadedAsset> {
    this.writes.requireToken();
    checkAssetPath(path);
    const given = metadata === undefined ? {} : checkMetadataObject(metadata);
    if (!isDandiEtag(etag))
      throw inputError('`etag` is not a dandi-etag ("<32 hex digits>-<parts>")', { argument: 'etag' }, 'dandi');
    let blob: BlobOutcome;
    if (upload) {
      const at: UploadProgress = {
        stage: 'complete',
        uploadId: upload.uploadId,
        parts: upload.parts.length,
        partsSent: upload.parts.length,
        blobExists: false,
        assetCreated: false,
      };
      blob = await this.finish(upload.uploadId, upload.parts, etag, at);
    } else {
      const found = await this.writes.blobByEtag(etag);
      if (!found)
        throw inputError(
          'DANDI has no blob with this digest: call startUpload, PUT the parts, then completeUpload with the uploadId and the parts',
          { argument: 'etag' },
          'dandi',
        );
      blob = { blobId: found.blob_id, etag, reused: true, parts: 0, size: found.size };
    }
    const document = {
      schemaKey: 'Asset',
      ...given,
      path,
      contentSize: blob.size,
      digest: { ...(isObject(given.digest) ? given.digest : {}), 'dandi:dandi-etag': etag },
    };
    const asset = await this.createAssetOverBlob(identifier, document, blob);
    return { asset, blob };
  }

  /** BAD_USER_INPUT when the draft has an asset at `path` already (one GET, before any byte goes up). */
  private async requireFreePath(identifier: string, path: string): Promise<void> {
    const existing = await this.writes.draftAssetAt(identifier, path);
    if (existing) {
      throw inputError(
        `The draft of ${identifier} already has an asset at "${path}" (${existing.asset_id}); delete it or choose another path`,
        { argument: 'path', conflict: true, assetId: existing.asset_id },
        'dandi',
      );
    }
  }

  private async existingBlob(etag: string, at: UploadProgress): Promise<BlobOutcome> {
    const blob = await this.step(at, () => this.writes.blobByEtag(etag));
    if (!blob)
      throw new ArchiveError(
        'dandi',
        'ARCHIVE_BAD_RESPONSE',
        'DANDI said a blob of this digest exists but does not find it',
        {
          details: { upload: at },
        },
      );
    return { blobId: blob.blob_id, etag, reused: true, parts: 0, size: blob.size };
  }

  /** Every part PUT, `PART_CONCURRENCY` at a time; the store's ETag of each, in part order. */
  private async putParts(
    parts: readonly UploadPart[],
    ranges: readonly { start: number; end: number }[],
    source: UploadSource,
    at: UploadProgress,
  ): Promise<string[]> {
    const etags: string[] = new Array(parts.length);
    let next = 0;
    let failed: unknown;
    const worker = async () => {
      while (failed === undefined && next < parts.length) {
        const i = next++;
        const part = parts[i] as UploadPart;
        const range = ranges[i] as { start: number; end: number };
        try {
          etags[i] = await putPart(part, () => source.openRange(range.start, range.end), this.writes.signal);
          at.partsSent = (at.partsSent ?? 0) + 1;
        } catch (error) {
          failed ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PART_CONCURRENCY, parts.length) }, worker));
    if (failed !== undefined) throw annotate(failed, at);
    return etags;
  }

  private async step<T>(at: UploadProgress, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw annotate(error, at);
    }
  }

  private stopIfAborted(): void {
    const signal = this.writes.signal;
    if (signal?.aborted) throw stopped(signal.reason);
  }
}

/** PUTs one part to its presigned URL; retried on a lost connection, a timeout or a 5xx. */
async function putPart(part: UploadPart, open: () => Readable, signal: AbortSignal | undefined): Promise<string> {
  let last: ArchiveError | undefined;
  for (let attempt = 1; attempt <= PART_ATTEMPTS; attempt++) {
    if (signal?.aborted) throw stopped(signal.reason);
    const body = open();
    try {
      const res = await request(part.upload_url, {
        method: 'PUT',
        body,
        headers: { 'content-length': String(part.size) },
        dispatcher: agent(),
        signal,
      });
      const text = await res.body.text();
      body.destroy(); // read whole, or not to be read on: its file handle is released either way
      const etag = res.headers.etag;
      if (res.statusCode >= 200 && res.statusCode < 300 && typeof etag === 'string') return etag;
      last = storeError(
        res.statusCode >= 500 || res.statusCode === 429 ? 'ARCHIVE_UNAVAILABLE' : 'ARCHIVE_BAD_RESPONSE',
        `DANDI's object store refused part ${part.part_number} (HTTP ${res.statusCode}${text ? `: ${text.slice(0, 200)}` : res.statusCode < 300 ? ', no ETag' : ''})`,
        res.statusCode,
      );
      if (res.statusCode < 500 && res.statusCode !== 429) throw last;
    } catch (error) {
      body.destroy();
      if (error === last) throw error;
      if (signal?.aborted) throw stopped(signal.reason);
      last = storeError(
        'ARCHIVE_UNAVAILABLE',
        `DANDI's object store failed on part ${part.part_number}: ${(error as Error).message}`,
      );
    }
    if (attempt < PART_ATTEMPTS) await new Promise((r) => setTimeout(r, 100 * 2 ** (attempt - 1)));
  }
  throw last;
}

/** POSTs the CompleteMultipartUpload body DANDI gave to the store (once: not retried). */
async function postCompletion(url: string, xml: string, signal: AbortSignal | undefined): Promise<void> {
  let res: Awaited<ReturnType<typeof request>>;
  try {
    res = await request(url, {
      method: 'POST',
      body: xml,
      headers: { 'content-type': 'application/xml' },
      dispatcher: agent(),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw stopped(signal.reason);
    throw storeError(
      'ARCHIVE_UNAVAILABLE',
      `DANDI's object store did not complete the upload: ${(error as Error).message}`,
    );
  }
  const text = await res.body.text();
  // S3 may answer 200 with an <Error> document.
  if (res.statusCode >= 300 || /<Error>/.test(text)) {
    throw storeError(
      res.statusCode >= 500 ? 'ARCHIVE_UNAVAILABLE' : 'ARCHIVE_BAD_RESPONSE',
      `DANDI's object store did not complete the upload (HTTP ${res.statusCode}: ${text.slice(0, 200)})`,
      res.statusCode,
    );
  }
}

function storeError(code: ArchiveErrorCode, message: string, status?: number): ArchiveError {
  return new ArchiveError('dandi', code, message, status === undefined ? {} : { status });
}

function stopped(reason: unknown): ArchiveError {
  if (reason instanceof OperationAborted && reason.why === 'deadline')
    return new ArchiveError(
      'dandi',
      'DEADLINE_EXCEEDED',
      `The request's deadline (${reason.deadlineMs} ms) passed during the upload`,
      {
        details: { deadlineMs: reason.deadlineMs },
      },
    );
  return new ArchiveError('dandi', 'REQUEST_CANCELLED', 'The client closed the request during the upload', {
    cause: reason,
  });
}

/** The error with where the upload got to, and what that leaves in the archive, said in its message. */
function annotate(error: unknown, at: UploadProgress): unknown {
  const upload = { ...at };
  const left = upload.blobExists
    ? `The blob${upload.blobId ? ` ${upload.blobId}` : ''} is stored but no asset was made: uploading the same file again reuses it without sending its bytes.`
    : upload.uploadId
      ? `No blob and no asset were made (upload ${upload.uploadId} was started; ${upload.partsSent ?? 0} of ${upload.parts} parts sent).`
      : 'Nothing was made.';
  if (error instanceof ArchiveError) {
    if (error.details?.upload) return error;
    return new ArchiveError(error.archive, error.code, `${error.message}. ${left}`, {
      ...(error.status === undefined ? {} : { status: error.status }),
      details: { ...error.details, upload },
      cause: error,
    });
  }
  return error;
}

/** A client's declared size and dandi-etag, checked against DANDI's part rule before anything is sent. */
export function checkDigestFor(size: number, etag: string, partBytes: number): PartLayout {
  if (!Number.isSafeInteger(size) || size < 0)
    throw inputError('`size` must be a whole number of bytes', { argument: 'size' }, 'dandi');
  let layout: PartLayout;
  try {
    layout = partLayout(size, partBytes);
  } catch (error) {
    throw inputError((error as Error).message, { argument: 'size' }, 'dandi');
  }
  if (!isDandiEtag(etag))
    throw inputError('`etag` is not a dandi-etag ("<32 hex digits>-<parts>")', { argument: 'etag' }, 'dandi');
  const parts = Number(etag.slice(etag.indexOf('-') + 1));
  if (parts !== layout.count)
    throw inputError(
      `The etag says ${parts} parts, but DANDI cuts ${size} bytes into ${layout.count} (parts of ${layout.partSize} bytes): compute it with dandischema's rule`,
      { argument: 'etag', parts: layout.count, partSize: layout.partSize },
      'dandi',
    );
  return layout;
}

/** Media types by extension, as dandi-cli sets `encodingFormat` (NWB) or guesses it (BIDS files). */
const FORMATS: Record<string, string> = {
  nwb: 'application/x-nwb',
  json: 'application/json',
  tsv: 'text/tab-separated-values',
  csv: 'text/csv',
  txt: 'text/plain',
  md: 'text/markdown',
  mp4: 'video/mp4',
  avi: 'video/x-msvideo',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  png: 'image/png',
  jpg: 'image/jpeg',
  h5: 'application/x-hdf5',
  nii: 'application/x-nifti',
  gz: 'application/gzip',
};

/** The asset's `encodingFormat` when its metadata gives none (DANDI requires one): by extension, else the file's media type. */
export function encodingFormatOf(path: string, type: string | undefined): string | undefined {
  const dot = path.lastIndexOf('.');
  const ext = dot > path.lastIndexOf('/') ? path.slice(dot + 1).toLowerCase() : '';
  return FORMATS[ext] ?? (type && type !== 'application/octet-stream' ? type : undefined);
}
