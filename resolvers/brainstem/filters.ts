/**
 * List arguments of the BrainSTEM root fields: a typed filter input per model whose fields each
 * stand for one condition on an archive field, a shared `where` clause for any other condition
 * the archive understands, and sort enums. Each becomes the datasource's typed terms
 * (`Condition`, `SortKey`); the datasource alone writes BrainSTEM's query syntax.
 */
import type { InputFieldRef } from '@pothos/core';
import type { Condition, FilterOperator, FilterValue, SortKey } from '../../datasources/brainstem.ts';
import { builder } from '../../src/builder.ts';
import { orderingEnum, orderingKey } from '../vocabulary.ts';
import type { BuilderTypes, ModelNames } from './refs.ts';

type InputFields = PothosSchemaTypes.InputFieldBuilder<BuilderTypes, 'InputObject'>;

/** One field of a filter input: the condition it stands for, and its GraphQL input field. */
export interface FilterField {
  /** The archive field (or dotted path) it tests, e.g. `name` or `projects.id`. */
  field: string;
  /** How it compares; an exact match when left out. */
  operator?: FilterOperator;
  input: (t: InputFields) => InputFieldRef<BuilderTypes, unknown>;
}

/** A text condition on `field`. */
export const textCondition = (field: string, description: string, operator?: FilterOperator): FilterField => ({
  field,
  operator,
  input: (t) => t.string({ description }),
});

/** Points at this record: a relation `path` such as `projects.id` equals a BrainSTEM id. */
export const relationCondition = (path: string, description: string): FilterField => ({
  field: path,
  input: (t) => t.id({ description }),
});

/** An instant compared with a date-time field. */
export const instantCondition = (field: string, operator: FilterOperator, description: string): FilterField => ({
  field,
  operator,
  input: (t) => t.field({ type: 'DateTime', description }),
});

export const booleanCondition = (field: string, description: string): FilterField => ({
  field,
  input: (t) => t.boolean({ description }),
});

/** A value of one of the archive's vocabularies, given as a GraphQL enum. */
export const enumCondition = (
  type: PothosSchemaTypes.EnumRef<BuilderTypes, string>,
  field: string,
  description: string,
): FilterField => ({ field, input: (t) => t.field({ type, description }) });

const isFilterValue = (v: unknown): v is FilterValue =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date;

/** A filter input type; every one also takes `ids`. */
export function filterInput(name: string, description: string, fields: Record<string, FilterField>) {
  const all: Record<string, FilterField> = {
    ids: { field: 'id', operator: 'in', input: (t) => t.idList({ description: 'Only these BrainSTEM ids.' }) },
    ...fields,
  };
  const ref = builder.inputType(name, {
    description: `${description} All conditions must hold.`,
    fields: (t) => Object.fromEntries(Object.entries(all).map(([key, f]) => [key, f.input(t)])),
  });
  return {
    ref,
    /** The conditions an input value asks for (an empty `ids` list asks for none). */
    conditions(input: Record<string, unknown> | null | undefined): Condition[] {
      const out: Condition[] = [];
      for (const [key, f] of Object.entries(all)) {
        const v = input?.[key];
        const values = (Array.isArray(v) ? v : [v]).filter(isFilterValue);
        if (values.length > 0) out.push({ field: f.field, operator: f.operator, values });
      }
      return out;
    },
  };
}

export type FilterInput = ReturnType<typeof filterInput>;

/** A model's filter: an input several models share, or the model's own fields. */
export type ModelFilter = FilterInput | Record<string, FilterField>;

/** The input a model's filter stands for: a shared one as it is, else `<Type>Filter` from its fields. */
export const modelFilterInput = (names: ModelNames, filter: ModelFilter): FilterInput =>
  typeof filter.conditions === 'function'
    ? (filter as FilterInput)
    : filterInput(`${names.typeName}Filter`, `Conditions on ${names.nouns}.`, filter as Record<string, FilterField>);

/** Common filter fields, so each model's input reads like its field table. */
export const nameFilters = (noun: string): Record<string, FilterField> => ({
  name: textCondition('name', `Exactly this ${noun} name.`),
  nameContains: textCondition('name', 'Name contains this text (case-insensitive).', 'icontains'),
});
export const tagFilter: Record<string, FilterField> = { tag: textCondition('tags', 'Carries this tag.') };

const OperatorEnum = builder.enumType('BrainstemFilterOperator', {
  description: 'dynamic-rest filter operators (`filter{field.operator}`).',
  values: {
    EXACT: { value: '', description: 'Equal (for a to-many relation or tags: contains this value).' },
    IEXACT: { value: 'iexact', description: 'Equal, ignoring case.' },
    CONTAINS: { value: 'contains', description: 'Contains the text.' },
    ICONTAINS: { value: 'icontains', description: 'Contains the text, ignoring case.' },
    STARTSWITH: { value: 'startswith', description: 'Starts with the text.' },
    ISTARTSWITH: { value: 'istartswith', description: 'Starts with the text, ignoring case.' },
    ENDSWITH: { value: 'endswith', description: 'Ends with the text.' },
    IENDSWITH: { value: 'iendswith', description: 'Ends with the text, ignoring case.' },
    IN: { value: 'in', description: 'Equal to one of the values.' },
    GT: { value: 'gt', description: 'Greater than.' },
    GTE: { value: 'gte', description: 'Greater than or equal.' },
    LT: { value: 'lt', description: 'Less than.' },
    LTE: { value: 'lte', description: 'Less than or equal.' },
    RANGE: { value: 'range', description: 'Between the two values, inclusive.' },
    ISNULL: { value: 'isnull', description: 'Empty when the value is "true", set when "false".' },
    YEAR: { value: 'year', description: 'Year of a date equals the value.' },
    MONTH: { value: 'month', description: 'Month (1–12) of a date equals the value.' },
    DAY: { value: 'day', description: 'Day of the month of a date equals the value.' },
    REGEX: { value: 'regex', description: 'Matches the regular expression.' },
  } as const,
});

export const ClauseInput = builder.inputType('BrainstemFilterClause', {
  description:
    "Any filter BrainSTEM understands, as `filter{[-]field[.operator]}=value` (what the Python client's `filters` send).",
  fields: (t) => ({
    field: t.string({
      required: true,
      description: 'Archive field name or dotted path in snake_case, e.g. `name`, `projects.id`, `date_time`.',
    }),
    operator: t.field({ type: OperatorEnum, defaultValue: '', description: 'How to compare; EXACT when omitted.' }),
    values: t.stringList({
      required: true,
      description: 'The value; several for IN (one parameter each) and two for RANGE.',
    }),
    exclude: t.boolean({ defaultValue: false, description: 'Negate the condition (`filter{-field}`).' }),
  }),
});

type Clause = typeof ClauseInput.$inferInput;

/** The caller's own clauses as conditions (the datasource checks and writes them). */
export const clauseConditions = (clauses: readonly Clause[] | null | undefined): Condition[] =>
  (clauses ?? []).map((c) => ({
    field: c.field,
    operator: c.operator ?? undefined,
    values: c.values,
    exclude: c.exclude === true,
  }));

/**
 * An ordering: the archive field, what it is in descriptions ("date of birth"), and whether
 * records may lack it (`'nullable'`: those go last in either direction).
 */
export type SortField = [field: string, what: string, nullable?: 'nullable'];

/** A sort enum: each field ascending (NAME) and descending (NAME_DESC). */
export function sortEnum(name: string, noun: string, fields: Record<string, SortField>) {
  const nullable = new Set(
    Object.values(fields)
      .filter(([, , n]) => n === 'nullable')
      .map(([field]) => field),
  );
  const ref = orderingEnum(
    name,
    `Orderings of ${noun}; later entries break ties of earlier ones. Creation order when omitted.`,
    Object.fromEntries(
      Object.entries(fields).map(([key, [field, what, n]]) => [
        key,
        n === 'nullable'
          ? [
              field,
              `By ${what}, ascending; those without one last (as BrainSTEM orders).`,
              `By ${what}, descending; those without one last. BrainSTEM itself (PostgreSQL) puts them first, so when this is the first ordering the gateway asks for the ones with a value and then the others (a page past the first part costs one more request).`,
            ]
          : [field, `By ${what}, ascending.`, `By ${what}, descending.`],
      ]),
    ),
  );
  return {
    ref,
    /** The orderings the enum values stand for, most significant first. */
    keys: (chosen: readonly string[] | null | undefined): SortKey[] =>
      (chosen ?? []).map((c) => {
        const key = orderingKey(c);
        return nullable.has(key.field) ? { ...key, nullsLast: true } : key;
      }),
  };
}

export type SortEnum = ReturnType<typeof sortEnum>;

/** A model's orderings: an enum several models share, or the model's own fields. */
export type ModelSort = SortEnum | Record<string, SortField>;

/** The enum a model's orderings stand for: a shared one as it is, else `<Type>Sort` from its fields. */
export const modelSortEnum = (names: ModelNames, sort: ModelSort): SortEnum =>
  typeof sort.keys === 'function'
    ? (sort as SortEnum)
    : sortEnum(`${names.typeName}Sort`, names.nouns, sort as Record<string, SortField>);

/** For models searched by name alone (taxonomies, groups, journals, data storages). */
export const namedFilter = filterInput(
  'BrainstemNamedFilter',
  'Conditions on BrainSTEM records that have a name.',
  nameFilters('record'),
);
export const nameSort = sortEnum('BrainstemNameSort', 'named BrainSTEM records', { NAME: ['name', 'name'] });
