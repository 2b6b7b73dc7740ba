/**
 * PATCH semantics of the membership maps (spec §4.1 and the group model): entries merge into
 * the existing map, permission flags left out default to false, `{"remove": true}` removes an
 * entry. Project `users` are keyed by e-mail, project `groups` by group name, group `users` by
 * e-mail. Adding a new e-mail to a group creates an invitation upstream, not a member, so the
 * replica leaves the map unchanged for it (invitations are not modelled).
 */
import type { BrainstemStore } from './store.ts';

type Flags = Record<string, boolean>;

const PROJECT_FLAGS = ['can_change', 'is_manager', 'is_owner'];
const GROUP_FLAGS = ['is_manager', 'is_owner'];

export function mergeMembers(
  store: BrainstemStore,
  field: 'users' | 'groups',
  current: unknown,
  patch: unknown,
  owner: 'project' | 'group',
): { ok: true; value: Record<string, Flags> } | { ok: false; errors: string[] } {
  const flags = owner === 'project' ? PROJECT_FLAGS : GROUP_FLAGS;
  const value: Record<string, Flags> = structuredClone((current ?? {}) as Record<string, Flags>);
  const errors: string[] = [];
  const emails = new Set(store.all('user').map((u) => String(u.email).toLowerCase()));
  const groups = new Set(store.all('group').map((g) => String(g.name)));
  for (const [k, entry] of Object.entries(patch as Record<string, unknown>)) {
    const known = field === 'users' ? emails.has(k.toLowerCase()) : groups.has(k);
    if (!known) {
      errors.push(field === 'users' ? `User with e-mail "${k}" does not exist.` : `Group "${k}" does not exist.`);
      continue;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      errors.push(`"${k}": expected an object of permission flags.`);
      continue;
    }
    const e = entry as Record<string, unknown>;
    if (e.remove === true) {
      delete value[k];
      continue;
    }
    const wrong = Object.entries(e).filter(([f, v]) => !flags.includes(f) || typeof v !== 'boolean');
    if (wrong.length > 0) {
      errors.push(
        `"${k}": unknown flag or non-boolean value (${wrong.map(([f]) => f).join(', ')}); allowed: ${flags.join(', ')}.`,
      );
      continue;
    }
    if (owner === 'group' && field === 'users' && !(k in value)) continue; // an invitation upstream
    value[k] = Object.fromEntries(flags.map((f) => [f, e[f] === true]));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}
