/**
 * The offline DANDI Archive replica: DANDI's read REST API under `/api`, plus an S3 stand-in
 * under `/s3` for download redirects, over a deterministic seed of the shared catalog's 320
 * dandisets. The seed is generated once per process and shared by every replica started.
 */
import { startReplica, type ReplicaServer } from '../common/server.ts';
import { createRouter } from './router.ts';
import { TOKENS } from './seed-dandisets.ts';
import { getDandiSeed } from './seed.ts';
import { DandiStore } from './store.ts';

export interface DandiReplica extends ReplicaServer {
  /** `origin + '/api'`, the base every DANDI client is configured with. */
  apiUrl: string;
  store: DandiStore;
}

/**
 * API keys of the replica's two approved users: `owner` owns every embargoed dandiset (and a
 * few open ones); `other` owns a few open dandisets and none of the embargoed ones.
 */
export const DANDI_REPLICA_TOKENS: { owner: string; other: string } = { owner: TOKENS.owner, other: TOKENS.other };

export async function startDandiReplica(options: { port?: number; host?: string } = {}): Promise<DandiReplica> {
  const store = new DandiStore(getDandiSeed());
  const server = await startReplica({
    name: 'dandi',
    handler: createRouter(store),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
  });
  store.origin = server.origin;
  return { ...server, apiUrl: `${server.origin}/api`, store };
}
