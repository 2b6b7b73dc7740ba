import { readFileSync } from 'node:fs';
import {
  type GraphQLField,
  type GraphQLNamedType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  lexicographicSortSchema,
  printSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema.ts';

describe('schema', () => {
  it('schema/schema.graphql is up to date (run `npm run schema` after a schema change)', () => {
    const committed = readFileSync(new URL('../schema/schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(`${printSchema(lexicographicSortSchema(schema))}\n`);
  });

  it('describes every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
      if (isUnionType(type) && !type.description) missing.push(type.name);
    }
    expect(missing).toEqual([]);
  });

  it('makes every field an archive answers nullable, so one archive failing never nulls another', () => {
    const node = schema.getType('Node');
    const isNode = (t: GraphQLNamedType): boolean =>
      t === node ||
      (isObjectType(t) && t.getInterfaces().some((i) => i.name === 'Node')) ||
      (isUnionType(t) && t.getTypes().some(isNode));
    // What an archive answers: a Node (or a union of Nodes) and every connection. An edge's node
    // arrives with its page, so it stays non-null there.
    const fetched = (field: GraphQLField<unknown, unknown>, owner: string): boolean => {
      const named = getNamedType(field.type);
      if (/Edge$/.test(owner) && field.name === 'node') return false;
      return isNode(named) || named.name.endsWith('Connection');
    };
    const nonNull: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      const root = type.name === 'Query' || type.name === 'Mutation';
      for (const field of Object.values(type.getFields())) {
        if ((root || fetched(field, type.name)) && isNonNullType(field.type))
          nonNull.push(`${type.name}.${field.name}`);
      }
    }
    expect(nonNull).toEqual([]);
  });

  it('keeps lists of whole items as [T!] and lets `nodes` entries be null one by one', () => {
    const nodes = schema.getQueryType()?.getFields().nodes;
    expect(nodes && isListType(nodes.type) && !isNonNullType(nodes.type.ofType)).toBe(true);
  });
});
