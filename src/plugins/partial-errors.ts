/**
 * Partial results: a resolver that still returns data but must also report a failure (one archive
 * of a search is down, a chunk of a bulk write was refused) pushes a GraphQLError onto
 * `context.partialErrors`; this plugin adds them to the response's `errors`.
 */
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.ts';
import { clientExtensions } from '../errors.ts';

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
      return {
        onExecuteDone({ result, setResult }) {
          if (!('data' in result || 'errors' in result)) return;
          const extra = (args.contextValue as Context).partialErrors;
          if (extra.length === 0) return;
          setResult({ ...result, errors: [...(result.errors ?? []), ...extra] });
        },
      };
    },
  };
}
