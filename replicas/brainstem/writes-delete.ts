/**
 * What a DELETE does to the rest of the store, planned in full before anything changes (so a
 * refused delete writes nothing): required foreign keys cascade (Django's default), nullable
 * ones are set to null, many-to-many rows are dropped. A deleted group takes its personal
 * attributes with it and leaves the `groups` maps of projects.
 */
import { MODELS, mustModel } from './models.ts';
import type { Rec } from './schema.ts';
import type { BrainstemStore } from './store.ts';

export interface DeletePlan {
  deletes: { model: string; rec: Rec }[];
  patches: { model: string; rec: Rec }[];
}

const key = (model: string, id: unknown) => `${model}:${String(id).toLowerCase()}`;
const same = (a: unknown, b: unknown) => String(a).toLowerCase() === String(b).toLowerCase();

/** Fields (model, field, kind, nullable) that point at each target model. */
const INBOUND = new Map<string, { model: string; field: string; many: boolean; nullable: boolean }[]>();
for (const m of MODELS) {
  for (const f of m.fields) {
    if ((f.kind !== 'fk' && f.kind !== 'm2m') || !f.target) continue;
    const list = INBOUND.get(f.target) ?? [];
    list.push({ model: m.key, field: f.name, many: f.kind === 'm2m', nullable: f.nullable === true });
    INBOUND.set(f.target, list);
  }
}

export function planDelete(store: BrainstemStore, model: string, root: Rec): DeletePlan {
  const deleted = new Map<string, { model: string; rec: Rec }>();
  const patched = new Map<string, { model: string; rec: Rec }>();
  const queue: { model: string; rec: Rec }[] = [{ model, rec: root }];
  const working = (m: string, r: Rec): Rec => patched.get(key(m, r.id))?.rec ?? r;
  const patch = (m: string, r: Rec, change: (x: Rec) => void) => {
    const copy = structuredClone(working(m, r));
    change(copy);
    patched.set(key(m, r.id), { model: m, rec: copy });
  };

  while (queue.length > 0) {
    const x = queue.shift() as { model: string; rec: Rec };
    if (deleted.has(key(x.model, x.rec.id))) continue;
    deleted.set(key(x.model, x.rec.id), x);
    for (const ref of INBOUND.get(x.model) ?? []) {
      for (const r of store.all(ref.model)) {
        const current = working(ref.model, r);
        const v = current[ref.field];
        if (ref.many) {
          if (Array.isArray(v) && v.some((id) => same(id, x.rec.id))) {
            patch(
              ref.model,
              r,
              (c) => (c[ref.field] = (c[ref.field] as unknown[]).filter((id) => !same(id, x.rec.id))),
            );
          }
        } else if (v !== null && v !== undefined && same(v, x.rec.id)) {
          if (ref.nullable) patch(ref.model, r, (c) => (c[ref.field] = null));
          else queue.push({ model: ref.model, rec: r });
        }
      }
    }
    if (x.model === 'group') {
      for (const m of ['datastorage', 'setup', 'behavioralassay']) {
        for (const r of store.all(m)) if (r._group === Number(x.rec.id)) queue.push({ model: m, rec: r });
      }
      for (const p of store.all('project')) {
        const groups = (working('project', p).groups ?? {}) as Record<string, unknown>;
        if (String(x.rec.name) in groups)
          patch('project', p, (c) => delete (c.groups as Record<string, unknown>)[String(x.rec.name)]);
      }
    }
  }
  return {
    deletes: [...deleted.values()],
    patches: [...patched.entries()].filter(([k]) => !deleted.has(k)).map(([, v]) => v),
  };
}

export function applyDelete(store: BrainstemStore, plan: DeletePlan): void {
  for (const p of plan.patches) store.put(p.model, p.rec);
  for (const d of plan.deletes) {
    mustModel(d.model);
    store.remove(d.model, d.rec.id as string);
  }
}
