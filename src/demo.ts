/**
 * `npm run demo`: starts the bundled replicas of all three archives on free loopback ports, then
 * the gateway pointed at them, and prints where GraphiQL is. Nothing leaves this machine.
 */
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { createGateway } from './server.ts';
import { BRAINSTEM_REPLICA_TOKENS } from '../replicas/brainstem/server.ts';
import { DANDI_REPLICA_TOKENS } from '../replicas/dandi/server.ts';
import { EEGDASH_REPLICA_ADMIN_TOKEN } from '../replicas/eegdash/server.ts';
import { startReplicas } from '../replicas/start-all.ts';

const started = performance.now();
const replicas = await startReplicas();

// The demo shows what each query costs upstream unless told otherwise.
const config = loadConfig(process.argv.slice(2), {
  COST_EXTENSIONS: 'true',
  HOST: '127.0.0.1',
  ...process.env,
  ...replicas.env,
});
const logger = createLogger(config.logLevel);
const gateway = createGateway(config, logger);
const url = await gateway.listen();

process.stdout.write(`
Neuroarchive Gateway demo (replicas seeded in ${Math.round(performance.now() - started)} ms)

  GraphiQL     ${url}/graphql
  Liveness     ${url}/health
  Readiness    ${url}/ready

  Replicas (synthetic data, real REST APIs)
    DANDI       ${replicas.dandi.apiUrl}
    EEGDash     ${replicas.eegdash.apiUrl}
    BrainSTEM   ${replicas.brainstem.apiUrl}

  Demo credentials (GraphiQL: Headers tab)
    {"X-Dandi-Api-Key": "${DANDI_REPLICA_TOKENS.owner}"}      owns the embargoed dandisets
    {"X-EEGDash-Token": "${EEGDASH_REPLICA_ADMIN_TOKEN}"}              EEGDash admin writes
    {"X-BrainSTEM-Token": "${BRAINSTEM_REPLICA_TOKENS.alice}"}    Alice, Lindqvist Lab

Press Ctrl+C to stop.
`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.all([gateway.close(2_000), replicas.close()]).then(() => process.exit(0));
  });
}
