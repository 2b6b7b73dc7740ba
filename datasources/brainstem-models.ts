/**
 * Where each BrainSTEM model lives and how its envelopes are keyed (spec §3). The keys are
 * per-model constants: dynamic-rest derives them from serializer names, not from the URL, so
 * `dataacquisition` lists under `data_acquisitions` and `equipment` under `equipment`.
 */
import { inputError } from '../src/http/archive-error.ts';
import type { BrainstemRecords } from './brainstem-types.ts';

export type ModelName = keyof BrainstemRecords;
export type Portal = 'public' | 'private';

export interface ModelInfo {
  app: 'stem' | 'modules' | 'personal_attributes' | 'taxonomies' | 'resources' | 'users' | 'dissemination';
  listKey: string;
  detailKey: string;
  /** `user` and `group` have integer ids; everything else UUIDs. */
  intId?: true;
}

export const MODELS: Readonly<Record<ModelName, ModelInfo>> = {
  project: { app: 'stem', listKey: 'projects', detailKey: 'project' },
  subject: { app: 'stem', listKey: 'subjects', detailKey: 'subject' },
  session: { app: 'stem', listKey: 'sessions', detailKey: 'session' },
  collection: { app: 'stem', listKey: 'collections', detailKey: 'collection' },
  cohort: { app: 'stem', listKey: 'cohorts', detailKey: 'cohort' },
  // Provisional upstream: no API page documents it (spec §4.7).
  epoch: { app: 'stem', listKey: 'epochs', detailKey: 'epoch' },
  procedure: { app: 'modules', listKey: 'procedures', detailKey: 'procedure' },
  behavior: { app: 'modules', listKey: 'behaviors', detailKey: 'behavior' },
  dataacquisition: { app: 'modules', listKey: 'data_acquisitions', detailKey: 'data_acquisition' },
  manipulation: { app: 'modules', listKey: 'manipulations', detailKey: 'manipulation' },
  equipment: { app: 'modules', listKey: 'equipment', detailKey: 'equipment' },
  datastorage: { app: 'personal_attributes', listKey: 'datastorages', detailKey: 'datastorage' },
  setup: { app: 'personal_attributes', listKey: 'setups', detailKey: 'setup' },
  behavioralassay: { app: 'personal_attributes', listKey: 'behavioralassays', detailKey: 'behavioralassay' },
  species: { app: 'taxonomies', listKey: 'species', detailKey: 'species' },
  strain: { app: 'taxonomies', listKey: 'strains', detailKey: 'strain' },
  brainregion: { app: 'taxonomies', listKey: 'brain_regions', detailKey: 'brain_region' },
  setuptype: { app: 'taxonomies', listKey: 'setup_types', detailKey: 'setup_type' },
  behavioralparadigm: { app: 'taxonomies', listKey: 'behavioral_paradigms', detailKey: 'behavioral_paradigm' },
  user: { app: 'users', listKey: 'users', detailKey: 'user', intId: true },
  group: { app: 'users', listKey: 'groups', detailKey: 'group', intId: true },
  laboratory: { app: 'users', listKey: 'laboratories', detailKey: 'laboratory' },
  journal: { app: 'dissemination', listKey: 'journals', detailKey: 'journal' },
  publication: { app: 'dissemination', listKey: 'publications', detailKey: 'publication' },
  breeding: { app: 'stem', listKey: 'breedings', detailKey: 'breeding' },
  projectmembershipinvitation: {
    app: 'stem',
    listKey: 'project_membership_invitations',
    detailKey: 'project_membership_invitation',
  },
  projectgroupmembershipinvitation: {
    app: 'stem',
    listKey: 'project_group_membership_invitations',
    detailKey: 'project_group_membership_invitation',
  },
  // The docs' keys for consumable stocks contain a space (spec §3).
  consumablestock: { app: 'modules', listKey: 'consumable stocks', detailKey: 'consumable stock' },
  procedurelog: { app: 'modules', listKey: 'procedure_logs', detailKey: 'procedure_log' },
  subjectlog: { app: 'modules', listKey: 'subject_logs', detailKey: 'subject_log' },
  inventory: { app: 'personal_attributes', listKey: 'inventories', detailKey: 'inventory' },
  license: { app: 'personal_attributes', listKey: 'licenses', detailKey: 'license' },
  consumable: { app: 'resources', listKey: 'consumables', detailKey: 'consumable' },
  hardwaredevice: { app: 'resources', listKey: 'hardwaredevices', detailKey: 'hardwaredevice' },
  supplier: { app: 'resources', listKey: 'suppliers', detailKey: 'supplier' },
  behavioralcategory: { app: 'taxonomies', listKey: 'behavioral_categories', detailKey: 'behavioral_category' },
  regulatoryauthority: { app: 'taxonomies', listKey: 'regulatoryauthorities', detailKey: 'regulatoryauthority' },
  groupmembershipinvitation: {
    app: 'users',
    listKey: 'group_membership_invitations',
    detailKey: 'group_membership_invitation',
  },
  groupmembershiprequest: { app: 'users', listKey: 'group_membership_requests', detailKey: 'group_membership_request' },
  consumableapproval: { app: 'resources', listKey: 'consumable_approvals', detailKey: 'consumable_approval' },
  hardwaredeviceapproval: {
    app: 'resources',
    listKey: 'hardwaredevice_approvals',
    detailKey: 'hardwaredevice_approval',
  },
  supplierapproval: { app: 'resources', listKey: 'supplier_approvals', detailKey: 'supplier_approval' },
  speciesapproval: { app: 'taxonomies', listKey: 'species_approvals', detailKey: 'species_approval' },
  strainapproval: { app: 'taxonomies', listKey: 'strain_approvals', detailKey: 'strain_approval' },
  setuptypeapproval: { app: 'taxonomies', listKey: 'setup_type_approvals', detailKey: 'setup_type_approval' },
  behavioralcategoryapproval: {
    app: 'taxonomies',
    listKey: 'behavioral_category_approvals',
    detailKey: 'behavioral_category_approval',
  },
  behavioralparadigmapproval: {
    app: 'taxonomies',
    listKey: 'behavioral_paradigm_approvals',
    detailKey: 'behavioral_paradigm_approval',
  },
  regulatoryauthorityapproval: {
    app: 'taxonomies',
    listKey: 'regulatoryauthority_approvals',
    detailKey: 'regulatoryauthority_approval',
  },
  journalapproval: { app: 'dissemination', listKey: 'journal_approvals', detailKey: 'journal_approval' },
};

/** Sideloaded arrays are keyed by the related model's list key; this finds the model again. */
export const MODEL_BY_LIST_KEY: ReadonlyMap<string, ModelName> = new Map(
  (Object.entries(MODELS) as [ModelName, ModelInfo][]).map(([name, info]) => [info.listKey, name]),
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT = /^\d{1,15}$/;

/** Whether `id` has the shape of an id of `model` (so malformed ids never cost a request). */
export function isModelId(model: ModelName, id: string): boolean {
  return MODELS[model].intId ? INT.test(id) : UUID.test(id);
}

/** The id in the form the loaders key on: UUIDs lowercase, integers without leading zeros. */
export function canonicalId(model: ModelName, id: string): string {
  return MODELS[model].intId ? String(Number(id)) : id.toLowerCase();
}

/** The canonical id of `model` in `id`, or BAD_USER_INPUT before anything is sent. */
export function checkedId(model: ModelName, id: string): string {
  if (!isModelId(model, id)) {
    const shape = MODELS[model].intId ? 'an integer' : 'a UUID';
    throw inputError(`"${id}" is not a BrainSTEM ${model} id (${shape})`, { field: 'id' }, 'brainstem');
  }
  return canonicalId(model, id);
}
