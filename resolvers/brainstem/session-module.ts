/**
 * Data acquisitions and manipulations are the same kind of record: something of a typed kind
 * done in a session, through procedures and with equipment. One declaration serves both.
 */
import type { FieldMap } from '@pothos/core';
import type { ModelName, Rec } from '../../datasources/brainstem.ts';
import { brainstemNode, type DocumentFieldBuilders, type F, typedFields } from './fields.ts';
import { filterInput, relationCondition, sortEnum, textCondition } from './filters.ts';
import { brainstemRootFields, type RootFieldOptions } from './lists.ts';
import { brainstemMutations, typedWrites, w } from './mutations.ts';
import { type BsRef, EquipmentType, ProcedureType, SessionType } from './refs.ts';

type ModuleModel = Extract<ModelName, 'dataacquisition' | 'manipulation'>;

export interface SessionModuleOptions<M extends ModuleModel>
  extends Pick<RootFieldOptions<M>, 'model' | 'type' | 'typeName' | 'one' | 'many'> {
  /** Singular noun, e.g. "data acquisition". */
  noun: string;
  description: string;
  /** Example values of `type`. */
  examples: string;
  /** BrainSTEM wants at least one procedure (manipulations). */
  proceduresRequired: boolean;
  extraFields?: (t: F<M>, doc: DocumentFieldBuilders<BsRef<M>, Rec<M>>) => FieldMap;
}

export function sessionModule<M extends ModuleModel>(o: SessionModuleOptions<M>): void {
  brainstemNode(o.type, o.model, o.description, (t, doc, rel) => ({
    ...typedFields(doc, o.examples),
    session: rel.toOne(SessionType, 'session', 'session', 'The session it belongs to.'),
    procedures: rel.toMany(ProcedureType, 'procedure', 'procedures', 'Procedures it relied on (e.g. an implant).'),
    equipment: rel.toMany(
      EquipmentType,
      'equipment',
      'equipment',
      'Equipment used; only what is visible on this portal.',
    ),
    notes: doc.text('notes', 'Notes.'),
    order: doc.int('order', 'Display order within the session.'),
    ...o.extraFields?.(t, doc),
  }));

  brainstemRootFields({
    model: o.model,
    type: o.type,
    typeName: o.typeName,
    one: o.one,
    many: o.many,
    noun: `${o.noun}s`,
    filter: filterInput(`${o.typeName}Filter`, `Conditions on ${o.noun}s.`, {
      session: relationCondition('session.id', 'Of this session (BrainSTEM id).'),
      type: textCondition('type', `Of this type, e.g. ${o.examples}.`),
      procedure: relationCondition('procedures.id', 'Relying on this procedure (BrainSTEM id).'),
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
