/**
 * Request-body validation for the admin endpoints, reported the way pydantic v2 reports it:
 * one issue per problem, `loc` pointing into the body (`["body", 3, "dataset"]` = the fourth
 * record's `dataset`), so a bulk caller can find the offending item.
 */
import { isPlainObject } from './values.ts';
import { failValidation, type ValidationIssue } from './http.ts';

/** Records must name their dataset and BIDS path (spec 5.1: both required; the upsert key). */
const RECORD_REQUIRED = ['dataset', 'bids_relpath'] as const;

function requiredString(
  doc: Record<string, unknown>,
  field: string,
  loc: (string | number)[],
  issues: ValidationIssue[],
): void {
  const value = doc[field];
  const at = [...loc, field];
  if (value === undefined || value === null) issues.push({ type: 'missing', loc: at, msg: 'Field required' });
  else if (typeof value !== 'string')
    issues.push({ type: 'string_type', loc: at, msg: 'Input should be a valid string', input: value });
  else if (value.length === 0) {
    issues.push({
      type: 'string_too_short',
      loc: at,
      msg: 'String should have at least 1 character',
      input: value,
      ctx: { min_length: 1 },
    });
  }
}

function objectIssue(loc: (string | number)[]): ValidationIssue {
  return {
    type: 'model_attributes_type',
    loc,
    msg: 'Input should be a valid dictionary or object to extract fields from',
  };
}

export function recordIssues(doc: unknown, loc: (string | number)[]): ValidationIssue[] {
  if (!isPlainObject(doc)) return [objectIssue(loc)];
  const issues: ValidationIssue[] = [];
  for (const field of RECORD_REQUIRED) requiredString(doc, field, loc, issues);
  if (doc.storage !== undefined && doc.storage !== null && !isPlainObject(doc.storage)) {
    issues.push(objectIssue([...loc, 'storage']));
  }
  const rm = doc.recording_modality;
  if (
    rm !== undefined &&
    rm !== null &&
    typeof rm !== 'string' &&
    !(Array.isArray(rm) && rm.every((m) => typeof m === 'string'))
  ) {
    issues.push({ type: 'list_type', loc: [...loc, 'recording_modality'], msg: 'Input should be a valid list' });
  }
  return issues;
}

export function datasetIssues(doc: unknown, loc: (string | number)[]): ValidationIssue[] {
  if (!isPlainObject(doc)) return [objectIssue(loc)];
  const issues: ValidationIssue[] = [];
  requiredString(doc, 'dataset_id', loc, issues);
  return issues;
}

/** A JSON array body of 1..max items, each valid; otherwise a 422 naming every bad item. */
export function validList(
  body: unknown,
  max: number,
  itemIssues: (item: unknown, loc: (string | number)[]) => ValidationIssue[],
): Record<string, unknown>[] {
  if (!Array.isArray(body))
    return failValidation([{ type: 'list_type', loc: ['body'], msg: 'Input should be a valid list' }]);
  if (body.length === 0) {
    return failValidation([
      {
        type: 'too_short',
        loc: ['body'],
        msg: 'List should have at least 1 item after validation, not 0',
        ctx: { field_type: 'List', min_length: 1, actual_length: 0 },
      },
    ]);
  }
  if (body.length > max) {
    return failValidation([
      {
        type: 'too_long',
        loc: ['body'],
        msg: `List should have at most ${max} items after validation, not ${body.length}`,
        ctx: { field_type: 'List', max_length: max, actual_length: body.length },
      },
    ]);
  }
  const issues = body.flatMap((item, i) => itemIssues(item, ['body', i]));
  if (issues.length > 0) failValidation(issues);
  return body as Record<string, unknown>[];
}

/** A body that must be a JSON object, whatever its fields (refused as FastAPI refuses a non-object). */
export function objectBody(body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) failValidation([objectIssue(['body'])]);
  return body as Record<string, unknown>;
}

export function validObject(
  body: unknown,
  itemIssues: (item: unknown, loc: (string | number)[]) => ValidationIssue[],
): Record<string, unknown> {
  const issues = itemIssues(body, ['body']);
  if (issues.length > 0) failValidation(issues);
  return body as Record<string, unknown>;
}
