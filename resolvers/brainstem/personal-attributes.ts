/**
 * Personal attributes: records a group owns rather than a project (data storages, setups,
 * behavioral assays). They are public only when marked so themselves, never through a project.
 */
import { brainstemNode } from './fields.ts';
import { nameFilters, namedFilter, nameSort, relationCondition } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import {
  BehavioralAssayType,
  BehavioralParadigmType,
  DataStorageType,
  EquipmentType,
  SetupType,
  SetupTypeType,
} from './refs.ts';

const isPublic = 'Whether it is readable on the public portal (set on the record itself, not inherited).';

brainstemNode(DataStorageType, 'Where a group keeps its data files, and how they are organised there.', (_, doc) => ({
  name: doc.requiredText('name', 'Name.'),
  location: doc.text('location', 'Location (server, share, cloud bucket, ...).'),
  description: doc.text('description', 'Description.'),
  isPublic: doc.flag('is_public', isPublic),
  dataOrganization: doc.json(
    'data_organization',
    'Folder levels, e.g. `[{"elements": "Projects"}, {"elements": "Subjects"}]`.',
  ),
  dataProtocols: doc.json(
    'data_protocols',
    'Access protocols, e.g. `[{"protocol": "SMB", "path": "//server/share", "is_public": false}]`.',
  ),
}));

brainstemNode(SetupType, 'An experimental setup (rig, room, arena) with its equipment.', (_, doc, rel) => ({
  name: doc.requiredText('name', 'Name.'),
  location: doc.text('location', 'Location.'),
  description: doc.text('description', 'Description.'),
  setupType: rel.toOne(SetupTypeType, 'setup_type', 'Kind of setup.'),
  specifications: doc.json('specifications', 'Specifications (a list of `{name, value, description}` or an object).'),
  isPublic: doc.flag('is_public', isPublic),
  image: doc.text('image', 'URL of an image of the setup.'),
  equipment: rel.referencedBy(
    EquipmentType,
    'setup',
    "Equipment installed on it (found by one search of BrainSTEM's equipment for all setups asked for together).",
  ),
}));

brainstemNode(BehavioralAssayType, "A group's version of a behavioral paradigm on a kind of setup.", (_, doc, rel) => ({
  name: doc.requiredText('name', 'Name.'),
  description: doc.text('description', 'Description.'),
  setupType: rel.toOne(SetupTypeType, 'setup_type', 'Kind of setup it runs on.'),
  behavioralParadigm: rel.toOne(BehavioralParadigmType, 'behavioral_paradigm', 'The paradigm it implements.'),
  licenseIds: rel.idList('licenses', 'BrainSTEM ids of the licenses covering it.'),
  isPublic: doc.flag('is_public', isPublic),
}));

brainstemRootFields(DataStorageType, {
  filter: namedFilter,
  sort: nameSort,
});
brainstemRootFields(SetupType, {
  filter: {
    ...nameFilters('setup'),
    setupType: relationCondition('setup_type.id', 'Of this kind (BrainSTEM id of a setup type).'),
  },
  sort: nameSort,
  includes: ['setupType'],
});
brainstemRootFields(BehavioralAssayType, {
  filter: {
    ...nameFilters('assay'),
    behavioralParadigm: relationCondition('behavioral_paradigm.id', 'Implementing this paradigm (BrainSTEM id).'),
  },
  sort: nameSort,
  includes: ['behavioralParadigm'],
});
