/**
 * Server-side validation of metadata written through the API, reporting errors the way the
 * server stores pydantic's: `{field: <loc joined by ".">, message: <msg>}`. The draft version is
 * checked as the server checks it before publishing (against `PublishedDandiset`, so the assets
 * summary must be non-empty); assets as `Asset`. Also the asset path rules of §8.2 and the list
 * of computed fields the server strips from input.
 */
import type { ValidationError } from './model.ts';

/** Fields the server computes; stripped from version metadata written by clients. */
export const VERSION_COMPUTED_FIELDS = [
  '@context',
  'id',
  'identifier',
  'version',
  'url',
  'repository',
  'doi',
  'datePublished',
  'publishedBy',
  'releaseNotes',
  'assetsSummary',
  'manifestLocation',
  'citation',
  'dateCreated',
  'access',
  'name',
];

/** Fields the server computes on asset documents; stripped from asset metadata written by clients. */
export const ASSET_COMPUTED_FIELDS = [
  '@context',
  'id',
  'identifier',
  'contentUrl',
  'contentSize',
  'digest',
  'access',
  'datePublished',
  'publishedBy',
];

export function strip(metadata: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(metadata)) if (!fields.includes(k)) out[k] = v;
  return out;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

const REQUIRED = 'Field required';
const str = (x: unknown) => typeof x === 'string';

/** dandischema's Person name pattern: "Last, First". */
const PERSON_NAME = /^([\w\s\-.']+),\s+([\w\s\-.']+)$/u;

function contributorErrors(list: unknown): ValidationError[] {
  if (list === undefined) return [{ field: 'contributor', message: REQUIRED }];
  if (!Array.isArray(list)) return [{ field: 'contributor', message: 'Input should be a valid list' }];
  if (list.length === 0) {
    return [{ field: 'contributor', message: 'List should have at least 1 item after validation, not 0' }];
  }
  const errors: ValidationError[] = [];
  list.forEach((c, i) => {
    const at = `contributor.${i}`;
    if (!isRecord(c)) {
      errors.push({ field: at, message: 'Input should be a valid dictionary or instance of Person' });
      return;
    }
    const kind = c.schemaKey;
    if (kind !== 'Person' && kind !== 'Organization') {
      errors.push({ field: `${at}.schemaKey`, message: "Input should be 'Person' or 'Organization'" });
      return;
    }
    if (!str(c.name) || (c.name as string).trim() === '') errors.push({ field: `${at}.name`, message: REQUIRED });
    else if (kind === 'Person' && !PERSON_NAME.test(c.name as string)) {
      errors.push({
        field: `${at}.name`,
        message: "String should match pattern '^([\\w\\s\\-\\.']+),\\s+([\\w\\s\\-\\.']+)$'",
      });
    }
    if (c.roleName !== undefined && !(Array.isArray(c.roleName) && c.roleName.every(str))) {
      errors.push({ field: `${at}.roleName`, message: 'Input should be a valid list' });
    }
    if (c.email !== undefined && !(str(c.email) && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.email as string))) {
      errors.push({ field: `${at}.email`, message: 'value is not a valid email address' });
    }
  });
  if (errors.length) return errors;
  const hasContact = list.some(
    (c) => isRecord(c) && Array.isArray(c.roleName) && c.roleName.includes('dcite:ContactPerson'),
  );
  if (!hasContact) {
    errors.push({
      field: 'contributor',
      message: 'Value error, At least one contributor must have role ContactPerson',
    });
  }
  return errors;
}

/**
 * Errors of a draft's metadata. `name` is the version name (the request's `name`); `files` /
 * `bytes` are the draft's asset totals (PublishedDandiset refuses an empty assets summary).
 */
export function validateVersionMetadata(
  metadata: Record<string, unknown>,
  name: string,
  files: number,
  bytes: number,
): ValidationError[] {
  const errors: ValidationError[] = [];
  if (!name.trim()) errors.push({ field: 'name', message: 'String should have at least 1 character' });
  else if (name.length > 150) errors.push({ field: 'name', message: 'String should have at most 150 characters' });
  const d = metadata.description;
  if (d === undefined || d === null) errors.push({ field: 'description', message: REQUIRED });
  else if (!str(d)) errors.push({ field: 'description', message: 'Input should be a valid string' });
  else if ((d as string).length > 10_000) {
    errors.push({ field: 'description', message: 'String should have at most 10000 characters' });
  }
  const lic = metadata.license;
  if (lic === undefined) errors.push({ field: 'license', message: REQUIRED });
  else if (!Array.isArray(lic)) errors.push({ field: 'license', message: 'Input should be a valid list' });
  else if (lic.length === 0) {
    errors.push({ field: 'license', message: 'List should have at least 1 item after validation, not 0' });
  } else {
    lic.forEach((l, i) => {
      if (l !== 'spdx:CC0-1.0' && l !== 'spdx:CC-BY-4.0') {
        errors.push({ field: `license.${i}`, message: "Input should be 'spdx:CC0-1.0' or 'spdx:CC-BY-4.0'" });
      }
    });
  }
  errors.push(...contributorErrors(metadata.contributor));
  if (metadata.keywords !== undefined && !(Array.isArray(metadata.keywords) && metadata.keywords.every(str))) {
    errors.push({ field: 'keywords', message: 'Input should be a valid list' });
  }
  if (metadata.schemaKey !== undefined && metadata.schemaKey !== 'Dandiset') {
    errors.push({ field: 'schemaKey', message: "Input should be 'Dandiset'" });
  }
  if (files === 0 || bytes === 0) {
    errors.push({
      field: 'assetsSummary',
      message: 'Value error, A Dandiset containing no files or zero bytes is not publishable',
    });
  }
  return errors;
}

/** Errors of an asset's metadata (the server validates each asset against `PublishedAsset`). */
export function validateAssetMetadata(metadata: Record<string, unknown>, zarr: boolean): ValidationError[] {
  const errors: ValidationError[] = [];
  if (!zarr) {
    const f = metadata.encodingFormat;
    if (f === undefined) errors.push({ field: 'encodingFormat', message: REQUIRED });
    else if (!str(f) || !(f as string).includes('/')) {
      errors.push({ field: 'encodingFormat', message: 'Input should be a valid MIME type string' });
    }
  }
  if (metadata.schemaKey !== undefined && metadata.schemaKey !== 'Asset') {
    errors.push({ field: 'schemaKey', message: "Input should be 'Asset'" });
  }
  const who = metadata.wasAttributedTo;
  if (who !== undefined) {
    if (!Array.isArray(who)) errors.push({ field: 'wasAttributedTo', message: 'Input should be a valid list' });
    else {
      who.forEach((p, i) => {
        if (!isRecord(p) || !str(p.identifier) || !(p.identifier as string)) {
          errors.push({ field: `wasAttributedTo.${i}.identifier`, message: REQUIRED });
        }
      });
    }
  }
  return errors;
}

/** `^([A-z0-9(),&\s#+~_=-]?\/?\.?[A-z0-9(),&\s#+~_=-])+$` from the Asset model (§8.2). */
const ASSET_PATH = /^([A-z0-9(),&\s#+~_=-]?\/?\.?[A-z0-9(),&\s#+~_=-])+$/;

/** The asset path rules; returns the server's single-message ValidationError text, if any. */
export function assetPathError(path: unknown): string | undefined {
  if (typeof path !== 'string' || path === '') return 'No path specified in metadata.';
  if (path.length > 512) return 'Ensure this field has no more than 512 characters.';
  if (path.startsWith('/')) return 'Path must not begin with a slash.';
  if (path.endsWith('/')) return 'Path must not end with a slash.';
  if (path.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    return 'Path must not contain empty, "." or ".." components.';
  }
  if (!ASSET_PATH.test(path)) return `Invalid characters in path "${path}".`;
  return undefined;
}

/** Zarr object keys (relative to the zarr root): no leading slash, no `..`. */
export function zarrPathError(path: unknown): string | undefined {
  if (typeof path !== 'string' || path === '') return 'This field may not be blank.';
  if (path.startsWith('/')) return 'Zarr path cannot start with "/".';
  if (path.split('/').includes('..')) return 'Zarr path cannot contain ".." components.';
  return undefined;
}
