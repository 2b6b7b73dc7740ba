/**
 * One DANDI replica and one gateway pointed at it for a test file, with the request log and the
 * fault switches cleared before every test.
 */
import { startDandiReplica, type DandiReplica } from '../../replicas/dandi/server.ts';
import { useReplicaStack, type TestGateway } from './gateway.ts';

export interface DandiStack {
  readonly dandi: DandiReplica;
  readonly gw: TestGateway;
}

export function useDandiStack(): DandiStack {
  const stack = useReplicaStack(
    startDandiReplica,
    (r) => ({ dandiApiUrl: r.apiUrl }),
    (r) => {
      r.log.clear();
      r.faults.reset();
    },
  );
  return {
    get dandi() {
      return stack.replica;
    },
    get gw() {
      return stack.gw;
    },
  };
}
