/**
 * The BrainSTEM replica's dynamic-rest query language, on a toy in-memory backend: parsing,
 * filter operators (incl. relation paths, `in`, exclusion, isnull), sorting, paging and the
 * list envelope. No server involved.
 */
import { describe, expect, it } from 'vitest';
import { listBody, pageLinks, DEFAULT_ENVELOPE } from '../../replicas/brainstem/envelope.ts';
import {
  compileFilter,
  compileSort,
  pageBounds,
  parseListQuery,
  QueryError,
  type QueryBackend,
  type QueryField,
} from '../../replicas/brainstem/query.ts';

type Row = Record<string, unknown> & { seq: number };

const U = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const teams: Row[] = [
  { seq: 0, id: U(100), name: 'Hippocampus' },
  { seq: 1, id: U(101), name: 'cortex' },
];
const pets: Row[] = [
  { seq: 0, id: U(200), name: 'Rex' },
  { seq: 1, id: U(201), name: 'Tom' },
];
const people: Row[] = [
  {
    seq: 0,
    id: U(1),
    name: 'alice',
    age: 34,
    born: '1990-03-01',
    seen: '2024-01-02T10:00:00Z',
    ok: true,
    tags: ['a', 'b'],
    team: U(100),
    pets: [U(200)],
  },
  {
    seq: 1,
    id: U(2),
    name: 'Bob',
    age: 29,
    born: '1995-07-15',
    seen: '2024-06-30T23:59:59Z',
    ok: false,
    tags: ['b'],
    team: U(101),
    pets: [],
  },
  {
    seq: 2,
    id: U(3),
    name: 'carol',
    age: null,
    born: null,
    seen: null,
    ok: true,
    tags: [],
    team: null,
    pets: [U(200), U(201)],
  },
  {
    seq: 3,
    id: U(4),
    name: 'Dave',
    age: 41,
    born: '1983-12-31',
    seen: '2023-02-05T08:30:00Z',
    ok: false,
    tags: ['c'],
    team: U(100),
    pets: [U(201)],
  },
];
const tables: Record<string, Row[]> = { person: people, team: teams, pet: pets };
const schema: Record<string, Record<string, QueryField>> = {
  person: {
    id: { type: 'uuid' },
    name: { type: 'string' },
    age: { type: 'number' },
    born: { type: 'date' },
    seen: { type: 'datetime' },
    ok: { type: 'bool' },
    tags: { type: 'strings' },
    extra: { type: 'json' },
    team: { type: 'relation', target: 'team', many: false },
    pets: { type: 'relation', target: 'pet', many: true },
  },
  team: { id: { type: 'uuid' }, name: { type: 'string' } },
  pet: { id: { type: 'uuid' }, name: { type: 'string' } },
};
const backend: QueryBackend<Row> = {
  field: (m, n) => schema[m]?.[n],
  idType: () => 'uuid',
  value: (_m, r, n) => r[n],
  related(m, r, n) {
    const target = schema[m]?.[n]?.target as string;
    const v = r[n];
    const ids = Array.isArray(v) ? v : v == null ? [] : [v];
    return (tables[target] ?? []).filter((x) => ids.includes(x.id));
  },
};

/** Names of the people a query string selects, in store order. */
function select(qs: string): string[] {
  const q = parseListQuery(new URLSearchParams(qs));
  const preds = q.filters.map((f) => compileFilter(backend, 'person', f));
  return people.filter((p) => preds.every((f) => f(p))).map((p) => String(p.name));
}

function queryError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    if (e instanceof QueryError) return e.body;
    throw e;
  }
  throw new Error('expected a QueryError');
}

describe('parseListQuery', () => {
  it('splits field path, operator and exclusion; decodes percent-encoded braces', () => {
    const q = parseListQuery(
      new URLSearchParams('filter%7Bteam.name.icontains%7D=hip&filter{-age.gte}=40&filter{name}=x&filter{name.eq}=y'),
    );
    expect(q.filters).toEqual([
      { path: ['team', 'name'], op: 'icontains', exclude: false, values: ['hip'] },
      { path: ['age'], op: 'gte', exclude: true, values: ['40'] },
      { path: ['name'], op: 'exact', exclude: false, values: ['x'] },
      { path: ['name'], op: 'exact', exclude: false, values: ['y'] },
    ]);
  });

  it('keeps repeated values, sort order and include forms', () => {
    const q = parseListQuery(
      new URLSearchParams(
        'filter{id.in}=a&filter{id.in}=b&sort[]=-age&sort[]=name&include[]=pets.*&include[]=team.&include[]=team&limit=5&offset=10&sideloading=false&exclude[]=tags',
      ),
    );
    expect(q.filters[0]).toMatchObject({ op: 'in', values: ['a', 'b'] });
    expect(q.sort).toEqual([
      { path: ['age'], desc: true },
      { path: ['name'], desc: false },
    ]);
    expect(q.include).toEqual([['pets'], ['team'], ['team']]);
    expect(q).toMatchObject({ limit: '5', offset: '10', sideloading: false, exclude: ['tags'] });
    expect(parseListQuery(new URLSearchParams('')).sideloading).toBe(true);
  });
});

describe('filters', () => {
  it('exact, iexact and the string operators', () => {
    expect(select('filter{name}=Bob')).toEqual(['Bob']);
    expect(select('filter{name}=bob')).toEqual([]);
    expect(select('filter{name.iexact}=BOB')).toEqual(['Bob']);
    expect(select('filter{name.icontains}=A')).toEqual(['alice', 'carol', 'Dave']);
    expect(select('filter{name.contains}=a')).toEqual(['alice', 'carol', 'Dave']);
    expect(select('filter{name.startswith}=c')).toEqual(['carol']);
    expect(select('filter{name.istartswith}=D')).toEqual(['Dave']);
    expect(select('filter{name.endswith}=e')).toEqual(['alice', 'Dave']);
    expect(select('filter{name.iendswith}=OL')).toEqual(['carol']);
    expect(select('filter{name.regex}=^[A-Z]')).toEqual(['Bob', 'Dave']);
  });

  it('numeric, date and datetime comparisons; nulls never match a comparison', () => {
    expect(select('filter{age.gt}=30')).toEqual(['alice', 'Dave']);
    expect(select('filter{age.lte}=34')).toEqual(['alice', 'Bob']);
    expect(select('filter{born.gte}=1990-01-01')).toEqual(['alice', 'Bob']);
    expect(select('filter{born.lt}=1990-03-01')).toEqual(['Dave']);
    expect(select('filter{seen.gte}=2024-01-01&filter{seen.lte}=2024-06-30')).toEqual(['alice']);
    expect(select('filter{seen.gte}=2024-06-30T23:00:00%2B00:00')).toEqual(['Bob']);
    expect(select('filter{age.range}=29&filter{age.range}=34')).toEqual(['alice', 'Bob']);
    expect(select('filter{born.year}=1995')).toEqual(['Bob']);
    expect(select('filter{seen.month}=2')).toEqual(['Dave']);
    expect(select('filter{born.day}=31')).toEqual(['Dave']);
    // Django's week_day: 1 = Sunday … 7 = Saturday; 1995-07-15 and 1983-12-31 were Saturdays.
    expect(select('filter{born.week_day}=7')).toEqual(['Bob', 'Dave']);
  });

  it('booleans and isnull (dynamic-rest truthiness) on scalars, to-one and to-many', () => {
    expect(select('filter{ok}=true')).toEqual(['alice', 'carol']);
    expect(select('filter{ok}=0')).toEqual(['Bob', 'Dave']);
    expect(select('filter{age.isnull}=true')).toEqual(['carol']);
    expect(select('filter{age.isnull}=false')).toEqual(['alice', 'Bob', 'Dave']);
    expect(select('filter{team.isnull}=1')).toEqual(['carol']);
    expect(select('filter{pets.isnull}=true')).toEqual(['Bob']);
  });

  it('relations: bare relation and .id compare ids, paths reach related fields, to-many matches any', () => {
    expect(select(`filter{team}=${U(100)}`)).toEqual(['alice', 'Dave']);
    expect(select(`filter{team.id}=${U(101)}`)).toEqual(['Bob']);
    expect(select('filter{team.name.icontains}=hippo')).toEqual(['alice', 'Dave']);
    expect(select(`filter{pets.id}=${U(201)}`)).toEqual(['carol', 'Dave']);
    expect(select('filter{pets.name}=Rex')).toEqual(['alice', 'carol']);
    // UUIDs compare case-insensitively, with or without hyphens.
    expect(select(`filter{id}=${U(2).toUpperCase()}`)).toEqual(['Bob']);
    expect(select(`filter{id}=${U(2).replace(/-/g, '')}`)).toEqual(['Bob']);
  });

  it('in takes repeated values (and comma lists for ids); exclusion negates the whole lookup', () => {
    expect(select('filter{name.in}=alice&filter{name.in}=Dave')).toEqual(['alice', 'Dave']);
    expect(select(`filter{pets.id.in}=${U(200)},${U(201)}`)).toEqual(['alice', 'carol', 'Dave']);
    expect(select('filter{-name.in}=alice&filter{-name.in}=Dave')).toEqual(['Bob', 'carol']);
    expect(select('filter{-pets.name}=Rex')).toEqual(['Bob', 'Dave']);
    expect(select('filter{-age.gt}=30')).toEqual(['Bob', 'carol']);
  });

  it('string lists: exact matches an element, any/all overlap and containment', () => {
    expect(select('filter{tags}=b')).toEqual(['alice', 'Bob']);
    expect(select('filter{tags.any}=a&filter{tags.any}=c')).toEqual(['alice', 'Dave']);
    expect(select('filter{tags.all}=a&filter{tags.all}=b')).toEqual(['alice']);
  });

  it('rejects unknown fields, paths through scalars, JSON fields and values that do not fit', () => {
    expect(queryError(() => select('filter{nope}=1'))).toEqual(['Invalid filter field: nope']);
    expect(queryError(() => select('filter{team.nope}=1'))).toEqual(['Invalid filter field: nope']);
    expect(queryError(() => select('filter{name.length}=1'))).toEqual(['Invalid nested filter field: name']);
    expect(queryError(() => select('filter{extra}=1'))).toEqual(['Invalid filter field: extra']);
    expect(queryError(() => select('filter{team}=abc'))).toEqual(['“abc” is not a valid UUID.']);
    expect(queryError(() => select('filter{born.gte}=yesterday'))).toEqual([
      '“yesterday” value has an invalid date format. It must be in YYYY-MM-DD format.',
    ]);
    expect(queryError(() => select('filter{age}=old'))).toEqual(["Field 'age' expected a number but got 'old'."]);
    expect(queryError(() => select('filter{ok}=maybe'))).toEqual(['“maybe” value must be either True or False.']);
  });
});

describe('sorting', () => {
  const sorted = (qs: string) => {
    const q = parseListQuery(new URLSearchParams(qs));
    const cmp = compileSort(backend, 'person', q.sort, (a, b) => a.seq - b.seq);
    return [...people].sort(cmp).map((p) => String(p.name));
  };

  it('is case-insensitive like PostgreSQL en_US, multi-key, with nulls last ascending and first descending', () => {
    expect(sorted('sort[]=name')).toEqual(['alice', 'Bob', 'carol', 'Dave']);
    expect(sorted('sort[]=-name')).toEqual(['Dave', 'carol', 'Bob', 'alice']);
    expect(sorted('sort[]=age')).toEqual(['Bob', 'alice', 'Dave', 'carol']);
    expect(sorted('sort[]=-age')).toEqual(['carol', 'Dave', 'alice', 'Bob']);
    expect(sorted('sort[]=ok&sort[]=-name')).toEqual(['Dave', 'Bob', 'carol', 'alice']);
    expect(sorted('')).toEqual(['alice', 'Bob', 'carol', 'Dave']);
  });

  it('follows to-one paths and refuses to-many ones', () => {
    expect(sorted('sort[]=team.name&sort[]=name')).toEqual(['Bob', 'alice', 'Dave', 'carol']);
    expect(queryError(() => sorted('sort[]=pets.name'))).toEqual(['Invalid filter field: pets.name']);
    expect(queryError(() => sorted('sort[]=nope'))).toEqual(['Invalid filter field: nope']);
  });
});

describe('paging and envelope', () => {
  const o = { defaultLimit: 20, maxLimit: 100 };
  it('parses limit/offset like DRF LimitOffsetPagination', () => {
    expect(pageBounds(undefined, undefined, o)).toEqual({ limit: 20, offset: 0 });
    expect(pageBounds('5', '10', o)).toEqual({ limit: 5, offset: 10 });
    expect(pageBounds('500', '0', o)).toEqual({ limit: 100, offset: 0 });
    expect(pageBounds('0', '-3', o)).toEqual({ limit: 20, offset: 0 });
    expect(pageBounds('abc', 'x', o)).toEqual({ limit: 20, offset: 0 });
  });

  it('builds next/previous links that keep other parameters', () => {
    const url = new URL('http://h/api/public/stem/session/?filter{name}=x&limit=10&offset=10');
    const links = pageLinks(url, { limit: 10, offset: 10, total: 25 });
    expect(new URL(links.next as string).searchParams.get('offset')).toBe('20');
    expect(new URL(links.next as string).searchParams.get('filter{name}')).toBe('x');
    expect(new URL(links.previous as string).searchParams.has('offset')).toBe(false);
    expect(pageLinks(url, { limit: 10, offset: 20, total: 25 }).next).toBeNull();
    expect(pageLinks(url, { limit: 10, offset: 0, total: 25 }).previous).toBeNull();
  });

  it('puts the list key first, then sideloads, then the switchable extras', () => {
    const url = new URL('http://h/api/public/stem/session/');
    const body = listBody(DEFAULT_ENVELOPE, 'sessions', [1], { projects: [2] }, url, { limit: 1, offset: 0, total: 3 });
    expect(Object.keys(body)).toEqual(['sessions', 'projects', 'count', 'next', 'previous', 'meta']);
    expect(body.meta).toEqual({ total_results: 3, limit: 1, offset: 0 });
    const bare = listBody(
      { ...DEFAULT_ENVELOPE, count: false, next: false, previous: false, meta: false },
      'sessions',
      [1],
      {},
      url,
      undefined,
    );
    expect(bare).toEqual({ sessions: [1] });
  });
});
