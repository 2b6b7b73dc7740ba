/**
 * The device authorization flow (spec §2.4), made deterministic: a session stays
 * `authorization_pending` for a scripted number of polls, then ends as scripted (default: alice
 * approves after one pending poll). Every poll answer is HTTP 200 with the result in the body;
 * a collected token cannot be collected twice.
 */
import { Prng } from '../common/prng.ts';
import type { ReplicaResponse } from '../common/server.ts';

export type DeviceOutcome = 'success' | 'access_denied' | 'expired_token';

export interface DeviceScript {
  /** Who approves (a seeded user's token is handed out). Default alice. */
  user?: 'alice' | 'bob';
  /** Polls answered `authorization_pending` first. Default 1. */
  pendingPolls?: number;
  outcome?: DeviceOutcome;
}

interface DeviceSession {
  script: Required<DeviceScript>;
  polls: number;
  collected: boolean;
}

export class DeviceFlow {
  private sessions = new Map<string, DeviceSession>();
  private queued: DeviceScript[] = [];
  private counter = 0;

  constructor(private readonly tokens: { alice: string; bob: string }) {}

  /** Script how the next device session(s) end, in order. */
  script(...scripts: DeviceScript[]): void {
    this.queued.push(...scripts);
  }

  reset(): void {
    this.sessions.clear();
    this.queued = [];
  }

  start(origin: string): ReplicaResponse {
    const rng = new Prng(`brainstem:device:${++this.counter}`);
    const s = this.queued.shift() ?? {};
    const sessionId = rng.uuid4();
    const deviceCode = rng.hex(40);
    const userCode = `${rng.hex(4).toUpperCase()}-${rng.int(1000, 9999)}`;
    this.sessions.set(deviceCode, {
      script: { user: s.user ?? 'alice', pendingPolls: s.pendingPolls ?? 1, outcome: s.outcome ?? 'success' },
      polls: 0,
      collected: false,
    });
    return {
      status: 200,
      body: {
        session_id: sessionId,
        device_code: deviceCode,
        user_code: userCode,
        verification_uri: `${origin}/account/authorize/`,
        verification_uri_complete: `${origin}/account/authorize/?session=${sessionId}`,
        expires_in: 900,
        interval: 5,
      },
    };
  }

  poll(body: unknown): ReplicaResponse {
    const code = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).device_code : undefined;
    const s = typeof code === 'string' ? this.sessions.get(code) : undefined;
    if (!s) return { status: 200, body: { error: 'expired_token' } };
    if (s.collected) return { status: 200, body: { error: 'already_used' } };
    s.polls++;
    if (s.polls <= s.script.pendingPolls) return { status: 200, body: { status: 'authorization_pending' } };
    if (s.script.outcome !== 'success') return { status: 200, body: { error: s.script.outcome } };
    s.collected = true;
    return { status: 200, body: { status: 'success', token: this.tokens[s.script.user] } };
  }
}
