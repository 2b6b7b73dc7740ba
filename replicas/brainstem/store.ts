/**
 * The replica's in-memory database. Only forward relations are stored; reverse lists
 * (`project.sessions`, `session.behaviors`, ...) are answered from an index derived from them
 * and rebuilt after any write, so the two can never disagree.
 */
import { Prng } from '../common/prng.ts';
import { isServed, modelByKey, mustModel } from './models.ts';
import type { FieldSpec, ModelSpec, Rec } from './schema.ts';

export type Id = string | number;

export interface StoreSnapshot {
  tables: Map<string, Map<string, Rec>>;
  seq: number;
  idState: number;
}

export class BrainstemStore {
  private tables = new Map<string, Map<string, Rec>>();
  private seq = 0;
  private idCounter = 0;
  /** Bumped by every write; caches keyed on it. */
  version = 0;
  private reverseCache = new Map<string, Map<string, Id[]>>();
  private reverseVersion = -1;

  table(model: string): Map<string, Rec> {
    let t = this.tables.get(model);
    if (!t) {
      t = new Map();
      this.tables.set(model, t);
    }
    return t;
  }

  /** Records in creation order (the replica's default list order). */
  all(model: string): Rec[] {
    return [...this.table(model).values()];
  }

  count(model: string): number {
    return this.table(model).size;
  }

  get(model: string, id: unknown): Rec | undefined {
    if (id === null || id === undefined) return undefined;
    return this.tables.get(model)?.get(String(id).toLowerCase());
  }

  insert(model: string, rec: Omit<Rec, '_seq'> & { _seq?: number }): Rec {
    const stored = { ...rec, _seq: ++this.seq } as Rec;
    this.table(model).set(String(stored.id).toLowerCase(), stored);
    this.version++;
    return stored;
  }

  /** Replace a record's stored fields, keeping its position in the default order. */
  put(model: string, rec: Rec): void {
    this.table(model).set(String(rec.id).toLowerCase(), rec);
    this.version++;
  }

  remove(model: string, id: Id): void {
    this.table(model).delete(String(id).toLowerCase());
    this.version++;
  }

  /** A fresh id: a deterministic UUID, or max+1 for the integer-keyed user/group. */
  newId(spec: ModelSpec): Id {
    if (spec.idKind === 'int') {
      let max = 0;
      for (const r of this.table(spec.key).values()) max = Math.max(max, Number(r.id));
      return max + 1;
    }
    // Deterministic across runs, distinct from the seed's ids.
    return new Prng(`brainstem:write:${++this.idCounter}`).uuid4();
  }

  /** Ids of `source` records whose `via` field points at `targetId`, in creation order. */
  reverseIds(source: string, via: string, targetId: Id): Id[] {
    if (this.reverseVersion !== this.version) {
      this.reverseCache.clear();
      this.reverseVersion = this.version;
    }
    const key = `${source}.${via}`;
    let index = this.reverseCache.get(key);
    if (!index) {
      index = new Map();
      for (const r of this.table(source).values()) {
        const v = r[via];
        for (const t of Array.isArray(v) ? v : v === null || v === undefined ? [] : [v]) {
          const k = String(t).toLowerCase();
          const list = index.get(k);
          if (list) list.push(r.id as Id);
          else index.set(k, [r.id as Id]);
        }
      }
      this.reverseCache.set(key, index);
    }
    return index.get(String(targetId).toLowerCase()) ?? [];
  }

  /** The ids a relation field holds (forward or reverse), as served. */
  relationIds(rec: Rec, field: FieldSpec): Id[] {
    if (field.kind === 'reverse') {
      if (!isServed(field.target)) return [];
      return this.reverseIds(field.target as string, field.via as string, rec.id as Id);
    }
    const v = rec[field.name];
    if (field.kind === 'fk') return v === null || v === undefined ? [] : [v as Id];
    if (field.kind === 'm2m') return Array.isArray(v) ? (v as Id[]) : [];
    return [];
  }

  /** The related records of a relation field (dangling ids are skipped). */
  related(spec: ModelSpec, rec: Rec, fieldName: string): Rec[] {
    const field = spec.fields.find((x) => x.name === fieldName);
    if (!field?.target || !isServed(field.target)) return [];
    const out: Rec[] = [];
    for (const id of this.relationIds(rec, field)) {
      const r = this.get(field.target, id);
      if (r) out.push(r);
    }
    return out;
  }

  /** Follow a path of relation fields from a record, fanning out over to-many hops. */
  follow(model: string, rec: Rec, via: readonly string[]): { model: string; recs: Rec[] } {
    let current = { model, recs: [rec] };
    for (const hop of via) {
      const spec = mustModel(current.model);
      const field = spec.fields.find((x) => x.name === hop);
      if (!field?.target) throw new Error(`${model}: bad scope hop ${hop}`);
      const next: Rec[] = [];
      for (const r of current.recs) next.push(...this.related(spec, r, hop));
      current = { model: field.target, recs: next };
    }
    return current;
  }

  snapshot(): StoreSnapshot {
    const tables = new Map<string, Map<string, Rec>>();
    for (const [k, t] of this.tables) tables.set(k, new Map([...t].map(([id, r]) => [id, structuredClone(r)])));
    return { tables, seq: this.seq, idState: this.idCounter };
  }

  restore(s: StoreSnapshot): void {
    this.tables = new Map();
    for (const [k, t] of s.tables) this.tables.set(k, new Map([...t].map(([id, r]) => [id, structuredClone(r)])));
    this.seq = s.seq;
    this.idCounter = s.idState;
    this.version++;
  }

  /** Models with at least one record, for diagnostics. */
  stats(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, t] of this.tables) if (modelByKey(k)) out[k] = t.size;
    return out;
  }
}
