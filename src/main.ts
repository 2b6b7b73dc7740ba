/**
 * CLI entry: flags and environment → config → gateway. `npm start -- --port 8080`.
 * By default the gateway talks to the real archives' public APIs.
 */
import { configOrExit, helpIfAsked, listenOrExit, stopOnSignals } from './cli.ts';
import { createLogger } from './logger.ts';

const argv = process.argv.slice(2);
helpIfAsked(argv, 'npm start -- [flags]');
const config = configOrExit(argv, process.env);

// Loaded only now, so `--help` and a bad flag answer without building the schema first.
const { createGateway } = await import('./server.ts');
const logger = createLogger(config.logLevel);
const gateway = createGateway(config, logger);
const url = await listenOrExit(gateway.listen(), config);
gateway.readiness.start();
logger.info('gateway listening', {
  graphql: `${url}/graphql`,
  dandi: config.dandiApiUrl,
  eegdash: config.eegdashApiUrl,
  brainstem: config.brainstemApiUrl,
});

stopOnSignals(async (signal) => {
  logger.info('shutting down', { signal });
  await gateway.close();
});
