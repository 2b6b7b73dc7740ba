/**
 * `npm run demo`: starts the bundled replicas of all three archives on free loopback ports, then
 * the gateway pointed at them, and prints where GraphiQL is. Nothing leaves this machine.
 */
import { configOrExit, exitOnStartupError, helpIfAsked, listenOrExit, stopOnSignals } from './cli.ts';
import { createLogger } from './logger.ts';
import { DASHBOARD_EXAMPLE } from './plugins/static-example.ts';

const argv = process.argv.slice(2);
helpIfAsked(argv, 'npm run demo -- [flags]');
// The demo shows what each query costs upstream unless told otherwise, and trusts the dashboard
// example's documents by hash (its codegen manifest); any other query is still accepted. Its
// access log is printed for people (LOG_FORMAT=pretty: pino-pretty, installed with the devDependencies).
const env = {
  COST_EXTENSIONS: 'true',
  HOST: '127.0.0.1',
  LOG_FORMAT: 'pretty',
  PERSISTED_DOCUMENTS: DASHBOARD_EXAMPLE.manifest,
  ...process.env,
};
configOrExit(argv, env); // a bad flag is refused before anything is loaded or seeded

const { createGateway } = await import('./server.ts');
const { BRAINSTEM_REPLICA_TOKENS } = await import('../replicas/brainstem/server.ts');
const { DANDI_REPLICA_TOKENS } = await import('../replicas/dandi/server.ts');
const { EEGDASH_REPLICA_ADMIN_TOKEN } = await import('../replicas/eegdash/server.ts');
const { startReplicas } = await import('../replicas/start-all.ts');

const started = performance.now();
const replicas = await startReplicas().catch(exitOnStartupError);
const config = configOrExit(argv, { ...env, ...replicas.env });
const logger = createLogger(config.logLevel);
const gateway = createGateway(config, logger, { staticSites: [DASHBOARD_EXAMPLE] });
const url = await listenOrExit(gateway.listen(), config);
gateway.readiness.start();

process.stdout.write(`
Neuroarchive Gateway demo (replicas seeded in ${Math.round(performance.now() - started)} ms)

  GraphiQL     ${url}/graphql
  Dashboard    ${url}${DASHBOARD_EXAMPLE.path}/   (examples/dashboard)
  Liveness     ${url}/health
  Readiness    ${url}/ready${config.metrics ? `\n  Metrics      ${url}/metrics` : ''}

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

stopOnSignals(() => Promise.all([gateway.close(2_000), replicas.close()]));
