/**
 * Limits on what one GraphQL document may ask for, checked before anything runs. Every nested
 * list field can fan out to upstream requests, so a public gateway bounds depth, aliases and
 * document size (graphql-armor, as Yoga's production guide recommends). Cost is not limited
 * here: lists are already capped per field (1000 rows, 100 for BrainSTEM and search).
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Plugin } from 'graphql-yoga';

export const QUERY_LIMITS = {
  /** Deep enough for session → dandisets → version → assets → subjects → species → name. */
  maxDepth: 15,
  maxAliases: 30,
  maxTokens: 5_000,
  maxDirectives: 50,
} as const;

export function useQueryLimits(): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: { n: QUERY_LIMITS.maxDepth, ignoreIntrospection: true, exposeLimits: true },
    maxAliases: { n: QUERY_LIMITS.maxAliases, exposeLimits: true },
    maxTokens: { n: QUERY_LIMITS.maxTokens, exposeLimits: true },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives, exposeLimits: true },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }) as Plugin;
}
