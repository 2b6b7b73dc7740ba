/**
 * Record-level write rules (spec §6.2), checked on the record as it would be after the write:
 * global and per-project uniqueness, and the cross-record membership rules.
 */
import type { ModelSpec, Rec } from './schema.ts';
import type { BrainstemStore } from './store.ts';
import type { Errors } from './validate.ts';

const same = (a: unknown, b: unknown) => String(a).toLowerCase() === String(b).toLowerCase();

export function recordRules(
  store: BrainstemStore,
  spec: ModelSpec,
  candidate: Record<string, unknown>,
  selfId: unknown,
): Errors | undefined {
  const errors: Errors = {};
  const others = store.all(spec.key).filter((r) => selfId === undefined || !same(r.id, selfId));

  for (const field of spec.fields) {
    if (!field.unique) continue;
    const v = candidate[field.name];
    if (v === undefined || v === null || v === '') continue;
    if (others.some((r) => r[field.name] === v))
      errors[field.name] = [`${spec.verboseName} with this ${field.name.replace(/_/g, ' ')} already exists.`];
  }
  for (const set of spec.uniqueTogether ?? []) {
    if (set.some((k) => candidate[k] === undefined || candidate[k] === null)) continue;
    if (others.some((r) => set.every((k) => same(r[k], candidate[k])))) {
      errors.non_field_errors = [`The fields ${set.join(', ')} must make a unique set.`];
      break;
    }
  }

  if (spec.key === 'collection' || spec.key === 'cohort') {
    const field = spec.key === 'collection' ? 'sessions' : 'subjects';
    const model = spec.key === 'collection' ? 'session' : 'subject';
    const outside = ((candidate[field] ?? []) as unknown[]).filter((id) => {
      const r = store.get(model, id);
      return !r || !((r.projects ?? []) as unknown[]).some((p) => same(p, candidate.project));
    });
    if (outside.length > 0)
      errors[field] = [
        `Every ${model} must belong to the ${spec.key}'s project; ${outside.map(String).join(', ')} does not.`,
      ];
  }

  if (spec.key === 'epoch') {
    const parts: [string, string][] = [
      ['behaviors', 'behavior'],
      ['dataacquisition', 'dataacquisition'],
      ['manipulations', 'manipulation'],
    ];
    for (const [field, model] of parts) {
      const foreign = ((candidate[field] ?? []) as unknown[]).filter(
        (id) => !same(store.get(model, id)?.session, candidate.session),
      );
      if (foreign.length > 0)
        errors[field] = [`Every item must belong to the epoch's session; ${foreign.map(String).join(', ')} does not.`];
    }
    // A data acquisition belongs to at most one epoch.
    const taken = ((candidate.dataacquisition ?? []) as unknown[]).filter((id) =>
      others.some((e) => ((e.dataacquisition ?? []) as unknown[]).some((x) => same(x, id))),
    );
    if (taken.length > 0 && !errors.dataacquisition)
      errors.dataacquisition = [`Data acquisition ${taken.map(String).join(', ')} already belongs to another epoch.`];
  }

  if (spec.key === 'behavior' || spec.key === 'manipulation' || spec.key === 'dataacquisition') {
    // Subjects and procedures must come from the session's projects.
    const session = store.get('session', candidate.session);
    const projects = new Set(((session?.projects ?? []) as unknown[]).map((p) => String(p).toLowerCase()));
    const inSession = (subjectId: unknown) =>
      ((store.get('subject', subjectId)?.projects ?? []) as unknown[]).some((p) =>
        projects.has(String(p).toLowerCase()),
      );
    if (spec.key === 'behavior') {
      const bad = ((candidate.subjects ?? []) as unknown[]).filter((id) => !inSession(id));
      if (bad.length > 0)
        errors.subjects = [
          `Every subject must belong to one of the session's projects; ${bad.map(String).join(', ')} does not.`,
        ];
    } else {
      const bad = ((candidate.procedures ?? []) as unknown[]).filter(
        (id) => !inSession(store.get('procedure', id)?.subject),
      );
      if (bad.length > 0)
        errors.procedures = [
          `Every procedure must belong to a subject of the session's projects; ${bad.map(String).join(', ')} does not.`,
        ];
    }
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

/** Records that would block a DELETE with 400 (spec §4.4–4.6: referenced by an epoch). */
export function deleteBlockers(store: BrainstemStore, spec: ModelSpec, rec: Rec): string | undefined {
  if (!spec.epochProtected) return undefined;
  const field =
    spec.key === 'behavior' ? 'behaviors' : spec.key === 'manipulation' ? 'manipulations' : 'dataacquisition';
  const epochs = store.all('epoch').filter((e) => ((e[field] ?? []) as unknown[]).some((x) => same(x, rec.id)));
  if (epochs.length === 0) return undefined;
  return `Cannot delete this ${spec.verboseName}: it is referenced by epoch ${epochs.map((e) => `"${String(e.name)}"`).join(', ')}.`;
}
