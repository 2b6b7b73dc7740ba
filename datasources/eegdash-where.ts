/**
 * The typed selections the EEGDash datasource takes, and their translation into the archive's
 * Mongo filters: a record `where` (the Python client's keyword arguments: one value means
 * equality, a list means `$in`) with a raw `filter`, and the dataset filter its
 * `search_datasets` builds. Refusals are BAD_USER_INPUT whose `path` names the refused part of
 * the selection (`where.subject`, `filter.$where`, `nSubjectsMin`). Pure functions; no I/O.
 */
import { inputError } from '../src/http/archive-error.ts';
import type { MongoFilter } from './eegdash-types.ts';
import { allOf, checkFilter, checkFilterSize } from './eegdash-filter.ts';
import { checkLookup } from './input-bounds.ts';

export interface NumberRange {
  eq?: number | null;
  in?: readonly number[] | null;
  gt?: number | null;
  gte?: number | null;
  lt?: number | null;
  lte?: number | null;
}

type StringList = readonly string[] | null | undefined;

export interface RecordWhere {
  dataName?: StringList;
  dataset?: StringList;
  subject?: StringList;
  session?: StringList;
  task?: StringList;
  run?: StringList;
  modality?: StringList;
  recordingModality?: StringList;
  datatype?: StringList;
  suffix?: StringList;
  extension?: StringList;
  bidspath?: StringList;
  samplingFrequency?: NumberRange | null;
  nchans?: NumberRange | null;
  ntimes?: NumberRange | null;
  durationSeconds?: NumberRange | null;
  hasMissingFiles?: boolean | null;
}

/** `where` names → the archive's field names. */
export const WHERE_STRING_FIELDS = {
  dataName: 'data_name',
  dataset: 'dataset',
  subject: 'subject',
  session: 'session',
  task: 'task',
  run: 'run',
  recordingModality: 'recording_modality',
  datatype: 'datatype',
  suffix: 'suffix',
  extension: 'extension',
  bidspath: 'bidspath',
} as const satisfies Partial<Record<keyof RecordWhere, string>>;

export const WHERE_NUMBER_FIELDS = {
  samplingFrequency: 'sampling_frequency',
  nchans: 'nchans',
  ntimes: 'ntimes',
  durationSeconds: 'duration_seconds',
} as const satisfies Partial<Record<keyof RecordWhere, string>>;

/** One value means equality, several mean `$in` (trimmed, deduplicated, order kept). */
export function valuesCondition(values: readonly string[], path: string): unknown {
  if (values.length === 0)
    throw inputError(`\`${path}\` is an empty list; leave it out to match any value`, { path }, 'eegdash');
  const cleaned = values.map((v, i) => checkedText(v, `${path}[${i}]`));
  const unique = [...new Set(cleaned)];
  return unique.length === 1 ? unique[0] : { $in: unique };
}

function rangeCondition(range: NumberRange, path: string): unknown {
  const ops: Record<string, unknown> = {};
  for (const key of ['eq', 'gt', 'gte', 'lt', 'lte'] as const) {
    const v = range[key];
    if (v !== null && v !== undefined) ops[`$${key}`] = v;
  }
  if (range.in !== null && range.in !== undefined) {
    if (range.in.length === 0) throw inputError(`\`${path}.in\` is an empty list`, { path: `${path}.in` }, 'eegdash');
    ops.$in = [...new Set(range.in)];
  }
  const keys = Object.keys(ops);
  if (keys.length === 0)
    throw inputError(`\`${path}\` needs at least one of eq, in, gt, gte, lt, lte`, { path }, 'eegdash');
  return keys.length === 1 && keys[0] === '$eq' ? ops.$eq : ops;
}

export function whereToFilter(where: RecordWhere | null | undefined): MongoFilter {
  if (!where) return {};
  const filter: MongoFilter = {};
  for (const [name, field] of Object.entries(WHERE_STRING_FIELDS)) {
    const values = where[name as keyof typeof WHERE_STRING_FIELDS];
    if (values) filter[field] = valuesCondition(values, `where.${name}`);
  }
  if (where.modality) {
    // v1 records carry `modality`, current ones `recording_modality`; EEG vs eeg both occur.
    const condition = valuesCondition(
      [...where.modality, ...where.modality.map((m) => m.toLowerCase())],
      'where.modality',
    );
    filter.$or = [{ modality: condition }, { recording_modality: condition }];
  }
  for (const [name, field] of Object.entries(WHERE_NUMBER_FIELDS)) {
    const range = where[name as keyof typeof WHERE_NUMBER_FIELDS];
    if (range) filter[field] = rangeCondition(range, `where.${name}`);
  }
  if (where.hasMissingFiles === true) filter._has_missing_files = true;
  // How the archive's own callers ask for complete records: absent counts as "not missing".
  if (where.hasMissingFiles === false) filter._has_missing_files = { $ne: true };
  return filter;
}

/** Which records: those of one dataset (when given) that match `filter` and `where`, ANDed. */
export interface RecordSelection {
  dataset?: string | undefined;
  /** Typed conditions. */
  where?: RecordWhere | null | undefined;
  /** A raw Mongo filter, checked against the operator allowlist. */
  filter?: unknown;
}

/**
 * The archive's filter for a selection: its dataset, then the raw filter, then `where`. Each
 * part, and all of them together, must fit the URL (`MAX_FILTER_LENGTH`).
 */
export function recordFilter(selection: RecordSelection): MongoFilter {
  const raw = selection.filter;
  const checked = raw === null || raw === undefined ? undefined : checkFilter(raw);
  const where = whereToFilter(selection.where);
  checkFilterSize(where, '`where`', 'where');
  const dataset = selection.dataset === undefined ? undefined : { dataset: selection.dataset };
  const filter = allOf(dataset, checked, where);
  const longer = JSON.stringify(where).length >= JSON.stringify(checked ?? {}).length ? 'where' : 'filter';
  checkFilterSize(filter, '`where` and `filter` together', longer);
  return filter;
}

/** The criteria of the Python client's `search_datasets`; all that are given must hold. */
export interface DatasetSearch {
  modality?: string | null | undefined;
  task?: string | null | undefined;
  clinicalGroup?: string | null | undefined;
  source?: string | null | undefined;
  nSubjectsMin?: number | null | undefined;
  license?: string | null | undefined;
}

/** Which datasets: a raw Mongo `filter` on dataset documents and/or `search_datasets` criteria. */
export interface DatasetQuery extends DatasetSearch {
  filter?: unknown;
}

/** The archive's filter for a dataset query: the checked raw filter ANDed with the criteria, fitting the URL. */
export function datasetFilter(query: DatasetQuery): MongoFilter {
  const { filter, ...search } = query;
  const checked = filter === null || filter === undefined ? undefined : checkFilter(filter);
  const combined = allOf(checked, searchDatasetsFilter(search));
  // Blame the longest criterion (each appears in the filter under several field names).
  const [longest] = Object.entries(search)
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .sort((a, b) => b[1].length - a[1].length);
  const path = longest && longest[1].length > JSON.stringify(checked ?? {}).length ? longest[0] : 'filter';
  checkFilterSize(combined, checked ? 'The criteria and `filter` together' : 'The criteria together', path);
  return combined;
}

const either = (...branches: MongoFilter[]): MongoFilter => ({
  $or: branches.filter((b, i) => branches.findIndex((o) => JSON.stringify(o) === JSON.stringify(b)) === i),
});

/**
 * The Python client's `search_datasets` filter on the `datasets` collection, widened to the
 * field names current dataset documents use (`recording_modality`, `tasks`,
 * `demographics.subjects_count`) next to the legacy ones the client queries, which on their own
 * match nothing in today's catalogue. Plain conditions stay top-level; one `$or` is merged at the
 * top, several go under `$and`, exactly as the client does.
 */
export function searchDatasetsFilter(search: DatasetSearch): MongoFilter {
  const plain: MongoFilter = {};
  const ors: MongoFilter[] = [];
  const text = (value: string | null | undefined, name: string): string | undefined =>
    value === null || value === undefined ? undefined : checkedText(value, name);
  const modality = text(search.modality, 'modality');
  if (modality !== undefined) {
    const lower = modality.toLowerCase();
    ors.push(
      either({ modality }, { modality: lower }, { recording_modality: modality }, { recording_modality: lower }),
    );
  }
  const task = text(search.task, 'task');
  if (task !== undefined) ors.push(either({ task }, { tasks: task }));
  const license = text(search.license, 'license');
  if (license !== undefined) plain.license = license;
  const group = text(search.clinicalGroup, 'clinicalGroup');
  if (group !== undefined) ors.push(either({ 'clinical.group': group }, { clinical_group: group }));
  const source = text(search.source, 'source');
  if (source !== undefined) ors.push(either({ source }, { provider: source }));
  if (search.nSubjectsMin !== null && search.nSubjectsMin !== undefined) {
    if (search.nSubjectsMin < 0)
      throw inputError('`nSubjectsMin` must not be negative', { path: 'nSubjectsMin' }, 'eegdash');
    const min = { $gte: search.nSubjectsMin };
    ors.push(either({ n_subjects: min }, { 'demographics.subjects_count': min }));
  }
  if (ors.length === 1) Object.assign(plain, ors[0]);
  if (ors.length > 1) plain.$and = ors;
  return plain;
}

/** A value compared with: trimmed, not empty, not longer than a lookup string may be. */
function checkedText(value: string, path: string): string {
  const s = value.trim();
  if (s === '') throw inputError(`\`${path}\` is empty`, { path }, 'eegdash');
  return checkLookup(s, path, { path }, 'eegdash');
}
