/**
 * How long each replica takes to generate its deterministic archive and, for EEGDash, to start
 * serving. Figures, not assertions: the tests check that the seeds are deterministic and large
 * enough, and leave their speed to this table.
 */
import { seedBrainstem } from '../replicas/brainstem/seed.ts';
import { generateDandiSeed } from '../replicas/dandi/seed.ts';
import { generateEegdashSeed } from '../replicas/eegdash/seed.ts';
import { startEegdashReplica } from '../replicas/eegdash/server.ts';
import { timed } from './harness.ts';

export interface SeedRow {
  step: string;
  ms: number;
}

export async function seedFigures(): Promise<SeedRow[]> {
  const dandi = generateDandiSeed();
  const brainstem = seedBrainstem();
  const [, eegdashMs] = await timed(async () => generateEegdashSeed('eegdash'));
  const [eegdash, startupMs] = await timed(() => startEegdashReplica());
  await eegdash.close();
  return [
    { step: 'DANDI seed generation', ms: Math.round(dandi.generationMs) },
    { step: 'BrainSTEM seed generation', ms: Math.round(brainstem.info.millis) },
    { step: 'EEGDash seed generation (eegdash)', ms: eegdashMs },
    { step: 'EEGDash replica start (seed + listen)', ms: startupMs },
  ];
}

export function printSeedTable(rows: SeedRow[]): void {
  process.stdout.write('\nReplica seed generation (no added latency)\n\n| step | ms |\n|---|---|\n');
  for (const r of rows) process.stdout.write(`| ${r.step} | ${r.ms} |\n`);
}
