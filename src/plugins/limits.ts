/**
 * Limits on what one GraphQL document may ask for, checked before anything runs. Every nested
 * list field can fan out to upstream requests, so a public gateway bounds depth, aliases and
 * document size (graphql-armor, as Yoga's production guide recommends), and the estimated cost
 * of each operation (operation-cost.ts: armor's own cost limit cannot read `first` from
 * variables, so it stays off).
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Plugin } from 'graphql-yoga';
import { useOperationCost } from './operation-cost.ts';

export const QUERY_LIMITS = {
  /** Deep enough for session → dandisets → version → assets → subjects → species → name. */
  maxDepth: 15,
  maxAliases: 30,
  maxTokens: 5_000,
  maxDirectives: 50,
} as const;

export interface QueryLimitOptions {
  /** `MAX_OPERATION_COST`: the largest estimated upstream cost of one operation. */
  maxOperationCost: number;
}

export function useQueryLimits(options: QueryLimitOptions): Plugin {
  const armor = EnvelopArmorPlugin({
    maxDepth: { n: QUERY_LIMITS.maxDepth, ignoreIntrospection: true, exposeLimits: true },
    maxAliases: { n: QUERY_LIMITS.maxAliases, exposeLimits: true },
    maxTokens: { n: QUERY_LIMITS.maxTokens, exposeLimits: true },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives, exposeLimits: true },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }) as Plugin;
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(armor);
      addPlugin(useOperationCost(options.maxOperationCost));
    },
  };
}
