/**
 * `Procedure`: something done to a subject before its sessions (surgery, implant, injection),
 * placed in a coordinate system. Root fields `procedure` / `procedures` and its mutations.
 */
import { brainstemNode, coordinateFields, typedFields } from './fields.ts';
import { relationCondition, textCondition } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { brainstemMutations, typedWrites, w } from './mutations.ts';
import { BrainRegionType, EquipmentType, ProcedureType, SubjectType } from './refs.ts';

const EXAMPLES = '"SiliconProbeImplant", "VirusInjection", "Craniotomy", "OpticFiberImplant"';

brainstemNode(ProcedureType, 'A procedure done to a subject (surgery, implant, injection, ...).', (_, doc, rel) => ({
  ...typedFields(doc, EXAMPLES),
  ...coordinateFields(doc),
  subject: rel.toOne(SubjectType, 'subject', 'The subject it was done to.'),
  dateTime: doc.dateTime('date_time', 'When it was done.'),
  brainRegion: rel.toOne(BrainRegionType, 'brain_region', 'The targeted brain region.'),
  equipment: rel.toMany(EquipmentType, 'equipment', 'Equipment used; only what is visible on this portal.'),
  consumableStockId: doc.text(
    'consumablestock',
    'BrainSTEM id of the consumable stock used (a probe, a virus batch, ...).',
  ),
  licenseIds: rel.idList('licenses', 'BrainSTEM ids of the licenses covering it.'),
  notes: doc.text('notes', 'Notes.'),
  createdAt: doc.dateTime('created_at', 'When the record was created.'),
  updatedAt: doc.dateTime('updated_at', 'When the record last changed.'),
}));

brainstemRootFields(ProcedureType, {
  filter: {
    subject: relationCondition('subject.id', 'Done to this subject (BrainSTEM id).'),
    type: textCondition('type', `Of this type, e.g. ${EXAMPLES}.`),
    brainRegion: relationCondition('brain_region.id', 'Targeting this brain region (BrainSTEM id).'),
  },
  sort: { DATE_TIME: ['date_time', 'time done', 'nullable'], TYPE: ['type', 'type'] },
  includes: ['subject', 'brainRegion', 'equipment'],
});

brainstemMutations(ProcedureType, {
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
});
