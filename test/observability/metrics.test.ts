/**
 * Prometheus `/metrics` over real sockets: after a cross-archive query the scrape has each
 * archive's upstream requests, the operation's duration under its name and type, errors by
 * code once an archive fails, retries, timeouts, queue waits, cache and budget events, the link
 * index's age and Node's process metrics; and no label holds an id, a token or a variable.
 */
import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { BRAINSTEM_REPLICA_TOKENS } from '../../replicas/brainstem/server.ts';
import { DANDI_REPLICA_TOKENS } from '../../replicas/dandi/server.ts';
import { BoundedLabel, MAX_OPERATION_NAMES } from '../../src/observability/metrics.ts';
import { DeferredEegdashDocument } from '../gql/graphql.ts';
import { startGateway } from '../support/gateway.ts';
import { useAllReplicas } from '../support/replicas.ts';

const s = useAllReplicas({ UPSTREAM_MAX_RETRIES: '1', CACHE: 'on', LINK_INDEX_REFRESH_MS: '0' });

/** One query reading all three archives, with a variable whose value must never become a label. */
const CROSS = `query CrossDashboard($dandiset: String!) {
  dandiset(identifier: $dandiset) { identifier draftVersion { name } }
  records(first: 2) { edges { node { dataName } } }
  sessions(first: 2, portal: PUBLIC) { edges { node { name } } }
}`;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a text exposition (comments left out). */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key!] = value!;
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

async function scrape(url = s.gw.url): Promise<{ text: string; samples: Sample[]; type: string | null }> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  return { text, samples: parse(text), type: res.headers.get('content-type') };
}

/** The sum of the samples named `name` whose labels include `labels`. */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v))
    .reduce((sum, x) => sum + x.value, 0);
}

describe('/metrics after a cross-archive query', () => {
  it('counts upstream requests per archive and the operation under its name and type', async () => {
    const before = (await scrape()).samples;
    const res = await s.gw.post(
      { query: CROSS, variables: { dandiset: '000003' } },
      { 'x-dandi-api-key': DANDI_REPLICA_TOKENS.owner, 'x-brainstem-token': BRAINSTEM_REPLICA_TOKENS.alice },
    );
    expect(res.json.errors).toBeUndefined();
    const counts = s.counts();
    const { samples, type } = await scrape();
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);

    for (const archive of ['dandi', 'eegdash', 'brainstem'] as const) {
      const sent =
        value(samples, 'upstream_requests_total', { archive }) - value(before, 'upstream_requests_total', { archive });
      expect(sent, archive).toBe(counts[archive]);
      expect(value(samples, 'upstream_requests_total', { archive, method: 'GET', status: '200', outcome: 'ok' })).toBe(
        value(before, 'upstream_requests_total', { archive, method: 'GET', status: '200', outcome: 'ok' }) + sent,
      );
      expect(value(samples, 'upstream_request_duration_seconds_count', { archive, status: '200' })).toBeGreaterThan(0);
      expect(value(samples, 'upstream_queue_wait_seconds_count', { archive })).toBeGreaterThan(0);
    }
    // Routes are templates: the dandiset's id became a placeholder.
    const routes = samples
      .filter((x) => x.name === 'upstream_request_duration_seconds_count')
      .map((x) => x.labels.route);
    expect(routes).toContain('/dandisets/{id}/');

    const operation = { operation_name: 'CrossDashboard', operation_type: 'query' };
    expect(value(samples, 'graphql_operation_duration_seconds_count', operation)).toBe(1);
    expect(value(samples, 'graphql_operation_duration_seconds_bucket', { ...operation, le: '+Inf' })).toBe(1);
    expect(value(samples, 'graphql_operation_duration_seconds_sum', operation)).toBeGreaterThan(0);
    // A scrape is no operation.
    expect(samples.some((x) => x.labels.operation_name === 'anonymous' && x.labels.operation_type === 'unknown')).toBe(
      false,
    );
  });

  it('counts errors by code, partial ones included, with the retries of the failing archive', async () => {
    const before = (await scrape()).samples;
    s.replicas.eegdash.faults.set({ errorRate: 1, errorStatus: 503 });
    const res = await s.gw.post({ query: CROSS, variables: { dandiset: '000004' } });
    expect(res.json.data.dandiset.identifier).toBe('000004'); // the other archives still answered
    expect(res.json.errors.map((e: any) => e.extensions.code)).toEqual(['ARCHIVE_UNAVAILABLE']);
    const { samples } = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      value(samples, name, labels) - value(before, name, labels);
    expect(delta('graphql_errors_total', { code: 'ARCHIVE_UNAVAILABLE' })).toBe(1);
    expect(delta('upstream_requests_total', { archive: 'eegdash', status: '503', outcome: 'http_error' })).toBe(2);
    expect(delta('upstream_retries_total', { archive: 'eegdash' })).toBe(1);
    expect(delta('upstream_retries_total', { archive: 'dandi' })).toBe(0);
    expect(delta('graphql_operation_duration_seconds_count', { operation_name: 'CrossDashboard' })).toBe(1);
  });

  it('counts refusals before execution under their code, and bounds operation names', async () => {
    const before = (await scrape()).samples;
    const refused = await s.gw.post({ query: '{ noSuchField }' });
    expect(refused.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const long = `Q${'x'.repeat(70)}`;
    await s.gw.post({ query: `query ${long} { __typename }` });
    await s.gw.post({ query: '{ __typename }' });
    const { samples } = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      value(samples, name, labels) - value(before, name, labels);
    expect(delta('graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(
      delta('graphql_operation_duration_seconds_count', { operation_name: 'anonymous', operation_type: 'query' }),
    ).toBe(3);
    expect(samples.some((x) => x.labels.operation_name === long)).toBe(false);
  });

  it('counts what the cache did and reads the link index age when scraped', async () => {
    const before = (await scrape()).samples;
    const query = '{ linkIndex { sessionCount } dandisets(first: 1) { edges { node { identifier } } } }';
    await s.gw.post({ query });
    await s.gw.post({ query });
    const { samples } = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      value(samples, name, labels) - value(before, name, labels);
    expect(delta('upstream_cache_events_total', { archive: 'dandi', event: 'miss' })).toBeGreaterThan(0);
    expect(delta('upstream_cache_events_total', { archive: 'dandi', event: 'hit' })).toBeGreaterThan(0);
    const age = samples.find((x) => x.name === 'link_index_age_seconds');
    expect(age?.value).toBeGreaterThanOrEqual(0);
    expect(age?.value).toBeLessThan(5); // built by this very query
    // Node's own metrics, from prom-client's collectDefaultMetrics.
    expect(value(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(value(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('has no label holding an id, a token or a variable value', async () => {
    await s.gw.post(
      { query: CROSS, variables: { dandiset: '000005' } },
      { 'x-dandi-api-key': DANDI_REPLICA_TOKENS.owner, 'x-brainstem-token': BRAINSTEM_REPLICA_TOKENS.alice },
    );
    const { text, samples } = await scrape();
    for (const secret of [DANDI_REPLICA_TOKENS.owner, BRAINSTEM_REPLICA_TOKENS.alice])
      expect(text).not.toContain(secret);
    // Ids (the variable's dandiset, a dataset, a session) in no label; digits in values are fine.
    const labelValues = samples.flatMap((x) => Object.values(x.labels));
    expect(labelValues.filter((v) => /\d{6}|ds\d{4}|[0-9a-f]{8}-[0-9a-f]{4}/.test(v))).toEqual([]);
    const allowed: Record<string, RegExp> = {
      archive: /^(dandi|eegdash|brainstem)$/,
      method: /^(GET|HEAD|POST|PUT|PATCH|DELETE)$/,
      status: /^([1-5]\d\d|timeout|network|aborted)$/,
      outcome: /^(ok|http_error|timeout|network|aborted)$/,
      route: /^(\/([a-z_.]+|\{id\})?)*$/,
      operation_name: /^[A-Za-z_][A-Za-z0-9_]{0,63}$/,
      operation_type: /^(query|mutation|subscription|unknown)$/,
      code: /^[A-Z][A-Z0-9_]*$/,
      event: /^(hit|revalidating|stale_if_error|coalesced|miss|wait|denied|paused)$/,
    };
    for (const sample of samples) {
      for (const [key, v] of Object.entries(sample.labels)) {
        const rule = allowed[key];
        // prom-client's own process metrics carry labels of their own (le, quantile, space, kind…).
        if (!rule || !/^(graphql|upstream|link)_/.test(sample.name)) continue;
        expect(v, `${sample.name} ${key}`).toMatch(rule);
      }
    }
  });

  it('times a deferred answer to its last payload and counts the errors of later payloads', async () => {
    const before = (await scrape()).samples;
    s.replicas.eegdash.faults.set({ latencyMs: 300, errorRate: 1, errorStatus: 503 });
    const res = await fetch(`${s.gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'multipart/mixed' },
      body: JSON.stringify({ query: print(DeferredEegdashDocument), variables: { first: 2 } }),
    });
    expect(res.headers.get('content-type')).toMatch(/^multipart\/mixed/);
    const body = await res.text();
    expect(body).toContain('"hasNext":true');
    const { samples } = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      value(samples, name, labels) - value(before, name, labels);
    const operation = { operation_name: 'DeferredEegdash', operation_type: 'query' };
    expect(delta('graphql_operation_duration_seconds_count', operation)).toBe(1);
    expect(delta('graphql_operation_duration_seconds_sum', operation)).toBeGreaterThanOrEqual(0.3);
    expect(delta('graphql_errors_total', { code: 'ARCHIVE_UNAVAILABLE' })).toBe(1); // in the deferred payload
  });

  it('answers only GET on /metrics', async () => {
    const res = await fetch(`${s.gw.url}/metrics`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(405);
    expect((await res.json()).errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
  });
});

describe('timeouts and budgets', () => {
  it('counts attempts that timed out and requests the budget refused', async () => {
    const gw = await startGateway({
      dandiApiUrl: s.replicas.env.DANDI_API_URL,
      env: {
        UPSTREAM_TIMEOUT_MS: '200',
        UPSTREAM_MAX_RETRIES: '0',
        DANDI_REQUESTS_PER_MINUTE: '1',
        UPSTREAM_BUDGET_WAIT_MS: '0',
      },
    });
    try {
      s.replicas.dandi.faults.queue({ kind: 'hang' });
      const hung = await gw.post({ query: '{ dandiset(identifier: "000003") { identifier created } }' });
      expect(hung.json.errors[0].extensions.code).toBe('ARCHIVE_TIMEOUT');
      const refused = await gw.post({ query: '{ dandiset(identifier: "000004") { identifier created } }' });
      expect(refused.json.errors[0].extensions.code).toBe('ARCHIVE_RATE_LIMITED');
      const { samples } = await scrape(gw.url);
      expect(value(samples, 'upstream_timeouts_total', { archive: 'dandi' })).toBe(1);
      expect(value(samples, 'upstream_requests_total', { archive: 'dandi', status: 'timeout' })).toBe(1);
      expect(value(samples, 'upstream_budget_events_total', { archive: 'dandi', event: 'denied' })).toBe(1);
      expect(value(samples, 'graphql_errors_total', { code: 'ARCHIVE_TIMEOUT' })).toBe(1);
      expect(value(samples, 'graphql_errors_total', { code: 'ARCHIVE_RATE_LIMITED' })).toBe(1);
    } finally {
      await gw.close();
    }
  });
});

describe('METRICS=false', () => {
  it('serves no /metrics', async () => {
    const gw = await startGateway({ env: { METRICS: 'false' } });
    try {
      const res = await fetch(`${gw.url}/metrics`);
      expect(res.status).toBe(404);
      expect(gw.gateway.metrics).toBeUndefined();
    } finally {
      await gw.close();
    }
  });
});

describe('BoundedLabel', () => {
  it(`keeps the first ${MAX_OPERATION_NAMES} distinct values, then says "other"`, () => {
    const label = new BoundedLabel(MAX_OPERATION_NAMES, 'other');
    for (let i = 0; i < MAX_OPERATION_NAMES; i++) expect(label.of(`Op${i}`)).toBe(`Op${i}`);
    expect(label.of('OneTooMany')).toBe('other');
    expect(label.of('Op7')).toBe('Op7'); // the ones seen keep their series
  });
});
