/**
 * The operator allowlist every client-supplied Mongo filter is checked against before it leaves
 * the gateway, and the `$set`-only check for updates. Pure functions; no GraphQL, no I/O.
 */
import { inputError } from '../src/http/archive-error.ts';
import type { MongoFilter } from './eegdash-types.ts';
import { checkQueryLength, clip, MAX_QUERY_LENGTH, patternRefusal } from './input-bounds.ts';

/** Operators that run code on the server: refused wherever they appear. */
export const FORBIDDEN_OPERATORS: ReadonlySet<string> = new Set(['$where', '$function', '$accumulator', '$expr']);
const LOGICAL_OPERATORS: ReadonlySet<string> = new Set(['$and', '$or', '$nor']);
/** The read operators the spec lists (4.4: observed in real calls, plus the recommended set). */
const FIELD_OPERATORS: ReadonlySet<string> = new Set([
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
  '$regex',
  '$options',
  '$not',
  '$elemMatch',
  '$size',
  '$all',
]);
/** The filter travels in the query string: at most this many characters there, URL-encoded. */
export const MAX_FILTER_LENGTH = MAX_QUERY_LENGTH;
const MAX_DEPTH = 12;
const REGEX_OPTIONS = /^[imsxu]*$/;

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isOperatorObject = (v: unknown): v is Record<string, unknown> =>
  isPlainObject(v) && Object.keys(v)[0]?.startsWith('$') === true;

/**
 * Returns `filter` if every operator in it is on the allowlist; otherwise throws BAD_USER_INPUT
 * whose `path` names the offending part, under `label` (e.g. `filter.$or[1].subject.$where`).
 */
export function checkFilter(filter: unknown, label = 'filter'): MongoFilter {
  // Keys are quoted back: a refusal echoes no more than the start of one.
  const fail = (message: string, path: string, details: Record<string, unknown> = {}) =>
    inputError(`\`${label}\`: ${message} (at ${clip(path)})`, { path: clip(path, 200), ...details }, 'eegdash');
  const operatorError = (op: string, path: string) =>
    FORBIDDEN_OPERATORS.has(op)
      ? fail(`operator ${op} is not allowed: it would run code on the archive`, path)
      : fail(`unknown operator ${clip(op)}`, path);

  const document = (doc: unknown, path: string, depth: number): void => {
    if (depth > MAX_DEPTH) throw fail(`nested deeper than ${MAX_DEPTH} levels`, path);
    if (!isPlainObject(doc)) throw fail('must be a JSON object', path);
    for (const [key, value] of Object.entries(doc)) {
      const at = `${path}.${key}`;
      if (key.startsWith('$')) {
        if (!LOGICAL_OPERATORS.has(key)) throw operatorError(key, at);
        if (!Array.isArray(value) || value.length === 0) throw fail(`${key} needs a non-empty array of filters`, at);
        value.forEach((sub, i) => {
          document(sub, `${at}[${i}]`, depth + 1);
        });
      } else {
        if (key.split('.').some((part) => part === '' || part.startsWith('$')))
          throw fail(`"${clip(key)}" is not a field path`, at);
        if (isOperatorObject(value)) operators(value, at, depth + 1);
        else literal(value, at, depth + 1);
      }
    }
  };

  const operators = (ops: Record<string, unknown>, path: string, depth: number): void => {
    if (depth > MAX_DEPTH) throw fail(`nested deeper than ${MAX_DEPTH} levels`, path);
    for (const [op, arg] of Object.entries(ops)) {
      const at = `${path}.${op}`;
      if (!op.startsWith('$')) throw fail(`"${clip(op)}" mixed with operators; write either operators or a value`, at);
      if (!FIELD_OPERATORS.has(op)) throw operatorError(op, at);
      switch (op) {
        case '$in':
        case '$nin':
        case '$all':
          if (!Array.isArray(arg)) throw fail(`${op} needs an array`, at);
          arg.forEach((item, i) => {
            if (op === '$all' && isPlainObject(item) && Object.keys(item).join() === '$elemMatch')
              elemMatch(item.$elemMatch, `${at}[${i}].$elemMatch`, depth + 1);
            else literal(item, `${at}[${i}]`, depth + 1);
          });
          break;
        case '$gt':
        case '$gte':
        case '$lt':
        case '$lte':
          if (arg !== null && !['number', 'string', 'boolean'].includes(typeof arg))
            throw fail(`${op} needs a number, string, boolean or null`, at);
          break;
        case '$exists':
          if (typeof arg !== 'boolean' && typeof arg !== 'number') throw fail('$exists needs true or false', at);
          break;
        case '$regex': {
          if (typeof arg !== 'string') throw fail('$regex needs a string', at);
          const options = typeof ops.$options === 'string' ? ops.$options : '';
          const refusal = patternRefusal(arg, '$regex', {}, 'eegdash', {
            caseInsensitive: options.includes('i'),
            extended: options.includes('x'),
          });
          if (refusal) throw fail(refusal.message, at, refusal.details);
          break;
        }
        case '$options':
          if (typeof arg !== 'string' || !REGEX_OPTIONS.test(arg))
            throw fail('$options takes only the letters i, m, s, x and u', at);
          if (!('$regex' in ops)) throw fail('$options needs a $regex beside it', at);
          break;
        case '$not':
          if (!isOperatorObject(arg)) throw fail('$not needs an operator expression, e.g. {"$regex": "rest"}', at);
          operators(arg, at, depth + 1);
          break;
        case '$size':
          if (typeof arg !== 'number' || !Number.isInteger(arg) || arg < 0)
            throw fail('$size needs a non-negative integer', at);
          break;
        case '$elemMatch':
          elemMatch(arg, at, depth + 1);
          break;
        default: // $eq, $ne
          literal(arg, at, depth + 1);
      }
    }
  };

  const elemMatch = (arg: unknown, path: string, depth: number): void => {
    if (!isPlainObject(arg)) throw fail('$elemMatch needs an object', path);
    const keys = Object.keys(arg);
    if (keys.length > 0 && keys.every((k) => k.startsWith('$') && !LOGICAL_OPERATORS.has(k)))
      operators(arg, path, depth);
    else document(arg, path, depth);
  };

  // A value compared for equality may be a sub-document, but never one that smuggles operators.
  const literal = (value: unknown, path: string, depth: number): void => {
    if (depth > MAX_DEPTH) throw fail(`nested deeper than ${MAX_DEPTH} levels`, path);
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        literal(v, `${path}[${i}]`, depth + 1);
      });
    } else if (isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (k.startsWith('$'))
          throw FORBIDDEN_OPERATORS.has(k)
            ? operatorError(k, `${path}.${k}`)
            : fail(`operator ${clip(k)} inside a value`, `${path}.${k}`);
        literal(v, `${path}.${k}`, depth + 1);
      }
    }
  };

  document(filter, label, 0);
  checkFilterSize(filter as MongoFilter, `\`${label}\``, label);
  return filter as MongoFilter;
}

/**
 * Refuses a filter longer than {@link MAX_FILTER_LENGTH} in the request URL; `what` is the
 * message's subject, `path` the part of the selection that made it long.
 */
export function checkFilterSize(filter: MongoFilter, what: string, path: string): void {
  checkQueryLength([['filter', JSON.stringify(filter)]], what, { path }, 'eegdash');
}

/** AND of the non-empty filters, as the Python client combines a raw query with keywords. */
export function allOf(...filters: (MongoFilter | undefined)[]): MongoFilter {
  const parts = filters.filter((f): f is MongoFilter => f !== undefined && Object.keys(f).length > 0);
  if (parts.length === 0) return {};
  if (parts.length === 1) return parts[0] as MongoFilter;
  return { $and: parts };
}

// ---- updates ----

/**
 * The fields of a `$set`-only update: plain `{field: value}` (what the Python client sends) or
 * `{"$set": {...}}`. Any other update operator is refused here rather than by the archive;
 * refusals name the offending part in `path`, under `label`.
 */
export function checkSetFields(
  update: unknown,
  label = 'set',
  immutable: readonly string[] = ['_id'],
): Record<string, unknown> {
  const refuse = (message: string, path = label) => inputError(`\`${label}\`${message}`, { path }, 'eegdash');
  if (!isPlainObject(update)) throw refuse(' must be a JSON object of fields to set');
  let fields = update;
  const operators = Object.keys(update).filter((k) => k.startsWith('$'));
  if (operators.length > 0) {
    const other = operators.find((k) => k !== '$set');
    if (other !== undefined) throw refuse(`: only $set updates are allowed, got ${other}`, `${label}.${other}`);
    if (Object.keys(update).length !== 1 || !isPlainObject(update.$set)) {
      throw refuse(': write either {"$set": {...}} or plain fields, not both');
    }
    fields = update.$set;
  }
  const paths = Object.keys(fields);
  if (paths.length === 0) throw refuse(' sets no field');
  for (const path of paths) {
    const parts = path.split('.');
    if (parts.some((p) => p === '' || p.startsWith('$')))
      throw refuse(`: "${path}" is not a field path`, `${label}.${path}`);
    if (immutable.includes(parts[0] as string)) throw refuse(`: ${parts[0]} cannot be changed`, `${label}.${path}`);
  }
  return fields;
}
