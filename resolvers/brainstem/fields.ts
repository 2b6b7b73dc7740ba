/**
 * What every BrainSTEM object type is built from: `brainstemNode` declares a Relay node with the
 * fields every BrainSTEM object has and hands the type's own fields two builders, the shared
 * `documentFields` for values of the record and `relationFields` for its relations, which
 * resolve through the loaders on the portal the parent came from.
 *
 * A relation the archive can answer from the child's side (the sessions of a project) needs no
 * parent record: such fields are marked, and a root field whose selection needs nothing else
 * returns a ref without fetching the record (see `needsRecord`).
 */
import type { FieldMap } from '@pothos/core';
import type { GraphQLResolveInfo } from 'graphql';
import { type Include, relationIds, type ModelName, type Rec } from '../../datasources/brainstem.ts';
import { builder, type ObjectFieldBuilder } from '../../src/builder.ts';
import type { Context } from '../../src/context.ts';
import { type DocumentFieldBuilders, documentFields } from '../document.ts';
import { selectedFields } from '../lookahead.ts';
import { BrainstemPortalEnum, loadRecord, refOf, type BsRef, type TypeRef } from './refs.ts';
import { extraFields } from './shared.ts';

export type F<M extends ModelName> = ObjectFieldBuilder<BsRef<M>>;
type Key<D> = keyof D & string;

export type RelationFieldBuilders<M extends ModelName, D extends object> = ReturnType<typeof relationFields<M, D>>;

/** A list of related objects: null when it could not be read, never null entries. */
export const RELATED_LIST = { list: true, items: false } as const;

/** Fields that read nothing but the ref. */
const IDENTITY = new Set(['id', 'brainstemId', 'portal', '__typename']);
/** Fields answered from the child's side, which need no parent record (see `childrenOf`). */
const fromChildSide = new WeakSet<object>();
const REF_FIELDS = new Map<ModelName, ReadonlySet<string>>();

/** Relations held as ids on the record, with the `include[]` that sideloads their records. */
const sideloaded = new WeakMap<object, Include>();
const SIDELOADS = new Map<ModelName, ReadonlyMap<string, Include>>();

/** The `include[]` for relation fields of `model` declared with `toOne`/`toMany`; any other name is a bug. */
export function includesOf(model: ModelName, fields: readonly string[]): Include[] {
  return fields.map((name) => {
    const include = SIDELOADS.get(model)?.get(name);
    if (!include) throw new Error(`${model}.${name} is not a relation BrainSTEM can sideload`);
    return include;
  });
}

/** Marks a field as answered without the parent's record. */
export function childSide<T extends object>(field: T): T {
  fromChildSide.add(field);
  return field;
}

/**
 * Whether a root field must fetch the record for what the client selected below it. It need not
 * when every selected field is answered from the ref or from the child's side (and at least one
 * child-side field then proves the object exists); otherwise the record is fetched right away,
 * so a missing one is a single NOT_FOUND on the root field.
 */
export function needsRecord(model: ModelName, info: GraphQLResolveInfo): boolean {
  const fromChildren = REF_FIELDS.get(model) ?? new Set<string>();
  let provenByChildren = false;
  for (const name of selectedFields(info, [])) {
    if (IDENTITY.has(name)) continue;
    if (!fromChildren.has(name)) return true;
    provenByChildren = true;
  }
  return !provenByChildren;
}

/** Related records by id (one batched request per model); those not visible on the portal are left out. */
export const recordsOf = async <T extends ModelName>(
  ctx: Context,
  target: T,
  idList: readonly string[],
  portal: BsRef<T>['portal'],
): Promise<BsRef<T>[]> =>
  (await ctx.brainstem.findMany(target, idList, portal)).map((rec) => refOf(target, rec, portal));

/**
 * The records of `target` whose relation `via` points at the parent, found from their side (one
 * batched search for all parents of the tick). A parent known only by its id must exist on its
 * portal: it is loaded too (NOT_FOUND otherwise), usually from the search's own sideload.
 */
export async function childrenOf<T extends ModelName>(
  ctx: Context,
  parent: BsRef<ModelName>,
  target: T,
  via: string,
): Promise<BsRef<T>[]> {
  const proof = parent.data ? undefined : parent.model;
  const rows = await ctx.brainstem.referencing(target, via, parent.id, parent.portal, proof);
  if (proof) await loadRecord(parent, ctx);
  return rows.map((r) => refOf(target, r, parent.portal));
}

/** Field builders for the relations of records `D` behind BrainSTEM objects of model `M`. */
export function relationFields<M extends ModelName, D extends object>(
  t: F<M>,
  doc: DocumentFieldBuilders<BsRef<M>, D>,
) {
  const idsAt = async (r: BsRef<M>, ctx: Context, key: Key<D>) => relationIds(await doc.value(r, ctx, key));
  return {
    /** A to-one relation; null when unset or not visible on the parent's portal. */
    toOne: <T extends ModelName>(type: TypeRef<T>, key: Key<D>, description: string) => {
      const field = t.field({
        type,
        nullable: true,
        description,
        resolve: async (r, _, ctx) => {
          const [id] = await idsAt(r, ctx, key);
          if (id === undefined) return null;
          const rec = await ctx.brainstem.find(type.model, id, r.portal);
          return rec ? refOf(type.model, rec, r.portal) : null;
        },
      });
      sideloaded.set(field, { relation: key, model: type.model });
      return field;
    },
    /**
     * A to-many relation held as ids on the record. With `via` (the child's field pointing back),
     * a parent whose record is not in hand is answered from the children's side instead.
     */
    toMany: <T extends ModelName>(type: TypeRef<T>, key: Key<D>, description: string, via?: string) => {
      const field = t.field({
        type: [type],
        nullable: RELATED_LIST,
        description,
        resolve: async (r, _, ctx) =>
          via !== undefined && !r.data
            ? childrenOf(ctx, r, type.model, via)
            : recordsOf(ctx, type.model, await idsAt(r, ctx, key), r.portal),
      });
      sideloaded.set(field, { relation: key, model: type.model });
      return via === undefined ? field : childSide(field);
    },
    /** Records pointing at the parent that the parent's record does not list (found from their side). */
    referencedBy: <T extends ModelName>(type: TypeRef<T>, via: string, description: string) =>
      childSide(
        t.field({
          type: [type],
          nullable: RELATED_LIST,
          description,
          resolve: (r, _, ctx) => childrenOf(ctx, r, type.model, via),
        }),
      ),
    /** Ids of a relation to a model the gateway does not type (licenses, suppliers, ...). */
    idList: (key: Key<D>, description: string) =>
      t.stringList({ description, resolve: async (r, _, ctx) => idsAt(r, ctx, key) }),
    /** `extra_fields` as one object, whatever shape the record holds. */
    extraFields: (key: Key<D>) =>
      t.field({
        type: 'JSON',
        description:
          'User-defined key/value pairs (values are strings or numbers); older list-shaped records are read as one object.',
        resolve: async (r, _, ctx) => extraFields(await doc.value(r, ctx, key)),
      }),
  };
}

/** A Relay node for the type's model: global id from the BrainSTEM id, plus the shared fields. */
export function brainstemNode<M extends ModelName>(
  type: TypeRef<M>,
  description: string,
  fields: (
    t: F<M>,
    doc: DocumentFieldBuilders<BsRef<M>, Rec<M>>,
    relations: RelationFieldBuilders<M, Rec<M>>,
  ) => FieldMap,
) {
  const { model } = type;
  builder.node(type, {
    description,
    id: { resolve: (r) => r.id, parse: (id) => id },
    loadOne: async (id, ctx): Promise<BsRef<M>> => {
      const { record, portal } = await ctx.brainstem.loadVisible(model, id);
      return refOf(model, record, portal);
    },
    fields: (t) => {
      const doc = documentFields<BsRef<M>, Rec<M>>(t, loadRecord);
      const own = fields(t, doc, relationFields(t, doc));
      const entries = Object.entries(own);
      REF_FIELDS.set(model, new Set(entries.filter(([, f]) => fromChildSide.has(f)).map(([name]) => name)));
      SIDELOADS.set(
        model,
        new Map(entries.flatMap(([name, f]) => (sideloaded.has(f) ? [[name, sideloaded.get(f) as Include]] : []))),
      );
      return {
        brainstemId: t.string({
          description: "BrainSTEM's own id of the record (a UUID; an integer for users and groups).",
          resolve: (r) => r.id,
        }),
        portal: t.field({
          type: BrainstemPortalEnum,
          description: 'The portal this object was read from; its relations are read from the same portal.',
          resolve: (r) => r.portal,
        }),
        rawRecord: t.field({
          type: 'JSON',
          description: 'The record exactly as BrainSTEM sent it (snake_case keys, relations as ids).',
          resolve: (r, _, ctx) => loadRecord(r, ctx),
        }),
        ...own,
      };
    },
  });
}

interface TypedRecord {
  type: unknown;
  details: unknown;
  type_schema_version: unknown;
}

/** `type` with its schema-checked `details`, as procedures, data acquisitions, manipulations and equipment have. */
export const typedFields = <P>(doc: DocumentFieldBuilders<P, TypedRecord>, examples: string) => ({
  type: doc.requiredText('type', `Type, one of BrainSTEM's list, e.g. ${examples}.`),
  details: doc.json('details', 'Type-specific details, as checked by BrainSTEM against the schema `type` selects.'),
  typeSchemaVersion: doc.text('type_schema_version', 'Version of the details schema, e.g. "1.1.0".'),
});

interface PlacedRecord {
  coordinates_system: unknown;
  coordinates_details: unknown;
  coordinates_schema_version: unknown;
}

/** Placement in a coordinate system, as procedures and equipment have. */
export const coordinateFields = <P>(doc: DocumentFieldBuilders<P, PlacedRecord>) => ({
  coordinatesSystem: doc.text('coordinates_system', 'Coordinate system, e.g. "Stereotaxic_BregmaAbsolute".'),
  coordinatesDetails: doc.json(
    'coordinates_details',
    'Coordinates, as checked by BrainSTEM against the schema `coordinatesSystem` selects.',
  ),
  coordinatesSchemaVersion: doc.text('coordinates_schema_version', 'Version of the coordinates schema.'),
});
