/**
 * Trusted documents: clients send the id of a document instead of its text, and with
 * `PERSISTED_DOCUMENTS_ONLY=true` nothing else runs.
 *
 * Ids come as `documentId` (GraphQL over HTTP's persisted documents: in the JSON body, or in the
 * URL of a `GET`, which a CDN can cache) or as Apollo's APQ `extensions.persistedQuery.sha256Hash`.
 * `sha256:<hex>` and `<hex>` name the same document.
 *
 * - With a manifest (`PERSISTED_DOCUMENTS`, codegen's `persisted-documents.json`): ids are looked
 *   up in it only; an unknown one is 404 `PERSISTED_QUERY_NOT_FOUND`. Nothing is ever added to
 *   it at run time: the manifest is the list of trusted documents, whatever clients send.
 * - With `PERSISTED_DOCUMENTS_ONLY=true` (a manifest is then required), a request with a `query`
 *   is 400 `PERSISTED_QUERY_ONLY`, and so is one with neither a query nor an id.
 * - Otherwise any document runs as before, and without a manifest APQ works as Apollo's does: an
 *   unknown hash is `PERSISTED_QUERY_NOT_FOUND`, the client sends the query with its hash, the
 *   gateway checks the hash (400 `PERSISTED_QUERY_HASH_MISMATCH` if it is not the query's
 *   SHA-256) and remembers the query (per instance, in a bounded LRU) for the next hash-only
 *   request. Registering is harmless there: anyone may send that query in full anyway. With a
 *   manifest and arbitrary documents allowed, a query sent with an unknown hash just runs, and
 *   is not remembered.
 *
 * Built on `@graphql-yoga/plugin-persisted-operations` (lookup, the arbitrary-documents switch,
 * its error hooks), with one hook in front of it: that plugin reads only the APQ extension, runs
 * a sent `query` without looking at its hash (so it cannot register one) and leaves a
 * `documentId` in the parameters, which Yoga then refuses as "Unexpected parameter".
 */
import { createHash } from 'node:crypto';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { GraphQLError } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import { canonicalId, type Manifest } from './persisted-manifest.ts';

export interface PersistedDocumentsOptions {
  /** The trusted documents; undefined: none (APQ registers what clients send). */
  manifest: Manifest | undefined;
  /** Refuse any document that is not in the manifest. */
  only: boolean;
}

/** Most documents, and most bytes of them, APQ registration keeps per instance (least recently used go first). */
export const APQ_REGISTRY_LIMITS = { documents: 10_000, bytes: 16 * 1024 * 1024 } as const;

function refused(status: number, code: string, message: string, extensions: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { code, ...extensions, http: { status } } });
}

/** APQ's hash, when the request carries `extensions.persistedQuery` (version 1). */
function apqHash(params: GraphQLParams): string | undefined {
  const pq = (params.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined)
    ?.persistedQuery;
  return pq?.version === 1 && typeof pq.sha256Hash === 'string' ? pq.sha256Hash : undefined;
}

/** `documentId` from the JSON body, or from the URL of a GET (Yoga's GET parser drops unknown parameters). */
function documentIdOf(params: GraphQLParams & { documentId?: unknown }, request: Request): unknown {
  if (params.documentId !== undefined && params.documentId !== null) return params.documentId;
  if (request.method !== 'GET') return undefined;
  return new URL(request.url, 'http://localhost').searchParams.get('documentId') ?? undefined;
}

/** Trusted documents and APQ (see the file comment for what is accepted when). */
export function usePersistedDocuments(options: PersistedDocumentsOptions): Plugin {
  const { manifest, only } = options;
  const registry =
    manifest === undefined && !only
      ? new LRUCache<string, string>({
          max: APQ_REGISTRY_LIMITS.documents,
          maxSize: APQ_REGISTRY_LIMITS.bytes,
          sizeCalculation: (document) => Math.max(1, document.length),
        })
      : undefined;
  // The id a request named, from the front hook to the lookup (same context object in both), and
  // whether it came as APQ's hash.
  const ids = new WeakMap<object, string>();
  const apq = new WeakSet<object>();

  const front: Plugin = {
    onParams({ params, request, setParams, context }) {
      const { documentId: _, ...rest } = params as GraphQLParams & { documentId?: unknown };
      const documentId = documentIdOf(params, request);
      if (documentId !== undefined && typeof documentId !== 'string') {
        throw refused(400, 'BAD_REQUEST', '`documentId` must be a string');
      }
      if ('documentId' in params) setParams(rest);
      const hash = apqHash(params);
      const id = documentId ?? hash;
      if (id !== undefined) ids.set(context, id);
      if (documentId === undefined && hash !== undefined) apq.add(context);
      if (hash !== undefined && typeof params.query === 'string') {
        // A query sent with its hash: the hash must be the query's, whether or not it is kept.
        const actual = createHash('sha256').update(params.query).digest('hex');
        if (canonicalId(hash) !== `sha256:${actual}`) {
          throw refused(
            400,
            'PERSISTED_QUERY_HASH_MISMATCH',
            "The persisted query's hash is not the SHA-256 of its query",
            {
              sha256Hash: hash,
            },
          );
        }
        registry?.set(canonicalId(hash), params.query);
      }
    },
  };

  const persisted = usePersistedOperations({
    allowArbitraryOperations: !only,
    extractPersistedOperationId: (_params, _request, context) => ids.get(context) ?? null,
    getPersistedOperation: (id) => {
      const key = canonicalId(id);
      return manifest?.get(key) ?? registry?.get(key) ?? null;
    },
    customErrors: {
      // APQ clients (Apollo's) look for this code, older ones for this exact message; then they
      // send the query with its hash.
      notFound: ({ context }) =>
        refused(
          404,
          'PERSISTED_QUERY_NOT_FOUND',
          apq.has(context) ? 'PersistedQueryNotFound' : `No ${manifest ? 'trusted' : 'persisted'} document has this id`,
          { documentId: ids.get(context) },
        ),
      persistedQueryOnly: () =>
        refused(400, 'PERSISTED_QUERY_ONLY', 'This gateway runs trusted documents only: send a `documentId`'),
      // Neither a query nor an id: Yoga's own answer, unless only ids are accepted.
      keyNotFound: () =>
        only
          ? refused(400, 'PERSISTED_QUERY_ONLY', 'This gateway runs trusted documents only: send a `documentId`')
          : new GraphQLError('Must provide query string.', {
              extensions: { code: 'BAD_REQUEST', http: { spec: true, status: 400, headers: { Allow: 'GET, POST' } } },
            }),
    },
  });

  return {
    onPluginInit({ addPlugin }) {
      addPlugin(front);
      addPlugin(persisted as Plugin);
    },
  };
}
