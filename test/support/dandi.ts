/**
 * One DANDI replica and one gateway pointed at it for a test file, with the request log and the
 * fault switches cleared before every test.
 */
import { startDandiReplica, type DandiReplica } from '../../replicas/dandi/server.ts';
import { type ReplicaStack, type TestGatewayOptions, useReplicaStack } from './gateway.ts';

export type DandiStack = ReplicaStack<'dandi', DandiReplica>;

/** `options` for the gateway beyond the replica's URL (settings, a logger). */
export const useDandiStack = (options: Omit<TestGatewayOptions, 'dandiApiUrl'> = {}): DandiStack =>
  useReplicaStack(
    'dandi',
    startDandiReplica,
    (r) => ({ ...options, dandiApiUrl: r.apiUrl }),
    (r) => {
      r.log.clear();
      r.faults.reset();
    },
  );
