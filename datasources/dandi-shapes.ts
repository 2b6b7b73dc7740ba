/**
 * The shape of every DANDI body the datasource reads, checked where it arrives: a key the
 * resolvers rely on that is missing or of the wrong type is ARCHIVE_BAD_RESPONSE naming the key
 * (`draft_version.asset_count`, `results[].path`), never an INTERNAL_SERVER_ERROR later on.
 * Only what the gateway reads is checked; extra keys and loose metadata documents pass as sent.
 */
import type {
  AssetInfo,
  AssetValidation,
  DandiInfo,
  DandiMe,
  DandisetOwner,
  DandiStats,
  DandisetDetail,
  VersionInfo,
  ZarrFile,
  ZarrFilesPage,
  ZarrObject,
} from './dandi-types.ts';
import { badShape, documentList, isObject, objectBody, optionalLink } from './list.ts';

type Kind = 'text' | 'count' | 'flag' | 'object';

/** What a key must hold: a kind, `|null` when null is allowed, `?` when it may be absent. */
type Rule = Kind | `${Kind}|null` | `${Kind}?`;

interface KeyRule {
  key: string;
  kind: Kind;
  nullable: boolean;
  optional: boolean;
}

/** A shape, compiled once: it is checked on every row of every page. */
type Shape = readonly KeyRule[];

const shape = (rules: Record<string, Rule>): Shape =>
  Object.entries(rules).map(([key, rule]) => ({
    key,
    kind: rule.replace(/\|null$|\?$/, '') as Kind,
    nullable: rule.endsWith('|null'),
    optional: rule.endsWith('?'),
  }));

const EXPECTED: Record<Kind, string> = {
  text: 'a string',
  count: 'a non-negative integer',
  flag: 'a boolean',
  object: 'an object',
};

const FITS: Record<Kind, (v: unknown) => boolean> = {
  text: (v) => typeof v === 'string',
  count: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
  flag: (v) => typeof v === 'boolean',
  object: isObject,
};

/** Checks the keys of `rules` on the object `doc`; `at` prefixes the key named in the error. */
function check(doc: unknown, rules: Shape, at: string): void {
  const record = isObject(doc) ? doc : {};
  for (const { key, kind, nullable, optional } of rules) {
    const value = record[key];
    if ((value === undefined && optional) || (value === null && nullable)) continue;
    if (!FITS[kind](value)) throw badShape('dandi', `${at}${key}`, EXPECTED[kind], value);
  }
}

/** Checks that `body` is an object with the keys of `rules`, else ARCHIVE_BAD_RESPONSE. */
function conforming(body: unknown, rules: Shape): void {
  check(objectBody('dandi', body), rules, '');
}

const VERSION_SUMMARY_RULES = {
  version: 'text',
  name: 'text',
  asset_count: 'count',
  size: 'count',
  status: 'text',
  created: 'text',
  modified: 'text',
} as const satisfies Record<string, Rule>;
const VERSION_SUMMARY = shape(VERSION_SUMMARY_RULES);

const DANDISET = shape({
  identifier: 'text',
  created: 'text',
  modified: 'text',
  contact_person: 'text',
  embargo_status: 'text',
  star_count: 'count?',
  is_starred: 'flag?',
  most_recent_published_version: 'object|null',
  draft_version: 'object|null',
});

const ASSET_RULES = {
  asset_id: 'text',
  blob: 'text|null',
  zarr: 'text|null',
  path: 'text',
  size: 'count',
  created: 'text',
  modified: 'text',
  metadata: 'object?',
} as const satisfies Record<string, Rule>;
const ASSET = shape(ASSET_RULES);

const ZARR = shape({
  zarr_id: 'text',
  name: 'text',
  dandiset: 'text',
  status: 'text',
  checksum: 'text|null',
  file_count: 'count',
  size: 'count',
});

const ZARR_FILE = shape({ Key: 'text', LastModified: 'text', ETag: 'text', Size: 'count' });

const PATH_NODE = shape({ path: 'text', aggregate_files: 'count', aggregate_size: 'count', asset: 'object|null' });
const PATH_ASSET = shape({ asset_id: 'text' });

const VERSION_INFO = shape({ ...VERSION_SUMMARY_RULES, metadata: 'object' });
const ASSET_INFO = shape({ ...ASSET_RULES, metadata: 'object' });
const INFO = shape({ schema_version: 'text', version: 'text' });
const STATS = shape({
  dandiset_count: 'count',
  published_dandiset_count: 'count',
  user_count: 'count',
  size: 'count',
});
const ME = shape({ username: 'text', name: 'text|null', admin: 'flag', status: 'text' });
// `name` and `email` are read as optional text (null for anonymous callers, absent on old servers).
const OWNER = shape({ username: 'text' });
const ASSET_VALIDATION = shape({ status: 'text' });
const VALIDATION_ERROR = shape({ field: 'text', message: 'text' });

/** Checks one row of a list body at `at` (e.g. `results[].`). */
export type RowCheck = (row: Record<string, unknown>, at: string) => void;

function dandisetAt(doc: Record<string, unknown>, at: string): void {
  check(doc, DANDISET, at);
  for (const key of ['draft_version', 'most_recent_published_version']) {
    if (doc[key] !== null) check(doc[key], VERSION_SUMMARY, `${at}${key}.`);
  }
}

/** A `/dandisets/` list item or `/dandisets/{id}/` detail. */
export const dandisetRow: RowCheck = dandisetAt;
export const versionRow: RowCheck = (row, at) => check(row, VERSION_SUMMARY, at);
export const assetRow: RowCheck = (row, at) => check(row, ASSET, at);
export const zarrRow: RowCheck = (row, at) => check(row, ZARR, at);
export const pathRow: RowCheck = (row, at) => {
  check(row, PATH_NODE, at);
  if (row.asset !== null) check(row.asset, PATH_ASSET, `${at}asset.`);
};

/** Checks every row of a DRF page body; the envelope itself is read by the list kit. */
export function checkRows(body: unknown, row: RowCheck): void {
  for (const doc of documentList<Record<string, unknown>>('dandi', body, 'results')) row(doc, 'results[].');
}

export function dandisetBody(body: unknown): DandisetDetail {
  dandisetAt(objectBody('dandi', body), '');
  return body as DandisetDetail;
}

export function versionInfoBody(body: unknown): VersionInfo {
  conforming(body, VERSION_INFO);
  return body as VersionInfo;
}

export function assetInfoBody(body: unknown): AssetInfo {
  conforming(body, ASSET_INFO);
  return body as AssetInfo;
}

export function zarrBody(body: unknown): ZarrObject {
  conforming(body, ZARR);
  return body as ZarrObject;
}

/** `/zarr/{id}/files/`: `results` of entries and a `next` link (null at the end). */
export function zarrFilesBody(body: unknown): ZarrFilesPage {
  const results = documentList<ZarrFile>('dandi', body, 'results');
  for (const file of results) check(file, ZARR_FILE, 'results[].');
  return { next: optionalLink('dandi', objectBody('dandi', body), 'next') ?? null, results };
}

export function infoBody(body: unknown): DandiInfo {
  conforming(body, INFO);
  return body as DandiInfo;
}

export function statsBody(body: unknown): DandiStats {
  conforming(body, STATS);
  return body as DandiStats;
}

export function meBody(body: unknown): DandiMe {
  conforming(body, ME);
  return body as DandiMe;
}

/** `/dandisets/{id}/users/`: a bare JSON array of owners (not a page). */
export function ownersBody(body: unknown): DandisetOwner[] {
  if (!Array.isArray(body)) throw badShape('dandi', 'body', 'a list', body);
  body.forEach((row, i) => {
    if (!isObject(row)) throw badShape('dandi', `[${i}]`, 'an object', row);
    check(row, OWNER, `[${i}].`);
  });
  return body as DandisetOwner[];
}

/** `…/assets/{id}/validation/`: a status and the list of errors. */
export function assetValidationBody(body: unknown): AssetValidation {
  conforming(body, ASSET_VALIDATION);
  const errors = documentList<Record<string, unknown>>('dandi', body, 'validation_errors');
  for (const e of errors) check(e, VALIDATION_ERROR, 'validation_errors[].');
  return body as AssetValidation;
}
