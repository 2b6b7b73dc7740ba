/**
 * Cost transparency: adds `extensions.cost` to every result, with the upstream requests each
 * archive received for it, the loads answered without a request, and the time spent waiting.
 */
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.ts';

export function useCostExtensions(): Plugin<Context> {
  return {
    onExecute({ args }) {
      const started = performance.now();
      return {
        onExecuteDone({ result, setResult }) {
          if (!('data' in result || 'errors' in result)) return; // streamed results: nothing to add
          const stats = (args.contextValue as Context).stats;
          setResult({
            ...result,
            extensions: {
              ...result.extensions,
              cost: { archives: stats.snapshot(), executionMs: Math.round((performance.now() - started) * 10) / 10 },
            },
          });
        },
      };
    },
  };
}
