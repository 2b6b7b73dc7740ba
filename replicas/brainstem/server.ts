/**
 * The offline BrainSTEM replica: a dynamic-rest style REST API over a deterministic seeded
 * archive, on the shared replica harness (faults and request log come from there).
 *
 *   const bs = await startBrainstemReplica();
 *   await fetch(`${bs.apiUrl}/private/stem/session/?limit=5`, { headers: { Authorization: `Bearer ${BRAINSTEM_REPLICA_TOKENS.alice}` } });
 */
import { startReplica, type ReplicaServer } from '../common/server.ts';
import { DeviceFlow, type DeviceScript } from './device.ts';
import { DEFAULT_ENVELOPE, type EnvelopeOptions } from './envelope.ts';
import { createHandler } from './routes.ts';
import { tokenFor } from './seed-catalog.ts';
import { ALICE_EMAIL, BOB_EMAIL, SUPERUSER_EMAIL, seedBrainstem, type SeedInfo } from './seed.ts';
import type { BrainstemStore } from './store.ts';

export type { BrainstemStore } from './store.ts';
export { ENVELOPE_VARIANTS, DEFAULT_ENVELOPE, type EnvelopeOptions } from './envelope.ts';

/** Bearer tokens of two seeded users in different labs: alice (Lindqvist Lab PI) and bob (Okafor Lab PI). */
export const BRAINSTEM_REPLICA_TOKENS: Readonly<{ alice: string; bob: string }> = Object.freeze({
  alice: tokenFor(ALICE_EMAIL),
  bob: tokenFor(BOB_EMAIL),
});

/** The bearer token of the seeded superuser (a third lab's PI), the one the `super` portal takes. */
export const BRAINSTEM_REPLICA_SUPERUSER_TOKEN: string = tokenFor(SUPERUSER_EMAIL);

export const BRAINSTEM_REPLICA_USERS: Readonly<{ alice: string; bob: string }> = Object.freeze({
  alice: ALICE_EMAIL,
  bob: BOB_EMAIL,
});

export interface BrainstemReplica extends ReplicaServer {
  /** `origin + '/api'`, the base the official clients append `{portal}/{app}/{model}/` to. */
  apiUrl: string;
  store: BrainstemStore;
  /** Seed anchors (alice's private project, the project shared read-only with bob, ...), user ids, timing. */
  seed: SeedInfo;
  envelope: {
    set(options: Partial<EnvelopeOptions>): void;
    reset(): void;
    readonly current: Readonly<EnvelopeOptions>;
  };
  /** Script the device authorization flow's next sessions. */
  device: { script(...scripts: DeviceScript[]): void; reset(): void };
  /** Restore the freshly seeded data (undo all writes) and default envelope, device and faults. */
  reset(): void;
}

export async function startBrainstemReplica(options: { port?: number; host?: string } = {}): Promise<BrainstemReplica> {
  const { store, info } = seedBrainstem();
  const pristine = store.snapshot();
  let pristineVersion = store.version;
  let envelope: EnvelopeOptions = { ...DEFAULT_ENVELOPE };
  const device = new DeviceFlow(BRAINSTEM_REPLICA_TOKENS);
  const handler = createHandler({
    store,
    tokens: info.tokens,
    superusers: new Set([info.superuserId]),
    envelope: () => envelope,
    device,
  });
  const server = await startReplica({ name: 'brainstem', handler, port: options.port, host: options.host });
  return {
    ...server,
    apiUrl: `${server.origin}/api`,
    store,
    seed: info,
    envelope: {
      set: (o) => {
        envelope = { ...envelope, ...o };
      },
      reset: () => {
        envelope = { ...DEFAULT_ENVELOPE };
      },
      get current() {
        return envelope;
      },
    },
    device: { script: (...s) => device.script(...s), reset: () => device.reset() },
    reset() {
      // Cloning ~10k records takes a while; skip it when nothing was written.
      if (store.version !== pristineVersion) {
        store.restore(pristine);
        pristineVersion = store.version;
      }
      envelope = { ...DEFAULT_ENVELOPE };
      device.reset();
      server.faults.reset();
    },
  };
}
