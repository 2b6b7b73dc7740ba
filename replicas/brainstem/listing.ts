/**
 * Runs a parsed dynamic-rest query against the store: the registry adapter for `query.ts`,
 * visibility, filters, order and paging. Filters on relations see every related row, as a
 * Django join does; only the listed records themselves are visibility-filtered.
 */
import { isVisible, type View } from './access.ts';
import { modelByKey } from './models.ts';
import { compileFilter, compileSort, pageBounds, type FieldType, type ListQuery, type QueryBackend } from './query.ts';
import type { FieldKind, ModelSpec, Rec } from './schema.ts';
import type { BrainstemStore } from './store.ts';

const SCALAR: Partial<Record<FieldKind, FieldType>> = {
  id: 'string',
  string: 'string',
  html: 'string',
  enum: 'string',
  bool: 'bool',
  int: 'number',
  date: 'date',
  datetime: 'datetime',
  duration: 'duration',
  strings: 'strings',
};

export function storeBackend(store: BrainstemStore): QueryBackend<Rec> {
  return {
    field(model, name) {
      const f = modelByKey(model)?.fields.find((x) => x.name === name);
      if (!f) return undefined;
      if (f.kind === 'fk') return { type: 'relation', target: f.target, many: false };
      if (f.kind === 'm2m' || f.kind === 'reverse') return { type: 'relation', target: f.target, many: true };
      return { type: SCALAR[f.kind] ?? 'json' };
    },
    idType: (model) => modelByKey(model)?.idKind ?? 'uuid',
    value: (_model, rec, name) => rec[name],
    related(model, rec, name) {
      const spec = modelByKey(model);
      return spec ? store.related(spec, rec, name) : [];
    },
  };
}

export interface ListResult {
  records: Rec[];
  total: number;
  page: { limit: number; offset: number } | undefined;
}

/** Visible, filtered, ordered and paged records; throws `QueryError` on a bad query. */
export function runList(
  store: BrainstemStore,
  view: View,
  spec: ModelSpec,
  q: ListQuery,
  paging: { defaultLimit: number; maxLimit: number; unpaginatedWithoutLimit: boolean },
): ListResult {
  const backend = storeBackend(store);
  const predicates = q.filters.map((f) => compileFilter(backend, spec.key, f));
  // Default order is creation order (UNCONFIRMED upstream); it also breaks ties so pages are stable.
  const order = compileSort(backend, spec.key, q.sort, (a, b) => a._seq - b._seq);
  const rows = store.all(spec.key).filter((r) => isVisible(store, view, spec, r) && predicates.every((p) => p(r)));
  rows.sort(order);
  if (paging.unpaginatedWithoutLimit && q.limit === undefined && q.offset === undefined) {
    return { records: rows, total: rows.length, page: undefined };
  }
  const { limit, offset } = pageBounds(q.limit, q.offset, paging);
  return { records: rows.slice(offset, offset + limit), total: rows.length, page: { limit, offset } };
}
