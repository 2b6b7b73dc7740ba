/**
 * `npm run bench`: every scenario against replicas that add a fixed latency per request, printed
 * as a table. Figures, not assertions: CI never runs this.
 *
 * `npm run bench -- dashboard [simulation|throughput|coalescing]` (or `npm run bench:dashboard`)
 * runs the dashboard and cache scenarios of `dashboard.ts` instead (see the README);
 * `npm run bench -- observability` what metrics and traces cost (`observability.ts`);
 * `npm run bench -- upload` a 200 MB upload through the gateway: throughput and memory (`upload.ts`).
 */
import { crossScenarios } from './cross.ts';
import { runDashboard } from './dashboard.ts';
import { dandiScenarios } from './dandi.ts';
import { printTable, startStack } from './harness.ts';
import { runObservability } from './observability.ts';
import { runUpload } from './upload.ts';
import { printSeedTable, seedFigures } from './seed.ts';

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'dashboard') {
  await runDashboard(rest);
} else if (mode === 'observability') {
  await runObservability();
} else if (mode === 'upload') {
  await runUpload();
} else if (mode !== undefined) {
  process.stderr.write(
    `unknown benchmark "${mode}": run with no argument, or with "dashboard", "observability" or "upload"\n`,
  );
  process.exitCode = 2;
} else {
  const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 50);
  // Timed first, alone, so the figures are not slowed by the stack's servers.
  const seedRows = await seedFigures();
  const stack = await startStack(latencyMs);
  try {
    // One warm-up query so connection set-up is not billed to the first scenario.
    await stack.query('{ dandisets(first: 1) { totalCount } }');
    const rows = [...(await crossScenarios(stack)), ...(await dandiScenarios(stack))];
    printTable(rows, latencyMs);
    printSeedTable(seedRows);
  } finally {
    await stack.close();
  }
}
