/**
 * Stored record → API JSON, walking the registry's field order. Reverse relations are read
 * from the store's derived index; internal `_` bookkeeping never leaves.
 */
import type { ModelSpec, Rec } from './schema.ts';
import type { BrainstemStore } from './store.ts';

export interface SerializeOptions {
  exclude?: ReadonlySet<string>;
  /** Replacement values for some fields (embedded includes). */
  override?: (field: string) => unknown;
}

export function serialize(
  store: BrainstemStore,
  spec: ModelSpec,
  rec: Rec,
  o: SerializeOptions = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of spec.fields) {
    if (o.exclude?.has(field.name)) continue;
    const replaced = o.override?.(field.name);
    if (replaced !== undefined) {
      out[field.name] = replaced;
      continue;
    }
    switch (field.kind) {
      case 'reverse':
        out[field.name] = store.relationIds(rec, field);
        break;
      case 'links':
        out[field.name] = Object.fromEntries(Object.keys(spec.links ?? {}).map((k) => [k, `${k}/`]));
        break;
      case 'computed':
        out[field.name] = computed(store, spec, rec, field.name);
        break;
      case 'm2m':
      case 'strings':
        out[field.name] = Array.isArray(rec[field.name]) ? [...(rec[field.name] as unknown[])] : [];
        break;
      default:
        out[field.name] = rec[field.name] === undefined ? null : structuredClone(rec[field.name]);
    }
  }
  return out;
}

function computed(store: BrainstemStore, spec: ModelSpec, rec: Rec, name: string): unknown {
  if (spec.key === 'user' && name === 'groups_own_json') {
    const email = String(rec.email).toLowerCase();
    return store
      .all('group')
      .filter((g) => Object.keys((g.users ?? {}) as object).some((e) => e.toLowerCase() === email))
      .map((g) => ({ id: g.id, name: g.name }));
  }
  return null;
}
