/**
 * `include[]=rel.*` (spec §5.3). Default: dynamic-rest sideloading, as observed on the live
 * portal in 2025: the primary objects keep plain ids and the related records appear in extra
 * top-level arrays named by the related model's list key (`data_acquisitions`, not
 * `dataacquisition`). `?sideloading=false` embeds them in place instead (dynamic-rest's switch).
 * Nested paths (`include[]=sessions.behaviors.*`) follow hop by hop. Related records the caller
 * cannot see on this portal are left out.
 */
import { isVisible, type View } from './access.ts';
import { isServed, mustModel } from './models.ts';
import { QueryError } from './query-values.ts';
import type { ModelSpec, Rec } from './schema.ts';
import { serialize } from './serialize.ts';
import type { BrainstemStore } from './store.ts';

/** field → nested includes under it */
export type IncludeTree = Map<string, IncludeTree>;

const invalid = (name: string, spec: ModelSpec) =>
  new QueryError({ detail: `"${name}" is not a valid field name for "${spec.detailKey}".` });

/** Check include/exclude paths against the registry and build the relation tree. */
export function includeTree(spec: ModelSpec, paths: readonly string[][]): IncludeTree {
  const root: IncludeTree = new Map();
  for (const path of paths) {
    let node = root;
    let current = spec;
    for (let i = 0; i < path.length; i++) {
      const name = path[i] as string;
      const field = current.fields.find((x) => x.name === name);
      if (!field) throw invalid(name, current);
      const relation = field.kind === 'fk' || field.kind === 'm2m' || field.kind === 'reverse';
      if (!relation) {
        if (i === path.length - 1) break; // a plain field: already in the output
        throw invalid(name, current);
      }
      if (!isServed(field.target)) break; // relations to unserved models stay as ids
      let child = node.get(name);
      if (!child) {
        child = new Map();
        node.set(name, child);
      }
      node = child;
      current = mustModel(field.target as string);
    }
  }
  return root;
}

export function checkExclude(spec: ModelSpec, names: readonly string[]): Set<string> {
  for (const n of names) if (!spec.fields.some((x) => x.name === n)) throw invalid(n, spec);
  return new Set(names);
}

function relatedVisible(
  store: BrainstemStore,
  view: View,
  spec: ModelSpec,
  rec: Rec,
  field: string,
): { target: ModelSpec; recs: Rec[] } {
  const f = spec.fields.find((x) => x.name === field);
  const target = mustModel(f?.target as string);
  return { target, recs: store.related(spec, rec, field).filter((r) => isVisible(store, view, target, r)) };
}

/** Sideloaded arrays keyed by list key, for the given primaries. */
export function sideload(
  store: BrainstemStore,
  view: View,
  spec: ModelSpec,
  primaries: readonly Rec[],
  tree: IncludeTree,
): Record<string, unknown[]> {
  const out = new Map<string, Map<string, unknown>>();
  const walk = (s: ModelSpec, recs: readonly Rec[], node: IncludeTree) => {
    for (const [field, sub] of node) {
      const seen = new Map<string, Rec>();
      let target: ModelSpec | undefined;
      for (const r of recs) {
        const rel = relatedVisible(store, view, s, r, field);
        target = rel.target;
        for (const x of rel.recs) seen.set(String(x.id), x);
      }
      if (!target) target = mustModel(s.fields.find((x) => x.name === field)?.target as string);
      let bucket = out.get(target.listKey);
      if (!bucket) {
        bucket = new Map();
        out.set(target.listKey, bucket);
      }
      for (const [id, x] of seen) if (!bucket.has(id)) bucket.set(id, serialize(store, target, x));
      walk(target, [...seen.values()], sub);
    }
  };
  walk(spec, primaries, tree);
  return Object.fromEntries([...out].map(([k, m]) => [k, [...m.values()]]));
}

/** Serialize with included relations embedded in place (`?sideloading=false`). */
export function serializeEmbedded(
  store: BrainstemStore,
  view: View,
  spec: ModelSpec,
  rec: Rec,
  tree: IncludeTree,
  exclude?: ReadonlySet<string>,
): Record<string, unknown> {
  return serialize(store, spec, rec, {
    exclude,
    override: (name) => {
      const sub = tree.get(name);
      if (!sub) return undefined;
      const field = spec.fields.find((x) => x.name === name);
      const { target, recs } = relatedVisible(store, view, spec, rec, name);
      const objs = recs.map((r) => serializeEmbedded(store, view, target, r, sub));
      return field?.kind === 'fk' ? (objs[0] ?? null) : objs;
    },
  });
}
