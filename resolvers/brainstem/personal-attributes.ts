/**
 * Personal attributes: records a group owns rather than a project (data storages, setups,
 * behavioral assays). They are public only when marked so themselves, never through a project.
 */
import { brainstemNode, flag, ids, json, optText, text, toOne } from './fields.ts';
import { filterInput, nameFilters, namedFilter, nameSort, relationFilter } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import {
  BehavioralAssayType,
  BehavioralParadigmType,
  DataStorageType,
  EquipmentType,
  SetupType,
  SetupTypeType,
  refOf,
} from './refs.ts';

const isPublic = 'Whether it is readable on the public portal (set on the record itself, not inherited).';

brainstemNode(
  DataStorageType,
  'datastorage',
  'Where a group keeps its data files, and how they are organised there.',
  (t) => ({
    name: text(t, 'name', 'Name.'),
    location: optText(t, 'location', 'Location (server, share, cloud bucket, ...).'),
    description: optText(t, 'description', 'Description.'),
    isPublic: flag(t, 'is_public', isPublic),
    dataOrganization: json(
      t,
      'data_organization',
      'Folder levels, e.g. `[{"elements": "Projects"}, {"elements": "Subjects"}]`.',
    ),
    dataProtocols: json(
      t,
      'data_protocols',
      'Access protocols, e.g. `[{"protocol": "SMB", "path": "//server/share", "is_public": false}]`.',
    ),
  }),
);

brainstemNode(SetupType, 'setup', 'An experimental setup (rig, room, arena) with its equipment.', (t) => ({
  name: text(t, 'name', 'Name.'),
  location: optText(t, 'location', 'Location.'),
  description: optText(t, 'description', 'Description.'),
  setupType: toOne(t, SetupTypeType, 'setuptype', 'setup_type', 'Kind of setup.'),
  specifications: json(t, 'specifications', 'Specifications (a list of `{name, value, description}` or an object).'),
  isPublic: flag(t, 'is_public', isPublic),
  image: optText(t, 'image', 'URL of an image of the setup.'),
  equipment: t.field({
    type: [EquipmentType],
    description:
      "Equipment installed on it (found by one search of BrainSTEM's equipment for all setups asked for together).",
    resolve: async (s, _, ctx) =>
      (await ctx.brainstem.referencing('equipment', 'setup', s.id, s.portal)).map((e) =>
        refOf('equipment', e, s.portal),
      ),
  }),
}));

brainstemNode(
  BehavioralAssayType,
  'behavioralassay',
  "A group's version of a behavioral paradigm on a kind of setup.",
  (t) => ({
    name: text(t, 'name', 'Name.'),
    description: optText(t, 'description', 'Description.'),
    setupType: toOne(t, SetupTypeType, 'setuptype', 'setup_type', 'Kind of setup it runs on.'),
    behavioralParadigm: toOne(
      t,
      BehavioralParadigmType,
      'behavioralparadigm',
      'behavioral_paradigm',
      'The paradigm it implements.',
    ),
    licenseIds: ids(t, 'licenses', 'BrainSTEM ids of the licenses covering it.'),
    isPublic: flag(t, 'is_public', isPublic),
  }),
);

brainstemRootFields({
  model: 'datastorage',
  type: DataStorageType,
  typeName: 'DataStorage',
  one: 'dataStorage',
  many: 'dataStorages',
  noun: 'data storages',
  filter: namedFilter,
  sort: nameSort,
});
brainstemRootFields({
  model: 'setup',
  type: SetupType,
  typeName: 'Setup',
  one: 'setup',
  many: 'setups',
  noun: 'setups',
  filter: filterInput('SetupFilter', 'Conditions on setups.', {
    ...nameFilters('setup'),
    setupType: relationFilter('setup_type.id', 'Of this kind (BrainSTEM id of a setup type).'),
  }),
  sort: nameSort,
  includes: { setupType: { relation: 'setup_type', model: 'setuptype' } },
});
brainstemRootFields({
  model: 'behavioralassay',
  type: BehavioralAssayType,
  typeName: 'BehavioralAssay',
  one: 'behavioralAssay',
  many: 'behavioralAssays',
  noun: 'behavioral assays',
  filter: filterInput('BehavioralAssayFilter', 'Conditions on behavioral assays.', {
    ...nameFilters('assay'),
    behavioralParadigm: relationFilter('behavioral_paradigm.id', 'Implementing this paradigm (BrainSTEM id).'),
  }),
  sort: nameSort,
  includes: { behavioralParadigm: { relation: 'behavioral_paradigm', model: 'behavioralparadigm' } },
});
