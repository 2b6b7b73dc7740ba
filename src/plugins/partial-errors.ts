/**
 * Partial results: a resolver that still returns data but must also report a failure (one archive
 * of a search is down, a chunk of a bulk write was refused) pushes a GraphQLError onto
 * `context.partialErrors`; this plugin adds them to the response's `errors`.
 *
 * A streamed result (`@defer`, `@stream`) gets each error in the first payload sent after it was
 * reported: the initial payload's `errors`, or the `errors` of the deferred fragment (or streamed
 * items) whose `path` holds the error's path — which is where incremental delivery puts the errors
 * of later data.
 */
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.ts';
import { clientExtensions } from '../errors.ts';
import { onEachPayload, type Payload } from './defer-stream.ts';

/** Records `error` against the field being resolved, without failing it. */
export function reportPartialError(
  ctx: Context,
  info: GraphQLResolveInfo,
  error: unknown,
  extra: Record<string, unknown> = {},
): void {
  const path: (string | number)[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) path.unshift(p.key);
  const known = clientExtensions(error);
  const extensions =
    known ?? (error instanceof GraphQLError ? { ...error.extensions } : { code: 'INTERNAL_SERVER_ERROR' });
  const message = known || error instanceof GraphQLError ? (error as Error).message : 'Unexpected error.';
  ctx.partialErrors.push(
    new GraphQLError(message, { nodes: info.fieldNodes, path, extensions: { ...extensions, ...extra } }),
  );
}

export function usePartialErrors(): Plugin<Context> {
  return {
    onExecute({ args }) {
      let seen = 0;
      let pending: GraphQLError[] = [];
      return {
        onExecuteDone: onEachPayload((result, setResult, { last }) => {
          const all = (args.contextValue as Context).partialErrors;
          pending.push(...all.slice(seen));
          seen = all.length;
          if (pending.length === 0) return;
          // A streamed payload carries the errors of the data it holds; an error whose data is
          // still to come waits for it (and, should it never come, goes with the last payload).
          const entries = result.incremental;
          if (!entries) {
            const mine = last ? pending : pending.filter((e) => holds(result.data, [], e.path));
            pending = pending.filter((e) => !mine.includes(e));
            if (mine.length) setResult({ ...result, errors: [...(result.errors ?? []), ...mine] });
            return;
          }
          const out = entries.map((e) => ({ ...e, errors: [...(e.errors ?? [])] }));
          pending = pending.filter((error) => {
            const entry = out.find((e) => holdsEntry(e, error.path)) ?? (last ? out[0] : undefined);
            entry?.errors.push(error);
            return entry === undefined;
          });
          setResult({ ...result, incremental: out.map((e) => (e.errors.length ? e : { ...e, errors: undefined })) });
        }),
      };
    },
  };
}

type Path = readonly (string | number)[] | undefined;

/** Whether `data`, found at `at` in the response, holds the value at `path`. */
function holds(data: unknown, at: readonly (string | number)[], path: Path): boolean {
  if (!path || path.length <= at.length || !at.every((key, i) => path[i] === key)) return false;
  let value = data;
  for (const key of path.slice(at.length, -1)) {
    if (value === null || typeof value !== 'object') return false;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value !== null && typeof value === 'object' && (path.at(-1) as string | number) in value;
}

/** Whether a deferred fragment (`data` at `path`) or streamed items (`items` from `path`) hold `at`. */
function holdsEntry(entry: NonNullable<Payload['incremental']>[number], path: Path): boolean {
  const at = entry.path ?? [];
  if (!Array.isArray(entry.items)) return holds(entry.data, at, path);
  // Streamed items: `path` ends with the index of the first of them.
  const start = at.at(-1);
  if (typeof start !== 'number') return false;
  const list: unknown[] = [];
  entry.items.forEach((item, i) => {
    list[start + i] = item;
  });
  return holds(list, at.slice(0, -1), path);
}
