/**
 * Starts the gateway on a free loopback port, pointed at replicas, and sends it GraphQL over
 * real HTTP with typed documents from test/gql.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { type Logger, silentLogger } from '../../src/logger.ts';
import { createGateway, type Gateway } from '../../src/server.ts';

/** Unreachable on purpose: an archive a test did not start must never be called by accident. */
const CLOSED = 'http://127.0.0.1:9';

export interface TestGateway {
  gateway: Gateway;
  url: string;
  config: Config;
  execute<R, V>(
    document: TypedDocumentNode<R, V>,
    variables?: V,
    headers?: Record<string, string>,
  ): Promise<ExecutionResult<R> & { status: number }>;
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any; text: string }>;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  dandiApiUrl?: string;
  eegdashApiUrl?: string;
  brainstemApiUrl?: string;
  /** Extra env-style settings, e.g. `{ UPSTREAM_TIMEOUT_MS: '300' }`. */
  env?: Record<string, string>;
  /** Where the gateway logs (nowhere by default). */
  logger?: Logger;
}

/**
 * The settings every test gateway starts from, in a process or not: fast retries, costs
 * reported, silent. Each test counts the upstream requests of its own queries, so the caches
 * and the budgets are off: tests of them switch them on.
 */
export const TEST_SETTINGS: Readonly<Record<string, string>> = {
  PORT: '0',
  HOST: '127.0.0.1',
  UPSTREAM_TIMEOUT_MS: '5000',
  UPSTREAM_RETRY_BASE_MS: '5',
  UPSTREAM_RETRY_MAX_DELAY_MS: '3000',
  UPSTREAM_RETRY_BUDGET_MS: '5000',
  COST_EXTENSIONS: 'true',
  LOG_LEVEL: 'silent',
  CACHE: 'off',
  RESPONSE_CACHE: 'off',
  EEGDASH_REQUESTS_PER_MINUTE: '0',
  DANDI_REQUESTS_PER_MINUTE: '0',
  BRAINSTEM_REQUESTS_PER_MINUTE: '0',
};

/** POSTs a GraphQL request (an object is sent as JSON) to `${url}/graphql`; `json` is undefined when the body is not JSON. */
export async function postGraphql(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

export async function startGateway(options: TestGatewayOptions): Promise<TestGateway> {
  const config = loadConfig([], {
    ...TEST_SETTINGS,
    DANDI_API_URL: options.dandiApiUrl ?? CLOSED,
    EEGDASH_API_URL: options.eegdashApiUrl ?? CLOSED,
    BRAINSTEM_API_URL: options.brainstemApiUrl ?? CLOSED,
    ...options.env,
  });
  const gateway = createGateway(config, options.logger ?? silentLogger);
  const url = await gateway.listen();

  const post = (body: unknown, headers: Record<string, string> = {}) => postGraphql(url, body, headers);

  return {
    gateway,
    url,
    config,
    post,
    execute: async (document, variables, headers) => {
      const res = await post({ query: print(document), variables }, headers);
      return { ...(res.json as ExecutionResult<any>), status: res.status };
    },
    close: () => gateway.close(1_000),
  };
}

/** The `extensions.code` of each error, in order. */
export const errorCodes = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }): unknown[] =>
  (result.errors ?? []).map((e) => e.extensions?.code);

type Closable = { close(): Promise<void> };

/** A replica read under its own name (`s.bs`), for a test file. */
export type Replica<K extends string, R> = { readonly [P in K]: R };

/** A replica and the gateway pointed at it. */
export type ReplicaStack<K extends string, R> = Replica<K, R> & { readonly gw: TestGateway };

/** A replica for one test file: started once, closed at the end, and `reset` run before every test. */
export function useReplica<K extends string, R extends Closable>(
  name: K,
  start: () => Promise<R>,
  reset: (replica: R) => void = () => {},
): Replica<K, R> {
  let replica: R;
  beforeAll(async () => {
    replica = await start();
  });
  afterAll(async () => {
    await replica?.close();
  });
  beforeEach(() => reset(replica));
  return Object.defineProperty({}, name, { get: () => replica }) as Replica<K, R>;
}

/**
 * A replica and a gateway pointed at it for one test file: started once, closed at the end (the
 * gateway first), and `reset` (logs, faults, writes) run before every test.
 */
export function useReplicaStack<K extends string, R extends Closable>(
  name: K,
  start: () => Promise<R>,
  gatewayOptions: (replica: R) => TestGatewayOptions,
  reset: (replica: R) => void,
): ReplicaStack<K, R> {
  const stack = useReplica(name, start, reset);
  let gw: TestGateway;
  // Hooks run in order, after-hooks in reverse: the replica is up first and closed last.
  beforeAll(async () => {
    gw = await startGateway(gatewayOptions(stack[name]));
  });
  afterAll(async () => {
    await gw?.close();
  });
  // What one case taught the gateway (cached answers, a 429's pause) must not decide the next.
  beforeEach(() => gw?.gateway.upstreams.sharing.forget());
  return Object.defineProperty(stack, 'gw', { get: () => gw }) as ReplicaStack<K, R>;
}
