/**
 * Errors as clients see them. Datasources throw ArchiveError; here it becomes a GraphQLError
 * with `extensions.code`, `extensions.archive` and the upstream status. Anything unexpected is
 * masked (no stack traces, no internals) and logged.
 */
import { GraphQLError } from 'graphql';
import { ArchiveError, type ArchiveName } from './http/archive-error.ts';
import type { Logger } from './logger.ts';

/** A GraphQL error for input the gateway refuses before any upstream call. */
export function badUserInput(
  message: string,
  details: Record<string, unknown> = {},
  archive?: ArchiveName,
): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', ...(archive ? { archive } : {}), ...details },
  });
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
      if (original instanceof ArchiveError) {
        return new GraphQLError(original.message, {
          nodes: error.nodes,
          source: error.source,
          positions: error.positions,
          path: error.path,
          extensions: { ...error.extensions, ...archiveErrorExtensions(original) },
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
    if (error instanceof ArchiveError) {
      return new GraphQLError(error.message, { extensions: archiveErrorExtensions(error) });
    }
    logger.error('unexpected error', {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    return new GraphQLError(message, {
      ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  };
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
