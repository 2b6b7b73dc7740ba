/**
 * Data acquisitions and manipulations are the same kind of record: something of a typed kind
 * done in a session, through procedures and with equipment. One declaration serves both.
 */
import type { FieldMap, ObjectRef } from '@pothos/core';
import { brainstemNode, int, optText, toMany, toOne, typedFields, type F } from './fields.ts';
import { filterInput, relationFilter, sortEnum } from './filters.ts';
import { brainstemRootFields, type RootFieldOptions } from './lists.ts';
import { brainstemMutations, typedWrites, w } from './mutations.ts';
import { EquipmentType, ProcedureType, SessionType, type BsRef } from './refs.ts';

export interface SessionModuleOptions<M extends 'dataacquisition' | 'manipulation'>
  extends Pick<RootFieldOptions<M>, 'model' | 'type' | 'typeName' | 'one' | 'many'> {
  /** Singular noun, e.g. "data acquisition". */
  noun: string;
  description: string;
  /** Example values of `type`. */
  examples: string;
  /** BrainSTEM wants at least one procedure (manipulations). */
  proceduresRequired: boolean;
  extraFields?: (t: F<M>) => FieldMap;
}

export function sessionModule<M extends 'dataacquisition' | 'manipulation'>(o: SessionModuleOptions<M>): void {
  const f = o.model as 'dataacquisition';
  brainstemNode(o.type, o.model, o.description, (t) => {
    const tt = t as unknown as F<'dataacquisition'>;
    return {
      ...typedFields(tt, o.examples),
      session: toOne(tt, SessionType, 'session', 'session', `The session it belongs to.`),
      procedures: toMany(tt, ProcedureType, 'procedure', 'procedures', 'Procedures it relied on (e.g. an implant).'),
      equipment: toMany(
        tt,
        EquipmentType,
        'equipment',
        'equipment',
        'Equipment used; only what is visible on this portal.',
      ),
      notes: optText(tt, 'notes', 'Notes.'),
      order: int(tt, 'order', 'Display order within the session.'),
      ...o.extraFields?.(t),
    };
  });

  brainstemRootFields({
    model: f,
    type: o.type as unknown as ObjectRef<any, BsRef<'dataacquisition'>>,
    typeName: o.typeName,
    one: o.one,
    many: o.many,
    noun: `${o.noun}s`,
    filter: filterInput(`${o.typeName}Filter`, `Conditions on ${o.noun}s.`, {
      session: relationFilter('session.id', 'Of this session (BrainSTEM id).'),
      type: { type: 'String', key: 'type', description: `Of this type, e.g. ${o.examples}.` },
      procedure: relationFilter('procedures.id', 'Relying on this procedure (BrainSTEM id).'),
    }),
    sort: sortEnum(`${o.typeName}Sort`, `${o.noun}s`, { ORDER: ['order', 'display order'], TYPE: ['type', 'type'] }),
    includes: {
      session: { relation: 'session', model: 'session' },
      procedures: { relation: 'procedures', model: 'procedure' },
      equipment: { relation: 'equipment', model: 'equipment' },
    },
  });

  brainstemMutations({
    model: o.model,
    type: o.type,
    typeName: o.typeName,
    payloadField: o.one,
    noun: o.noun,
    fields: {
      session: w.one('session', 'The session (BrainSTEM id).', true),
      ...typedWrites(o.examples),
      procedures: w.many(
        'procedures',
        `Procedures it relied on (BrainSTEM ids${o.proceduresRequired ? ', at least one' : ''}).`,
        o.proceduresRequired,
      ),
      equipment: w.many('equipment', 'Equipment used (BrainSTEM ids).'),
      notes: w.notes(),
      order: w.order(),
    },
  });
}
