/**
 * `/ready`: 200 when every archive answers its cheapest endpoint, 503 otherwise, with each
 * archive's state in the body. Results are cached briefly so probes do not load the archives.
 */
import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import type { Upstreams } from '../http/upstreams.ts';
import type { ArchiveName } from '../http/archive-error.ts';
import { ArchiveError } from '../http/archive-error.ts';

/** Public, cheap, unauthenticated endpoints of each archive. */
const PROBES: Record<ArchiveName, { path: string; query?: Record<string, string> }> = {
  dandi: { path: '/info/' },
  eegdash: { path: '/health' },
  brainstem: { path: '/public/stem/project/', query: { limit: '1' } },
};

type ArchiveState = { ok: boolean; ms: number; error?: string };

export function useUpstreamReadiness(upstreams: Upstreams, cacheMs = 5_000): Plugin {
  let cached: { at: number; states: Record<string, ArchiveState> } | undefined;

  const probe = async (archive: ArchiveName): Promise<ArchiveState> => {
    const started = performance.now();
    try {
      await upstreams[archive].json({ path: PROBES[archive].path, query: PROBES[archive].query, retry: false });
      return { ok: true, ms: Math.round(performance.now() - started) };
    } catch (error) {
      const code = error instanceof ArchiveError ? error.code : 'ARCHIVE_UNAVAILABLE';
      return { ok: false, ms: Math.round(performance.now() - started), error: code };
    }
  };

  return useReadinessCheck({
    endpoint: '/ready',
    check: async () => {
      if (!cached || performance.now() - cached.at > cacheMs) {
        const names = Object.keys(PROBES) as ArchiveName[];
        const states = await Promise.all(names.map(async (n) => [n, await probe(n)] as const));
        cached = { at: performance.now(), states: Object.fromEntries(states) };
      }
      const { states } = cached;
      const ready = Object.values(states).every((s) => s.ok);
      return new Response(JSON.stringify({ ready, archives: states }), {
        status: ready ? 200 : 503,
        headers: { 'content-type': 'application/json' },
      });
    },
  });
}
