/**
 * `/ready` answers at once from what the background probe last saw: 200 while at least one
 * archive answers, 503 when none does, each archive's state in the body; the probe stops when
 * the gateway closes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Replicas, startReplicas } from '../../replicas/start-all.ts';
import type { ArchiveReadiness, ReadinessReport } from '../../src/plugins/readiness.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let replicas: Replicas;

beforeAll(async () => {
  replicas = await startReplicas();
});
afterAll(() => replicas.close());
beforeEach(() => {
  for (const r of [replicas.dandi, replicas.eegdash, replicas.brainstem]) {
    r.log.clear();
    r.faults.reset();
  }
});

const INTERVAL_MS = 100;

function gatewayOnReplicas(env: Record<string, string>): Promise<TestGateway> {
  return startGateway({
    dandiApiUrl: replicas.env.DANDI_API_URL,
    eegdashApiUrl: replicas.env.EEGDASH_API_URL,
    brainstemApiUrl: replicas.env.BRAINSTEM_API_URL,
    env: { READY_PROBE_INTERVAL_MS: String(INTERVAL_MS), ...env },
  });
}

async function ready(gw: TestGateway): Promise<{ status: number; body: ReadinessReport }> {
  const res = await fetch(`${gw.url}/ready`);
  return { status: res.status, body: (await res.json()) as ReadinessReport };
}

/** Asks `/ready` until `until` holds (the probe runs in the background) or 10 s pass. */
async function readyWhen(gw: TestGateway, until: (r: ReadinessReport) => boolean) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const answer = await ready(gw);
    if (until(answer.body) || Date.now() > deadline) return answer;
    await new Promise((r) => setTimeout(r, 25));
  }
}

const checked = (s: ArchiveReadiness) => s.checkedAt !== null;

describe('/ready', () => {
  it('answers 503 before the first probe has finished, without waiting for it', async () => {
    replicas.dandi.faults.queue({ kind: 'hang', pathIncludes: '/info' });
    replicas.eegdash.faults.queue({ kind: 'hang', pathIncludes: '/health' });
    replicas.brainstem.faults.queue({ kind: 'hang', pathIncludes: '/project' });
    const gw = await gatewayOnReplicas({ UPSTREAM_TIMEOUT_MS: '60000' });
    try {
      const { status, body } = await ready(gw);
      expect(status).toBe(503);
      expect(body.ready).toBe(false);
      for (const s of Object.values(body.archives))
        expect(s).toEqual({ ok: false, checkedAt: null, ms: null, lastError: null });
    } finally {
      await gw.close();
    }
  });

  it('is 200 with one archive hanging, and answers long before that archive would time out', async () => {
    replicas.eegdash.faults.queue({ kind: 'hang', pathIncludes: '/health' });
    const timeoutMs = 60_000;
    const gw = await gatewayOnReplicas({ UPSTREAM_TIMEOUT_MS: String(timeoutMs) });
    try {
      const started = Date.now();
      const { status, body } = await readyWhen(gw, (r) => checked(r.archives.dandi) && checked(r.archives.brainstem));
      expect(Date.now() - started).toBeLessThan(timeoutMs);
      expect(status).toBe(200);
      expect(body.ready).toBe(true);
      expect(body.archives.dandi).toMatchObject({ ok: true, lastError: null });
      expect(body.archives.dandi.ms).toEqual(expect.any(Number));
      expect(body.archives.brainstem.ok).toBe(true);
      // Its one probe is still waiting for the answer that never comes.
      expect(body.archives.eegdash).toMatchObject({ ok: false, checkedAt: null });
      expect(replicas.eegdash.log.count('/health')).toBe(1);

      // The others keep being probed in the background while /ready answers from their state.
      const before = replicas.dandi.log.count('/info');
      await readyWhen(gw, () => replicas.dandi.log.count('/info') > before);
      expect(replicas.dandi.log.count('/info')).toBeGreaterThan(before);
    } finally {
      await gw.close();
    }
  });

  it('keeps the last error of an archive, with its code and cause, after it recovers', async () => {
    replicas.eegdash.faults.queue({ kind: 'hang', pathIncludes: '/health' });
    const gw = await gatewayOnReplicas({ UPSTREAM_TIMEOUT_MS: '300' });
    try {
      const failed = await readyWhen(gw, (r) => r.archives.eegdash.lastError !== null);
      expect(failed.status).toBe(200);
      expect(failed.body.archives.eegdash.lastError).toMatchObject({
        code: 'ARCHIVE_TIMEOUT',
        message: expect.any(String),
      });
      const recovered = await readyWhen(gw, (r) => r.archives.eegdash.ok);
      expect(recovered.body.archives.eegdash.ok).toBe(true);
      expect(recovered.body.archives.eegdash.lastError?.code).toBe('ARCHIVE_TIMEOUT');
    } finally {
      await gw.close();
    }
  });

  it('reports an archive answering 503 with its status', async () => {
    replicas.brainstem.faults.set({ errorRate: 1, errorStatus: 503 });
    const gw = await gatewayOnReplicas({});
    try {
      const { status, body } = await readyWhen(gw, (r) => Object.values(r.archives).every(checked));
      expect(status).toBe(200);
      expect(body.archives.brainstem).toMatchObject({
        ok: false,
        lastError: { code: 'ARCHIVE_UNAVAILABLE', status: 503 },
      });
      // A probe is one request, not retried (with retries the first would have made 4).
      expect(replicas.brainstem.log.count()).toBeLessThanOrEqual(2);
    } finally {
      await gw.close();
    }
  });

  it('is 503 when no archive answers, each with its code and cause', async () => {
    const gw = await startGateway({ env: { READY_PROBE_INTERVAL_MS: String(INTERVAL_MS) } }); // nothing listens
    try {
      const { status, body } = await readyWhen(gw, (r) => Object.values(r.archives).every(checked));
      expect(status).toBe(503);
      expect(body.ready).toBe(false);
      for (const s of Object.values(body.archives)) {
        expect(s.ok).toBe(false);
        expect(s.lastError).toMatchObject({
          code: 'ARCHIVE_UNAVAILABLE',
          cause: expect.stringContaining('ECONNREFUSED'),
        });
      }
    } finally {
      await gw.close();
    }
  });

  it('stops probing when the gateway closes, without waiting for a hanging probe', async () => {
    replicas.eegdash.faults.queue({ kind: 'hang', pathIncludes: '/health' });
    const timeoutMs = 60_000;
    const gw = await gatewayOnReplicas({ UPSTREAM_TIMEOUT_MS: String(timeoutMs) });
    gw.gateway.readiness.start();
    await readyWhen(gw, () => replicas.dandi.log.count('/info') >= 2);
    const started = Date.now();
    await gw.close();
    expect(Date.now() - started).toBeLessThan(timeoutMs);
    const after = replicas.dandi.log.count() + replicas.brainstem.log.count() + replicas.eegdash.log.count();
    await new Promise((r) => setTimeout(r, INTERVAL_MS * 5));
    expect(replicas.dandi.log.count() + replicas.brainstem.log.count() + replicas.eegdash.log.count()).toBe(after);
  });

  it('sends the archives nothing until started or asked', async () => {
    const gw = await gatewayOnReplicas({});
    try {
      await new Promise((r) => setTimeout(r, INTERVAL_MS * 3));
      expect(replicas.dandi.log.count() + replicas.eegdash.log.count() + replicas.brainstem.log.count()).toBe(0);
    } finally {
      await gw.close();
    }
  });
});
