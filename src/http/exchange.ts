/**
 * One HTTP exchange with an archive, timed the way the archive should be judged. The wait for a
 * free connection is the gateway's own queue (`ConnectionSlots`), bounded on its own and left
 * unsent when it runs out; the per-attempt timeout starts only when undici writes the request
 * (`onRequestStart`), so time spent queued behind other requests is never blamed on the archive.
 *
 * The queue is ours rather than undici's because a request queued inside undici cannot be taken
 * back: an abort or timeout there is only noticed once a connection frees up, and then costs
 * that connection. Ours drops a waiter at once, and nothing reaches the archive.
 */
import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'undici/types/header.js';

/** How a wait for a connection ended. */
export type SlotOutcome = 'taken' | 'timeout' | 'aborted';

/** At most `size` exchanges in flight; the rest wait in arrival order and may give up waiting. */
export class ConnectionSlots {
  private free: number;
  private readonly waiting = new Set<() => void>();

  constructor(size: number) {
    this.free = size;
  }

  /** Resolves once a slot is this caller's (`release` it), or when the wait ends without one. */
  acquire(timeoutMs: number, signal?: AbortSignal): Promise<SlotOutcome> {
    if (signal?.aborted) return Promise.resolve('aborted');
    if (this.free > 0) {
      this.free--;
      return Promise.resolve('taken');
    }
    return new Promise((resolve) => {
      const end = (outcome: SlotOutcome) => {
        this.waiting.delete(take);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const take = () => end('taken');
      const onAbort = () => end('aborted');
      const timer = setTimeout(() => end('timeout'), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.add(take);
    });
  }

  /** Hands the slot to the longest waiter, or frees it. */
  release(): void {
    const next = this.waiting.values().next();
    if (next.done) this.free++;
    else next.value();
  }
}

export type ExchangeResult =
  | { ok: true; status: number; headers: IncomingHttpHeaders; text: string }
  /** Written, but no whole answer within the per-attempt timeout. */
  | { ok: false; kind: 'timeout' }
  /** `signal` was aborted; the exchange was cut wherever it was (`written`: the archive may have acted). */
  | { ok: false; kind: 'aborted'; reason: unknown; written: boolean }
  /** Connection refused or reset, socket errors: the archive could not be reached. */
  | { ok: false; kind: 'network'; cause: Error };

/**
 * Sends one request on `dispatcher` and reads the whole answer. `timeoutMs` runs from the moment
 * the request is written until the last byte of the body; `signal` cuts it at any point.
 */
export function exchange(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ExchangeResult> {
  if (signal?.aborted) return Promise.resolve({ ok: false, kind: 'aborted', reason: signal.reason, written: false });
  return new Promise((resolve) => {
    let controller: Dispatcher.DispatchController | undefined;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    let status = 0;
    let headers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];

    /** Settles once; anything after that (undici reporting the abort it was told of) is ignored. */
    const settle = (result: ExchangeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(result);
      if (!result.ok) controller?.abort(new Error(`upstream exchange ${result.kind}`));
    };
    const onAbort = () =>
      settle({ ok: false, kind: 'aborted', reason: signal?.reason, written: controller !== undefined });
    signal?.addEventListener('abort', onAbort, { once: true });

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        // Given up on while undici was still connecting: never write it.
        if (settled) {
          c.abort(new Error('upstream exchange no longer wanted'));
          return;
        }
        controller = c;
        clearTimeout(timer);
        timer = setTimeout(() => settle({ ok: false, kind: 'timeout' }), timeoutMs);
      },
      onResponseStart(_c, statusCode, responseHeaders) {
        status = statusCode;
        headers = responseHeaders;
      },
      onResponseData(_c, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd() {
        settle({ ok: true, status, headers, text: Buffer.concat(chunks).toString('utf8') });
      },
      onResponseError(_c, cause) {
        settle({ ok: false, kind: 'network', cause });
      },
    };
    try {
      dispatcher.dispatch(options, handler);
    } catch (cause) {
      settle({ ok: false, kind: 'network', cause: cause instanceof Error ? cause : new Error(String(cause)) });
    }
  });
}
