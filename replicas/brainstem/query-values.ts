/**
 * Turning query-string values into comparable values, with the error texts Django gives when a
 * lookup value does not fit the column (they reach the client as a 400 with a bare JSON array,
 * the shape DRF gives a `ValidationError` raised with a plain message).
 */

export type Scalar = string | number | boolean | null;

/** A 400 answer for a bad query: `body` is what the server sends. */
export class QueryError extends Error {
  constructor(
    readonly body: unknown,
    readonly status = 400,
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/** Canonical hyphenated lowercase form, as Django prints a UUIDField. */
export function canonicalUuid(s: string): string {
  const hex = s.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function isValidDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.getUTCDate() === Number(m[3]);
}

/** Milliseconds of an ISO date or datetime (naive times are UTC, Django's TIME_ZONE here). */
export function parseDateTime(s: string): number | undefined {
  const m = DATETIME.exec(s.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', sec = '00'] = m;
  let tz = m[7] ?? 'Z';
  if (/^[+-]\d{4}$/.test(tz)) tz = `${tz.slice(0, 3)}:${tz.slice(3)}`;
  const fraction = /\.(\d{1,6})/.exec(s)?.[1] ?? '0';
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${sec}.${fraction.padEnd(3, '0').slice(0, 3)}${tz.toUpperCase()}`;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

/** Coerce one query value to the comparable form of a field type, or throw a 400. */
export function coerceValue(type: string, raw: string, field: string): Scalar {
  switch (type) {
    case 'uuid':
      if (!isUuid(raw)) throw new QueryError([`“${raw}” is not a valid UUID.`]);
      return canonicalUuid(raw);
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || Number.isNaN(n))
        throw new QueryError([`Field '${field}' expected a number but got '${raw}'.`]);
      return n;
    }
    case 'bool': {
      const v = raw.toLowerCase();
      if (['true', 't', '1'].includes(v)) return true;
      if (['false', 'f', '0'].includes(v)) return false;
      throw new QueryError([`“${raw}” value must be either True or False.`]);
    }
    case 'date': {
      const day = raw.slice(0, 10);
      if (!isValidDate(day))
        throw new QueryError([`“${raw}” value has an invalid date format. It must be in YYYY-MM-DD format.`]);
      return day;
    }
    case 'datetime': {
      const t = parseDateTime(raw);
      if (t === undefined) {
        throw new QueryError([
          `“${raw}” value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format.`,
        ]);
      }
      return t;
    }
    default:
      return raw;
  }
}
