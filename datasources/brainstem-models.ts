/**
 * Where each BrainSTEM model lives and how its envelopes are keyed (spec §3). The keys are
 * per-model constants: dynamic-rest derives them from serializer names, not from the URL, so
 * `dataacquisition` lists under `data_acquisitions` and `equipment` under `equipment`.
 */
import { inputError } from '../src/http/archive-error.ts';
import type { BrainstemRecords } from './brainstem-types.ts';

export type ModelName = keyof BrainstemRecords;
/** `super`: the superuser portal (spec §2.2; dropped from the docs in 2025-10), for a superuser's token. */
export type Portal = 'public' | 'private' | 'super';

export interface ModelInfo {
  app: 'stem' | 'modules' | 'personal_attributes' | 'taxonomies' | 'resources' | 'users' | 'dissemination';
  listKey: string;
  detailKey: string;
  /** `user` and `group` have integer ids; everything else UUIDs. */
  intId?: true;
}

/** A model of `app` under `detailKey` in details and `listKey` in lists: the plural, `detailKey` + "s" unless given. */
const keyed = (app: ModelInfo['app'], detailKey: string, listKey = `${detailKey}s`): ModelInfo => ({
  app,
  listKey,
  detailKey,
});

export const MODELS: Readonly<Record<ModelName, ModelInfo>> = {
  project: keyed('stem', 'project'),
  subject: keyed('stem', 'subject'),
  session: keyed('stem', 'session'),
  collection: keyed('stem', 'collection'),
  cohort: keyed('stem', 'cohort'),
  // Provisional upstream: no API page documents it (spec §4.7).
  epoch: keyed('stem', 'epoch'),
  procedure: keyed('modules', 'procedure'),
  behavior: keyed('modules', 'behavior'),
  dataacquisition: keyed('modules', 'data_acquisition'),
  manipulation: keyed('modules', 'manipulation'),
  equipment: keyed('modules', 'equipment', 'equipment'),
  datastorage: keyed('personal_attributes', 'datastorage'),
  setup: keyed('personal_attributes', 'setup'),
  behavioralassay: keyed('personal_attributes', 'behavioralassay'),
  species: keyed('taxonomies', 'species', 'species'),
  strain: keyed('taxonomies', 'strain'),
  brainregion: keyed('taxonomies', 'brain_region'),
  setuptype: keyed('taxonomies', 'setup_type'),
  behavioralparadigm: keyed('taxonomies', 'behavioral_paradigm'),
  user: { ...keyed('users', 'user'), intId: true },
  group: { ...keyed('users', 'group'), intId: true },
  laboratory: keyed('users', 'laboratory', 'laboratories'),
  journal: keyed('dissemination', 'journal'),
  publication: keyed('dissemination', 'publication'),
  breeding: keyed('stem', 'breeding'),
  projectmembershipinvitation: keyed('stem', 'project_membership_invitation'),
  projectgroupmembershipinvitation: keyed('stem', 'project_group_membership_invitation'),
  // The docs' keys for consumable stocks contain a space (spec §3).
  consumablestock: keyed('modules', 'consumable stock'),
  procedurelog: keyed('modules', 'procedure_log'),
  subjectlog: keyed('modules', 'subject_log'),
  inventory: keyed('personal_attributes', 'inventory', 'inventories'),
  license: keyed('personal_attributes', 'license'),
  consumable: keyed('resources', 'consumable'),
  hardwaredevice: keyed('resources', 'hardwaredevice'),
  supplier: keyed('resources', 'supplier'),
  behavioralcategory: keyed('taxonomies', 'behavioral_category', 'behavioral_categories'),
  regulatoryauthority: keyed('taxonomies', 'regulatoryauthority', 'regulatoryauthorities'),
  groupmembershipinvitation: keyed('users', 'group_membership_invitation'),
  groupmembershiprequest: keyed('users', 'group_membership_request'),
  consumableapproval: keyed('resources', 'consumable_approval'),
  hardwaredeviceapproval: keyed('resources', 'hardwaredevice_approval'),
  supplierapproval: keyed('resources', 'supplier_approval'),
  speciesapproval: keyed('taxonomies', 'species_approval'),
  strainapproval: keyed('taxonomies', 'strain_approval'),
  setuptypeapproval: keyed('taxonomies', 'setup_type_approval'),
  behavioralcategoryapproval: keyed('taxonomies', 'behavioral_category_approval'),
  behavioralparadigmapproval: keyed('taxonomies', 'behavioral_paradigm_approval'),
  regulatoryauthorityapproval: keyed('taxonomies', 'regulatoryauthority_approval'),
  journalapproval: keyed('dissemination', 'journal_approval'),
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
