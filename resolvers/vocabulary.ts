/**
 * Archive vocabularies as GraphQL enums: choice lists, whose records may hold values the gateway
 * does not know, and orderings, each field ascending (`NAME`) and descending (`NAME_DESC`),
 * valued the way DANDI's `ordering`/`order` and BrainSTEM's `sort[]` write them (`name`, `-name`).
 */
import { builder } from '../src/builder.ts';

/**
 * An enum over one of an archive's choice lists, and `read`, which gives a record's value when
 * the enum has it and null otherwise (a value added upstream must not fail the whole field).
 */
export function vocabularyEnum<const V extends string>(
  name: string,
  description: string,
  values: Record<string, { value: V; description: string }>,
) {
  const known = new Set<unknown>(Object.values(values).map((v) => v.value));
  return {
    ref: builder.enumType(name, { description, values }),
    read: (v: unknown): V | null => (known.has(v) ? (v as V) : null),
  };
}

/** An ordering of field `F` as the archives write it: `-` first for descending. */
export type Ordering<F extends string> = F | `-${F}`;

/** Per enum key: the field, and the descriptions of its ascending and descending values. */
export type OrderingFields<F extends string> = Record<string, [field: F, ascending: string, descending: string]>;

export function orderingEnum<F extends string>(name: string, description: string, fields: OrderingFields<F>) {
  const values: Record<string, { value: Ordering<F>; description: string }> = {};
  for (const [key, [field, ascending, descending]] of Object.entries(fields)) {
    values[key] = { value: field, description: ascending };
    values[`${key}_DESC`] = { value: `-${field}`, description: descending };
  }
  return builder.enumType(name, { description, values });
}

/** The field an ordering sorts by, and whether it is descending. */
export const orderingKey = <F extends string>(ordering: Ordering<F>): { field: F; descending?: true } =>
  ordering.startsWith('-') ? { field: ordering.slice(1) as F, descending: true } : { field: ordering as F };
