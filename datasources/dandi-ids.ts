/**
 * DANDI's identifier formats, checked before a request is sent: the archive's URL router answers
 * a malformed id with Django's HTML 404, so a typo would otherwise look like a missing object.
 * Errors name the archive's field (`identifier`, `version`, `asset_id`, `zarr_id`) and quote
 * no more than the start of what was given.
 */
import { inputError } from '../src/http/archive-error.ts';
import { clip } from './input-bounds.ts';

const DANDISET_ID = /^\d{6}$/;
const VERSION_ID = /^(0\.\d{6}\.\d{4}|draft)$/;
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Rejects malformed ids before they cost a request (DANDI answers them with an HTML 404). */
export function checkDandisetId(id: string): string {
  if (!DANDISET_ID.test(id)) {
    throw inputError(
      `"${clip(id)}" is not a dandiset identifier (six digits, e.g. "000027")`,
      { field: 'identifier' },
      'dandi',
    );
  }
  return id;
}

export function checkVersionId(version: string): string {
  if (!VERSION_ID.test(version)) {
    throw inputError(
      `"${clip(version)}" is not a DANDI version ("draft" or 0.YYMMDD.HHMM)`,
      { field: 'version' },
      'dandi',
    );
  }
  return version;
}

export function checkUuid(id: string, what: 'asset' | 'zarr'): string {
  if (!UUID4.test(id)) {
    throw inputError(
      `"${clip(id)}" is not a DANDI ${what} id (a lowercase UUID4)`,
      { field: what === 'asset' ? 'asset_id' : 'zarr_id' },
      'dandi',
    );
  }
  return id;
}
