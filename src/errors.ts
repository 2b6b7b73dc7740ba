/**
 * Errors as clients see them. The gateway throws ArchiveError (an archive failed or refused) and
 * InputError (the gateway refused the input itself); here each becomes a GraphQLError
 * with `extensions.code`, `extensions.archive` and the upstream status. Anything unexpected is
 * masked (no stack traces, no internals) and logged.
 */
import { GraphQLError } from 'graphql';
import { ArchiveError, InputError } from './http/archive-error.ts';
import type { Logger } from './logger.ts';

/** The `extensions` of input the gateway refused itself (see `inputError`). */
export function inputErrorExtensions(error: InputError): Record<string, unknown> {
  return { code: error.code, ...(error.archive ? { archive: error.archive } : {}), ...error.details };
}

export function archiveErrorExtensions(error: ArchiveError): Record<string, unknown> {
  const extensions: Record<string, unknown> = { code: error.code, archive: error.archive };
  if (error.status !== undefined) extensions.status = error.status;
  const { upstreamBody, ...details } = error.details ?? {};
  Object.assign(extensions, details);
  // Field-level validation messages from the archive are what the user needs to fix the input.
  if (error.code === 'BAD_USER_INPUT' && upstreamBody && typeof upstreamBody === 'object') {
    extensions.upstreamErrors = upstreamBody;
  }
  return extensions;
}

/** Yoga's `maskedErrors.maskError`: expose what is meant for clients, mask the rest. */
export function createMaskError(logger: Logger) {
  return (error: unknown, message: string): Error => {
    if (error instanceof GraphQLError) {
      const original = error.originalError;
      const known = clientExtensions(original);
      if (known) {
        return new GraphQLError(original instanceof Error ? original.message : error.message, {
          nodes: error.nodes,
          source: error.source,
          positions: error.positions,
          path: error.path,
          extensions: { ...error.extensions, ...known },
        });
      }
      if (typeof error.extensions?.code === 'string') return error;
      if (original === undefined || original === null) {
        // graphql-js reports request errors (bad variable values, unknown operation) without a
        // code; they are the caller's input, so say so.
        return error.path ? error : withExtensions(error, { code: 'BAD_USER_INPUT' });
      }
      if (original instanceof GraphQLError)
        return withExtensions(error, { code: original.extensions?.code ?? 'BAD_USER_INPUT' });
    }
    const known = clientExtensions(error);
    if (known) return new GraphQLError((error as Error).message, { extensions: known });
    logger.error('unexpected error', {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    return new GraphQLError(message, {
      ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  };
}

/** The client-facing `extensions` of the gateway's own error types; undefined for anything else. */
export function clientExtensions(error: unknown): Record<string, unknown> | undefined {
  if (error instanceof ArchiveError) return archiveErrorExtensions(error);
  if (error instanceof InputError) return inputErrorExtensions(error);
  return undefined;
}

function withExtensions(error: GraphQLError, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, ...extensions },
  });
}
