/**
 * CLI entry: flags and environment → config → gateway. `npm start -- --port 8080` runs the build
 * (`node dist/src/main.js`); in development `node --import tsx src/main.ts` runs the sources.
 * By default the gateway talks to the real archives' public APIs. With WORKERS > 1 this process
 * is the cluster's primary (src/cluster.ts) and each worker runs this file again as a gateway.
 */
import cluster from 'node:cluster';
import { configOrExit, helpIfAsked, listenOrExit, stopOnSignals } from './cli.ts';
import { createLogger } from './logger.ts';

const argv = process.argv.slice(2);
helpIfAsked(argv, 'npm start -- [flags]');
const config = configOrExit(argv, process.env);
// Production unless told otherwise (graphql-js skips its development checks); set before the
// gateway's modules load, and inherited by workers.
process.env.NODE_ENV ??= 'production';
const logger = createLogger(config.logLevel);

if (config.workers > 1 && cluster.isPrimary) {
  // The primary only forks and watches: it never loads the schema or the gateway.
  const { runPrimary } = await import('./cluster.ts');
  await runPrimary({ workers: config.workers, logger, metrics: config.metrics });
} else {
  // Loaded only now, so `--help` and a bad flag answer without building the schema first.
  const { createGateway } = await import('./server.ts');
  const gateway = createGateway(config, logger);
  const url = await listenOrExit(gateway.listen(), config);
  gateway.readiness.start();
  logger.info('gateway listening', {
    graphql: `${url}/graphql`,
    dandi: config.dandiApiUrl,
    eegdash: config.eegdashApiUrl,
    brainstem: config.brainstemApiUrl,
    pid: process.pid,
    ...(cluster.isWorker ? { worker: cluster.worker?.id } : {}),
    nodeEnv: process.env.NODE_ENV,
  });

  stopOnSignals(async (signal) => {
    logger.info('shutting down', { signal, pid: process.pid });
    await gateway.close();
  });
}
