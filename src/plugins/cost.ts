/**
 * Cost transparency: adds `extensions.cost` to every result, with the upstream requests each
 * archive received for it, the loads answered without a request, and the time spent waiting.
 * A streamed result (`@defer`, `@stream`) has it on its last payload, when everything is counted.
 */
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.ts';
import { onEachPayload } from './defer-stream.ts';

export function useCostExtensions(): Plugin<Context> {
  return {
    onExecute({ args }) {
      const started = performance.now();
      return {
        onExecuteDone: onEachPayload((result, setResult, { last }) => {
          if (!last) return;
          const stats = (args.contextValue as Context).stats;
          setResult({
            ...result,
            extensions: {
              ...result.extensions,
              cost: { archives: stats.snapshot(), executionMs: Math.round((performance.now() - started) * 10) / 10 },
            },
          });
        }),
      };
    },
  };
}
