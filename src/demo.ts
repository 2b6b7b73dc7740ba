/**
 * `npm run demo`: starts the bundled replicas on free loopback ports, then the gateway pointed at
 * them, and prints where GraphiQL is. Nothing leaves this machine.
 */
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { createGateway } from './server.ts';
import { DANDI_REPLICA_TOKENS, startDandiReplica } from './replicas/dandi/server.ts';

const started = performance.now();
const dandi = await startDandiReplica();

// The demo shows what a query costs upstream unless told otherwise.
const config = loadConfig(process.argv.slice(2), {
  COST_EXTENSIONS: 'true',
  HOST: '127.0.0.1',
  ...process.env,
  DANDI_API_URL: dandi.apiUrl,
});
const logger = createLogger(config.logLevel);
const gateway = createGateway(config, logger);
const url = await gateway.listen();

process.stdout.write(`
Neuroarchive Gateway demo (replicas seeded in ${Math.round(performance.now() - started)} ms)

  GraphiQL     ${url}/graphql
  Liveness     ${url}/health
  Readiness    ${url}/ready

  DANDI replica      ${dandi.apiUrl}
    header X-Dandi-Api-Key: ${DANDI_REPLICA_TOKENS.owner}   (owns the embargoed dandisets)

Press Ctrl+C to stop.
`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.all([gateway.close(2_000), dandi.close()]).then(() => process.exit(0));
  });
}
