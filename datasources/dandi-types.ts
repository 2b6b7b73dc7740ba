/**
 * DANDI Archive wire types, in the archive's own snake_case, exactly as its REST API sends them
 * (see ../shared/archives/dandi.md §5). Metadata documents stay loosely typed: documents written
 * under old schema versions keep their old shape, so every key is optional.
 */

export type EmbargoStatus = 'OPEN' | 'EMBARGOED' | 'UNEMBARGOING';
export type VersionStatus = 'Pending' | 'Validating' | 'Valid' | 'Invalid' | 'Publishing' | 'Published';

/** The version summary nested in dandiset list items and details. */
export interface VersionSummary {
  version: string;
  name: string;
  asset_count: number;
  size: number;
  status: VersionStatus;
  created: string;
  modified: string;
  /** Only on detail and version endpoints. */
  active_uploads?: number;
  /** Only on servers ≥ v1.0.0, and not on list items. */
  release_notes?: string;
}

export interface DandisetCore {
  identifier: string;
  created: string;
  modified: string;
  contact_person: string;
  embargo_status: EmbargoStatus;
  star_count: number;
  is_starred: boolean;
}

/** A dandiset as `/dandisets/` lists it and `/dandisets/{id}/` details it. */
export interface DandisetDetail extends DandisetCore {
  most_recent_published_version: VersionSummary | null;
  draft_version: VersionSummary | null;
}

/** A version as `/versions/` lists it, with the dandiset it belongs to. */
export interface VersionObject extends VersionSummary {
  dandiset: DandisetCore;
}

export interface VersionInfo extends VersionObject {
  metadata: DandisetMetadata;
  contact_person?: string;
  asset_validation_errors?: { field: string; message: string; path: string }[];
  version_validation_errors?: { field: string; message: string }[];
}

export interface AssetObject {
  asset_id: string;
  blob: string | null;
  zarr: string | null;
  path: string;
  size: number;
  created: string;
  modified: string;
  metadata?: AssetMetadata;
}

export interface AssetInfo extends AssetObject {
  metadata: AssetMetadata;
}

export interface PathNode {
  path: string;
  version: number;
  aggregate_files: number;
  aggregate_size: number;
  asset: { asset_id: string; url: string } | null;
}

export interface ZarrObject {
  zarr_id: string;
  name: string;
  dandiset: string;
  status: 'Pending' | 'Uploaded' | 'Ingesting' | 'Complete';
  checksum: string | null;
  file_count: number;
  size: number;
}

export interface ZarrFile {
  Key: string;
  LastModified: string;
  ETag: string;
  Size: number;
}

export interface ZarrFilesPage {
  next: string | null;
  results: ZarrFile[];
}

export interface DandiInfo {
  schema_version: string;
  version: string;
  schema_url?: string;
  allowed_schema_versions?: string[];
  instance_config?: {
    instance_name?: string | null;
    instance_identifier?: string | null;
    instance_url?: string | null;
    doi_prefix?: string | null;
    licenses?: string[];
  };
  services?: Record<string, { url: string }>;
  'cli-minimal-version'?: string;
  'cli-requires-python'?: string;
  'cli-bad-versions'?: string[];
  [key: string]: unknown;
}

/** `GET /stats/`: archive-wide counts (a periodically recomputed snapshot). */
export interface DandiStats {
  dandiset_count: number;
  published_dandiset_count: number;
  user_count: number;
  size: number;
}

export type UserStatus = 'INCOMPLETE' | 'PENDING' | 'APPROVED' | 'REJECTED';

/** `GET /users/me/`. */
export interface DandiMe {
  username: string;
  name: string;
  admin: boolean;
  status: UserStatus;
}

/** One owner of `GET /dandisets/{id}/users/` (a bare array); `email` only for signed-in callers. */
export interface DandisetOwner {
  username: string;
  name: string | null;
  email: string | null;
}

export type AssetValidationStatus = 'Pending' | 'Validating' | 'Valid' | 'Invalid';

/** `GET …/assets/{asset_id}/validation/`. */
export interface AssetValidation {
  status: AssetValidationStatus;
  validation_errors: { field: string; message: string }[];
}

// ---- metadata documents (dandischema), every key optional ----

export interface Typed {
  schemaKey?: string;
  identifier?: string;
  name?: string;
  id?: string;
}

export interface PropertyValue {
  schemaKey?: string;
  value?: unknown;
  unitText?: string;
  valueReference?: PropertyValue;
  propertyID?: string;
}

export interface Contributor extends Typed {
  email?: string;
  url?: string;
  roleName?: string[];
  includeInCitation?: boolean;
  awardNumber?: string;
  affiliation?: Typed[];
}

export interface AssetsSummary {
  numberOfBytes?: number;
  numberOfFiles?: number;
  numberOfSubjects?: number;
  numberOfSamples?: number;
  numberOfCells?: number;
  dataStandard?: Typed[];
  approach?: Typed[];
  measurementTechnique?: Typed[];
  variableMeasured?: (string | PropertyValue)[];
  species?: Typed[];
}

export interface DandisetMetadata {
  name?: string;
  description?: string;
  contributor?: Contributor[];
  license?: string[];
  keywords?: string[];
  citation?: string;
  doi?: string;
  url?: string;
  assetsSummary?: AssetsSummary;
  studyTarget?: string[];
  dateCreated?: string;
  datePublished?: string;
  schemaVersion?: string;
  [key: string]: unknown;
}

export interface Participant extends Typed {
  species?: Typed;
  sex?: Typed;
  strain?: Typed;
  age?: PropertyValue;
  genotype?: unknown;
}

export interface ActivityLike extends Typed {
  description?: string;
  startDate?: string;
  endDate?: string;
}

export interface AssetMetadata {
  encodingFormat?: string;
  contentSize?: number;
  digest?: Record<string, string>;
  contentUrl?: string[];
  wasAttributedTo?: Participant[];
  wasGeneratedBy?: ActivityLike[];
  approach?: Typed[];
  measurementTechnique?: Typed[];
  variableMeasured?: PropertyValue[];
  dateModified?: string;
  schemaVersion?: string;
  [key: string]: unknown;
}
