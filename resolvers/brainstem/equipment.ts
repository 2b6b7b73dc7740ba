/**
 * `Equipment`: a device installed on a setup (probe, camera, laser, ...). Root fields `equipment`
 * and `equipmentList` (the archive's plural is its singular).
 */
import { brainstemNode, coordinateFields, typedFields } from './fields.ts';
import { nameFilters, relationCondition, textCondition } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { EquipmentType, SetupType } from './refs.ts';

const EXAMPLES = '"Amplifier", "Camera", "StereotaxicFrame", "TwoPhotonMicroscope"';

brainstemNode(EquipmentType, 'A piece of equipment installed on a setup.', (_, doc, rel) => ({
  name: doc.text('name', 'Name.'),
  ...typedFields(doc, EXAMPLES),
  ...coordinateFields(doc),
  setup: rel.toOne(SetupType, 'setup', 'The setup it is installed on.'),
  dateTime: doc.dateTime('date_time', 'When it was installed.'),
  consumableId: doc.text('consumable', 'BrainSTEM id of the consumable it is.'),
  hardwareDeviceId: doc.text('hardwaredevice', 'BrainSTEM id of the hardware device it is.'),
  notes: doc.text('notes', 'Notes.'),
}));

brainstemRootFields(EquipmentType, {
  filter: {
    ...nameFilters('equipment'),
    setup: relationCondition('setup.id', 'On this setup (BrainSTEM id).'),
    type: textCondition('type', `Of this type, e.g. ${EXAMPLES}.`),
  },
  sort: { NAME: ['name', 'name'], TYPE: ['type', 'type'] },
});
