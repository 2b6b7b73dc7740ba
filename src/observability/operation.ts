/**
 * What the observers of a GraphQL request (metrics, the access log) read off it, each the same
 * way: which operation it was (name and type, from the document), the `extensions.code` of every
 * error it answered with (partial and incremental payloads included), and when its answer was
 * complete — for a streamed answer (`@defer`, `@stream`, subscriptions), when the stream ended.
 */
import { type DocumentNode, getOperationAST } from 'graphql';
import { isAsyncIterable, mapAsyncIterator } from 'graphql-yoga';

export type OperationType = 'query' | 'mutation' | 'subscription';

export interface OperationInfo {
  /** The operation's name as the document spells it; undefined for an anonymous operation. */
  name: string | undefined;
  type: OperationType | undefined;
}

/** The operation `operationName` selects in `document` (or its only one). */
export function operationOf(document: DocumentNode, operationName?: string | null): OperationInfo {
  const operation = getOperationAST(document, operationName);
  return { name: operation?.name?.value ?? operationName ?? undefined, type: operation?.operation };
}

interface Payload {
  errors?: readonly { extensions?: Record<string, unknown> }[];
  incremental?: readonly Payload[];
}

/** Appends the `extensions.code` of each error of one payload (its incremental parts too) to `into`. */
export function collectErrorCodes(payload: unknown, into: string[]): void {
  if (typeof payload !== 'object' || payload === null) return;
  const { errors, incremental } = payload as Payload;
  if (Array.isArray(errors)) {
    for (const error of errors) {
      const code = error?.extensions?.code;
      into.push(typeof code === 'string' ? code : 'UNKNOWN');
    }
  }
  if (Array.isArray(incremental)) for (const part of incremental) collectErrorCodes(part, into);
}

/**
 * Calls `each` on every payload of a result Yoga is about to send and `done` once, when it is
 * all sent: at once for one result or a batch, at the end of the stream (or when the client
 * leaves it) for a streamed one. Returns the result to send: a stream is wrapped, whose
 * `return()` still reaches the source at once (a disconnect stops the work, not just the wrapper).
 */
export function observeResult<R>(result: R, each: (payload: unknown) => void, done: () => void): R {
  let finished = false;
  const end = () => {
    if (finished) return;
    finished = true;
    done();
  };
  if (isAsyncIterable(result)) {
    return mapAsyncIterator(
      result,
      (payload) => {
        each(payload);
        return payload;
      },
      (error: unknown) => {
        end();
        throw error;
      },
      end,
    ) as R;
  }
  if (Array.isArray(result)) for (const payload of result) each(payload);
  else each(result);
  end();
  return result;
}
