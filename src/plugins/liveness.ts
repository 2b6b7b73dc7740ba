/**
 * `/health` (liveness) on that exact path: 200 as long as the process serves HTTP; it asks no
 * archive (that is `/ready`). Yoga's built-in check answers every URL that merely ends in its
 * endpoint (`/foo/health`, `/graphql?x=/health`), so it is pointed at YOGA_HEALTH_CHECK_OFF,
 * which no request URL can end with (a space is always percent-encoded), and this serves it.
 */
import type { Plugin } from 'graphql-yoga';

export const YOGA_HEALTH_CHECK_OFF = ' ';

export function useLiveness(path = '/health'): Plugin {
  return {
    onRequest({ url, endResponse }) {
      if (url.pathname !== path) return;
      endResponse(
        new Response(JSON.stringify({ status: 'ok' }), {
          status: 200,
          headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
        }),
      );
    },
  };
}
