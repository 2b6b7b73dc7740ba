/**
 * dynamic-rest's list query language (spec §5), parsed and evaluated without any knowledge of
 * the store: the caller supplies a `QueryBackend` that describes models and follows relations.
 * Semantics follow dynamic-rest's `DynamicFilterBackend` over Django lookups: the last dotted
 * part is an operator when it names one; `in` takes every repeated value, `range` the first
 * two, everything else the first; `filter{-x}` negates; a to-many hop matches when any related
 * row does (Django join semantics); filters AND together.
 */
import { coerceValue, QueryError, type Scalar } from './query-values.ts';

export { QueryError } from './query-values.ts';

export const FILTER_OPERATORS = [
  'in',
  'any',
  'all',
  'icontains',
  'contains',
  'startswith',
  'istartswith',
  'endswith',
  'iendswith',
  'year',
  'month',
  'day',
  'week_day',
  'regex',
  'range',
  'gt',
  'lt',
  'gte',
  'lte',
  'isnull',
  'eq',
  'iexact',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number] | 'exact';

export type FieldType =
  | 'string'
  | 'number'
  | 'bool'
  | 'date'
  | 'datetime'
  | 'duration'
  | 'strings'
  | 'uuid'
  | 'json'
  | 'relation';

export interface QueryField {
  type: FieldType;
  /** For relations: target model and cardinality. */
  target?: string;
  many?: boolean;
}

export interface QueryBackend<R> {
  /** A field of a model, or undefined when the model has no such field. */
  field(model: string, name: string): QueryField | undefined;
  /** Id type of a model, for comparing relation values. */
  idType(model: string): 'uuid' | 'int';
  value(model: string, rec: R, name: string): unknown;
  related(model: string, rec: R, name: string): R[];
}

export interface FilterSpec {
  path: string[];
  op: FilterOperator;
  exclude: boolean;
  values: string[];
}
export interface SortSpec {
  path: string[];
  desc: boolean;
}
export interface ListQuery {
  filters: FilterSpec[];
  sort: SortSpec[];
  /** Relation paths from `include[]=a.b.*` (and `include[]=a`); non-relations are kept too. */
  include: string[][];
  exclude: string[];
  limit: string | undefined;
  offset: string | undefined;
  /** dynamic-rest `?sideloading=false`: embed included records instead of sideloading. */
  sideloading: boolean;
}

const FILTER_KEY = /^filter\{(-?)([^}]*)\}$/;

/** Parse the query string. Only syntax is checked here; fields are checked by `compile*`. */
export function parseListQuery(params: URLSearchParams): ListQuery {
  const grouped = new Map<string, string[]>();
  for (const [k, v] of params) {
    const list = grouped.get(k);
    if (list) list.push(v);
    else grouped.set(k, [v]);
  }
  const filters: FilterSpec[] = [];
  for (const [key, values] of grouped) {
    const m = FILTER_KEY.exec(key);
    if (!m) continue;
    const parts = (m[2] ?? '').split('.');
    const last = parts[parts.length - 1] ?? '';
    let op: FilterOperator = 'exact';
    if (parts.length > 1 && (FILTER_OPERATORS as readonly string[]).includes(last)) {
      parts.pop();
      op = last === 'eq' ? 'exact' : (last as FilterOperator);
    }
    filters.push({ path: parts, op, exclude: m[1] === '-', values });
  }
  const sortValues = [...params.getAll('sort[]'), ...params.getAll('sort')];
  const sort = sortValues
    .filter((s) => s !== '')
    .map((s) =>
      s.startsWith('-') ? { path: s.slice(1).split('.'), desc: true } : { path: s.split('.'), desc: false },
    );
  const include = params
    .getAll('include[]')
    .map((s) =>
      s
        .replace(/\.\*?$/, '')
        .split('.')
        .filter((p) => p !== '' && p !== '*'),
    )
    .filter((p) => p.length > 0);
  const sideloading = !/^(false|0|no)$/i.test(params.get('sideloading') ?? '');
  return {
    filters,
    sort,
    include,
    exclude: params.getAll('exclude[]'),
    limit: params.get('limit') ?? undefined,
    offset: params.get('offset') ?? undefined,
    sideloading,
  };
}

interface Resolved {
  /** Relation hops, each with the model it starts from. */
  hops: { model: string; name: string }[];
  /** Terminal: a scalar field of `model`, or the id of the last hop's target. */
  model: string;
  name: string;
  type: FieldType;
  /** A hop or the terminal fans out (to-many). */
  many: boolean;
}

function resolvePath<R>(backend: QueryBackend<R>, model: string, path: readonly string[]): Resolved {
  const hops: Resolved['hops'] = [];
  let current = model;
  let many = false;
  for (let i = 0; i < path.length; i++) {
    const name = path[i] === 'pk' ? 'id' : (path[i] as string);
    const field = backend.field(current, name);
    if (!field || field.type === 'json') throw new QueryError([`Invalid filter field: ${name}`]);
    const isLast = i === path.length - 1;
    if (field.type !== 'relation') {
      if (!isLast) throw new QueryError([`Invalid nested filter field: ${name}`]);
      const type = name === 'id' ? (backend.idType(current) === 'int' ? 'number' : 'uuid') : field.type;
      return { hops, model: current, name, type, many: many || field.type === 'strings' };
    }
    hops.push({ model: current, name });
    many ||= field.many === true;
    current = field.target as string;
    if (isLast)
      return { hops, model: current, name: 'id', type: backend.idType(current) === 'int' ? 'number' : 'uuid', many };
  }
  throw new QueryError(['Invalid filter field: ']);
}

function terminalValues<R>(backend: QueryBackend<R>, r: Resolved, rec: R): unknown[] {
  let recs = [rec];
  for (const hop of r.hops) recs = recs.flatMap((x) => backend.related(hop.model, x, hop.name));
  const out: unknown[] = [];
  for (const x of recs) {
    const v = backend.value(r.model, x, r.name);
    if (r.type === 'strings' && Array.isArray(v)) out.push(...v);
    else out.push(v);
  }
  return out;
}

export type Predicate<R> = (rec: R) => boolean;

/** Check a filter against the model and turn it into a predicate; throws `QueryError` (400). */
export function compileFilter<R>(backend: QueryBackend<R>, model: string, spec: FilterSpec): Predicate<R> {
  const r = resolvePath(backend, model, spec.path);
  if (spec.op === 'isnull') {
    // dynamic-rest: any value but '0', 'false' and '' means true.
    const want = !['0', 'false', ''].includes((spec.values[0] ?? '').toLowerCase());
    const isnull: Predicate<R> = (rec) =>
      terminalValues(backend, r, rec).every((v) => v === null || v === undefined) === want;
    return spec.exclude ? (rec) => !isnull(rec) : isnull;
  }
  const test = compileTest(r, spec);
  const predicate: Predicate<R> = (rec) => {
    const values = terminalValues(backend, r, rec);
    if (spec.op === 'all' || spec.op === 'any') return test(values);
    return values.some((v) => v !== null && v !== undefined && test(v));
  };
  return spec.exclude ? (rec) => !predicate(rec) : predicate;
}

function compileTest(r: Resolved, spec: FilterSpec): (v: unknown) => boolean {
  const first = spec.values[0] ?? '';
  const one = (raw: string) => coerceValue(r.type, raw, r.name);
  const cmp = (a: unknown, b: Scalar) => compareScalars(normalize(r.type, a), b);
  switch (spec.op) {
    case 'isnull':
      throw new Error('isnull is handled by compileFilter');
    case 'in': {
      const raw = r.type === 'uuid' || r.type === 'number' ? spec.values.flatMap((v) => v.split(',')) : spec.values;
      const set = new Set(raw.filter((v) => v !== '').map((v) => String(one(v))));
      return (v) => set.has(String(normalize(r.type, v)));
    }
    case 'range': {
      const pair = spec.values.length >= 2 ? spec.values.slice(0, 2) : first.split(',');
      if (pair.length < 2) throw new QueryError([`Invalid range: ${first}`]);
      const lo = one(pair[0] as string);
      const hi = one(pair[1] as string);
      return (v) => cmp(v, lo) >= 0 && cmp(v, hi) <= 0;
    }
    case 'any':
    case 'all': {
      const wanted = new Set(spec.values);
      return (v) => {
        const have = new Set((v as unknown[]).map(String));
        const hits = [...wanted].filter((w) => have.has(w)).length;
        return spec.op === 'any' ? hits > 0 : hits === wanted.size;
      };
    }
    case 'year':
    case 'month':
    case 'day':
    case 'week_day': {
      if (r.type !== 'date' && r.type !== 'datetime')
        throw new QueryError([`Unsupported lookup '${spec.op}' for field ${r.name}`]);
      const n = Number(first);
      if (!Number.isInteger(n)) throw new QueryError([`Field '${r.name}' expected a number but got '${first}'.`]);
      return (v) => datePart(String(v), spec.op) === n;
    }
    case 'regex': {
      let re: RegExp;
      try {
        re = new RegExp(first);
      } catch {
        throw new QueryError([`Invalid regular expression: ${first}`]);
      }
      return (v) => re.test(String(v));
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const b = one(first);
      return (v) => {
        const c = cmp(v, b);
        return spec.op === 'gt' ? c > 0 : spec.op === 'gte' ? c >= 0 : spec.op === 'lt' ? c < 0 : c <= 0;
      };
    }
    case 'icontains':
    case 'contains':
    case 'startswith':
    case 'istartswith':
    case 'endswith':
    case 'iendswith':
    case 'iexact': {
      const ci = spec.op.startsWith('i');
      const needle = ci ? first.toLowerCase() : first;
      const kind = spec.op.replace(/^i/, '');
      return (v) => {
        const hay = ci ? String(v).toLowerCase() : String(v);
        if (kind === 'contains') return hay.includes(needle);
        if (kind === 'startswith') return hay.startsWith(needle);
        if (kind === 'endswith') return hay.endsWith(needle);
        return hay === needle;
      };
    }
    case 'eq':
    case 'exact': {
      const b = one(first);
      return (v) => compareScalars(normalize(r.type, v), b) === 0;
    }
  }
}

/** Stored value in the comparable form `coerceValue` produces for query values. */
function normalize(type: FieldType, v: unknown): Scalar {
  if (v === null || v === undefined) return null;
  if (type === 'datetime') return Date.parse(String(v));
  if (type === 'uuid') return String(v).toLowerCase();
  if (type === 'date') return String(v).slice(0, 10);
  if (type === 'number' || type === 'bool') return v as Scalar;
  return String(v);
}

const collator = new Intl.Collator('en', { sensitivity: 'variant' });

export function compareScalars(a: Scalar, b: Scalar): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return collator.compare(String(a), String(b));
}

function datePart(iso: string, part: string): number {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (part === 'year') return d.getUTCFullYear();
  if (part === 'month') return d.getUTCMonth() + 1;
  if (part === 'day') return d.getUTCDate();
  return d.getUTCDay() + 1; // Django week_day: 1 = Sunday
}

export type Comparator<R> = (a: R, b: R) => number;

/** Multi-key order; nulls last ascending and first descending (PostgreSQL), then `tiebreak`. */
export function compileSort<R>(
  backend: QueryBackend<R>,
  model: string,
  sort: readonly SortSpec[],
  tiebreak: Comparator<R>,
): Comparator<R> {
  const keys = sort.map((s) => {
    const r = resolvePath(backend, model, s.path);
    if (r.many) throw new QueryError([`Invalid filter field: ${s.path.join('.')}`]);
    return { r, desc: s.desc };
  });
  return (a, b) => {
    for (const { r, desc } of keys) {
      const va = normalize(r.type, terminalValues(backend, r, a)[0]);
      const vb = normalize(r.type, terminalValues(backend, r, b)[0]);
      if (va === vb) continue;
      if (va === null) return desc ? -1 : 1;
      if (vb === null) return desc ? 1 : -1;
      const c = compareScalars(va, vb);
      if (c !== 0) return desc ? -c : c;
    }
    return tiebreak(a, b);
  };
}

export interface PageOptions {
  defaultLimit: number;
  maxLimit: number;
}

/** DRF LimitOffsetPagination's parsing: a bad or non-positive limit means the default. */
export function pageBounds(
  limitRaw: string | undefined,
  offsetRaw: string | undefined,
  o: PageOptions,
): { limit: number; offset: number } {
  const asInt = (s: string | undefined) => (s !== undefined && /^\s*\d+\s*$/.test(s) ? Number(s) : undefined);
  const l = asInt(limitRaw);
  const limit = l === undefined || l <= 0 ? o.defaultLimit : Math.min(l, o.maxLimit);
  const offset = asInt(offsetRaw) ?? 0;
  return { limit, offset };
}
