/**
 * A GraphQL response cache in front of execution, for dashboards that send the same query over
 * and over. The upstream cache already spares the archives; this spares the gateway's CPU: the
 * warm-cache bench measured the gateway at 0.2–0.33x a bare Yoga server answering the same JSON,
 * the time going to re-parsing cached upstream bodies, estimating the query's cost and building
 * links again for every identical request.
 *
 * An answer is kept only when it is complete (no errors, nothing served stale, no partial
 * errors), only for as long as the least fresh upstream answer it was built from stays fresh
 * (`stats.freshness()`, so never longer than the archives promise), and only for the caller's
 * scope (the same credential hash as the upstream cache). Any mutation run by this instance
 * empties it. It runs last among the execute hooks, so on a hit the other plugins (cost,
 * HTTP caching) still see the request; it keeps `data` only, so their extensions are made anew.
 *
 * Why not `@graphql-yoga/plugin-response-cache`: its lifetimes come from types and schema
 * coordinates (`ttlPerType`), while ours must come from what this very answer was built from;
 * and its invalidation is by entity id from mutation results, while ours follows the archives'
 * writes. What is left to write is a keyed LRU, which lru-cache already is.
 */
import { createHash } from 'node:crypto';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { Context } from '../context.ts';
import { CREDENTIAL_HEADERS, scopeOf } from '../http/cache/scope.ts';

/** Shorter-lived answers are not worth keeping. */
const MIN_TTL_MS = 1_000;

interface Stored {
  data: unknown;
  expires: number;
}

export interface ResponseCacheOptions {
  maxBytes: number;
}

export function useResponseCache({ maxBytes }: ResponseCacheOptions): Plugin<Context> {
  const answers = new LRUCache<string, Stored>({
    maxSize: maxBytes,
    maxEntrySize: Math.max(1, Math.floor(maxBytes / 8)),
    sizeCalculation: (_value, key) => key.length + 256, // refined by `size` at set time
  });

  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName)?.operation;
      if (operation === 'mutation') {
        return {
          onExecuteDone() {
            answers.clear(); // a write may have changed anything cached here
          },
        };
      }
      if (operation !== 'query') return;
      const ctx = args.contextValue as Context & { params?: { query?: string }; request?: Request };
      const query = ctx.params?.query;
      if (!query || !ctx.request) return;
      const headers: Record<string, string> = {};
      for (const name of CREDENTIAL_HEADERS) {
        const value = ctx.request.headers.get(name);
        if (value) headers[name] = value;
      }
      const key = createHash('sha256')
        .update(scopeOf(headers))
        .update('\n')
        .update(query)
        .update('\n')
        .update(args.operationName ?? '')
        .update('\n')
        .update(JSON.stringify(args.variableValues ?? {}))
        .digest('base64url');

      const now = Date.now();
      const hit = answers.get(key);
      if (hit && hit.expires > now) {
        ctx.stats.noteFreshness(hit.expires - now);
        setResultAndStopExecution({ data: hit.data as Record<string, unknown> });
        return;
      }
      return {
        onExecuteDone({ result }) {
          if (!('data' in result) || result.errors?.length) return;
          if (ctx.partialErrors.length > 0 || ctx.stats.staleServed.length > 0) return;
          const ttl = ctx.stats.freshness();
          if (ttl === undefined || ttl < MIN_TTL_MS) return;
          const size = JSON.stringify(result.data).length * 2 + key.length + 256;
          answers.set(key, { data: result.data, expires: Date.now() + ttl }, { size, ttl });
        },
      };
    },
  };
}
