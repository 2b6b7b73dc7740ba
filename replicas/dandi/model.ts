/**
 * The in-memory shape of the DANDI replica's archive. Records hold only what listings need;
 * full metadata documents are derived on demand (see metadata-*.ts) so 50k assets stay cheap.
 * All timestamps are integer microseconds since the epoch, because DRF prints microseconds.
 */
import { drfTimestamp } from '../common/prng.ts';

export type EmbargoStatus = 'OPEN' | 'EMBARGOED' | 'UNEMBARGOING';
export type VersionStatus = 'Pending' | 'Validating' | 'Valid' | 'Invalid' | 'Publishing' | 'Published';

/** What an asset is, which decides its encodingFormat and metadata richness. */
export type AssetKind = 'nwb' | 'json' | 'readme' | 'tsv' | 'changes' | 'zarr' | 'image' | 'video';

export interface UserRecord {
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  /** 40-hex DRF token for the two users tests act as; generated users have none. */
  token: string | undefined;
}

export interface Person {
  schemaKey: 'Person';
  name: string;
  identifier?: string;
  email?: string;
  url?: string;
  roleName: string[];
  includeInCitation: boolean;
  affiliation: { schemaKey: 'Affiliation'; name: string; identifier: string }[];
}

export interface Organization {
  schemaKey: 'Organization';
  name: string;
  identifier: string;
  roleName: string[];
  includeInCitation: boolean;
  awardNumber?: string;
  url?: string;
}

export type Contributor = Person | Organization;

/** One recording modality of a dandiset; asset file suffixes and NWB metadata derive from it. */
export interface ModalityUse {
  key: string;
  /** The subset of the modality's neurodata types this dandiset's files contain. */
  variables: string[];
  /** Typical sizes of these files in bytes (log-uniform): the heaviest modality dominates. */
  sizeRange: [number, number];
}

export interface DandisetProfile {
  modalities: ModalityUse[];
  /** Species names (keys of the species vocabulary); subject i uses species[i % length]. */
  species: string[];
  bids: boolean;
  microscopy: boolean;
  /** Behaviour video files next to NWB files. */
  videos: boolean;
  region: string;
  task: string;
  /** Transgenic lines of the dandiset's mouse subjects. */
  genotypes: string[];
  /** UTC offset the lab's acquisition clocks used, e.g. "-05:00". */
  tzOffset: string;
}

export interface AssetRecord {
  assetId: string;
  blobId: string | null;
  zarrId: string | null;
  path: string;
  size: number;
  created: number;
  modified: number;
  dandisetId: string;
  kind: AssetKind;
  encodingFormat: string;
  /** Index of the modality combination in the dandiset profile (NWB files), else -1. */
  modality: number;
  subject: string | undefined;
  session: string | undefined;
  /** Subject ordinal within the dandiset, -1 when the file has no subject. */
  subjectIndex: number;
  /** First publication that included this asset (µs), 0 if never published. */
  publishedAt: number;
  /** Verbatim content for small text files (size is its byte length). */
  text: string | undefined;
  /** Global creation order, the tie-breaker wherever two rows share a timestamp. */
  seq: number;
  /**
   * Metadata as stored by a client through the write API (computed fields stripped). Seeded
   * assets have none: their documents are generated on demand.
   */
  metadata?: Record<string, unknown>;
  /** Server-side validation of `metadata` (API assets only; seeded assets are Valid). */
  validation?: AssetValidation;
}

export type AssetStatus = 'Pending' | 'Validating' | 'Valid' | 'Invalid';

export interface ValidationError {
  field: string;
  message: string;
}

export interface AssetValidation {
  status: AssetStatus;
  errors: ValidationError[];
}

export interface VersionRecord {
  dandisetId: string;
  version: string;
  /** Internal integer primary key (exposed only in `/assets/paths/`). */
  pk: number;
  name: string;
  status: VersionStatus;
  created: number;
  modified: number;
  /** Assets of this version in creation order. */
  assets: AssetRecord[];
  assetCount: number;
  size: number;
  releaseNotes: string;
  schemaVersion: string;
  /** Version metadata validation errors (only for `Invalid` drafts). */
  validationErrors: ValidationError[];
  /**
   * The metadata document as stored through the write API (computed fields stripped); the
   * server-computed fields are injected on read. Seeded versions have none (generated on demand).
   */
  metadata?: Record<string, unknown>;
}

export interface DandisetRecord {
  identifier: string;
  index: number;
  embargoStatus: EmbargoStatus;
  embargoedUntil: string | undefined;
  created: number;
  modified: number;
  owners: string[];
  starCount: number;
  /** username → time the user starred it (µs). */
  starredBy: Map<string, number>;
  title: string;
  description: string;
  keywords: string[];
  license: string[];
  contributors: Contributor[];
  about: { schemaKey: 'Anatomy'; identifier: string; name: string }[];
  profile: DandisetProfile;
  /** Draft first, then published versions oldest → newest (= creation order). */
  versions: VersionRecord[];
  zarrs: ZarrRecord[];
}

export interface ZarrEntry {
  key: string;
  size: number;
  lastModified: number;
  /** JSON text for metadata keys (.zattrs, .zgroup, .zarray); chunks are synthetic bytes. */
  text: string | undefined;
  /** MD5 of an object uploaded through the write API (seeded entries derive theirs). */
  etag?: string;
  /** Bytes of an uploaded object, when kept by the object store. */
  bytes?: Buffer;
}

export interface ZarrRecord {
  zarrId: string;
  name: string;
  dandisetId: string;
  created: number;
  status: 'Pending' | 'Uploaded' | 'Ingesting' | 'Complete';
  checksum: string;
  fileCount: number;
  size: number;
  /** Keys in S3 (byte) order. */
  entries: ZarrEntry[];
}

/** An S3 object assembled by a multipart upload and registered by `/uploads/{id}/validate/`. */
export interface BlobRecord {
  blobId: string;
  /** dandi-etag: md5 of the concatenated part md5s, `-` the number of parts. */
  etag: string;
  sha256: string | null;
  size: number;
  created: number;
  /** Dandiset the blob was uploaded for (decides whether its S3 object needs a signature). */
  dandisetId: string;
  /** The content, unless the object store was told not to keep bytes. */
  bytes: Buffer | undefined;
}

/** An upload between `/uploads/initialize/` and `/uploads/{id}/validate/`. */
export interface UploadRecord {
  uploadId: string;
  dandisetId: string;
  etag: string;
  size: number;
  created: number;
  /** Planned part sizes, in part order. */
  parts: number[];
}

export const MICROS_PER_DAY = 86_400_000_000;
/** The replica's "now": every generated timestamp lies before it, so the seed never drifts. */
export const REPLICA_NOW = Date.UTC(2026, 8, 1) * 1000;

/** DRF datetime, e.g. `2022-05-20T00:34:07.384538Z`. */
export function drfTime(us: number): string {
  return drfTimestamp(Math.floor(us / 1000), us % 1000);
}

/** Python `datetime.isoformat()` in UTC, as metadata documents store it: `…384538+00:00`. */
export function isoTime(us: number): string {
  return `${drfTime(us).slice(0, -1)}+00:00`;
}

export function isoDate(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString().slice(0, 10);
}

/** The S3-style key of a blob: `blobs/{b[0:3]}/{b[3:6]}/{blob}`. */
export function blobKey(blobId: string): string {
  return `blobs/${blobId.slice(0, 3)}/${blobId.slice(3, 6)}/${blobId}`;
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
