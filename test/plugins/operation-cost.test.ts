/**
 * Demand control: each operation's estimated upstream cost is checked before it runs, so an
 * operation over MAX_OPERATION_COST, too much introspection or an oversized `nodes(ids:)` is
 * refused with BAD_USER_INPUT and nothing reaches the archives.
 */
import { readdirSync, readFileSync } from 'node:fs';
import {
  getIntrospectionQuery,
  type GraphQLInputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  type OperationDefinitionNode,
  parse,
  typeFromAST,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig, SETTINGS } from '../../src/config.ts';
import { estimateOperationCost, maximumIntrospection } from '../../src/plugins/operation-cost.ts';
import { UploadedFile } from '../../src/plugins/upload.ts';
import { schema } from '../../src/schema.ts';
import { useAllReplicas } from '../support/replicas.ts';

const DEFAULT_MAX = Number(SETTINGS.maxOperationCost.default);

/** The issue's 40-token query (987 DANDI requests and 6 MB before), in this schema's shape. */
const ISSUE_QUERY =
  '{ dandisets(first: 1000) { edges { node { versions { assets(first: 1000) { edges { node { path } } } } } } } }';

const cost = (query: string, variables?: Record<string, unknown>) =>
  estimateOperationCost(schema, parse(query), undefined, variables)?.cost;

/** A value for each required variable: strings "x", Ints 100 (BrainSTEM's largest page), `ids` 100 long. */
function sampleVariables(s: GraphQLSchema, op: OperationDefinitionNode): Record<string, unknown> {
  const sample = (type: GraphQLInputType, name: string): unknown => {
    if (isNonNullType(type)) return sample(type.ofType, name);
    if (isListType(type)) return Array.from({ length: name === 'ids' ? 100 : 1 }, () => sample(type.ofType, name));
    if (isEnumType(type)) return type.getValues()[0]?.name;
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type));
      return Object.fromEntries(fields.map((f) => [f.name, sample(f.type, f.name)]));
    }
    if (isScalarType(type) && ['Int', 'Float', 'SafeInt'].includes(type.name)) return 100;
    if (isScalarType(type) && type.name === 'Boolean') return false;
    if (isScalarType(type) && type.name === 'JSON') return {};
    if (isScalarType(type) && type.name === 'DateTime') return '2024-01-01T00:00:00Z';
    if (isScalarType(type) && type.name === 'Upload')
      return new UploadedFile('x.nwb', 'application/x-nwb', 1, '/dev/null', {});
    return 'x';
  };
  const variables: Record<string, unknown> = {};
  for (const v of op.variableDefinitions ?? []) {
    if (v.defaultValue || v.type.kind !== Kind.NON_NULL_TYPE) continue;
    const type = typeFromAST(s, v.type);
    if (type) variables[v.variable.name.value] = sample(type as GraphQLInputType, v.variable.name.value);
  }
  return variables;
}

/** Every operation of README.md's examples and of test/operations, with its estimate. */
function documentedOperations(): { name: string; cost: number | undefined }[] {
  const root = new URL('../../', import.meta.url);
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const sources = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m, i) => ({
    file: `README.md#${i + 1}`,
    text: m[1] ?? '',
  }));
  const dir = new URL('test/operations/', root);
  for (const file of readdirSync(dir)) sources.push({ file, text: readFileSync(new URL(file, dir), 'utf8') });
  return sources.flatMap(({ file, text }) => {
    const document = parse(text);
    return document.definitions.flatMap((d) =>
      d.kind === Kind.OPERATION_DEFINITION
        ? [
            {
              name: `${file} ${d.name?.value ?? '(anonymous)'}`,
              cost: estimateOperationCost(schema, document, d.name?.value, sampleVariables(schema, d))?.cost,
            },
          ]
        : [],
    );
  });
}

describe('the estimate', () => {
  it('allows every documented and tested operation under the default maximum', () => {
    const operations = documentedOperations();
    expect(operations.length).toBeGreaterThan(100);
    for (const op of operations) {
      expect(op.cost, op.name).toBeTypeOf('number');
      expect(op.cost, op.name).toBeLessThanOrEqual(DEFAULT_MAX);
    }
    const largest = operations.reduce((a, b) => ((b.cost ?? 0) > (a.cost ?? 0) ? b : a));
    console.info(`largest documented operation: ${largest.name} costs ${largest.cost} (maximum ${DEFAULT_MAX})`);
  });

  it("prices the issue's query far over the maximum", () => {
    // 1 dandisets page + 1000 dandisets × (1 versions list + 20 versions × 1 assets page)
    expect(cost(ISSUE_QUERY)).toBe(21_001);
    expect(cost(ISSUE_QUERY)).toBeGreaterThan(DEFAULT_MAX);
  });

  it('reads page sizes from variables, and defaults when they are absent', () => {
    const query = 'query ($n: Int) { dandisets(first: $n) { edges { node { draftVersion { name } } } } }';
    expect(cost(query, { n: 1000 })).toBe(1 + 1000 * 1);
    expect(cost(query, { n: 2 })).toBe(1 + 2 * 1);
    expect(cost(query)).toBe(1 + 20 * 1);
    expect(cost('{ asset(id: "a") { zarrEntries { edges { node { zarr { name } } } } } }')).toBe(1 + 1 + 100 * 1);
    expect(cost('{ brainstemRecords(model: SESSION) { records } }')).toBe(1);
    expect(cost('{ brainstemRecords(model: SESSION, limit: 5) { records } }')).toBe(1);
  });

  it('counts one lookup per `nodes` id, and values past a maximum as the maximum', () => {
    const ids = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => `id${i}`));
    expect(cost(`{ nodes(ids: ${ids(3)}) { id ... on Asset { dandiset { identifier } } } }`)).toBe(3 + 3 * 1);
    expect(cost(`{ nodes(ids: ${ids(5000)}) { id } }`)).toBe(100);
    expect(cost('{ dandisets(first: 5000) { edges { node { draftVersion { name } } } } }')).toBe(1 + 1000);
  });

  it('prices what arrives with its parent at nothing', () => {
    // Subjects and their species are parts of the asset's metadata; `totalCount` may be a request.
    const q =
      '{ dandiset(identifier: "1") { draftVersion { assets(first: 10) { totalCount edges { node { path size subjects { species { name } } } } } } } }';
    expect(cost(q)).toBe(1 + 1 + 1 + 1);
  });

  it('merges repeated fields and fragments, honours @skip, and takes the dearest branch of a union', () => {
    const one = '{ dandisets(first: 10) { edges { node { draftVersion { name } } } } }';
    const twice = `{ dandisets(first: 10) { edges { node { draftVersion { name } ...F } } } } fragment F on Dandiset { draftVersion { version } }`;
    expect(cost(twice)).toBe(cost(one));
    expect(cost('query ($s: Boolean!) { a: dandisets(first: 10) @skip(if: $s) { totalCount } }', { s: true })).toBe(0);
    const search = `{ search(text: "rest", first: 10) { edges { node {
      ... on Dandiset { draftVersion { name } mostRecentPublishedVersion { name } }
      ... on Session { projects { name } } } } } }`;
    expect(cost(search)).toBe(1 + 10 * 2);
  });

  it('estimates a full introspection query under the introspection maximum, and 30 of them over it', () => {
    const full = estimateOperationCost(schema, parse(getIntrospectionQuery()));
    expect(full?.cost).toBe(0);
    expect(full?.introspection).toBeGreaterThan(1000);
    expect(full?.introspection).toBeLessThan(maximumIntrospection(schema));
    const many = estimateOperationCost(schema, parse(manySchemas(30)));
    expect(many?.introspection).toBeGreaterThan(maximumIntrospection(schema));
  });
});

/** `n` aliased `__schema` introspections in one document. */
function manySchemas(n: number): string {
  const fields = 'types { name kind fields { name args { name type { name kind ofType { name kind } } } } }';
  return `{ ${Array.from({ length: n }, (_, i) => `s${i}: __schema { ${fields} }`).join(' ')} }`;
}

const ids = (n: number, type = 'Dandiset', id = '000003') =>
  Array.from({ length: n }, () => Buffer.from(`${type}:${id}`).toString('base64'));

describe('over HTTP, at the default maximum', () => {
  const s = useAllReplicas();
  const upstream = () => {
    const c = s.counts();
    return c.dandi + c.eegdash + c.brainstem;
  };

  it("refuses the issue's query with its cost, before any upstream request", async () => {
    const res = await s.gw.post({ query: ISSUE_QUERY });
    expect(res.status).toBe(400); // as Yoga answers validation errors to graphql-response+json
    expect(res.json.data ?? null).toBeNull();
    expect(res.json.errors).toHaveLength(1);
    expect(res.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', cost: 21_001, maximumCost: 10_000 });
    expect(res.json.errors[0].message).toMatch(/21001 upstream requests, more than the maximum of 10000/);
    expect(upstream()).toBe(0);
  });

  it('answers 200 to a client that accepts only application/json, as for validation errors', async () => {
    const res = await fetch(`${s.gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: ISSUE_QUERY }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', cost: 21_001, maximumCost: 10_000 });
    expect(upstream()).toBe(0);
  });

  it('prices page sizes given as variables', async () => {
    const query =
      'query ($n: Int) { dandisets(first: $n) { edges { node { versions { assets(first: $n) { edges { node { path } } } } } } } }';
    const refused = await s.gw.post({ query, variables: { n: 1000 } });
    expect(refused.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', cost: 21_001 });
    expect(upstream()).toBe(0);
    const served = await s.gw.post({ query, variables: { n: 2 } });
    expect(served.status).toBe(200);
    expect(served.json.errors).toBeUndefined();
    expect(served.json.data.dandisets.edges).toHaveLength(2);
    expect(upstream()).toBeGreaterThan(0);
  });

  it('runs an operation under the maximum', async () => {
    const res = await s.gw.post({
      query: '{ dandisets(first: 5) { totalCount edges { node { identifier draftVersion { name } } } } }',
    });
    expect(res.status).toBe(200);
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data.dandisets.edges).toHaveLength(5);
  });

  it('refuses 30 aliased __schema introspections, and serves one full introspection query', async () => {
    const refused = await s.gw.post({ query: manySchemas(30) });
    expect(refused.status).toBe(400);
    expect(refused.json.data ?? null).toBeNull();
    expect(refused.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(refused.json.errors[0].extensions.introspectionCost).toBeGreaterThan(
      refused.json.errors[0].extensions.maximumIntrospectionCost,
    );
    const graphiql = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    });
    const served = await s.gw.post({ query: graphiql, operationName: 'IntrospectionQuery' });
    expect(served.status).toBe(200);
    expect(served.json.errors).toBeUndefined();
    expect(served.json.data.__schema.types.length).toBeGreaterThan(100);
    expect(upstream()).toBe(0);
  });

  it('refuses a few aliases of the deepest introspection graphql-js allows', async () => {
    // graphql-js refuses `fields` nested three deep itself; breadth is this cap's.
    const nested = 'fields { name type { name ofType { name fields { name type { name ofType { name } } } } } }';
    const query = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `s${i}: __schema { types { ${nested} } }`).join(' ')} }`;
    const refused = await s.gw.post({ query: query(5) });
    expect(refused.json.data ?? null).toBeNull();
    expect(refused.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(refused.json.errors[0].extensions.maximumIntrospectionCost).toBeGreaterThan(0);
    const served = await s.gw.post({ query: query(1) });
    expect(served.json.errors).toBeUndefined();
  });

  it('refuses `nodes` with more than 100 ids on that field alone, before any lookup', async () => {
    for (const n of [101, 5000]) {
      const res = await s.gw.post({
        query: 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } dandisetsServed: __typename }',
        variables: { ids: ids(n) },
      });
      expect(res.json.data).toEqual({ nodes: null, dandisetsServed: 'Query' });
      expect(res.json.errors).toHaveLength(1);
      expect(res.json.errors[0].path).toEqual(['nodes']);
      expect(res.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'ids', maximum: 100 });
      expect(upstream()).toBe(0);
    }
  });

  it('takes 100 ids', async () => {
    const res = await s.gw.post({
      query: 'query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Dandiset { identifier } } }',
      variables: { ids: ids(100) },
    });
    expect(res.json.errors).toBeUndefined();
    expect(res.json.data.nodes).toHaveLength(100);
    expect(res.json.data.nodes[99].identifier).toBe('000003');
  });
});

describe('MAX_OPERATION_COST', () => {
  const s = useAllReplicas({ MAX_OPERATION_COST: '5' });

  it('is the configured maximum', async () => {
    const refused = await s.gw.post({ query: '{ dandisets(first: 10) { edges { node { draftVersion { name } } } } }' });
    expect(refused.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', cost: 11, maximumCost: 5 });
    expect(s.counts()).toEqual({ dandi: 0, eegdash: 0, brainstem: 0 });
    const served = await s.gw.post({ query: '{ dandisets(first: 10) { edges { node { identifier } } } }' });
    expect(served.json.errors).toBeUndefined();
    expect(served.json.data.dandisets.edges).toHaveLength(10);
  });

  it('is a positive integer', () => {
    expect(loadConfig([], {}).maxOperationCost).toBe(10_000);
    expect(loadConfig(['--max-operation-cost', '250'], {}).maxOperationCost).toBe(250);
    expect(() => loadConfig([], { MAX_OPERATION_COST: '0' })).toThrow(/MAX_OPERATION_COST/);
    expect(() => loadConfig([], { MAX_OPERATION_COST: 'lots' })).toThrow(/MAX_OPERATION_COST/);
  });
});
