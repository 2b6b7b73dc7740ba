/**
 * Response conventions of the EEGDash FastAPI app: `{"detail": "..."}` for HTTP errors and
 * pydantic-v2 style `{"detail": [{type, loc, msg, input?, ctx?}]}` with status 422 for request
 * validation (spec 7 and 8; the exact bodies are the replica's choice where UNCONFIRMED).
 */
import type { ReplicaRequest, ReplicaResponse } from '../common/server.ts';
import { compileFilter, FilterError, type Matcher } from './filter.ts';
import { datasetHint } from './store.ts';

export interface ValidationIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

/** A failure that maps straight to a response; thrown by parsers, caught by the dispatcher. */
export class HttpError extends Error {
  constructor(readonly response: ReplicaResponse) {
    super(`HTTP ${response.status}`);
  }
}

export const ok = (body: unknown): ReplicaResponse => ({ status: 200, body });

export const detail = (status: number, message: string): ReplicaResponse => ({ status, body: { detail: message } });

export const validationError = (issues: ValidationIssue[]): ReplicaResponse => ({
  status: 422,
  body: { detail: issues },
});

export const fail = (status: number, message: string): never => {
  throw new HttpError(detail(status, message));
};

export const failValidation = (issues: ValidationIssue[]): never => {
  throw new HttpError(validationError(issues));
};

export interface IntParam {
  name: string;
  fallback: number;
  ge?: number;
  le?: number;
}

/** An integer query parameter validated the way FastAPI's `Query(ge=, le=)` does. */
export function intParam(query: URLSearchParams, spec: IntParam): number {
  const raw = query.get(spec.name);
  if (raw === null || raw === '') return spec.fallback;
  const loc = ['query', spec.name];
  const refuse = (type: string, msg: string, ctx?: Record<string, number>) =>
    failValidation([{ type, loc, msg, input: raw, ...(ctx ? { ctx } : {}) }]);
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
    refuse('int_parsing', 'Input should be a valid integer, unable to parse string as an integer');
  }
  const n = Number(raw);
  if (spec.ge !== undefined && n < spec.ge) {
    refuse('greater_than_equal', `Input should be greater than or equal to ${spec.ge}`, { ge: spec.ge });
  }
  if (spec.le !== undefined && n > spec.le) {
    refuse('less_than_equal', `Input should be less than or equal to ${spec.le}`, { le: spec.le });
  }
  return n;
}

/** `limit` (1–1000, default 100) and `skip` (≥ 0); `offset` is an alias of `skip` where allowed. */
export function paging(
  query: URLSearchParams,
  options: { offsetAlias?: boolean; maxLimit?: number; defaultLimit?: number } = {},
) {
  const limit = intParam(query, {
    name: 'limit',
    fallback: options.defaultLimit ?? 100,
    ge: 1,
    le: options.maxLimit ?? 1000,
  });
  const skipName = query.has('skip') || !options.offsetAlias ? 'skip' : 'offset';
  const skip = intParam(query, { name: skipName, fallback: 0, ge: 0 });
  return { limit, skip };
}

export interface ParsedFilter {
  filter: Record<string, unknown>;
  matcher: Matcher;
  hint: string[] | undefined;
}

/** Reads a Mongo filter (spec 4.4): JSON text from a query parameter, or an already-parsed body field. */
export function parseFilter(raw: unknown, fromJson: boolean): ParsedFilter {
  let filter: unknown = raw ?? {};
  if (fromJson && typeof raw === 'string') {
    if (raw.trim() === '') filter = {};
    else {
      try {
        filter = JSON.parse(raw);
      } catch {
        fail(400, 'Invalid filter JSON');
      }
    }
  }
  try {
    const matcher = compileFilter(filter);
    const obj = filter as Record<string, unknown>;
    return { filter: obj, matcher, hint: datasetHint(obj) };
  } catch (error) {
    if (error instanceof FilterError) return fail(400, error.message);
    throw error;
  }
}

export function filterFromQuery(req: ReplicaRequest): ParsedFilter {
  return parseFilter(req.query.get('filter'), true);
}

/** Parses a JSON request body; malformed JSON is a 422 like FastAPI's body validation. */
export function jsonBody(req: ReplicaRequest): unknown {
  if (req.body.trim() === '') {
    return failValidation([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }]);
  }
  try {
    return JSON.parse(req.body);
  } catch (error) {
    return failValidation([
      {
        type: 'json_invalid',
        loc: ['body', 0],
        msg: 'JSON decode error',
        input: {},
        ctx: { error: (error as Error).message },
      },
    ]);
  }
}

/** The permissive CORS the spec recommends (section 2): any origin, preflights answered. */
export const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers':
    'X-Request-ID, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset',
};

export const PREFLIGHT_HEADERS: Record<string, string> = {
  ...CORS_HEADERS,
  'access-control-allow-methods': 'GET, POST, PATCH, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type, X-EEGDASH-TOKEN, X-Request-ID',
  'access-control-max-age': '600',
};
