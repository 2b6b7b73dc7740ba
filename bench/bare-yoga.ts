/**
 * The baseline of the warm-cache throughput benchmark, run as a child process of its own: a
 * plain `createYoga` over the gateway's SDL (`schema/schema.graphql` through graphql's
 * `buildSchema`) whose root fields return what the gateway answered for the dashboard query,
 * recorded once (`BENCH_BARE_DATA`, a JSON file of the response's `data`); every other field is
 * graphql's default resolver reading the recorded JSON. No plugins, no datasources, no upstream:
 * what GraphQL over HTTP costs in Yoga alone. Prints `{"url": …}` once listening.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';

const file = process.env.BENCH_BARE_DATA;
if (!file) throw new Error('BENCH_BARE_DATA (the recorded `data`, a JSON file) is required');
const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const schema = buildSchema(readFileSync(new URL('../schema/schema.graphql', import.meta.url), 'utf8'));
for (const [name, field] of Object.entries(schema.getQueryType()!.getFields()))
  field.resolve = () => data[name] ?? null;

const server = createServer(createYoga({ schema }));
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
