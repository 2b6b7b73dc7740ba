/**
 * Registry entries for the apps that are not owned by projects: personal_attributes (owned by a
 * group), taxonomies and resources (global, approval-moderated), users and dissemination.
 */
import { ATLASES, SETUP_CATEGORIES } from './enums.ts';
import { f, type ModelSpec } from './schema.ts';

const ownGroup = { kind: 'group', via: [] } as const;
const everyone = { kind: 'global' } as const;

export const PERSONAL_MODELS: readonly ModelSpec[] = [
  {
    key: 'datastorage', app: 'personal_attributes', listKey: 'datastorages', detailKey: 'datastorage',
    idKind: 'uuid', verboseName: 'data storage', scope: ownGroup, write: 'scoped',
    fields: [
      f.id(),
      f.str('name', 100, { required: true }),
      f.str('location', 200, { default: () => '' }),
      f.str('description', 500, { default: () => '' }),
      f.bool('is_public', { default: () => false }),
      f.json('data_organization', { default: () => [] }),
      f.json('data_protocols', { default: () => [] }),
    ],
  },
  {
    key: 'setup', app: 'personal_attributes', listKey: 'setups', detailKey: 'setup', idKind: 'uuid',
    verboseName: 'setup', scope: ownGroup, write: 'scoped',
    fields: [
      f.id(),
      f.str('name', 50, { required: true }),
      f.str('location', 200, { default: () => '' }),
      f.str('description', 500, { default: () => '' }),
      f.fk('setup_type', 'setuptype', { required: true }),
      f.json('specifications', { default: () => ({}) }),
      f.bool('is_public', { default: () => false }),
      f.str('image', 300, { readOnly: true, nullable: true }),
    ],
  },
  {
    key: 'behavioralassay', app: 'personal_attributes', listKey: 'behavioralassays', detailKey: 'behavioralassay',
    idKind: 'uuid', verboseName: 'behavioral assay', scope: ownGroup, write: 'scoped',
    fields: [
      f.id(),
      f.str('name', 50, { required: true }),
      f.str('description', 500, { default: () => '' }),
      f.fk('setup_type', 'setuptype', { required: true }),
      f.fk('behavioral_paradigm', 'behavioralparadigm', { required: true }),
      f.m2m('licenses', 'license'),
      f.bool('is_public', { default: () => false }),
    ],
  },
];

const identifiers = () => [
  f.str('rrid', 100, { nullable: true, default: () => null }),
  f.str('rrid_url', 300, { readOnly: true, nullable: true }),
  f.json('external_identifiers', { default: () => [] }),
];

export const TAXONOMY_MODELS: readonly ModelSpec[] = [
  {
    key: 'species', app: 'taxonomies', listKey: 'species', detailKey: 'species', idKind: 'uuid',
    verboseName: 'species', scope: everyone, write: 'approval',
    approval: { listKey: 'species_approvals', detailKey: 'species_approval' },
    fields: [f.id(), f.str('name', 100, { required: true, unique: true }), f.str('description', 2000, { default: () => '' }), ...identifiers()],
  },
  {
    key: 'strain', app: 'taxonomies', listKey: 'strains', detailKey: 'strain', idKind: 'uuid', verboseName: 'strain',
    scope: everyone, write: 'approval',
    approval: { listKey: 'strain_approvals', detailKey: 'strain_approval' },
    fields: [
      f.id(),
      f.str('name', 100, { required: true, unique: true }),
      f.str('description', 2000, { default: () => '' }),
      f.fk('species', 'species', { required: true }),
      ...identifiers(),
    ],
  },
  {
    key: 'brainregion', app: 'taxonomies', listKey: 'brain_regions', detailKey: 'brain_region', idKind: 'uuid',
    verboseName: 'brain region', scope: everyone, write: 'admin',
    uniqueTogether: [['atlas', 'acronym'], ['atlas', 'name']],
    fields: [
      f.id(),
      f.str('name', 200, { required: true }),
      f.str('description', 2000, { default: () => '' }),
      f.str('acronym', 15, { required: true }),
      f.enumOf('atlas', ATLASES, { required: true, maxLength: 7 }),
    ],
  },
  {
    key: 'setuptype', app: 'taxonomies', listKey: 'setup_types', detailKey: 'setup_type', idKind: 'uuid',
    verboseName: 'setup type', scope: everyone, write: 'approval',
    approval: { listKey: 'setup_type_approvals', detailKey: 'setup_type_approval' },
    fields: [
      f.id(),
      f.str('name', 200, { required: true }),
      f.str('description', 2000, { default: () => '' }),
      f.enumOf('category', SETUP_CATEGORIES, { requiredOnCreate: true }),
    ],
  },
  {
    key: 'behavioralparadigm', app: 'taxonomies', listKey: 'behavioral_paradigms', detailKey: 'behavioral_paradigm',
    idKind: 'uuid', verboseName: 'behavioral paradigm', scope: everyone, write: 'approval',
    approval: { listKey: 'behavioral_paradigm_approvals', detailKey: 'behavioral_paradigm_approval' },
    fields: [
      f.id(),
      f.str('name', 200, { required: true, unique: true }),
      f.str('description', 2000, { default: () => '' }),
      f.fk('category', 'behavioralcategory', { nullable: true, default: () => null }),
      f.m2m('species', 'species'),
      f.str('original_publication', 500, { default: () => '' }),
      f.str('reference_url', 300, { default: () => '' }),
      f.str('rrid', 100, { nullable: true, default: () => null }),
      f.json('external_identifiers', { default: () => null }),
    ],
  },
];

export const RESOURCE_MODELS: readonly ModelSpec[] = [
  {
    key: 'supplier', app: 'resources', listKey: 'suppliers', detailKey: 'supplier', idKind: 'uuid',
    verboseName: 'supplier', scope: everyone, write: 'approval',
    approval: { listKey: 'supplier_approvals', detailKey: 'supplier_approval' },
    fields: [
      f.id(),
      f.str('name', 100, { required: true, unique: true }),
      f.str('description', 2000, { default: () => '' }),
      f.str('website', 200, { default: () => '' }),
    ],
  },
  {
    key: 'hardwaredevice', app: 'resources', listKey: 'hardwaredevices', detailKey: 'hardwaredevice',
    idKind: 'uuid', verboseName: 'hardware device', scope: everyone, write: 'approval',
    approval: { listKey: 'hardwaredevice_approvals', detailKey: 'hardwaredevice_approval' },
    fields: [
      f.id(),
      f.str('name', 100, { required: true, unique: true }),
      f.str('description', 500, { default: () => '' }),
      f.fk('supplier', 'supplier', { required: true }),
      ...identifiers(),
    ],
  },
];

export const USER_MODELS: readonly ModelSpec[] = [
  {
    key: 'user', app: 'users', listKey: 'users', detailKey: 'user', idKind: 'int', verboseName: 'user',
    scope: everyone, write: 'self',
    fields: [
      f.id(),
      f.str('email', 254, { required: true, unique: true }),
      f.str('first_name', 150, { default: () => '' }),
      f.str('last_name', 150, { default: () => '' }),
      f.computed('groups_own_json'),
      f.str('website', 200, { default: () => '' }),
      f.str('google_scholar', 200, { default: () => '' }),
      f.str('orcid_id', 100, { default: () => '' }),
      f.str('atlas_preference', 7, { default: () => 'AIA' }),
      f.m2m('active_projects', 'project'),
    ],
  },
  {
    key: 'group', app: 'users', listKey: 'groups', detailKey: 'group', idKind: 'int', verboseName: 'group',
    scope: everyone, write: 'group-manager',
    fields: [f.id(), f.str('name', 150, { required: true, unique: true }), f.members('users')],
  },
  {
    key: 'laboratory', app: 'users', listKey: 'laboratories', detailKey: 'laboratory', idKind: 'uuid',
    verboseName: 'laboratory', scope: everyone, write: 'group-manager',
    fields: [
      f.id(),
      f.fk('group', 'group', { required: true }),
      f.m2m('principal_investigators', 'user', { required: true, nonEmpty: true }),
      f.str('description', 500, { default: () => '' }),
      f.str('website', 200, { default: () => '' }),
      f.str('department', 100, { default: () => '' }),
      f.str('institution', 100, { required: true }),
      f.str('city', 100, { default: () => '' }),
      f.str('country', 100, { default: () => '' }),
    ],
  },
];

export const DISSEMINATION_MODELS: readonly ModelSpec[] = [
  {
    key: 'journal', app: 'dissemination', listKey: 'journals', detailKey: 'journal', idKind: 'uuid',
    verboseName: 'journal', scope: everyone, write: 'approval',
    approval: { listKey: 'journal_approvals', detailKey: 'journal_approval' },
    fields: [
      f.id(),
      f.str('name', 500, { required: true }),
      f.str('description', 2000, { default: () => '' }),
      f.str('website', 200, { default: () => '' }),
    ],
  },
  {
    key: 'publication', app: 'dissemination', listKey: 'publications', detailKey: 'publication', idKind: 'uuid',
    verboseName: 'publication', scope: everyone, write: 'creator',
    fields: [
      f.id(),
      f.str('title', 200, { required: true }),
      f.str('authors', 500, { required: true }),
      f.fk('journal', 'journal', { required: true }),
      f.html('abstract', { required: true }),
      f.str('doi', 200, { default: () => '' }),
      f.str('publication_url', 300, { default: () => '' }),
      f.str('pdf_url', 300, { default: () => '' }),
      f.date('publication_date', { required: true, nullable: false }),
    ],
  },
];
