/**
 * The offline DANDI Archive replica: DANDI's REST API under `/api` (reads and writes), plus an
 * S3 stand-in under `/s3` for download redirects, over a deterministic seed of the shared
 * catalog's 320 dandisets. The seed is generated once per process and shared read-only; every
 * replica started gets its own mutable copy, so writes never leak between replicas. Uploads go
 * to a second server, the object store (its own origin, like the real S3 bucket).
 */
import { startReplica, type ReplicaServer } from '../common/server.ts';
import { ObjectStore } from './object-store.ts';
import { createRouter } from './router.ts';
import { zarrObjectArrived } from './routes-writes-zarr.ts';
import { TOKENS } from './seed-dandisets.ts';
import { getDandiSeed } from './seed.ts';
import { DandiStore, type StoreOptions } from './store.ts';

export interface DandiReplica extends ReplicaServer {
  /** `origin + '/api'`, the base every DANDI client is configured with. */
  apiUrl: string;
  store: DandiStore;
  /** The upload bucket: presigned part / zarr PUTs go here (own origin, log and faults). */
  objectStore: ObjectStore;
}

/**
 * API keys of the replica's two approved users: `owner` owns every embargoed dandiset (and a
 * few open ones); `other` owns a few open dandisets and none of the embargoed ones.
 */
export const DANDI_REPLICA_TOKENS: { owner: string; other: string } = { owner: TOKENS.owner, other: TOKENS.other };

export interface DandiReplicaOptions extends Partial<StoreOptions> {
  port?: number;
  host?: string;
  /** Keep uploaded bytes (default true); false keeps only sizes and digests (no downloads). */
  retainUploadBytes?: boolean;
  /** Port of the object store (default: any free port). */
  objectStorePort?: number;
}

let instances = 0;

export async function startDandiReplica(options: DandiReplicaOptions = {}): Promise<DandiReplica> {
  const { port, host, retainUploadBytes, objectStorePort, ...storeOptions } = options;
  const store = new DandiStore(getDandiSeed(), storeOptions);
  const objectStore = new ObjectStore(
    { retainBytes: retainUploadBytes ?? true, secret: `dandi-replica-${++instances}` },
    {
      isPublic: (key) => {
        const b = /^blobs\/[0-9a-f]{3}\/[0-9a-f]{3}\/([0-9a-f-]{36})$/.exec(key);
        const z = /^zarr\/([0-9a-f-]{36})\//.exec(key);
        const owner = b ? store.blob(b[1] ?? '')?.dandisetId : z ? store.zarr(z[1] ?? '')?.dandisetId : undefined;
        return owner !== undefined && store.dandiset(owner)?.embargoStatus === 'OPEN';
      },
      zarrPut: (zarrId, path, obj) => zarrObjectArrived(store, zarrId, path, obj),
      now: () => store.now(),
    },
  );
  await objectStore.start(host ?? '127.0.0.1', objectStorePort ?? 0);
  store.objectStore = objectStore;
  const server = await startReplica({
    name: 'dandi',
    handler: createRouter(store),
    ...(port !== undefined ? { port } : {}),
    ...(host !== undefined ? { host } : {}),
  });
  store.origin = server.origin;
  return {
    ...server,
    apiUrl: `${server.origin}/api`,
    store,
    objectStore,
    close: async () => {
      store.close();
      await Promise.all([server.close(), objectStore.close()]);
    },
  };
}
