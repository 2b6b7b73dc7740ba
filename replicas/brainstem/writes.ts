/**
 * POST / PATCH / PUT / DELETE on the private portal (spec §6). Every check runs before the
 * store changes, so a 400 or 403 writes nothing. Order: object permission (403), field
 * validation (400), permission on what the body references (403), record rules (400), apply.
 */
import type { ReplicaResponse } from '../common/server.ts';
import {
  canChangeAttribute,
  canChangeProject,
  isGroupManager,
  isVisible,
  owningAttributes,
  owningProjects,
  type View,
} from './access.ts';
import { mergeMembers } from './members.ts';
import { modelByKey, mustModel } from './models.ts';
import type { ModelSpec, Rec } from './schema.ts';
import { serialize } from './serialize.ts';
import type { BrainstemStore } from './store.ts';
import { validateFields, type Mode, type Resolver } from './validate.ts';
import { deleteBlockers, recordRules } from './validate-rules.ts';
import { applyDelete, planDelete } from './writes-delete.ts';

export interface WriteContext {
  store: BrainstemStore;
  view: View;
  /** The anonymous public view, for references to public records of other labs. */
  publicView: View;
}

const FORBIDDEN: ReplicaResponse = {
  status: 403,
  body: { detail: 'You do not have permission to perform this action.' },
};
const bad = (body: unknown): ReplicaResponse => ({ status: 400, body });
const nowIso = () => `${new Date().toISOString().slice(0, 19)}Z`;
const lower = (v: unknown) => String(v).toLowerCase();

/** Relation targets a body may name: what the caller sees privately, or anything public. */
function resolver(ctx: WriteContext): Resolver {
  return (target, id) => {
    const spec = modelByKey(target);
    const rec = spec ? ctx.store.get(target, id) : undefined;
    if (!spec || !rec) return undefined;
    return isVisible(ctx.store, ctx.view, spec, rec) || isVisible(ctx.store, ctx.publicView, spec, rec)
      ? rec
      : undefined;
  };
}

/** May the caller change (or delete) this existing record? */
function objectPermission(ctx: WriteContext, spec: ModelSpec, rec: Rec, action: 'change' | 'delete'): boolean {
  const { view, store } = ctx;
  const user = view.user;
  if (!user) return false;
  switch (spec.write) {
    case 'scoped':
      if (spec.key === 'project') {
        const r = view.rights.get(lower(rec.id));
        return action === 'delete' ? r?.is_owner === true : r?.can_change === true;
      }
      if (spec.scope.kind === 'group')
        return owningAttributes(store, spec, rec).some((a) => canChangeAttribute(view, a));
      return owningProjects(store, spec, rec).some((p) => canChangeProject(view, p.id));
    case 'approval':
      return action === 'change';
    case 'admin':
      return false;
    case 'self':
      return action === 'change' && rec.id === user.id;
    case 'group-manager':
      return isGroupManager(view, spec.key === 'group' ? rec.id : rec.group);
    case 'creator':
      return rec._owner === user.id;
  }
}

/** Permission on what a create/update points at; `before` is the record before an update. */
function referencePermission(ctx: WriteContext, spec: ModelSpec, next: Record<string, unknown>, before?: Rec): boolean {
  const { store, view } = ctx;
  const added = (field: string) => {
    const old = new Set(((before?.[field] ?? []) as unknown[]).map(lower));
    return ((next[field] ?? []) as unknown[]).filter((id) => !old.has(lower(id)));
  };
  if (spec.write === 'group-manager' && spec.key === 'laboratory') return isGroupManager(view, next.group);
  if (spec.write !== 'scoped') return true;
  if (
    spec.key === 'session' &&
    !added('datastorage').every((id) => {
      const ds = store.get('datastorage', id);
      return ds !== undefined && canChangeAttribute(view, ds);
    })
  )
    return false;
  if (spec.scope.kind === 'project' && spec.key !== 'project') {
    const [first, ...rest] = spec.scope.via;
    if (first === 'projects') return added('projects').every((id) => canChangeProject(view, id));
    const parent = modelByKey(spec.fields.find((f) => f.name === first)?.target ?? '');
    const parentRec = parent ? store.get(parent.key, next[first as string]) : undefined;
    if (!parent || !parentRec) return false;
    return store.follow(parent.key, parentRec, rest).recs.some((p) => canChangeProject(view, p.id));
  }
  if (spec.key === 'equipment') {
    const setup = store.get('setup', next.setup);
    return setup !== undefined && canChangeAttribute(view, setup);
  }
  return true;
}

function asObject(body: unknown): { data: Record<string, unknown> } | { response: ReplicaResponse } {
  if (typeof body === 'object' && body !== null && !Array.isArray(body))
    return { data: body as Record<string, unknown> };
  const got = Array.isArray(body)
    ? 'list'
    : body === null
      ? 'NoneType'
      : typeof body === 'string'
        ? 'str'
        : typeof body;
  return { response: bad({ non_field_errors: [`Invalid data. Expected a dictionary, but got ${got}.`] }) };
}

export function createRecord(ctx: WriteContext, spec: ModelSpec, body: unknown): ReplicaResponse {
  const user = ctx.view.user as Rec;
  if (spec.write === 'admin') return FORBIDDEN;
  const input = asObject(body);
  if ('response' in input) return input.response;
  const data = input.data;
  const v = validateFields(spec, data, 'create', resolver(ctx));
  if (!v.ok) return bad(v.errors);
  const values = v.values;
  if (!referencePermission(ctx, spec, values)) return FORBIDDEN;
  const rules = recordRules(ctx.store, spec, values, undefined);
  if (rules) return bad(rules);

  if (spec.write === 'approval') return fileApproval(ctx, spec, values, undefined, 201);
  const rec: Record<string, unknown> = { ...values, id: ctx.store.newId(spec) };
  const email = String(user.email);
  if (spec.key === 'project') {
    // The creator becomes owner and sole member; users/groups in the body are not applied.
    rec.users = { [email]: { can_change: true, is_manager: true, is_owner: true } };
    rec.groups = {};
  }
  if (spec.key === 'group') rec.users = { [email]: { is_manager: true, is_owner: true } };
  if (spec.scope.kind === 'group' && spec.scope.via.length === 0) {
    const group = [...ctx.view.groups.keys()].sort((a, b) => a - b)[0];
    if (group === undefined) return FORBIDDEN;
    rec._group = group;
  }
  if (spec.write === 'creator') rec._owner = user.id as number;
  if (spec.fields.some((f) => f.name === 'created_at')) rec.created_at = rec.updated_at = nowIso();
  const stored = ctx.store.insert(spec.key, rec as Rec);
  return { status: 201, body: { [spec.detailKey]: serialize(ctx.store, spec, stored) } };
}

export function updateRecord(
  ctx: WriteContext,
  spec: ModelSpec,
  rec: Rec,
  body: unknown,
  mode: Exclude<Mode, 'create'>,
): ReplicaResponse {
  if (!objectPermission(ctx, spec, rec, 'change')) return FORBIDDEN;
  const input = asObject(body);
  if ('response' in input) return input.response;
  const data = input.data;
  const v = validateFields(spec, data, mode, resolver(ctx));
  if (!v.ok) return bad(v.errors);
  const values = v.values;

  if (spec.key === 'project') {
    const rights = ctx.view.rights.get(lower(rec.id));
    if ('is_public' in values && values.is_public !== rec.is_public && !rights?.is_owner) return FORBIDDEN;
    for (const field of ['users', 'groups'] as const) {
      if (!(field in values)) continue;
      if (!rights?.is_manager) return FORBIDDEN;
      const merged = mergeMembers(ctx.store, field, rec[field], values[field], 'project');
      if (!merged.ok) return bad({ [field]: merged.errors });
      values[field] = merged.value;
    }
  }
  if (spec.key === 'group' && 'users' in values) {
    const merged = mergeMembers(ctx.store, 'users', rec.users, values.users, 'group');
    if (!merged.ok) return bad({ users: merged.errors });
    values.users = merged.value;
  }

  const next = { ...rec, ...values } as Rec;
  if (!referencePermission(ctx, spec, next, rec)) return FORBIDDEN;
  const rules = recordRules(ctx.store, spec, next, rec.id);
  if (rules) return bad(rules);
  if (spec.write === 'approval') return fileApproval(ctx, spec, next, rec, 200);
  if (spec.fields.some((f) => f.name === 'updated_at')) next.updated_at = nowIso();
  ctx.store.put(spec.key, next);
  return { status: 200, body: { [spec.detailKey]: serialize(ctx.store, spec, next) } };
}

export function deleteRecord(ctx: WriteContext, spec: ModelSpec, rec: Rec): ReplicaResponse {
  if (!objectPermission(ctx, spec, rec, 'delete')) return FORBIDDEN;
  const blocked = deleteBlockers(ctx.store, spec, rec);
  if (blocked) return bad({ detail: blocked });
  applyDelete(ctx.store, planDelete(ctx.store, spec.key, rec));
  return { status: 204 };
}

/** Approval-moderated models: the record is unchanged; a pending proposal is filed (§6.3). */
function fileApproval(
  ctx: WriteContext,
  spec: ModelSpec,
  proposed: Record<string, unknown>,
  existing: Rec | undefined,
  status: number,
): ReplicaResponse {
  const approval = mustModel(`${spec.key}approval`);
  const rec = {
    ...proposed,
    id: ctx.store.newId(approval),
    instance_id: existing?.id ?? null,
    action: existing ? 'Change' : 'Add',
    reviewer: null,
    status: 'Pending',
    _owner: ctx.view.user?.id as number,
  };
  delete (rec as Record<string, unknown>)._seq;
  const stored = ctx.store.insert(approval.key, rec as unknown as Rec);
  return { status, body: { [approval.detailKey]: serialize(ctx.store, approval, stored) } };
}
