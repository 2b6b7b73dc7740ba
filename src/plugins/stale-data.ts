/**
 * Data instead of an error, said out loud: when an archive could not answer (down, rate-limited,
 * blocked, out of budget) and the cache served an older answer in its place, the response says
 * so in `extensions.staleData` — which archive, how old, and why — whatever the client selected.
 */
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.ts';
import { onEachPayload } from './defer-stream.ts';

export function useStaleDataNotes(): Plugin<Context> {
  return {
    onExecute({ args }) {
      return {
        // A streamed result (`@defer`, `@stream`) has the notes on its last payload: all of them.
        onExecuteDone: onEachPayload((result, setResult, { last }) => {
          if (!last) return;
          const served = (args.contextValue as Context).stats.staleServed;
          if (served.length === 0) return;
          // One note per archive and reason: the oldest answer served for it.
          const notes = new Map<string, (typeof served)[number]>();
          for (const s of served) {
            const key = `${s.archive}:${s.reason}`;
            const seen = notes.get(key);
            if (!seen || seen.ageSeconds < s.ageSeconds) notes.set(key, s);
          }
          setResult({ ...result, extensions: { ...result.extensions, staleData: [...notes.values()] } });
        }),
      };
    },
  };
}
