/**
 * Starts the three replicas together (for the demo and the benchmarks): they share one
 * catalogue, so BrainSTEM's download links resolve in the other two.
 */
import { startBrainstemReplica, type BrainstemReplica } from './brainstem/server.ts';
import { startDandiReplica, type DandiReplica } from './dandi/server.ts';
import { startEegdashReplica, type EegdashReplica } from './eegdash/server.ts';

export interface Replicas {
  dandi: DandiReplica;
  eegdash: EegdashReplica;
  brainstem: BrainstemReplica;
  /** Gateway settings pointing at these replicas. */
  env: { DANDI_API_URL: string; EEGDASH_API_URL: string; BRAINSTEM_API_URL: string };
  close(): Promise<void>;
}

export async function startReplicas(host = '127.0.0.1'): Promise<Replicas> {
  const [dandi, eegdash, brainstem] = await Promise.all([
    startDandiReplica({ host }),
    startEegdashReplica({ host }),
    startBrainstemReplica({ host }),
  ]);
  return {
    dandi,
    eegdash,
    brainstem,
    env: { DANDI_API_URL: dandi.apiUrl, EEGDASH_API_URL: eegdash.apiUrl, BRAINSTEM_API_URL: brainstem.apiUrl },
    close: async () => {
      await Promise.all([dandi.close(), eegdash.close(), brainstem.close()]);
    },
  };
}
