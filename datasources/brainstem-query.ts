/**
 * BrainSTEM's list query language (dynamic-rest, spec §5), written in one place. Callers say what
 * they want in typed terms (a condition on a field, an ordering, a relation to sideload); only
 * this module writes `filter{[-]field[.operator]}`, `sort[]` and `include[]`, and it refuses,
 * before anything is sent, field paths that could not travel as one query parameter, values and
 * queries too long for a URL (input-bounds.ts) and `regex` patterns unsafe to run (regex-check.ts).
 */
import { inputError } from '../src/http/archive-error.ts';
import type { ModelName } from './brainstem-models.ts';
import { checkQueryLength, clip, lookupRefusal, patternRefusal, queryLength } from './input-bounds.ts';

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
  /**
   * Records without a value go last in either direction. BrainSTEM's order is PostgreSQL's
   * (nulls last ascending, first descending), so a leading descending key with this flag is
   * read as two lists: the records with a value, then those without (see `BrainstemDataSource.list`).
   */
  nullsLast?: boolean;
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
      `"${clip(path)}" is not a BrainSTEM ${what}: a field name or dotted path in snake_case`,
      { field: clip(path, 200) },
      'brainstem',
    );
  }
  return path;
}

/**
 * The conditions, if every one names a well-formed field path and carries values that fit a
 * lookup string (a `regex` one a safe pattern), and all of them fit one request's query string.
 */
export function checkConditions(conditions: readonly Condition[]): readonly Condition[] {
  for (const c of conditions) {
    checkedPath(c.field, 'field');
    if (c.values.length === 0) {
      throw inputError(`The condition on "${c.field}" has no value`, { field: c.field }, 'brainstem');
    }
    for (const v of sentValues(c)) {
      const refusal = lookupRefusal(wire(v), `The value for "${c.field}"`, { field: c.field }, 'brainstem');
      if (refusal) throw refusal;
    }
    if (c.operator === 'regex') {
      const what = `The regex pattern for "${c.field}"`;
      const refusal = patternRefusal(wire(c.values[0] as FilterValue), what, { field: c.field }, 'brainstem');
      if (refusal) throw refusal;
    }
  }
  checkParts(conditions.map(conditionPart), 'The conditions');
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

/** What is sent of a condition's values: every one for `in` and `range`, else the first. */
const sentValues = (c: Condition): readonly FilterValue[] =>
  c.operator && EVERY_VALUE.has(c.operator) ? c.values : c.values.slice(0, 1);

/** Parameters of the query string, with the field (or `sort`, `include`) they stand for. */
interface Part {
  field: string;
  params: [string, string][];
}

function conditionPart(c: Condition): Part {
  const key = `filter{${c.exclude ? '-' : ''}${c.field}${c.operator ? `.${c.operator}` : ''}}`;
  return { field: c.field, params: sentValues(c).map((v) => [key, wire(v)]) };
}

/** Refuses parts too long for one query string together, naming the field that takes most of it. */
function checkParts(parts: Part[], what: string): [string, string][] {
  const params = parts.flatMap((p) => p.params);
  const sized = parts.map((p) => ({ field: p.field, length: queryLength(p.params) }));
  const longest = sized.sort((a, b) => b.length - a.length)[0];
  checkQueryLength(params, what, longest ? { field: longest.field } : {}, 'brainstem');
  return params;
}

/** The query string of a list request for rows [offset, offset + limit). */
export function listQueryParams(q: ListQuery, offset: number, limit: number): [string, string][] {
  const parts = checkConditions(q.conditions ?? []).map(conditionPart);
  const sort = (q.sort ?? []).map((s): [string, string] => [
    'sort[]',
    `${s.descending ? '-' : ''}${checkedPath(s.field, 'field')}`,
  ]);
  const include = (q.include ?? []).map((inc): [string, string] => [
    'include[]',
    `${checkedPath(inc.relation, 'relation')}.*`,
  ]);
  const window: [string, string][] = [
    ['limit', String(limit)],
    ['offset', String(offset)],
  ];
  parts.push(
    { field: 'sort', params: sort },
    { field: 'include', params: include },
    { field: 'limit', params: window },
  );
  return checkParts(parts, 'The conditions, orderings and sideloads together');
}
