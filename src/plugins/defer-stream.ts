/**
 * `@defer` and `@stream`: a client asks for the fast part of an answer first and the slow part
 * (one archive is slower than the others) later, over one response — multipart HTTP
 * (`Accept: multipart/mixed`) or SSE (`Accept: text/event-stream`).
 *
 * Yoga's executor (@graphql-tools/executor) already runs incremental delivery; what
 * `@graphql-yoga/plugin-defer-stream` adds is the validation rules (labels unique, no `@defer`
 * on mutation or subscription root fields, `@stream` on lists only, field merging aware of
 * deferred fragments). The directives themselves are declared here and put in the schema by
 * src/schema.ts, not added by the plugin at startup: so they are in schema/schema.graphql and
 * codegen's typed documents may use them (the plugin adds nothing to a schema that has them).
 *
 * The plugins that add to a result (cost, partial errors, stale-data notes) run on every payload
 * of a stream (see `onEachPayload`) and add their part where it is complete: `extensions.cost` and
 * `extensions.staleData` to the last payload, each partial error to the payload that carries the
 * data it belongs to.
 */
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import {
  BREAK,
  type DocumentNode,
  DirectiveLocation,
  type ExecutionResult,
  GraphQLBoolean,
  GraphQLDirective,
  GraphQLError,
  GraphQLInt,
  GraphQLNonNull,
  GraphQLString,
  Kind,
  visit,
} from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';

/** `@defer`, as the incremental-delivery RFC (and @graphql-tools/utils) declares it. */
export const GraphQLDeferDirective = new GraphQLDirective({
  name: 'defer',
  description:
    'Sends this fragment in a later payload of the same response (when `if` is true or absent): ask for a slow archive after the fast ones.',
  locations: [DirectiveLocation.FRAGMENT_SPREAD, DirectiveLocation.INLINE_FRAGMENT],
  args: {
    if: { type: new GraphQLNonNull(GraphQLBoolean), defaultValue: true, description: 'Deferred when true.' },
    label: { type: GraphQLString, description: 'Names the payload that carries this fragment (unique per document).' },
  },
});

/** `@stream`, as the incremental-delivery RFC (and @graphql-tools/utils) declares it. */
export const GraphQLStreamDirective = new GraphQLDirective({
  name: 'stream',
  description:
    'Sends the items of this list in later payloads, as they resolve (when `if` is true or absent); `initialCount` of them come with the first.',
  locations: [DirectiveLocation.FIELD],
  args: {
    if: { type: new GraphQLNonNull(GraphQLBoolean), defaultValue: true, description: 'Streamed when true.' },
    label: { type: GraphQLString, description: 'Names the payloads that carry these items (unique per document).' },
    initialCount: { type: GraphQLInt, defaultValue: 0, description: 'Items sent with the first payload.' },
  },
});

/** Directives the gateway's schema declares besides graphql-js's own. */
export const DEFER_STREAM_DIRECTIVES = [GraphQLDeferDirective, GraphQLStreamDirective] as const;

/** Media types of one whole answer: a client accepting only these cannot read a stream. */
const SINGLE_ANSWER_TYPES = new Set(['application/json', 'application/graphql-response+json']);

/** Whether `accept` names only single-answer JSON types (no multipart, no SSE, no wildcard). */
export function acceptsOnlySingleAnswers(accept: string | null): boolean {
  if (accept === null || accept.trim() === '') return false;
  const types = accept
    .split(',')
    .map((part) => part.split(';')[0]?.trim().toLowerCase() ?? '')
    .filter(Boolean);
  return types.length > 0 && types.every((t) => SINGLE_ANSWER_TYPES.has(t));
}

/**
 * What decides whether a document asks for incremental delivery, found once per document (the
 * check runs on every request): `true` when some `@defer`/`@stream` is on whatever the
 * variables, else the variables of their `if` arguments (none: it never does).
 */
const incrementalConditions = new WeakMap<DocumentNode, true | readonly string[]>();

function conditionsOf(document: DocumentNode): true | readonly string[] {
  const known = incrementalConditions.get(document);
  if (known !== undefined) return known;
  let always = false;
  const variables: string[] = [];
  visit(document, {
    Directive(node) {
      if (node.name.value !== 'defer' && node.name.value !== 'stream') return;
      const condition = node.arguments?.find((a) => a.name.value === 'if')?.value;
      if (condition === undefined || (condition.kind === Kind.BOOLEAN && condition.value)) {
        always = true;
        return BREAK;
      }
      if (condition.kind === Kind.VARIABLE) variables.push(condition.name.value);
    },
  });
  const conditions = always ? true : variables;
  incrementalConditions.set(document, conditions);
  return conditions;
}

/** Whether the document asks for incremental delivery: a `@defer` or `@stream` whose `if` is not false. */
export function usesIncrementalDelivery(document: DocumentNode, variables: Record<string, unknown> = {}): boolean {
  const conditions = conditionsOf(document);
  return conditions === true || conditions.some((name) => variables[name] !== false);
}

/** Yoga's `maskedErrors.maskError` (src/errors.ts createMaskError). */
export type MaskError = (error: unknown, message: string) => Error;

/**
 * Validation rules for `@defer` and `@stream` (the executor already delivers them); the errors of
 * deferred fragments and streamed items masked and coded like any other (envelop's
 * useMaskedErrors sees only a payload's top-level `errors`: without this, an archive failing in a
 * deferred fragment had no `extensions.code`, and an unexpected error kept its raw message); and
 * a 406 `NOT_ACCEPTABLE` before execution for a client that can only read one JSON answer (Yoga
 * would run the whole operation, every upstream request, and only then answer 406, with no code).
 */
export function useDeferAndStream(maskError: MaskError): Plugin {
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(useDeferStream() as Plugin);
      addPlugin(useIncrementalErrorMasking(maskError));
    },
    onExecute({ args, setResultAndStopExecution }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (!acceptsOnlySingleAnswers(request?.headers.get('accept') ?? null)) return;
      if (!usesIncrementalDelivery(args.document, args.variableValues ?? {})) return;
      return setResultAndStopExecution({
        errors: [
          new GraphQLError(
            'This operation uses @defer or @stream, whose answer comes in several parts: send `Accept: multipart/mixed` or `Accept: text/event-stream`',
            { extensions: { code: 'NOT_ACCEPTABLE', http: { status: 406 } } },
          ),
        ],
      });
    },
  };
}

/** Masks (and codes) the errors inside `incremental` entries, as Yoga does for top-level ones. */
function useIncrementalErrorMasking(maskError: MaskError): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone: onEachPayload((payload, setPayload) => {
          if (!payload.incremental?.some((entry) => entry.errors?.length)) return;
          setPayload({
            ...payload,
            incremental: payload.incremental.map((entry) =>
              entry.errors?.length
                ? { ...entry, errors: entry.errors.map((error) => maskError(error, 'Unexpected error.')) }
                : entry,
            ),
          });
        }),
      };
    },
  };
}

/** One payload of a result: the whole result, or the initial or a subsequent payload of a stream. */
export interface Payload extends ExecutionResult {
  /** Present on streamed payloads only: whether more follow. */
  hasNext?: boolean;
  /** Subsequent payloads: the deferred fragments' data or the streamed items, each at its `path`. */
  incremental?: { path?: readonly (string | number)[]; errors?: unknown[]; [key: string]: unknown }[];
}

/**
 * The envelop `onExecuteDone` hook for plugins that add to results: `fn` sees a single result
 * (`last` true) or each payload of an incremental one (`last` true on the one with `hasNext:
 * false`). What it sets replaces that payload.
 */
export function onEachPayload(
  fn: (payload: Payload, setPayload: (p: Payload) => void, position: { first: boolean; last: boolean }) => void,
) {
  return (event: Parameters<typeof handleStreamOrSingleExecutionResult>[0]) => {
    let first = true;
    return handleStreamOrSingleExecutionResult(event, ({ result, setResult }) => {
      const payload = result as Payload;
      const position = { first, last: payload.hasNext !== true };
      first = false;
      fn(payload, setResult as (p: Payload) => void, position);
    });
  };
}
