/**
 * Identical upstream calls in flight at once go out once: the first caller's fetch is shared by
 * everyone who asks for the same key (same scope, method and URL) before it ends, across
 * GraphQL requests. Each caller still stops at its own signal; the shared fetch is only
 * abandoned when every caller waiting on it has gone.
 */

interface Flight {
  promise: Promise<unknown>;
  controller: AbortController;
  waiting: number;
}

/** Rejects with `signal.reason` when it aborts. */
function whenAborted(signal: AbortSignal): { promise: Promise<never>; dispose(): void } {
  let onAbort = () => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => {});
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

export class SingleFlight {
  private readonly flights = new Map<string, Flight>();

  /** In flight now (for tests and metrics). */
  get size(): number {
    return this.flights.size;
  }

  /**
   * Runs `work` for `key` unless it already runs; `shared` says the caller rode on another's.
   * `work` gets a signal that aborts only once every caller has left.
   */
  async run<T>(
    key: string,
    signal: AbortSignal | undefined,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<{ value: T; shared: boolean }> {
    if (signal?.aborted) throw signal.reason;
    let flight = this.flights.get(key);
    const shared = flight !== undefined;
    if (!flight) {
      const controller = new AbortController();
      const started: Flight = { controller, waiting: 0, promise: Promise.resolve() };
      started.promise = (async () => {
        try {
          return await work(controller.signal);
        } finally {
          if (this.flights.get(key) === started) this.flights.delete(key);
        }
      })();
      started.promise.catch(() => {});
      this.flights.set(key, started);
      flight = started;
    }
    const current = flight;
    current.waiting++;
    const abort = signal ? whenAborted(signal) : undefined;
    try {
      const value = (await (abort ? Promise.race([current.promise, abort.promise]) : current.promise)) as T;
      return { value, shared };
    } finally {
      abort?.dispose();
      if (--current.waiting === 0 && signal?.aborted) {
        if (this.flights.get(key) === current) this.flights.delete(key);
        current.controller.abort(signal.reason);
      }
    }
  }
}
