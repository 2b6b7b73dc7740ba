/**
 * The model registry: every served app/model with its envelope keys, fields, relations and
 * rules, plus URL lookups (including the `auth/group` alias, spec §3 / §9.1).
 */
import {
  DISSEMINATION_MODELS,
  PERSONAL_MODELS,
  RESOURCE_MODELS,
  TAXONOMY_MODELS,
  USER_MODELS,
} from './models-catalog.ts';
import { MODULE_MODELS, STEM_MODELS } from './models-stem.ts';
import { f, type FieldSpec, type ModelSpec } from './schema.ts';

/** Approval-moderated models get a sibling `{model}approval` model holding proposals (§6.3). */
function approvalModel(base: ModelSpec): ModelSpec | undefined {
  if (!base.approval) return undefined;
  const proposed = base.fields.filter((x) => x.kind !== 'reverse' && x.kind !== 'links');
  const fields: FieldSpec[] = [
    ...proposed,
    { name: 'instance_id', kind: 'fk', target: base.key, nullable: true, readOnly: true },
    f.enumOf('action', ['Add', 'Change'], { readOnly: true }),
    { name: 'reviewer', kind: 'fk', target: 'user', nullable: true, readOnly: true },
    f.enumOf('status', ['Pending', 'Accepted', 'Rejected'], { readOnly: true }),
  ];
  return {
    key: `${base.key}approval`,
    app: base.app,
    listKey: base.approval.listKey,
    detailKey: base.approval.detailKey,
    idKind: 'uuid',
    verboseName: `${base.verboseName} approval`,
    fields,
    scope: { kind: 'owner' },
    write: 'admin',
    portals: ['private'],
    approvalOf: base.key,
  };
}

const BASE: readonly ModelSpec[] = [
  ...STEM_MODELS,
  ...MODULE_MODELS,
  ...PERSONAL_MODELS,
  ...TAXONOMY_MODELS,
  ...RESOURCE_MODELS,
  ...USER_MODELS,
  ...DISSEMINATION_MODELS,
];

export const MODELS: readonly ModelSpec[] = [
  ...BASE,
  ...BASE.map(approvalModel).filter((m): m is ModelSpec => m !== undefined),
];

const BY_KEY = new Map(MODELS.map((m) => [m.key, m]));
const BY_ROUTE = new Map(MODELS.map((m) => [`${m.app}/${m.key}`, m]));
// M maps group → app `auth`; the docs and P use `users` (UNCONFIRMED, §3): serve both.
BY_ROUTE.set('auth/group', BY_KEY.get('group') as ModelSpec);

export function modelByKey(key: string): ModelSpec | undefined {
  return BY_KEY.get(key);
}

export function mustModel(key: string): ModelSpec {
  const m = BY_KEY.get(key);
  if (!m) throw new Error(`unknown BrainSTEM model ${key}`);
  return m;
}

/** The model served at `/api/{portal}/{app}/{model}/`, if any. */
export function modelByRoute(app: string, model: string): ModelSpec | undefined {
  return BY_ROUTE.get(`${app}/${model}`);
}

export function isServed(key: string | undefined): boolean {
  return key !== undefined && BY_KEY.has(key);
}
