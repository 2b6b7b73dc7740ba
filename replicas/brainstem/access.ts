/**
 * Who the caller is and what they may see or change (spec §2.2, §2.4, §9.2–9.3).
 * Public portal: public projects and what hangs off them, personal attributes flagged
 * `is_public`, and the global catalogues. Private portal: what the caller's projects and groups
 * hold, whether or not it is public.
 */
import type { BrainstemStore } from './store.ts';
import type { ModelSpec, Portal, Rec } from './schema.ts';

export interface Rights {
  can_change: boolean;
  is_manager: boolean;
  is_owner: boolean;
}

export interface View {
  portal: Portal;
  user: Rec | undefined;
  /** Projects visible on this portal. */
  projects: Set<string>;
  /** The caller's rights per project (private portal; empty when anonymous). */
  rights: Map<string, Rights>;
  /** Groups the caller belongs to, with their role. */
  groups: Map<number, { is_manager: boolean; is_owner: boolean }>;
}

export type AuthResult = { ok: true; user: Rec | undefined } | { ok: false; status: 401; detail: string };

/** Resolve `Authorization: Bearer <token>`. Other schemes count as no credentials (DRF). */
export function authenticate(
  header: string | undefined,
  tokens: ReadonlyMap<string, number>,
  store: BrainstemStore,
): AuthResult {
  if (!header) return { ok: true, user: undefined };
  const m = /^\s*Bearer\s+(\S*)\s*$/i.exec(header);
  if (!m) return { ok: true, user: undefined };
  const token = m[1] ?? '';
  if (token === '') return { ok: false, status: 401, detail: 'Invalid token header. No credentials provided.' };
  const userId = tokens.get(token);
  const user = userId === undefined ? undefined : store.get('user', userId);
  if (!user) return { ok: false, status: 401, detail: 'Invalid token.' };
  return { ok: true, user };
}

const lower = (s: unknown) => String(s).toLowerCase();

function flags(v: unknown): Rights {
  const o = (v ?? {}) as Record<string, unknown>;
  return { can_change: o.can_change === true, is_manager: o.is_manager === true, is_owner: o.is_owner === true };
}

export function userGroups(store: BrainstemStore, user: Rec | undefined): View['groups'] {
  const out: View['groups'] = new Map();
  if (!user) return out;
  const email = lower(user.email);
  for (const g of store.all('group')) {
    const members = (g.users ?? {}) as Record<string, unknown>;
    for (const [e, v] of Object.entries(members)) {
      if (lower(e) === email) {
        const r = flags(v);
        out.set(Number(g.id), { is_manager: r.is_manager, is_owner: r.is_owner });
      }
    }
  }
  return out;
}

/** The caller's rights on one project: direct user entry OR'd with each of their groups' entries. */
export function projectRights(
  store: BrainstemStore,
  project: Rec,
  user: Rec | undefined,
  groups: View['groups'],
): Rights | undefined {
  if (!user) return undefined;
  let found = false;
  const acc: Rights = { can_change: false, is_manager: false, is_owner: false };
  const add = (r: Rights) => {
    found = true;
    acc.can_change ||= r.can_change || r.is_manager || r.is_owner;
    acc.is_manager ||= r.is_manager || r.is_owner;
    acc.is_owner ||= r.is_owner;
  };
  const email = lower(user.email);
  for (const [e, v] of Object.entries((project.users ?? {}) as Record<string, unknown>))
    if (lower(e) === email) add(flags(v));
  if (groups.size > 0) {
    const names = new Map<string, number>();
    for (const gid of groups.keys()) {
      const g = store.get('group', gid);
      if (g) names.set(String(g.name), gid);
    }
    for (const [name, v] of Object.entries((project.groups ?? {}) as Record<string, unknown>))
      if (names.has(name)) add(flags(v));
  }
  return found ? acc : undefined;
}

export function buildView(store: BrainstemStore, portal: Portal, user: Rec | undefined): View {
  const groups = userGroups(store, user);
  const projects = new Set<string>();
  const rights = new Map<string, Rights>();
  for (const p of store.all('project')) {
    const id = lower(p.id);
    if (portal === 'public') {
      if (p.is_public === true) projects.add(id);
      continue;
    }
    if (portal === 'super') {
      projects.add(id);
      continue;
    }
    const r = projectRights(store, p, user, groups);
    if (r) {
      projects.add(id);
      rights.set(id, r);
    }
  }
  return { portal, user, projects, rights, groups };
}

/** Projects that own a record of a project-scoped model (empty for other scopes). */
export function owningProjects(store: BrainstemStore, spec: ModelSpec, rec: Rec): Rec[] {
  if (spec.scope.kind !== 'project') return [];
  return store.follow(spec.key, rec, spec.scope.via).recs;
}

/** The personal attribute(s) whose group owns a record of a group-scoped model. */
export function owningAttributes(store: BrainstemStore, spec: ModelSpec, rec: Rec): Rec[] {
  if (spec.scope.kind !== 'group') return [];
  return store.follow(spec.key, rec, spec.scope.via).recs;
}

export function isVisible(store: BrainstemStore, view: View, spec: ModelSpec, rec: Rec): boolean {
  switch (spec.scope.kind) {
    case 'global':
      return true;
    case 'owner':
      if (view.portal === 'super') return true;
      return view.portal === 'private' && view.user !== undefined && rec._owner === view.user.id;
    case 'project':
      return owningProjects(store, spec, rec).some((p) => view.projects.has(lower(p.id)));
    case 'group':
      return owningAttributes(store, spec, rec).some((a) =>
        view.portal === 'super'
          ? true
          : view.portal === 'public'
            ? a.is_public === true
            : a._group !== undefined && view.groups.has(a._group),
      );
  }
}

/** Contributor rights on a project (change permission). */
export function canChangeProject(view: View, projectId: unknown): boolean {
  return view.rights.get(lower(projectId))?.can_change === true;
}

/** Membership of the group owning a personal attribute (the write right for group scope). */
export function canChangeAttribute(view: View, attr: Rec): boolean {
  return attr._group !== undefined && view.groups.has(attr._group);
}

export function isGroupManager(view: View, groupId: unknown): boolean {
  const g = view.groups.get(Number(groupId));
  return g !== undefined && (g.is_manager || g.is_owner);
}
