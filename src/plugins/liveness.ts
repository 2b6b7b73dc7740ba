/**
 * `/health` (liveness) on that exact path: 200 as long as the process serves HTTP; it asks no
 * archive (that is `/ready`). Yoga's built-in check answers every URL that merely ends in its
 * endpoint (`/foo/health`, `/graphql?x=/health`), so it is pointed at YOGA_HEALTH_CHECK_OFF,
 * which no request URL can end with (a space is always percent-encoded), and this serves it.
 * In a cluster worker (WORKERS > 1) the answer also says which worker gave it (`worker`, `pid`).
 */
import cluster from 'node:cluster';
import type { Plugin } from 'graphql-yoga';

export const YOGA_HEALTH_CHECK_OFF = ' ';

export function useLiveness(path = '/health'): Plugin {
  const body = JSON.stringify(
    cluster.isWorker ? { status: 'ok', worker: cluster.worker?.id, pid: process.pid } : { status: 'ok' },
  );
  return {
    onRequest({ url, endResponse }) {
      if (url.pathname !== path) return;
      endResponse(
        new Response(body, {
          status: 200,
          headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
        }),
      );
    },
  };
}
