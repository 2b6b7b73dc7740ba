/**
 * Field helpers shared by the BrainSTEM types: a scalar read from the record, a relation resolved
 * through the loaders on the portal the parent came from, and `brainstemNode`, which declares a
 * Relay node with the fields every BrainSTEM object has.
 */
import type { ObjectRef } from '@pothos/core';
import type { FieldMap } from '@pothos/core';
import { relationIds, type ModelName, type Rec } from '../../datasources/brainstem.ts';
import { builder, type ObjectFieldBuilder } from '../../src/builder.ts';
import type { Context } from '../../src/context.ts';
import { BrainstemPortalEnum, loadRecord, refOf, type BsRef } from './refs.ts';
import { extraFields } from './shared.ts';

export type F<M extends ModelName> = ObjectFieldBuilder<BsRef<M>>;
export type Key<M extends ModelName> = keyof Rec<M> & string;
type TypeRef<M extends ModelName> = ObjectRef<any, BsRef<M>>;

export const valueOf = async <M extends ModelName>(ctx: Context, ref: BsRef<M>, key: Key<M>): Promise<unknown> =>
  (await loadRecord(ctx, ref))[key];

/** Text the archive always sends ("" when empty). */
export const text = <M extends ModelName>(t: F<M>, key: Key<M>, description: string) =>
  t.string({ description, resolve: async (r, _, ctx) => String((await valueOf(ctx, r, key)) ?? '') });

/** Text that may be missing: null and "" both become null. */
export const optText = <M extends ModelName>(t: F<M>, key: Key<M>, description: string) =>
  t.string({
    nullable: true,
    description,
    resolve: async (r, _, ctx) => {
      const v = await valueOf(ctx, r, key);
      return v === null || v === undefined || v === '' ? null : String(v);
    },
  });

export const int = <M extends ModelName>(t: F<M>, key: Key<M>, description: string) =>
  t.int({
    nullable: true,
    description,
    resolve: async (r, _, ctx) => {
      const v = await valueOf(ctx, r, key);
      return typeof v === 'number' ? v : null;
    },
  });

export const flag = <M extends ModelName>(t: F<M>, key: Key<M>, description: string) =>
  t.boolean({ description, resolve: async (r, _, ctx) => (await valueOf(ctx, r, key)) === true });

export const json = <M extends ModelName>(t: F<M>, key: Key<M>, description: string) =>
  t.field({
    type: 'JSON',
    nullable: true,
    description,
    resolve: async (r, _, ctx) => (await valueOf(ctx, r, key)) ?? null,
  });

export const dateTime = <M extends ModelName>(t: F<M>, key: Key<M>, description: string) =>
  t.field({
    type: 'DateTime',
    nullable: true,
    description,
    resolve: async (r, _, ctx) => ((await valueOf(ctx, r, key)) as string | null) || null,
  });

export const strings = <M extends ModelName>(t: F<M>, key: Key<M>, description: string) =>
  t.stringList({
    description,
    resolve: async (r, _, ctx) => {
      const v = await valueOf(ctx, r, key);
      return Array.isArray(v) ? v.map(String) : [];
    },
  });

/** `extra_fields` as one object, whatever shape the record holds. */
export const extras = <M extends 'project' | 'subject' | 'session'>(t: F<M>) =>
  t.field({
    type: 'JSON',
    description:
      'User-defined key/value pairs (values are strings or numbers); older list-shaped records are read as one object.',
    resolve: async (r, _, ctx) => extraFields(await valueOf(ctx, r, 'extra_fields' as Key<M>)),
  });

/** Ids of a relation to a model the gateway does not type (licenses, suppliers, ...). */
export const ids = <M extends ModelName>(t: F<M>, key: Key<M>, description: string) =>
  t.stringList({ description, resolve: async (r, _, ctx) => relationIds(await valueOf(ctx, r, key)) });

/** A to-one relation; null when unset or not visible on the parent's portal. */
export const toOne = <M extends ModelName, T extends ModelName>(
  t: F<M>,
  type: TypeRef<T>,
  target: T,
  key: Key<M>,
  description: string,
) =>
  t.field({
    type,
    nullable: true,
    description,
    resolve: async (r, _, ctx) => {
      const [id] = relationIds(await valueOf(ctx, r, key));
      if (id === undefined) return null;
      const rec = await ctx.brainstem.find(target, id, r.portal);
      return rec ? refOf(target, rec, r.portal) : null;
    },
  });

/** Related records by id (one batched request per model); those not visible on the portal are left out. */
export const recordsOf = async <T extends ModelName>(
  ctx: Context,
  target: T,
  idList: string[],
  portal: BsRef<T>['portal'],
): Promise<BsRef<T>[]> =>
  (await ctx.brainstem.findMany(target, idList, portal)).map((rec) => refOf(target, rec, portal));

/** A to-many relation held as ids on the record. */
export const toMany = <M extends ModelName, T extends ModelName>(
  t: F<M>,
  type: TypeRef<T>,
  target: T,
  key: Key<M>,
  description: string,
) =>
  t.field({
    type: [type],
    description,
    resolve: async (r, _, ctx) => recordsOf(ctx, target, relationIds(await valueOf(ctx, r, key)), r.portal),
  });

/** A Relay node for one BrainSTEM model: global id from the BrainSTEM id, plus the shared fields. */
export function brainstemNode<M extends ModelName>(
  type: TypeRef<M>,
  model: M,
  description: string,
  fields: (t: F<M>) => FieldMap,
) {
  builder.node(type, {
    description,
    id: { resolve: (r) => r.id, parse: (id) => id },
    loadOne: async (id, ctx): Promise<BsRef<M>> => {
      const { record, portal } = await ctx.brainstem.loadVisible(model, id);
      return refOf(model, record, portal);
    },
    fields: (t) => ({
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
        resolve: (r, _, ctx) => loadRecord(ctx, r),
      }),
      ...fields(t),
    }),
  });
}

type Typed = 'procedure' | 'dataacquisition' | 'manipulation' | 'equipment';

/** `type` with its schema-checked `details`, as procedures, data acquisitions, manipulations and equipment have. */
export const typedFields = <M extends Typed>(t: F<M>, examples: string) => ({
  type: text(t, 'type' as Key<M>, `Type, one of BrainSTEM's list, e.g. ${examples}.`),
  details: json(
    t,
    'details' as Key<M>,
    'Type-specific details, as checked by BrainSTEM against the schema `type` selects.',
  ),
  typeSchemaVersion: optText(t, 'type_schema_version' as Key<M>, 'Version of the details schema, e.g. "1.1.0".'),
});

/** Placement in a coordinate system, as procedures and equipment have. */
export const coordinateFields = <M extends 'procedure' | 'equipment'>(t: F<M>) => ({
  coordinatesSystem: optText(
    t,
    'coordinates_system' as Key<M>,
    'Coordinate system, e.g. "Stereotaxic_BregmaAbsolute".',
  ),
  coordinatesDetails: json(
    t,
    'coordinates_details' as Key<M>,
    'Coordinates, as checked by BrainSTEM against the schema `coordinatesSystem` selects.',
  ),
  coordinatesSchemaVersion: optText(t, 'coordinates_schema_version' as Key<M>, 'Version of the coordinates schema.'),
});
