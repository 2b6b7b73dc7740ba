/**
 * DANDI writes (spec §5.9) behind the caller's own API key, in the archive's vocabulary: create,
 * edit, publish and delete dandisets, stars, owners, embargo, assets, Zarr entries, and the
 * blob-upload endpoints (`/uploads/…`). Without a key a write is UNAUTHENTICATED before anything
 * is sent; input DANDI would refuse for its form (ids, paths, names) is refused here first.
 * Nothing is retried: the HTTP layer retries only GET and HEAD (src/http/retry.ts), and every
 * write outdates what the shared cache holds. Bodies are shape-checked as they arrive.
 */
import { ArchiveError, inputError } from '../src/http/archive-error.ts';
import type { UpstreamStats } from '../src/http/stats.ts';
import type { UpstreamClient } from '../src/http/upstream.ts';
import { DandiDataSource } from './dandi.ts';
import { checkDandisetId, checkUuid } from './dandi-ids.ts';
import type { DandiCredentials, DandiOptions } from './dandi-params.ts';
import { assetInfoBody, dandisetBody, versionInfoBody } from './dandi-shapes.ts';
import type { AssetInfo, DandisetDetail, VersionInfo } from './dandi-types.ts';
import { clip } from './input-bounds.ts';
import { badShape, isObject, objectBody } from './list.ts';

/** DANDI's asset path rule (§8.2): at most 512 characters, no leading `/`, these characters only. */
const ASSET_PATH = /^([A-z0-9(),&\s#+~_=-]?\/?\.?[A-z0-9(),&\s#+~_=-])+$/;
export const MAX_ASSET_PATH = 512;
/** Version names (the draft's `name`) are at most 300 characters; the metadata `name` 150. */
export const MAX_VERSION_NAME = 300;
/** Release notes of a publication. */
export const MAX_RELEASE_NOTES = 5000;
/** dandi-cli deletes Zarr entries 100 paths per request. */
export const ZARR_DELETE_BATCH = 100;
/** Most Zarr paths one `deleteZarrFiles` takes. */
export const MAX_ZARR_DELETE = 10_000;

export interface CreateDandisetInput {
  name: string;
  metadata: Record<string, unknown>;
  embargo?: boolean;
  /** YYYY-MM-DD; embargoed dandisets only. */
  embargoEndDate?: string;
  fundingSource?: string;
  awardNumber?: string;
}

export interface Owner {
  username: string;
  name: string | null;
  email: string | null;
}

export interface UploadPart {
  part_number: number;
  size: number;
  upload_url: string;
}

export interface InitializedUpload {
  upload_id: string;
  parts: UploadPart[];
}

export interface ValidatedBlob {
  blob_id: string;
  etag: string;
  sha256: string | null;
  size: number;
}

/** A refusal for the GraphQL argument `argument`. */
const refuse = (message: string, argument: string, extra: Record<string, unknown> = {}) =>
  inputError(message, { argument, ...extra }, 'dandi');

/** Checks an asset path as DANDI does on write (§8.2). */
export function checkAssetPath(path: string, argument = 'path'): string {
  if (path.length === 0) throw refuse('The asset path is empty', argument);
  if (path.length > MAX_ASSET_PATH)
    throw refuse(`The asset path is longer than ${MAX_ASSET_PATH} characters`, argument, { maximum: MAX_ASSET_PATH });
  if (path.startsWith('/')) throw refuse(`The asset path "${clip(path)}" must not start with "/"`, argument);
  if (path.split('/').some((s) => s === '.' || s === '..'))
    throw refuse(`The asset path "${clip(path)}" must not contain "." or ".." segments`, argument);
  if (!ASSET_PATH.test(path))
    throw refuse(
      `The asset path "${clip(path)}" has characters DANDI does not allow (letters, digits, (),&#+~_=- space . and /)`,
      argument,
    );
  return path;
}

export function checkName(name: string, argument = 'name'): string {
  if (name.trim() === '') throw refuse('The name is empty', argument);
  if (name.length > MAX_VERSION_NAME)
    throw refuse(`The name is longer than ${MAX_VERSION_NAME} characters`, argument, { maximum: MAX_VERSION_NAME });
  return name;
}

export function checkMetadataObject(value: unknown, argument = 'metadata'): Record<string, unknown> {
  if (!isObject(value)) throw refuse('The metadata must be a JSON object', argument);
  return value;
}

export class DandiWrites {
  private readonly headers: Record<string, string> | undefined;

  constructor(
    private readonly http: UpstreamClient,
    private readonly credentials: DandiCredentials,
    private readonly stats: UpstreamStats,
    readonly signal: AbortSignal | undefined,
    /** The dandi-etag part size (DANDI's 64 MiB unless a test replica uses another). */
    readonly etagPartBytes: number,
  ) {
    this.headers = credentials.apiKey ? { authorization: `token ${credentials.apiKey}` } : undefined;
  }

  /**
   * A read datasource that has loaded nothing: what a write changed is read again, never served
   * from what the operation's datasource loaded before it.
   */
  freshReads(options: DandiOptions): DandiDataSource {
    return new DandiDataSource(this.http, this.credentials, this.stats, this.signal, options);
  }

  /** UNAUTHENTICATED unless the caller sent a DANDI API key: nothing is sent without one. */
  requireToken(): Record<string, string> {
    if (!this.headers) {
      throw new ArchiveError(
        'dandi',
        'UNAUTHENTICATED',
        'DANDI writes need your API key: send it in the X-Dandi-Api-Key header',
      );
    }
    return this.headers;
  }

  // ---- dandisets ----

  async createDandiset(input: CreateDandisetInput): Promise<DandisetDetail> {
    this.requireToken();
    const name = checkName(input.name);
    const metadata = checkMetadataObject(input.metadata);
    if (input.embargoEndDate !== undefined) {
      if (!input.embargo) throw refuse('An embargo end date needs `embargo: true`', 'embargoEndDate');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.embargoEndDate))
        throw refuse('The embargo end date must be YYYY-MM-DD', 'embargoEndDate');
    }
    const body = await this.send('POST', '/dandisets/', {
      body: { name, metadata: { ...metadata, name } },
      query: {
        embargo: input.embargo ? 'true' : undefined,
        embargo_end_date: input.embargoEndDate,
        funding_source: input.fundingSource,
        award_number: input.awardNumber,
      },
    });
    return dandisetBody(body);
  }

  /** `PUT …/versions/draft/`: the draft's name and whole metadata document; the new version info. */
  async updateDraft(identifier: string, name: string, metadata: Record<string, unknown>): Promise<VersionInfo> {
    this.requireToken();
    const body = await this.send('PUT', `${dandisetPath(identifier)}versions/draft/`, {
      body: { name: checkName(name), metadata: { ...checkMetadataObject(metadata), name } },
    });
    return versionInfoBody(body);
  }

  async deleteDandiset(identifier: string): Promise<void> {
    this.requireToken();
    await this.send('DELETE', dandisetPath(identifier));
  }

  /** `POST …/draft/publish/`: DANDI answers 202 and publishes in the background. */
  async publish(identifier: string, releaseNotes?: string): Promise<void> {
    this.requireToken();
    if (releaseNotes !== undefined && releaseNotes.length > MAX_RELEASE_NOTES)
      throw refuse(`Release notes are longer than ${MAX_RELEASE_NOTES} characters`, 'releaseNotes', {
        maximum: MAX_RELEASE_NOTES,
      });
    await this.send('POST', `${dandisetPath(identifier)}versions/draft/publish/`, {
      body: releaseNotes === undefined ? {} : { release_notes: releaseNotes },
    });
  }

  /** The dandiset as it is now (never from a cache: a write is waiting on it). */
  async dandisetNow(identifier: string): Promise<DandisetDetail> {
    return dandisetBody(await this.read(dandisetPath(identifier)));
  }

  /** A version's info as it is now (status, validation errors). */
  async versionNow(identifier: string, version = 'draft'): Promise<VersionInfo> {
    return versionInfoBody(await this.read(`${dandisetPath(identifier)}versions/${version}/info/`));
  }

  async star(identifier: string, on: boolean): Promise<number> {
    this.requireToken();
    const body = objectBody('dandi', await this.send(on ? 'POST' : 'DELETE', `${dandisetPath(identifier)}star/`));
    if (typeof body.count !== 'number') throw badShape('dandi', 'count', 'a number', body.count);
    return body.count;
  }

  async setOwners(identifier: string, usernames: readonly string[]): Promise<Owner[]> {
    this.requireToken();
    if (usernames.length === 0)
      throw refuse('A dandiset needs at least one owner: DANDI refuses to remove them all', 'usernames');
    if (usernames.length > 100) throw refuse('At most 100 owners', 'usernames', { maximum: 100 });
    const unique = [...new Set(usernames.map((u) => u.trim()))];
    if (unique.some((u) => u === '' || u.length > 150))
      throw refuse('Every username must be 1–150 characters', 'usernames');
    const body = await this.send('PUT', `${dandisetPath(identifier)}users/`, {
      body: unique.map((username) => ({ username })),
    });
    if (!Array.isArray(body)) throw badShape('dandi', '', 'a list of owners', body);
    return body.map((o, i) => {
      if (!isObject(o) || typeof o.username !== 'string') throw badShape('dandi', `[${i}].username`, 'a string', o);
      return {
        username: o.username,
        name: typeof o.name === 'string' ? o.name : null,
        email: typeof o.email === 'string' ? o.email : null,
      };
    });
  }

  async unembargo(identifier: string): Promise<void> {
    this.requireToken();
    await this.send('POST', `${dandisetPath(identifier)}unembargo/`);
  }

  // ---- assets ----

  /** `POST …/draft/assets/`: an asset of the draft at `metadata.path`, over a blob or a Zarr. */
  async createAsset(
    identifier: string,
    metadata: Record<string, unknown>,
    content: { blobId: string } | { zarrId: string },
  ): Promise<AssetInfo> {
    this.requireToken();
    const body = await this.send('POST', `${dandisetPath(identifier)}versions/draft/assets/`, {
      body: { metadata, ...contentKey(content) },
    });
    return assetInfoBody(body);
  }

  /** The asset of the draft as it is now (its metadata and content, to send back changed). */
  async draftAssetNow(identifier: string, assetId: string): Promise<AssetInfo> {
    return assetInfoBody(
      await this.read(`${dandisetPath(identifier)}versions/draft/assets/${checkUuid(assetId, 'asset')}/info/`),
    );
  }

  /** `PUT …/draft/assets/{id}/`: the asset with new metadata (a new asset id unless nothing changed). */
  async replaceAsset(identifier: string, asset: AssetInfo, metadata: Record<string, unknown>): Promise<AssetInfo> {
    this.requireToken();
    const content = asset.blob ? { blobId: asset.blob } : asset.zarr ? { zarrId: asset.zarr } : undefined;
    if (!content) throw badShape('dandi', 'blob', 'a blob or zarr id', asset.blob);
    const body = await this.send(
      'PUT',
      `${dandisetPath(identifier)}versions/draft/assets/${checkUuid(asset.asset_id, 'asset')}/`,
      { body: { metadata, ...contentKey(content) } },
    );
    return assetInfoBody(body);
  }

  async deleteAsset(identifier: string, assetId: string): Promise<void> {
    this.requireToken();
    await this.send('DELETE', `${dandisetPath(identifier)}versions/draft/assets/${checkUuid(assetId, 'asset')}/`);
  }

  /** The draft's asset at exactly `path`, or null (one request). */
  async draftAssetAt(identifier: string, path: string): Promise<{ asset_id: string; blob: string | null } | null> {
    const body = objectBody(
      'dandi',
      await this.read(`${dandisetPath(identifier)}versions/draft/assets/`, { path, page_size: 10 }),
    );
    const rows = Array.isArray(body.results) ? body.results : [];
    const hit = rows.find((r): r is Record<string, unknown> => isObject(r) && r.path === path);
    return hit && typeof hit.asset_id === 'string'
      ? { asset_id: hit.asset_id, blob: typeof hit.blob === 'string' ? hit.blob : null }
      : null;
  }

  // ---- zarr ----

  /** `DELETE /zarr/{id}/files/` in batches of 100 (as dandi-cli); the paths deleted before a failure are reported. */
  async deleteZarrFiles(zarrId: string, paths: readonly string[]): Promise<number> {
    this.requireToken();
    const id = checkUuid(zarrId, 'zarr');
    if (paths.length === 0) throw refuse('No paths to delete', 'paths');
    if (paths.length > MAX_ZARR_DELETE)
      throw refuse(`At most ${MAX_ZARR_DELETE} paths at once`, 'paths', { maximum: MAX_ZARR_DELETE });
    for (const p of paths) {
      if (p === '' || p.startsWith('/') || p.length > 1024 || p.split('/').includes('..'))
        throw refuse(`"${clip(p)}" is not a Zarr entry path`, 'paths');
    }
    let done = 0;
    for (let at = 0; at < paths.length; at += ZARR_DELETE_BATCH) {
      const batch = paths.slice(at, at + ZARR_DELETE_BATCH);
      try {
        await this.send('DELETE', `/zarr/${id}/files/`, { body: batch.map((path) => ({ path })) });
      } catch (error) {
        if (error instanceof ArchiveError && done > 0) {
          throw new ArchiveError(
            'dandi',
            error.code,
            `${error.message} (after ${done} of ${paths.length} paths were deleted)`,
            {
              status: error.status,
              details: { ...error.details, deleted: done },
              cause: error,
            },
          );
        }
        throw error;
      }
      done += batch.length;
    }
    return done;
  }

  /** `POST /zarr/{id}/finalize/`: DANDI recomputes the checksum in the background (Pending until then). */
  async finalizeZarr(zarrId: string): Promise<void> {
    this.requireToken();
    await this.send('POST', `/zarr/${checkUuid(zarrId, 'zarr')}/finalize/`);
  }

  // ---- blob uploads ----

  /** `POST /uploads/initialize/`: presigned part URLs, or `{ exists }` when DANDI has a blob of that digest. */
  async initializeUpload(
    identifier: string,
    size: number,
    etag: string,
  ): Promise<{ upload: InitializedUpload } | { exists: true }> {
    this.requireToken();
    try {
      const body = objectBody(
        'dandi',
        await this.send('POST', '/uploads/initialize/', {
          body: {
            contentSize: size,
            digest: { algorithm: 'dandi:dandi-etag', value: etag },
            dandiset: checkDandisetId(identifier),
          },
          conflictIsInput: false,
        }),
      );
      if (typeof body.upload_id !== 'string') throw badShape('dandi', 'upload_id', 'a string', body.upload_id);
      if (!Array.isArray(body.parts)) throw badShape('dandi', 'parts', 'a list', body.parts);
      const parts = body.parts.map((p, i): UploadPart => {
        if (!isObject(p)) throw badShape('dandi', `parts[${i}]`, 'an object', p);
        if (typeof p.part_number !== 'number')
          throw badShape('dandi', `parts[${i}].part_number`, 'a number', p.part_number);
        if (typeof p.size !== 'number') throw badShape('dandi', `parts[${i}].size`, 'a number', p.size);
        if (typeof p.upload_url !== 'string') throw badShape('dandi', `parts[${i}].upload_url`, 'a URL', p.upload_url);
        return { part_number: p.part_number, size: p.size, upload_url: p.upload_url };
      });
      return { upload: { upload_id: body.upload_id, parts } };
    } catch (error) {
      // 409 "Blob already exists." (its id is in a Location header, which is looked up by digest instead).
      if (error instanceof ArchiveError && error.status === 409) return { exists: true };
      throw error;
    }
  }

  /** `POST /uploads/{id}/complete/`: where (and what) to POST to finish the multipart upload. */
  async completeUpload(
    uploadId: string,
    parts: readonly { part_number: number; size: number; etag: string }[],
  ): Promise<{ complete_url: string; body: string }> {
    this.requireToken();
    const body = objectBody(
      'dandi',
      await this.send('POST', `/uploads/${checkUploadId(uploadId)}/complete/`, { body: { parts } }),
    );
    if (typeof body.complete_url !== 'string') throw badShape('dandi', 'complete_url', 'a URL', body.complete_url);
    if (typeof body.body !== 'string') throw badShape('dandi', 'body', 'a string', body.body);
    return { complete_url: body.complete_url, body: body.body };
  }

  /** `POST /uploads/{id}/validate/`: the blob, once DANDI checked the object's size and digest. */
  async validateUpload(uploadId: string): Promise<ValidatedBlob | { exists: true }> {
    this.requireToken();
    try {
      return blobBody(
        await this.send('POST', `/uploads/${checkUploadId(uploadId)}/validate/`, { conflictIsInput: false }),
      );
    } catch (error) {
      if (error instanceof ArchiveError && error.status === 409) return { exists: true };
      throw error;
    }
  }

  /** `POST /blobs/digest/`: the blob with this dandi-etag, or null. */
  async blobByEtag(etag: string): Promise<ValidatedBlob | null> {
    try {
      return blobBody(
        await this.send('POST', '/blobs/digest/', {
          body: { algorithm: 'dandi:dandi-etag', value: etag },
          anonymousOk: true,
        }),
      );
    } catch (error) {
      if (error instanceof ArchiveError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  /** A GET that is never answered from the shared cache (what a write is about to change, or just changed). */
  private async read(path: string, query?: Record<string, string | number>): Promise<unknown> {
    const res = await this.http.json<unknown>({
      path,
      query,
      headers: this.headers ?? {},
      stats: this.stats,
      signal: this.signal,
      cache: false,
    });
    return res.body;
  }

  private async send(
    method: 'POST' | 'PUT' | 'DELETE',
    path: string,
    options: {
      body?: unknown;
      query?: Record<string, string | undefined>;
      /** 409 is the caller's input (a path taken) unless the caller reads it itself. */
      conflictIsInput?: boolean;
      anonymousOk?: boolean;
    } = {},
  ): Promise<unknown> {
    const headers = options.anonymousOk ? (this.headers ?? {}) : this.requireToken();
    try {
      const res = await this.http.json<unknown>({
        method,
        path,
        query: options.query,
        body: options.body,
        headers,
        stats: this.stats,
        signal: this.signal,
      });
      return res.body;
    } catch (error) {
      throw options.conflictIsInput === false ? error : asInputError(error);
    }
  }
}

/**
 * DANDI's 409 (a path taken, a Zarr name used) and 405 ("Only draft versions can be modified.")
 * say the request itself cannot succeed as asked: BAD_USER_INPUT, with the archive's words.
 */
function asInputError(error: unknown): unknown {
  if (error instanceof ArchiveError && (error.status === 409 || error.status === 405)) {
    return new ArchiveError('dandi', 'BAD_USER_INPUT', error.message, {
      status: error.status,
      details: { ...error.details, ...(error.status === 409 ? { conflict: true } : {}) },
      cause: error,
    });
  }
  return error;
}

function blobBody(body: unknown): ValidatedBlob {
  const b = objectBody('dandi', body);
  if (typeof b.blob_id !== 'string') throw badShape('dandi', 'blob_id', 'a string', b.blob_id);
  if (typeof b.size !== 'number') throw badShape('dandi', 'size', 'a number', b.size);
  return {
    blob_id: b.blob_id,
    etag: typeof b.etag === 'string' ? b.etag : '',
    sha256: typeof b.sha256 === 'string' ? b.sha256 : null,
    size: b.size,
  };
}

const contentKey = (content: { blobId: string } | { zarrId: string }) =>
  'blobId' in content ? { blob_id: content.blobId } : { zarr_id: content.zarrId };

const dandisetPath = (identifier: string) => `/dandisets/${checkDandisetId(identifier)}/`;

/** Upload ids are UUIDs (DANDI's are UUID4; any UUID form is accepted). */
export function checkUploadId(id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))
    throw inputError(`"${clip(id)}" is not a DANDI upload id (a UUID)`, { field: 'upload_id' }, 'dandi');
  return id;
}
