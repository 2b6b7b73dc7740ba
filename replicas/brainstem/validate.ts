/**
 * Field-level validation of write bodies, with DRF's messages and error shape
 * (`{"field": ["message"]}`; list fields `{"tags": {"0": [...]}}`). Read-only and unknown keys
 * are ignored, as DRF does. Record-level rules (uniqueness, cross-record membership) are in
 * `validate-rules.ts`.
 */
import { drfTimestamp } from '../common/prng.ts';
import { DOWNLOAD_REPOSITORIES, DOWNLOAD_URL, EXTRA_FIELD_KEY } from './enums.ts';
import { canonicalUuid, isUuid, isValidDate, parseDateTime } from './query-values.ts';
import type { FieldSpec, ModelSpec, Rec } from './schema.ts';

export type Errors = Record<string, unknown>;

/** Resolves a relation id to a record the caller may reference, or undefined. */
export type Resolver = (target: string, id: unknown) => Rec | undefined;

export type Mode = 'create' | 'patch' | 'put';

const typeName = (v: unknown) =>
  v === null
    ? 'NoneType'
    : Array.isArray(v)
      ? 'list'
      : typeof v === 'object'
        ? 'dict'
        : typeof v === 'string'
          ? 'str'
          : typeof v === 'boolean'
            ? 'bool'
            : typeof v === 'number'
              ? Number.isInteger(v)
                ? 'int'
                : 'float'
              : typeof v;

class FieldError extends Error {
  constructor(readonly detail: unknown) {
    super('field error');
  }
}
const fail = (msg: string): never => {
  throw new FieldError([msg]);
};

/** Validate `input` for a write; returns the values to store, or the DRF error body. */
export function validateFields(
  spec: ModelSpec,
  input: Record<string, unknown>,
  mode: Mode,
  resolve: Resolver,
): { ok: true; values: Record<string, unknown> } | { ok: false; errors: Errors } {
  const values: Record<string, unknown> = {};
  const errors: Errors = {};
  for (const field of spec.fields) {
    if (field.readOnly || field.kind === 'reverse' || field.kind === 'links' || field.kind === 'computed') continue;
    if (field.createOnly && mode !== 'create') continue;
    const present = Object.hasOwn(input, field.name);
    if (!present) {
      const required = field.required || (field.requiredOnCreate && mode === 'create');
      if (required && mode !== 'patch') errors[field.name] = ['This field is required.'];
      else if (mode === 'create' && field.default) values[field.name] = field.default();
      continue;
    }
    try {
      values[field.name] = validateValue(field, input[field.name], resolve);
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      errors[field.name] = e.detail;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}

function validateValue(field: FieldSpec, v: unknown, resolve: Resolver): unknown {
  if (v === null) {
    if (field.nullable) return null;
    if (field.kind === 'extra_fields') return {};
    fail('This field may not be null.');
  }
  switch (field.kind) {
    case 'string':
    case 'html':
      return checkString(field, v);
    case 'enum': {
      const s = typeof v === 'number' ? String(v) : v;
      if (typeof s !== 'string' || !field.choices?.includes(s))
        fail(`"${typeof v === 'object' ? JSON.stringify(v) : String(v)}" is not a valid choice.`);
      return s;
    }
    case 'bool':
      if (v === true || v === 'true' || v === 'True' || v === 1 || v === '1') return true;
      if (v === false || v === 'false' || v === 'False' || v === 0 || v === '0') return false;
      return fail('Must be a valid boolean.');
    case 'int': {
      const n = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isInteger(n)) fail('A valid integer is required.');
      if ((n as number) < 0) fail('Ensure this value is greater than or equal to 0.');
      return n;
    }
    case 'date':
      if (typeof v !== 'string' || !isValidDate(v))
        fail('Date has wrong format. Use one of these formats instead: YYYY-MM-DD.');
      return v;
    case 'datetime': {
      const t = typeof v === 'string' ? parseDateTime(v) : undefined;
      if (t === undefined)
        fail(
          'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
        );
      return (t as number) % 1000 === 0
        ? `${new Date(t as number).toISOString().slice(0, 19)}Z`
        : drfTimestamp(t as number);
    }
    case 'duration':
      return checkDuration(v);
    case 'json':
      return structuredClone(v);
    case 'strings':
      return checkList(v, (item) => checkString({ name: 'item', kind: 'string' }, item));
    case 'fk':
      return checkPk(field, v, resolve);
    case 'm2m': {
      const ids = checkFlatList(v, (item) => checkPk(field, item, resolve));
      if (field.nonEmpty && ids.length === 0) fail('This list may not be empty.');
      return [...new Set(ids)];
    }
    case 'extra_fields':
      return checkExtraFields(v);
    case 'download_links':
      return checkDownloadLinks(v);
    case 'members':
      if (typeof v !== 'object' || Array.isArray(v))
        fail(`Expected a dictionary of items but got type "${typeName(v)}".`);
      return structuredClone(v);
    default:
      return v;
  }
}

function checkString(field: FieldSpec, v: unknown): string {
  if (typeof v === 'boolean' || (typeof v !== 'string' && typeof v !== 'number')) fail('Not a valid string.');
  const s = String(v);
  if (s.trim() === '' && (field.required || field.requiredOnCreate)) fail('This field may not be blank.');
  if (field.maxLength !== undefined && s.length > field.maxLength)
    fail(`Ensure this field has no more than ${field.maxLength} characters.`);
  return s;
}

function checkList<T>(v: unknown, item: (x: unknown) => T): T[] {
  if (!Array.isArray(v)) fail(`Expected a list of items but got type "${typeName(v)}".`);
  const out: T[] = [];
  const errors: Record<string, unknown> = {};
  (v as unknown[]).forEach((x, i) => {
    try {
      out.push(item(x));
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      errors[String(i)] = e.detail;
    }
  });
  if (Object.keys(errors).length > 0) throw new FieldError(errors);
  return out;
}

/** ManyRelatedField: the first bad item's message, flat. */
function checkFlatList<T>(v: unknown, item: (x: unknown) => T): T[] {
  if (!Array.isArray(v)) fail(`Expected a list of items but got type "${typeName(v)}".`);
  return (v as unknown[]).map(item);
}

function checkPk(field: FieldSpec, v: unknown, resolve: Resolver): unknown {
  if (v === null) return field.nullable ? null : fail('This field may not be null.');
  const intKeyed = field.target === 'user' || field.target === 'group';
  if (typeof v === 'boolean' || (typeof v !== 'string' && typeof v !== 'number')) {
    fail(`Incorrect type. Expected pk value, received ${typeName(v)}.`);
  }
  let id: unknown = v;
  if (intKeyed) {
    if (!/^\d+$/.test(String(v))) fail(`Incorrect type. Expected pk value, received ${typeName(v)}.`);
    id = Number(v);
  } else {
    if (!isUuid(String(v))) fail(`“${String(v)}” is not a valid UUID.`);
    id = canonicalUuid(String(v));
  }
  const rec = resolve(field.target as string, id);
  if (!rec) fail(`Invalid pk "${String(v)}" - object does not exist.`);
  return rec?.id;
}

function checkDuration(v: unknown): string {
  const bad = () => fail('Duration has wrong format. Use one of these formats instead: [DD] [HH:[MM:]]ss[.uuuuuu].');
  let seconds: number | undefined;
  if (typeof v === 'number') seconds = v;
  else if (typeof v === 'string') {
    const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(v.trim());
    const clock = /^(?:(\d+) )?(?:(?:(\d+):)?(\d+):)?(\d+(?:\.\d+)?)$/.exec(v.trim());
    const m = iso ?? clock;
    if (m && v.trim() !== 'P' && !/T$/i.test(v.trim()))
      seconds = Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  }
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return bad();
  const days = Math.floor(seconds / 86400);
  const rest = Math.floor(seconds % 86400);
  const hms = [Math.floor(rest / 3600), Math.floor(rest / 60) % 60, rest % 60]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
  return days > 0 ? `${days} ${hms}` : hms;
}

function checkExtraFields(v: unknown): Record<string, unknown> {
  // Legacy records hold `[]`; echoing one back must not fail.
  if (Array.isArray(v) && v.length === 0) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    fail(`Expected a dictionary of items but got type "${typeName(v)}".`);
  const messages: string[] = [];
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (!EXTRA_FIELD_KEY.test(k))
      messages.push(
        `Invalid key "${k}": keys must start with a letter and contain only letters, digits and underscores.`,
      );
    else if (typeof val !== 'string' && !(typeof val === 'number' && Number.isFinite(val)))
      messages.push(`Invalid value for key "${k}": values must be strings or numbers.`);
  }
  if (messages.length > 0) throw new FieldError(messages);
  return structuredClone(v as Record<string, unknown>);
}

function checkDownloadLinks(v: unknown): unknown[] {
  if (!Array.isArray(v)) fail(`Expected a list of items but got type "${typeName(v)}".`);
  const messages: string[] = [];
  const out: unknown[] = [];
  (v as unknown[]).forEach((item, i) => {
    const at = `Item ${i + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      messages.push(`${at}: expected an object with "repository" and "url".`);
      return;
    }
    const { repository, url } = item as Record<string, unknown>;
    if (typeof repository !== 'string' || !(DOWNLOAD_REPOSITORIES as readonly string[]).includes(repository)) {
      messages.push(
        `${at}: "${String(repository ?? '')}" is not a valid repository. Choose one of: ${DOWNLOAD_REPOSITORIES.join(', ')}.`,
      );
    }
    if (typeof url !== 'string' || !DOWNLOAD_URL.test(url)) {
      messages.push(
        `${at}: "${String(url ?? '')}" is not a valid URL. It must start with http://, https:// or ftp://.`,
      );
    }
    out.push({ repository, url });
  });
  if (messages.length > 0) throw new FieldError(messages);
  return out;
}
