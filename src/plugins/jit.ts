/**
 * GRAPHQL_JIT: operations executed by graphql-jit, which compiles each document once into a
 * JavaScript function (kept as long as Yoga's parser cache keeps the document), instead of
 * graphql-js walking the document on every request. See bench/README.md, "CPU per request", for
 * what it saves.
 *
 * graphql-jit knows nothing of incremental delivery: a document with `@defer` or `@stream` is
 * always executed by Yoga's own executor, which delivers them.
 *
 * Off by default, measured: it halves the CPU of a 100-asset page (bench/cpu.ts), but with it on
 * 17 tests of this suite fail, because graphql-jit coerces variables its own way: a non-null
 * variable with a default (`$database: EEGDashDatabase! = EEGDASH`, as the typed documents
 * declare it) is refused as "not provided", and coercion errors lose the `extensions` the
 * gateway's own input errors carry (`argument`, `path`). Unset input fields becoming `null`
 * (graphql-jit issue #91) would turn "leave it" into "clear it" in BrainSTEM updates. The
 * response cache answers repeated queries without executing them at all.
 */
import { useGraphQlJit } from '@envelop/graphql-jit';
import { BREAK, type DocumentNode, visit } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const incremental = new WeakMap<DocumentNode, boolean>();

/** Whether the document holds a `@defer` or `@stream` anywhere (whatever its `if`); cached per document. */
function hasDeferOrStream(document: DocumentNode): boolean {
  let found = incremental.get(document);
  if (found !== undefined) return found;
  found = false;
  visit(document, {
    Directive(node) {
      if (node.name.value !== 'defer' && node.name.value !== 'stream') return;
      found = true;
      return BREAK;
    },
  });
  incremental.set(document, found);
  return found;
}

/** graphql-jit for every operation but those asking for incremental delivery. */
export function useJit(): Plugin {
  return useGraphQlJit({}, { enableIf: ({ document }) => !hasDeferOrStream(document) }) as Plugin;
}
