/**
 * The three replicas alone, on fixed ports, for a gateway running elsewhere (compose.yaml's
 * `replicas` service): `node --import tsx replicas/main.ts`. They share one catalogue, so
 * BrainSTEM's links resolve in the other two, as in the demo. It prints the gateway settings
 * that point at them.
 *
 *   REPLICAS_HOST           interface and host name in the replicas' own links (127.0.0.1);
 *                           in compose, the service name, so `next` links name a reachable host
 *   DANDI_REPLICA_PORT      8001
 *   EEGDASH_REPLICA_PORT    8002
 *   BRAINSTEM_REPLICA_PORT  8003
 */
import { startBrainstemReplica } from './brainstem/server.ts';
import { startDandiReplica } from './dandi/server.ts';
import { startEegdashReplica } from './eegdash/server.ts';

function port(name: string, fallback: number): number {
  const text = process.env[name] ?? String(fallback);
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    process.stderr.write(`${name} must be a port number, got "${text}"\n`);
    process.exit(2);
  }
  return n;
}

const host = process.env.REPLICAS_HOST ?? '127.0.0.1';
const ports = {
  dandi: port('DANDI_REPLICA_PORT', 8001),
  eegdash: port('EEGDASH_REPLICA_PORT', 8002),
  brainstem: port('BRAINSTEM_REPLICA_PORT', 8003),
};

const replicas = await Promise.all([
  startDandiReplica({ host, port: ports.dandi }),
  startEegdashReplica({ host, port: ports.eegdash }),
  startBrainstemReplica({ host, port: ports.brainstem }),
]).catch((error: unknown): never => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

const [dandi, eegdash, brainstem] = replicas;
process.stdout.write(
  `DANDI_API_URL=${dandi.apiUrl}\nEEGDASH_API_URL=${eegdash.apiUrl}\nBRAINSTEM_API_URL=${brainstem.apiUrl}\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    Promise.all(replicas.map((r) => r.close())).then(() => process.exit(0));
  });
}
