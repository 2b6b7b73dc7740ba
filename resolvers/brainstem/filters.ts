/**
 * List arguments in BrainSTEM's query language (dynamic-rest, spec §5): a typed filter input
 * per model whose fields each stand for one `filter{key}`, a shared `where` clause for any other
 * `filter{}` the archive understands, and sort enums over `sort[]`.
 */
import type { EnumRef, InputObjectRef } from '@pothos/core';
import type { Filter } from '../../datasources/brainstem.ts';
import { badUserInput } from '../../src/errors.ts';
import { builder } from '../../src/builder.ts';

type Scalar = 'String' | 'ID' | 'DateTime' | 'Boolean' | 'Int';

export interface FilterField {
  type: Scalar | EnumRef<any, string>;
  list?: boolean;
  /** The key inside `filter{}`, e.g. `name.icontains` or `projects.id`. */
  key: string;
  description: string;
}

export interface FilterInput {
  ref: InputObjectRef<any, Record<string, unknown>>;
  toFilters(input: Record<string, unknown> | null | undefined): Filter[];
}

const wire = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

/** A filter input type; every one also takes `ids` (`filter{id.in}`). */
export function filterInput(name: string, description: string, fields: Record<string, FilterField>): FilterInput {
  const all: Record<string, FilterField> = {
    ids: { type: 'ID', list: true, key: 'id.in', description: 'Only these BrainSTEM ids.' },
    ...fields,
  };
  const ref = builder.inputType(name, {
    description: `${description} All conditions must hold.`,
    fields: (t) =>
      Object.fromEntries(
        Object.entries(all).map(([field, f]) => [
          field,
          f.list
            ? t.field({ type: [f.type] as never, description: f.description })
            : t.field({ type: f.type as never, description: f.description }),
        ]),
      ),
  }) as unknown as FilterInput['ref'];
  return {
    ref,
    toFilters: (input) => {
      const out: Filter[] = [];
      for (const [field, f] of Object.entries(all)) {
        const v = input?.[field];
        if (v === null || v === undefined) continue;
        out.push([f.key, Array.isArray(v) ? v.map(wire) : wire(v)]);
      }
      return out;
    },
  };
}

/** Common filter fields, so each model's input reads like its field table. */
export const nameFilters = (noun: string): Record<string, FilterField> => ({
  name: { type: 'String', key: 'name', description: `Exactly this ${noun} name.` },
  nameContains: { type: 'String', key: 'name.icontains', description: `Name contains this text (case-insensitive).` },
});
export const tagFilter: Record<string, FilterField> = {
  tag: { type: 'String', key: 'tags', description: 'Carries this tag.' },
};
export const relationFilter = (key: string, description: string): FilterField => ({ type: 'ID', key, description });

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

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function whereFilters(
  clauses:
    | readonly { field: string; operator?: string | null; values: readonly string[]; exclude?: boolean | null }[]
    | null
    | undefined,
): Filter[] {
  return (clauses ?? []).map((c, i) => {
    if (!FIELD_PATH.test(c.field))
      throw badUserInput(
        `where[${i}].field "${c.field}" is not a field name or dotted path`,
        { argument: 'where', field: 'field' },
        'brainstem',
      );
    if (c.values.length === 0)
      throw badUserInput(`where[${i}].values is empty`, { argument: 'where', field: 'values' }, 'brainstem');
    const key = `${c.exclude ? '-' : ''}${c.field}${c.operator ? `.${c.operator}` : ''}`;
    return [key, c.operator === 'in' || c.operator === 'range' ? c.values : (c.values[0] as string)] as Filter;
  });
}

/** A sort enum: each field ascending (NAME) and descending (NAME_DESC), sent as `sort[]`. */
export function sortEnum(name: string, noun: string, fields: Record<string, [wire: string, what: string]>) {
  const values: Record<string, { value: string; description: string }> = {};
  for (const [key, [field, what]] of Object.entries(fields)) {
    values[key] = { value: field, description: `By ${what}, ascending.` };
    values[`${key}_DESC`] = { value: `-${field}`, description: `By ${what}, descending.` };
  }
  return builder.enumType(name, {
    description: `Orderings of ${noun}; later entries break ties of earlier ones. Creation order when omitted.`,
    values,
  }) as EnumRef<any, string>;
}

/** For models searched by name alone (taxonomies, groups, journals, data storages). */
export const namedFilter = filterInput(
  'BrainstemNamedFilter',
  'Conditions on BrainSTEM records that have a name.',
  nameFilters('record'),
);
export const nameSort = sortEnum('BrainstemNameSort', 'named BrainSTEM records', { NAME: ['name', 'name'] });
