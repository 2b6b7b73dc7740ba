/**
 * `Procedure`: something done to a subject before its sessions (surgery, implant, injection),
 * placed in a coordinate system. Root fields `procedure` / `procedures` and its mutations.
 */
import { brainstemNode, coordinateFields, dateTime, ids, optText, toMany, toOne, typedFields } from './fields.ts';
import { filterInput, relationFilter, sortEnum } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { brainstemMutations, typedWrites, w } from './mutations.ts';
import { BrainRegionType, EquipmentType, ProcedureType, SubjectType } from './refs.ts';

const EXAMPLES = '"SiliconProbeImplant", "VirusInjection", "Craniotomy", "OpticFiberImplant"';

brainstemNode(ProcedureType, 'procedure', 'A procedure done to a subject (surgery, implant, injection, ...).', (t) => ({
  ...typedFields(t, EXAMPLES),
  ...coordinateFields(t),
  subject: toOne(t, SubjectType, 'subject', 'subject', 'The subject it was done to.'),
  dateTime: dateTime(t, 'date_time', 'When it was done.'),
  brainRegion: toOne(t, BrainRegionType, 'brainregion', 'brain_region', 'The targeted brain region.'),
  equipment: toMany(t, EquipmentType, 'equipment', 'equipment', 'Equipment used; only what is visible on this portal.'),
  consumableStockId: optText(
    t,
    'consumablestock',
    'BrainSTEM id of the consumable stock used (a probe, a virus batch, ...).',
  ),
  licenseIds: ids(t, 'licenses', 'BrainSTEM ids of the licenses covering it.'),
  notes: optText(t, 'notes', 'Notes.'),
  createdAt: dateTime(t, 'created_at', 'When the record was created.'),
  updatedAt: dateTime(t, 'updated_at', 'When the record last changed.'),
}));

brainstemRootFields({
  model: 'procedure',
  type: ProcedureType,
  typeName: 'Procedure',
  one: 'procedure',
  many: 'procedures',
  noun: 'procedures',
  filter: filterInput('ProcedureFilter', 'Conditions on procedures.', {
    subject: relationFilter('subject.id', 'Done to this subject (BrainSTEM id).'),
    type: { type: 'String', key: 'type', description: `Of this type, e.g. ${EXAMPLES}.` },
    brainRegion: relationFilter('brain_region.id', 'Targeting this brain region (BrainSTEM id).'),
  }),
  sort: sortEnum('ProcedureSort', 'procedures', { DATE_TIME: ['date_time', 'time done'], TYPE: ['type', 'type'] }),
  includes: {
    subject: { relation: 'subject', model: 'subject' },
    brainRegion: { relation: 'brain_region', model: 'brainregion' },
    equipment: { relation: 'equipment', model: 'equipment' },
  },
});

brainstemMutations({
  model: 'procedure',
  type: ProcedureType,
  typeName: 'Procedure',
  payloadField: 'procedure',
  noun: 'procedure',
  fields: {
    subject: w.one('subject', 'The subject (BrainSTEM id).', true),
    ...typedWrites(EXAMPLES),
    coordinatesSystem: w.text(
      'coordinates_system',
      'Coordinate system, e.g. "Stereotaxic_BregmaAbsolute" or "External_XYZ_Absolute".',
      true,
    ),
    coordinatesDetails: w.json(
      'coordinates_details',
      'Coordinates, checked against the schema `coordinatesSystem` selects (send both together).',
    ),
    coordinatesSchemaVersion: w.text('coordinates_schema_version', 'Version of the coordinates schema.'),
    dateTime: { wire: 'date_time', type: 'DateTime', description: 'When it was done.' },
    brainRegion: w.one('brain_region', 'The targeted brain region (BrainSTEM id).'),
    equipment: w.many('equipment', 'Equipment used (BrainSTEM ids).'),
    consumableStock: w.one('consumablestock', 'The consumable stock used (BrainSTEM id).'),
    licenses: w.many('licenses', 'Licenses (BrainSTEM ids).'),
    notes: w.notes(),
  },
});
