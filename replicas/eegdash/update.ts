/**
 * `$set` semantics for the admin update endpoints (spec 4.17, 4.18, 4.20): dotted paths create
 * intermediate objects, numeric parts index arrays, and only `$set` is accepted.
 *
 * Seeded records share nested objects (channel lists, participant rows, filter settings), so
 * every container on the written path is copied before it is changed.
 */
import { deepEqual, isPlainObject } from './values.ts';

export class UpdateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpdateError';
  }
}

export type SetSpec = ReadonlyArray<readonly [path: string[], value: unknown]>;

/**
 * Validates an update body and returns the fields to set. Accepts plain `{field: value}` (what
 * the Python client sends, wrapped in `$set` by the server) or an explicit `{"$set": {...}}`;
 * any other update operator is refused.
 */
export function parseSetUpdate(update: unknown, protectedFields: readonly string[] = ['_id']): SetSpec {
  if (!isPlainObject(update)) throw new UpdateError('update must be a JSON object');
  let fields: Record<string, unknown> = update;
  const operators = Object.keys(update).filter((k) => k.startsWith('$'));
  if (operators.length > 0) {
    const other = operators.find((k) => k !== '$set');
    if (other !== undefined) throw new UpdateError(`Only $set updates are allowed; got '${other}'`);
    if (Object.keys(update).length !== 1) throw new UpdateError('Cannot mix $set with plain fields');
    if (!isPlainObject(update.$set)) throw new UpdateError('$set must be a JSON object');
    fields = update.$set;
  }
  const entries = Object.entries(fields);
  if (entries.length === 0) throw new UpdateError('update must set at least one field');
  const spec = entries.map(([path, value]) => {
    const parts = path.split('.');
    if (parts.some((p) => p === '' || p.startsWith('$'))) throw new UpdateError(`Invalid field path '${path}'`);
    if (protectedFields.includes(parts[0] as string)) {
      throw new UpdateError(
        `Performing an update on the path '${parts[0]}' would modify the immutable field '${parts[0]}'`,
      );
    }
    return [parts, value] as const;
  });
  const sorted = entries.map(([p]) => p).sort();
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as string;
    const cur = sorted[i] as string;
    if (cur.startsWith(`${prev}.`))
      throw new UpdateError(`Updating the path '${cur}' would create a conflict at '${prev}'`);
  }
  return spec;
}

/** Applies the fields to `doc` in place (copying shared containers); true if anything changed. */
export function applySet(doc: Record<string, unknown>, spec: SetSpec): boolean {
  let changed = false;
  for (const [parts, value] of spec) {
    if (deepEqual(readPath(doc, parts), value) && pathExists(doc, parts)) continue;
    writePath(doc, parts, value);
    changed = true;
  }
  return changed;
}

function readPath(doc: unknown, parts: readonly string[]): unknown {
  let cur = doc;
  for (const p of parts) {
    if (Array.isArray(cur)) cur = /^\d+$/.test(p) ? cur[Number(p)] : undefined;
    else if (isPlainObject(cur)) cur = cur[p];
    else return undefined;
  }
  return cur;
}

function pathExists(doc: unknown, parts: readonly string[]): boolean {
  let cur = doc;
  for (const p of parts) {
    if (Array.isArray(cur) && /^\d+$/.test(p) && Number(p) < cur.length) cur = cur[Number(p)];
    else if (isPlainObject(cur) && Object.hasOwn(cur, p)) cur = cur[p];
    else return false;
  }
  return true;
}

type Container = Record<string, unknown> | unknown[];

function writePath(doc: Record<string, unknown>, parts: readonly string[], value: unknown): void {
  let cur: Container = doc;
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i] as string;
    const last = i === parts.length - 1;
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(key)) throw new UpdateError(`Cannot create field '${key}' in an array`);
      const idx = Number(key);
      // MongoDB pads with nulls when setting past the end of an array.
      while (cur.length < idx) cur.push(null);
      if (last) cur[idx] = value;
      else cur = cur[idx] = cloneContainer(cur[idx], key);
    } else if (last) {
      cur[key] = value;
    } else {
      cur = cur[key] = cloneContainer(cur[key], key);
    }
  }
}

function cloneContainer(value: unknown, key: string): Container {
  if (value === undefined) return {};
  if (Array.isArray(value)) return [...value];
  if (isPlainObject(value)) return { ...value };
  throw new UpdateError(`Cannot create field in element {${key}: ${JSON.stringify(value)}}`);
}
