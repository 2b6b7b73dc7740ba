/**
 * Reading archive documents, one way for all three archives. Documents are loosely typed (two
 * schema generations, free extra fields, "" for unset), so every value is read through one of the
 * `read*` functions below; `documentFields` builds the GraphQL fields that read one key of a
 * lazily loaded document (loaded through the per-request loaders only when a field needs it).
 */
import type { FieldMap, ObjectRef } from '@pothos/core';
import { builder, type ObjectFieldBuilder, type SchemaTypes } from '../src/builder.ts';
import type { Context } from '../src/context.ts';

type Doc = Record<string, unknown>;

/** A GraphQL object type over a part of a document (see `object` of `documentFields`). */
export type PartType = ObjectRef<PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>, Doc>;

/** A non-empty string (numbers as their decimal text); "" and anything else are null. */
export const readText = (v: unknown): string | null =>
  typeof v === 'string' ? (v === '' ? null : v) : typeof v === 'number' && Number.isFinite(v) ? String(v) : null;

/** Strings of a list (a lone string is a list of one); anything else is empty. */
export const readTexts = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

/** A safe integer, else null. */
export const readInt = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);

/** A finite number, else null. */
export const readNumber = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A boolean, else null. */
export const readBoolean = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);

/** A JSON object (not a list), else null. */
export const readObject = (v: unknown): Doc | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Doc) : null;

/** The objects of a list; anything else is empty. */
export const readObjects = (v: unknown): Doc[] =>
  Array.isArray(v) ? v.filter((x): x is Doc => typeof x === 'object' && x !== null && !Array.isArray(x)) : [];

/**
 * `f` of a value that may still be coming: synchronous for a value in hand. Resolvers use it so
 * that a page of documents already fetched resolves without a promise per field (graphql-js
 * pays a promise, a microtask and a deferred object completion for each).
 */
export const mapMaybe = <T, R>(value: T | Promise<T>, f: (v: T) => R): R | Promise<R> =>
  value instanceof Promise ? value.then(f) : f(value);

/** Loads the document behind a parent (from what the parent holds, or through a loader). */
export type DocumentLoader<P, D> = (parent: P, ctx: Context) => D | Promise<D>;

type Key<D> = keyof D & string;

/**
 * Field builders for the keys of a document `D` behind parents of type `P`. Each field reads one
 * key, so selecting fields of an object already in hand costs nothing, and the first field that
 * needs a document not yet loaded loads it (once per request, through the loaders).
 */
export function documentFields<P, D extends object>(t: ObjectFieldBuilder<P>, load: DocumentLoader<P, D>) {
  const value = (parent: P, ctx: Context, key: Key<D>): unknown => mapMaybe(load(parent, ctx), (d) => d[key]);
  /** A field reading `key` through `read`: synchronous when the document is in hand. */
  const reading =
    <R>(key: Key<D>, read: (v: unknown) => R) =>
    (p: P, _args: unknown, ctx: Context): R | Promise<R> =>
      mapMaybe(value(p, ctx, key), read);
  return {
    /** Text that may be unset ("" and null are null). */
    text: (key: Key<D>, description: string) =>
      t.string({ nullable: true, description, resolve: reading(key, readText) }),
    /** Text the archive always sends ("" when empty, never null). */
    requiredText: (key: Key<D>, description: string) =>
      t.string({ description, resolve: reading(key, (v) => readText(v) ?? '') }),
    texts: (key: Key<D>, description: string) => t.stringList({ description, resolve: reading(key, readTexts) }),
    int: (key: Key<D>, description: string) => t.int({ nullable: true, description, resolve: reading(key, readInt) }),
    float: (key: Key<D>, description: string) =>
      t.float({ nullable: true, description, resolve: reading(key, readNumber) }),
    /** True only when the archive says `true`. */
    flag: (key: Key<D>, description: string) => t.boolean({ description, resolve: reading(key, (v) => v === true) }),
    json: (key: Key<D>, description: string) =>
      t.field({
        type: 'JSON',
        nullable: true,
        description,
        resolve: reading(key, (v) => v ?? null),
      }),
    /** A nested object, as `type` or as JSON; null when the key holds no object. */
    object: (type: PartType | 'JSON', key: Key<D>, description: string) =>
      t.field({
        type,
        nullable: true,
        description,
        resolve: reading(key, readObject),
      }),
    dateTime: (key: Key<D>, description: string) =>
      t.field({
        type: 'DateTime',
        nullable: true,
        description,
        resolve: reading(key, readText),
      }),
    /** The value itself, for fields that shape it further. */
    value,
  };
}

/** The builders `documentFields` gives for parents `P` over documents `D`. */
export type DocumentFieldBuilders<P, D extends object> = ReturnType<typeof documentFields<P, D>>;

/**
 * An object type over a part of a document already in hand (a nested object, nothing to load):
 * `fields` gets the `documentFields` builders over the part, and the field builder itself.
 */
export function partType<D extends object = Doc>(
  name: string,
  description: string,
  fields: (doc: DocumentFieldBuilders<D, D>, t: ObjectFieldBuilder<D>) => FieldMap,
) {
  return builder.objectRef<D>(name).implement({
    description,
    fields: (t) =>
      fields(
        documentFields<D, D>(t, (d) => d),
        t,
      ),
  });
}
