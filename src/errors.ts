/**
 * Errors as clients see them. The gateway throws ArchiveError (an archive failed or refused) and
 * InputError (the gateway refused the input itself); here each becomes a GraphQLError
 * with `extensions.code`, `extensions.archive` and the upstream status. Anything unexpected is
 * masked (no stack traces, no internals) and logged.
 */
import { GraphQLError } from 'graphql';
import { ArchiveError, InputError } from './http/archive-error.ts';
import { type Logger, silentLogger } from './logger.ts';

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
    logger.error('unexpected error', describeForLog(error));
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

/**
 * Yoga's `logging`. Yoga reports at `error` every error `maskError` replaced, and that is every
 * error the gateway answers with a code: a missing dandiset or a refused variable is the caller's,
 * logged at `info`; an archive failing is `warn`; the unexpected rest `maskError` itself has
 * already logged at `error` with its stack. The logger keeps only a short prefix of messages,
 * which quote the input (`Variable "$x" got invalid value "…"`).
 */
export function createYogaLogging(logger: Logger) {
  const classify = createMaskError(silentLogger);
  const text = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  return {
    debug: (...args: unknown[]) => logger.debug(text(args)),
    info: (...args: unknown[]) => logger.info(text(args)),
    warn: (...args: unknown[]) => logger.warn(text(args)),
    error: (...args: unknown[]) => {
      const [error] = args;
      if (!(error instanceof Error)) return logger.error(text(args));
      const masked = classify(error, 'Unexpected error.');
      const extensions = masked instanceof GraphQLError ? masked.extensions : {};
      const code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR';
      const fields = { code, ...(extensions.archive ? { archive: extensions.archive } : {}), error: error.message };
      if (code === 'INTERNAL_SERVER_ERROR') logger.debug('error answered', fields);
      else if (code.startsWith('ARCHIVE_')) logger.warn('archive error answered', fields);
      else logger.info('client error answered', fields);
    },
  };
}

/** An unexpected error for the log: its message, and its stack frames without the message. */
function describeForLog(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const frames = error.stack?.indexOf('\n    at ') ?? -1;
  return { error: error.message, ...(frames >= 0 && error.stack ? { stack: error.stack.slice(frames + 1) } : {}) };
}
