/**
 * The fault matrix: each archive × each way an archive fails, with one query touching all three.
 * The faulted field gets its code (or its data, when a retry saves it), the other two keep their
 * data and report nothing, the faulted archive sees exactly as many requests as the retry rules
 * allow (src/http/retry.ts, src/http/upstream.ts), and the answer arrives within the bound the
 * gateway's settings give. A client that hangs up gets nothing, and nothing more is sent for it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScriptedFault } from '../../replicas/common/server.ts';
import { useAllReplicas } from '../support/replicas.ts';

type Archive = 'dandi' | 'eegdash' | 'brainstem';
const ARCHIVES: Archive[] = ['dandi', 'eegdash', 'brainstem'];

const TIMEOUT_MS = 400;
const MAX_RETRIES = 2;
const ATTEMPTS = MAX_RETRIES + 1;
const RETRY_AFTER_S = 1;
/** Slack for a loaded machine on top of the bound the settings give. */
const MARGIN_MS = 2_000;

const stack = useAllReplicas({
  UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
  UPSTREAM_MAX_RETRIES: String(MAX_RETRIES),
  UPSTREAM_RETRY_BASE_MS: '5',
  UPSTREAM_RETRY_MAX_DELAY_MS: '2000',
  UPSTREAM_RETRY_BUDGET_MS: '3000',
  REQUEST_DEADLINE_MS: '5000',
  LINK_INDEX_REFRESH_MS: '0',
});

interface Target {
  /** One cheap root field: a single upstream request when nothing fails. */
  field: string;
  /** The path that field requests, so only it consumes the faults. */
  path: string;
  /** Valid JSON of the wrong shape for that path, and the key the gateway names. */
  wrongShape: { body: unknown; key: string };
}

const TARGETS: Record<Archive, Target> = {
  dandi: {
    field: 'dandisets(first: 1) { edges { node { identifier } } }',
    path: '/dandisets/',
    wrongShape: { body: { count: 1, next: null, results: 'oops' }, key: 'results' },
  },
  eegdash: {
    field: 'records(first: 1) { edges { node { dataName } } }',
    path: '/records',
    wrongShape: { body: { success: true, data: 'oops' }, key: 'data' },
  },
  brainstem: {
    field: 'sessions(first: 1, portal: PUBLIC) { edges { node { id } } }',
    path: '/stem/session/',
    wrongShape: { body: { sessions: 'oops' }, key: 'sessions' },
  },
};

const QUERY = `{ ${ARCHIVES.map((a) => `${a}: ${TARGETS[a].field}`).join('\n')} }`;

interface FaultCase {
  name: string;
  /** Queued on the faulted archive's path; "always" queues one more than could ever be used. */
  faults(target: Target): ScriptedFault[];
  /** The faulted field's code; undefined: its data arrives, with no error. */
  code?: string;
  /** Requests the faulted archive receives. */
  requests: number;
  /** Lower bound on the answer's time, where the archive asked the gateway to wait. */
  waitsMs?: number;
  /** The error names the key of the wrong shape. */
  namesKey?: boolean;
}

const always = (fault: ScriptedFault): ScriptedFault[] => Array.from({ length: ATTEMPTS + 1 }, () => ({ ...fault }));
const rateLimited: ScriptedFault = { kind: 'status', status: 429, retryAfter: RETRY_AFTER_S };

const FAULTS: FaultCase[] = [
  {
    name: '500 always',
    faults: () => always({ kind: 'status', status: 500 }),
    code: 'ARCHIVE_UNAVAILABLE',
    requests: ATTEMPTS,
  },
  { name: '503 then ok', faults: () => [{ kind: 'status', status: 503 }], requests: 2 },
  { name: '429 + Retry-After: 1, then ok', faults: () => [rateLimited], requests: 2, waitsMs: RETRY_AFTER_S * 1000 },
  {
    name: '429 + Retry-After: 1 always',
    faults: () => always(rateLimited),
    code: 'ARCHIVE_RATE_LIMITED',
    requests: ATTEMPTS,
    waitsMs: MAX_RETRIES * RETRY_AFTER_S * 1000,
  },
  // A timeout is not retried: waiting as long again would double what the caller waited.
  { name: 'hang', faults: () => always({ kind: 'hang' }), code: 'ARCHIVE_TIMEOUT', requests: 1 },
  { name: 'drop always', faults: () => always({ kind: 'drop' }), code: 'ARCHIVE_UNAVAILABLE', requests: ATTEMPTS },
  {
    name: 'malformed JSON always',
    faults: () => always({ kind: 'malformed' }),
    code: 'ARCHIVE_BAD_RESPONSE',
    requests: ATTEMPTS,
  },
  // The shape is checked by the datasource once the response is in: nothing to retry.
  {
    name: 'wrong-shape JSON always',
    faults: (t) => always({ kind: 'body', body: t.wrongShape.body }),
    code: 'ARCHIVE_BAD_RESPONSE',
    requests: 1,
    namesKey: true,
  },
  {
    name: 'slow body past the timeout',
    faults: () => always({ kind: 'slow', bodyMs: TIMEOUT_MS * 5 }),
    code: 'ARCHIVE_TIMEOUT',
    requests: 1,
  },
  { name: 'slow body within the timeout', faults: () => always({ kind: 'slow', bodyMs: TIMEOUT_MS / 4 }), requests: 1 },
];

interface GraphQLErrorJson {
  path?: (string | number)[];
  extensions: Record<string, unknown>;
}

/** The longest an answer may take with these settings: every attempt timing out plus every wait, or the deadline. */
function boundMs(): number {
  const { config } = stack.gw;
  const { timeoutMs, maxRetries, retryBudgetMs } = config.upstream;
  return Math.min(config.requestDeadlineMs, (maxRetries + 1) * timeoutMs + retryBudgetMs) + MARGIN_MS;
}

/** What each archive's field returns with nothing failing. */
let clean: Record<Archive, unknown>;

beforeAll(async () => {
  const res = await stack.gw.post({ query: QUERY });
  expect(res.json.errors).toBeUndefined();
  clean = res.json.data;
});

const MATRIX = ARCHIVES.flatMap((archive) => FAULTS.map((fault) => [archive, fault.name, fault] as const));

describe('one archive failing, the other two serving', () => {
  it.each(MATRIX)('%s: %s', async (archive, _, fault) => {
    const target = TARGETS[archive];
    stack.replicas[archive].faults.queue(...fault.faults(target).map((f) => ({ ...f, pathIncludes: target.path })));

    const started = performance.now();
    const res = await stack.gw.post({ query: QUERY });
    const elapsed = performance.now() - started;

    expect(res.status).toBe(200);
    const errors: GraphQLErrorJson[] = res.json.errors ?? [];
    for (const other of ARCHIVES.filter((a) => a !== archive)) {
      expect(res.json.data[other]).toEqual(clean[other]);
      expect(errors.filter((e) => e.path?.[0] === other)).toEqual([]);
      expect(stack.replicas[other].log.count()).toBe(1);
    }
    const own = errors.filter((e) => e.path?.[0] === archive);
    if (fault.code === undefined) {
      expect(own).toEqual([]);
      expect(res.json.data[archive]).toEqual(clean[archive]);
    } else {
      expect(res.json.data[archive]).toBeNull();
      expect(own.map((e) => e.extensions)).toEqual([expect.objectContaining({ code: fault.code, archive })]);
      if (fault.namesKey) expect(own[0]?.extensions.key).toBe(target.wrongShape.key);
    }
    expect(errors).toHaveLength(own.length);
    const log = stack.replicas[archive].log;
    expect(log.count()).toBe(fault.requests);
    expect(log.count(target.path)).toBe(fault.requests);
    // 50 ms: the client's clock and the gateway's timers are not read at the same instant.
    if (fault.waitsMs !== undefined) expect(elapsed).toBeGreaterThanOrEqual(fault.waitsMs - 50);
    expect(elapsed).toBeLessThan(boundMs());
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `done()` holds, checking every 10 ms. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await sleep(10);
}

describe('the client hanging up', () => {
  it.each(ARCHIVES)('%s: the client gets nothing and no retry is sent after it left', async (archive) => {
    const target = TARGETS[archive];
    // Each answer asks for a wait before the retry: the client leaves during that wait.
    stack.replicas[archive].faults.queue(
      ...always({ kind: 'status', status: 503, retryAfter: RETRY_AFTER_S }).map((f) => ({
        ...f,
        pathIncludes: target.path,
      })),
    );
    const client = new AbortController();
    const pending = fetch(`${stack.gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY }),
      signal: client.signal,
    }).then(
      async (res) => ({ answered: true, body: await res.text() }),
      (error: Error) => ({ answered: false, body: error.name }),
    );
    // Every archive has answered once: the faulted one with its 503, the gateway is waiting.
    const answered = (a: Archive) => stack.replicas[a].log.entries.some((e) => e.status !== 0);
    await until(() => ARCHIVES.every(answered));
    client.abort();

    expect(await pending).toEqual({ answered: false, body: 'AbortError' });
    const log = stack.replicas[archive].log;
    expect(log.entries.map((e) => e.status)).toEqual([503]);
    // Past the Retry-After, the retry would have been sent by now.
    await sleep(RETRY_AFTER_S * 1000 + 500);
    expect(log.entries.map((e) => e.status)).toEqual([503]);
    for (const a of ARCHIVES) expect(stack.replicas[a].log.count()).toBe(1);
  });
});
