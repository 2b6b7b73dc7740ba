/**
 * Data acquisitions and manipulations are the same kind of record: something of a typed kind
 * done in a session, through procedures and with equipment. One declaration serves both.
 */
import type { FieldMap } from '@pothos/core';
import type { ModelName, Rec } from '../../datasources/brainstem.ts';
import type { DocumentFieldBuilders } from '../document.ts';
import { brainstemNode, type F, typedFields } from './fields.ts';
import { relationCondition, textCondition } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { brainstemMutations, typedWrites, w } from './mutations.ts';
import { type BsRef, EquipmentType, ProcedureType, SessionType, type TypeRef } from './refs.ts';

type ModuleModel = Extract<ModelName, 'dataacquisition' | 'manipulation'>;

export interface SessionModuleOptions<M extends ModuleModel> {
  description: string;
  /** Example values of `type`. */
  examples: string;
  /** BrainSTEM wants at least one procedure (manipulations). */
  proceduresRequired: boolean;
  extraFields?: (t: F<M>, doc: DocumentFieldBuilders<BsRef<M>, Rec<M>>) => FieldMap;
}

export function sessionModule<M extends ModuleModel>(type: TypeRef<M>, o: SessionModuleOptions<M>): void {
  brainstemNode(type, o.description, (t, doc, rel) => ({
    ...typedFields(doc, o.examples),
    session: rel.toOne(SessionType, 'session', 'The session it belongs to.'),
    procedures: rel.toMany(ProcedureType, 'procedures', 'Procedures it relied on (e.g. an implant).'),
    equipment: rel.toMany(EquipmentType, 'equipment', 'Equipment used; only what is visible on this portal.'),
    notes: doc.text('notes', 'Notes.'),
    order: doc.int('order', 'Display order within the session.'),
    ...o.extraFields?.(t, doc),
  }));

  brainstemRootFields(type, {
    filter: {
      session: relationCondition('session.id', 'Of this session (BrainSTEM id).'),
      type: textCondition('type', `Of this type, e.g. ${o.examples}.`),
      procedure: relationCondition('procedures.id', 'Relying on this procedure (BrainSTEM id).'),
    },
    sort: { ORDER: ['order', 'display order', 'nullable'], TYPE: ['type', 'type'] },
    includes: ['session', 'procedures', 'equipment'],
  });

  brainstemMutations(type, {
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
  });
}
