/**
 * A MongoDB query matcher for the operators the EEGDash API accepts on its read endpoints
 * (spec 4.4: the observed ones plus the replica-recommended set). Pure and synchronous:
 * compile a filter once, then run the matcher over many documents.
 *
 * Semantics follow MongoDB where the spec's callers can observe them: dotted paths descend
 * into nested objects and implicitly into arrays of objects, a numeric path part also indexes
 * an array, equality and most operators match an array field if any element matches, and
 * `{field: null}` matches a missing field.
 */
import { deepEqual, isPlainObject } from './values.ts';

export type Matcher = (doc: unknown) => boolean;

export type FilterErrorKind = 'forbidden' | 'unknown-operator' | 'invalid';

export class FilterError extends Error {
  constructor(
    message: string,
    readonly kind: FilterErrorKind,
  ) {
    super(message);
    this.name = 'FilterError';
  }
}

/** Operators that would run code on the server; refused wherever they appear. */
export const FORBIDDEN_OPERATORS: ReadonlySet<string> = new Set(['$where', '$function', '$accumulator', '$expr']);

/** Marks a path that does not exist in (one branch of) a document. */
const MISSING: unique symbol = Symbol('missing');
type Values = unknown[];
type ValueTest = (values: Values) => boolean;

/** Compiles a filter document; throws FilterError for anything the server would refuse. */
export function compileFilter(filter: unknown): Matcher {
  if (!isPlainObject(filter)) throw new FilterError('Filter must be a JSON object', 'invalid');
  return compileDocument(filter);
}

function compileDocument(query: Record<string, unknown>): Matcher {
  const parts: Matcher[] = [];
  for (const [key, value] of Object.entries(query)) {
    parts.push(key.startsWith('$') ? compileLogical(key, value) : compileField(key, value));
  }
  if (parts.length === 0) return () => true;
  if (parts.length === 1) return parts[0] as Matcher;
  return (doc) => parts.every((p) => p(doc));
}

function compileLogical(op: string, value: unknown): Matcher {
  rejectForbidden(op);
  if (op !== '$and' && op !== '$or' && op !== '$nor') throw unknownOperator(op);
  if (!Array.isArray(value) || value.length === 0) {
    throw new FilterError(`Invalid filter: ${op} must be a nonempty array`, 'invalid');
  }
  const subs = value.map((v) => {
    if (!isPlainObject(v)) throw new FilterError(`Invalid filter: ${op} entries must be objects`, 'invalid');
    return compileDocument(v);
  });
  if (op === '$and') return (doc) => subs.every((s) => s(doc));
  if (op === '$or') return (doc) => subs.some((s) => s(doc));
  return (doc) => !subs.some((s) => s(doc));
}

function compileField(path: string, value: unknown): Matcher {
  const parts = path.split('.');
  if (parts.some((p) => p === '')) throw new FilterError(`Invalid filter: bad field path '${path}'`, 'invalid');
  if (isOperatorObject(value)) {
    const test = compileOperators(value);
    return (doc) => test(collect(doc, parts));
  }
  // Top-level equality on a scalar is by far the most common query ({"dataset": "ds002718"}),
  // so it skips building the value list.
  if (parts.length === 1 && value !== null && typeof value !== 'object') {
    const key = parts[0] as string;
    return (doc) => {
      if (!isPlainObject(doc)) return false;
      const v = doc[key];
      return v === value || (Array.isArray(v) && v.includes(value));
    };
  }
  const test = eqTest(value);
  return (doc) => test(collect(doc, parts));
}

/** A value is an operator expression when its first key starts with `$` (as in MongoDB). */
function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  for (const key in value) return key.startsWith('$');
  return false;
}

function compileOperators(ops: Record<string, unknown>): ValueTest {
  const tests: ValueTest[] = [];
  for (const [op, arg] of Object.entries(ops)) {
    rejectForbidden(op);
    switch (op) {
      case '$eq':
        tests.push(eqTest(arg));
        break;
      case '$ne': {
        const eq = eqTest(arg);
        tests.push((vs) => !eq(vs));
        break;
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        tests.push(compareTest(op, arg));
        break;
      case '$in':
        tests.push(inTest(op, arg));
        break;
      case '$nin': {
        const isIn = inTest(op, arg);
        tests.push((vs) => !isIn(vs));
        break;
      }
      case '$exists': {
        if (typeof arg !== 'boolean' && typeof arg !== 'number') {
          throw new FilterError('Invalid filter: $exists needs a boolean', 'invalid');
        }
        const want = Boolean(arg);
        tests.push((vs) => vs.some((v) => v !== MISSING) === want);
        break;
      }
      case '$regex':
        tests.push(regexTest(arg, ops.$options));
        break;
      case '$options':
        if (!('$regex' in ops)) throw new FilterError('Invalid filter: $options needs a $regex', 'invalid');
        break;
      case '$not': {
        if (!isOperatorObject(arg)) {
          throw new FilterError('Invalid filter: $not needs an operator expression', 'invalid');
        }
        const inner = compileOperators(arg);
        tests.push((vs) => !inner(vs));
        break;
      }
      case '$all':
        tests.push(allTest(arg));
        break;
      case '$size': {
        if (typeof arg !== 'number' || !Number.isInteger(arg) || arg < 0) {
          throw new FilterError('Invalid filter: $size needs a non-negative integer', 'invalid');
        }
        tests.push((vs) => vs.some((v) => Array.isArray(v) && v.length === arg));
        break;
      }
      case '$elemMatch':
        tests.push(elemMatchTest(arg));
        break;
      default:
        throw unknownOperator(op);
    }
  }
  if (tests.length === 1) return tests[0] as ValueTest;
  return (vs) => tests.every((t) => t(vs));
}

/** True if `pred` holds for a collected value or, for array values, for any element. */
function anyLeaf(values: Values, pred: (v: unknown) => boolean): boolean {
  for (const v of values) {
    if (v === MISSING) continue;
    if (pred(v)) return true;
    if (Array.isArray(v) && v.some(pred)) return true;
  }
  return false;
}

function matchesNull(values: Values): boolean {
  if (values.length === 0) return true;
  return values.some((v) => v === MISSING || v === null || (Array.isArray(v) && v.includes(null)));
}

function eqTest(arg: unknown): ValueTest {
  if (arg === null) return matchesNull;
  if (isOperatorObject(arg)) throw new FilterError('Invalid filter: operators are not allowed here', 'invalid');
  return (vs) => anyLeaf(vs, (v) => deepEqual(v, arg));
}

type Comparable = number | string | boolean;

function compareTest(op: string, arg: unknown): ValueTest {
  if (arg === null) return op === '$gte' || op === '$lte' ? matchesNull : () => false;
  if (typeof arg !== 'number' && typeof arg !== 'string' && typeof arg !== 'boolean') {
    throw new FilterError(`Invalid filter: ${op} needs a number, string, boolean or null`, 'invalid');
  }
  const ref: Comparable = arg;
  // MongoDB only compares values of the same type bracket: 5 is not greater than "4".
  const cmp = (v: unknown): number | undefined => (typeof v === typeof ref ? compare(v as Comparable, ref) : undefined);
  switch (op) {
    case '$gt':
      return (vs) => anyLeaf(vs, (v) => (cmp(v) ?? 0) > 0);
    case '$gte':
      return (vs) => anyLeaf(vs, (v) => (cmp(v) ?? -1) >= 0);
    case '$lt':
      return (vs) => anyLeaf(vs, (v) => (cmp(v) ?? 0) < 0);
    default:
      return (vs) => anyLeaf(vs, (v) => (cmp(v) ?? 1) <= 0);
  }
}

function compare(a: Comparable, b: Comparable): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function inTest(op: string, arg: unknown): ValueTest {
  if (!Array.isArray(arg)) throw new FilterError(`Invalid filter: ${op} needs an array`, 'invalid');
  // Scalars go into a Set so a 1000-subject $in over 100k records stays linear.
  const scalars = new Set<unknown>();
  const complex: ValueTest[] = [];
  let hasNull = false;
  for (const item of arg) {
    if (item === null) hasNull = true;
    else if (typeof item === 'object') {
      if (isOperatorObject(item)) throw new FilterError(`Invalid filter: cannot nest $ under ${op}`, 'invalid');
      complex.push(eqTest(item));
    } else scalars.add(item);
  }
  return (vs) =>
    (hasNull && matchesNull(vs)) ||
    (scalars.size > 0 && anyLeaf(vs, (v) => scalars.has(v))) ||
    complex.some((t) => t(vs));
}

const REGEX_OPTIONS = /^[imsxu]*$/;

function regexTest(pattern: unknown, options: unknown): ValueTest {
  if (typeof pattern !== 'string') throw new FilterError('Invalid filter: $regex needs a string', 'invalid');
  if (options !== undefined && (typeof options !== 'string' || !REGEX_OPTIONS.test(options))) {
    throw new FilterError(`Invalid filter: invalid $options '${String(options)}'`, 'invalid');
  }
  const opts = options ?? '';
  // PCRE's extended mode ignores unescaped whitespace and #-comments; JS has no such flag.
  const source = opts.includes('x')
    ? pattern.replace(/\\#|#[^\n]*/g, (m) => (m === '\\#' ? m : '')).replace(/(?<!\\)\s+/g, '')
    : pattern;
  let re: RegExp;
  try {
    re = new RegExp(source, opts.replace(/x/g, ''));
  } catch (error) {
    throw new FilterError(`Invalid filter: bad $regex: ${(error as Error).message}`, 'invalid');
  }
  return (vs) => anyLeaf(vs, (v) => typeof v === 'string' && re.test(v));
}

function allTest(arg: unknown): ValueTest {
  if (!Array.isArray(arg)) throw new FilterError('Invalid filter: $all needs an array', 'invalid');
  if (arg.length === 0) return () => false;
  const tests = arg.map((item) =>
    isPlainObject(item) && '$elemMatch' in item && Object.keys(item).length === 1
      ? elemMatchTest(item.$elemMatch)
      : eqTest(item),
  );
  return (vs) => tests.every((t) => t(vs));
}

function elemMatchTest(arg: unknown): ValueTest {
  if (!isPlainObject(arg)) throw new FilterError('Invalid filter: $elemMatch needs an object', 'invalid');
  const logical = new Set(['$and', '$or', '$nor']);
  const valueOps = Object.keys(arg).length > 0 && Object.keys(arg).every((k) => k.startsWith('$') && !logical.has(k));
  let element: (e: unknown) => boolean;
  if (valueOps) {
    const test = compileOperators(arg);
    element = (e) => test([e]);
  } else {
    const match = compileDocument(arg);
    element = (e) => isPlainObject(e) && match(e);
  }
  return (vs) => vs.some((v) => Array.isArray(v) && v.some(element));
}

/** Every value a dotted path reaches, with MISSING for branches where it does not exist. */
function collect(doc: unknown, parts: readonly string[]): Values {
  const out: Values = [];
  walk(doc, parts, 0, out);
  return out;
}

function walk(value: unknown, parts: readonly string[], i: number, out: Values): void {
  if (i === parts.length) {
    out.push(value);
    return;
  }
  const key = parts[i] as string;
  if (Array.isArray(value)) {
    if (/^\d+$/.test(key)) {
      const idx = Number(key);
      if (idx < value.length) walk(value[idx], parts, i + 1, out);
    }
    // MongoDB also applies the path to each embedded document (one array level only).
    for (const el of value) if (isPlainObject(el)) walk(el, parts, i, out);
    return;
  }
  if (isPlainObject(value) && Object.hasOwn(value, key)) {
    walk(value[key], parts, i + 1, out);
    return;
  }
  out.push(MISSING);
}

function rejectForbidden(op: string): void {
  if (FORBIDDEN_OPERATORS.has(op)) throw new FilterError(`Operator '${op}' is not allowed`, 'forbidden');
}

function unknownOperator(op: string): FilterError {
  return new FilterError(`Unknown operator '${op}'`, 'unknown-operator');
}
