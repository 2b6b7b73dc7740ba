/**
 * `Equipment`: a device installed on a setup (probe, camera, laser, ...). Root fields `equipment`
 * and `equipmentList` (the archive's plural is its singular).
 */
import { brainstemNode, coordinateFields, dateTime, optText, toOne, typedFields } from './fields.ts';
import { filterInput, nameFilters, relationFilter, sortEnum } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { EquipmentType, SetupType } from './refs.ts';

const EXAMPLES = '"Amplifier", "Camera", "StereotaxicFrame", "TwoPhotonMicroscope"';

brainstemNode(EquipmentType, 'equipment', 'A piece of equipment installed on a setup.', (t) => ({
  name: optText(t, 'name', 'Name.'),
  ...typedFields(t, EXAMPLES),
  ...coordinateFields(t),
  setup: toOne(t, SetupType, 'setup', 'setup', 'The setup it is installed on.'),
  dateTime: dateTime(t, 'date_time', 'When it was installed.'),
  consumableId: optText(t, 'consumable', 'BrainSTEM id of the consumable it is.'),
  hardwareDeviceId: optText(t, 'hardwaredevice', 'BrainSTEM id of the hardware device it is.'),
  notes: optText(t, 'notes', 'Notes.'),
}));

brainstemRootFields({
  model: 'equipment',
  type: EquipmentType,
  typeName: 'Equipment',
  one: 'equipment',
  many: 'equipmentList',
  noun: 'equipment',
  filter: filterInput('EquipmentFilter', 'Conditions on equipment.', {
    ...nameFilters('equipment'),
    setup: relationFilter('setup.id', 'On this setup (BrainSTEM id).'),
    type: { type: 'String', key: 'type', description: `Of this type, e.g. ${EXAMPLES}.` },
  }),
  sort: sortEnum('EquipmentSort', 'equipment', { NAME: ['name', 'name'], TYPE: ['type', 'type'] }),
});
