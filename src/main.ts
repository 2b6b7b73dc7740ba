/**
 * CLI entry: flags and environment → config → gateway. `npm start -- --port 8080`.
 * By default the gateway talks to the real archives' public APIs.
 */
import { type Config, ConfigError, loadConfig, SETTINGS } from './config.ts';
import { createLogger } from './logger.ts';
import { createGateway } from './server.ts';

if (process.argv.includes('--help')) {
  const rows = Object.values(SETTINGS).map(
    (s) => `  --${s.flag.padEnd(30)} ${s.env.padEnd(28)} ${s.description} (default: ${s.default})`,
  );
  process.stdout.write(
    `Usage: npm start -- [flags]\n\nflag                             environment variable\n${rows.join('\n')}\n`,
  );
  process.exit(0);
}

let config: Config;
try {
  config = loadConfig(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`Configuration error: ${error.message}\n`);
  process.exit(2);
}

const logger = createLogger(config.logLevel);
const gateway = createGateway(config, logger);
const url = await gateway.listen();
logger.info('gateway listening', {
  graphql: `${url}/graphql`,
  dandi: config.dandiApiUrl,
  eegdash: config.eegdashApiUrl,
  brainstem: config.brainstemApiUrl,
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info('shutting down', { signal });
    gateway.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
