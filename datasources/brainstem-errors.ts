/**
 * DRF validation bodies (spec §8) flattened into one entry per field: `{"name": ["..."]}`,
 * nested `{"tags": {"0": ["..."]}}` or `{"entries": {"date_time": [...]}}`, `non_field_errors`,
 * `{"detail": "..."}` and dynamic-rest's bare `["Invalid filter field: x"]`.
 */

export interface FieldMessages {
  /** Path of the field in the request body (archive names); empty for errors about the whole record. */
  path: string[];
  messages: string[];
}

const WHOLE_RECORD = new Set(['non_field_errors', 'detail']);

export function drfFieldErrors(body: unknown): FieldMessages[] {
  const out: FieldMessages[] = [];
  const add = (path: string[], message: string) => {
    const key = path.join('.');
    const entry = out.find((e) => e.path.join('.') === key);
    if (entry) entry.messages.push(message);
    else out.push({ path, messages: [message] });
  };
  const walk = (value: unknown, path: string[]) => {
    if (typeof value === 'string') add(path, value);
    else if (typeof value === 'number' || typeof value === 'boolean') add(path, String(value));
    else if (Array.isArray(value)) {
      if (value.every((v) => typeof v === 'string')) for (const v of value) add(path, v);
      else
        value.forEach((v, i) => {
          walk(v, [...path, String(i)]);
        });
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, path.length === 0 && WHOLE_RECORD.has(k) ? [] : [...path, k]);
    }
  };
  walk(body, []);
  return out;
}
