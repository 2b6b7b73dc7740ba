/**
 * BrainSTEM's list query language (dynamic-rest, spec §5), written in one place. Callers say what
 * they want in typed terms (a condition on a field, an ordering, a relation to sideload); only
 * this module writes `filter{[-]field[.operator]}`, `sort[]` and `include[]`, and it refuses
 * field paths that could not travel as one query parameter before anything is sent.
 */
import { inputError } from '../src/http/archive-error.ts';
import type { ModelName } from './brainstem-models.ts';

/** dynamic-rest's filter operators; '' is an exact match (for a to-many relation: contains). */
export const FILTER_OPERATORS = [
  '',
  'iexact',
  'contains',
  'icontains',
  'startswith',
  'istartswith',
  'endswith',
  'iendswith',
  'in',
  'gt',
  'gte',
  'lt',
  'lte',
  'range',
  'isnull',
  'year',
  'month',
  'day',
  'regex',
] as const;

export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export type FilterValue = string | number | boolean | Date;

/** One condition on the records of a list, in BrainSTEM's field names. */
export interface Condition {
  /** A field or dotted path in snake_case: `name`, `projects.id`, `date_time`. */
  field: string;
  /** How to compare; an exact match when left out. */
  operator?: FilterOperator;
  /** The value; every one of them for `in` (one parameter each) and `range` (two), else the first. */
  values: readonly FilterValue[];
  /** Negate the condition. */
  exclude?: boolean;
}

/** One ordering of a list. */
export interface SortKey {
  field: string;
  descending?: boolean;
}

/**
 * A relation to sideload (`include[]=relation.*`), and the model its records belong to. With a
 * model, records a server embeds instead of sideloading are primed and replaced by their ids.
 */
export interface Include {
  relation: string;
  model?: ModelName;
}

/** What a list request asks for besides the window. */
export interface ListQuery {
  conditions?: readonly Condition[];
  sort?: readonly SortKey[];
  include?: readonly Include[];
}

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const EVERY_VALUE: ReadonlySet<FilterOperator> = new Set(['in', 'range']);

function checkedPath(path: string, what: string): string {
  if (!FIELD_PATH.test(path)) {
    throw inputError(
      `"${path}" is not a BrainSTEM ${what}: a field name or dotted path in snake_case`,
      { field: path },
      'brainstem',
    );
  }
  return path;
}

/** The conditions, if every one names a well-formed field path and carries a value. */
export function checkConditions(conditions: readonly Condition[]): readonly Condition[] {
  for (const c of conditions) {
    checkedPath(c.field, 'field');
    if (c.values.length === 0) {
      throw inputError(`The condition on "${c.field}" has no value`, { field: c.field }, 'brainstem');
    }
  }
  return conditions;
}

/** Orderings as the Python client writes them (`-date_time`, `name`). */
export function parseSort(fields: readonly string[]): SortKey[] {
  return fields.map((s) => {
    const descending = s.startsWith('-');
    return { field: checkedPath(descending ? s.slice(1) : s, 'field to sort by'), descending };
  });
}

/** Relations to sideload as the Python client writes them (`projects` or `projects.*`). */
export function parseIncludes(relations: readonly string[]): Include[] {
  return relations.map((r) => ({ relation: checkedPath(r.replace(/\.\*$/, ''), 'relation') }));
}

const wire = (v: FilterValue): string => (v instanceof Date ? v.toISOString() : String(v));

/** The query string of a list request for rows [offset, offset + limit). */
export function listQueryParams(q: ListQuery, offset: number, limit: number): [string, string][] {
  const params: [string, string][] = [];
  for (const c of checkConditions(q.conditions ?? [])) {
    const key = `filter{${c.exclude ? '-' : ''}${c.field}${c.operator ? `.${c.operator}` : ''}}`;
    const values = c.operator && EVERY_VALUE.has(c.operator) ? c.values : c.values.slice(0, 1);
    for (const v of values) params.push([key, wire(v)]);
  }
  for (const s of q.sort ?? []) params.push(['sort[]', `${s.descending ? '-' : ''}${checkedPath(s.field, 'field')}`]);
  for (const inc of q.include ?? []) params.push(['include[]', `${checkedPath(inc.relation, 'relation')}.*`]);
  params.push(['limit', String(limit)], ['offset', String(offset)]);
  return params;
}
