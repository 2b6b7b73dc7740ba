/**
 * Typed documents for the dashboard: `npx graphql-codegen --config examples/dashboard/codegen.ts`
 * (from the repository root) reads queries.graphql against the gateway's checked-in schema and
 * writes src/gql/: the operation's result and variable types, the document as a plain string
 * (`documentMode: 'string'`, so the browser needs no GraphQL library) carrying its hash, and
 * persisted-documents.json, the manifest a gateway started with `PERSISTED_DOCUMENTS` accepts.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const here = 'examples/dashboard';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: [`${here}/queries.graphql`],
  ignoreNoDocuments: false,
  generates: {
    [`${here}/src/gql/`]: {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // The page imports its document from graphql.ts; no `graphql()` tag, no barrel file.
        gqlTagName: 'graphql',
        skipIndexFile: true,
        persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' },
      },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        emitLegacyCommonJSImports: false,
        strictScalars: true,
        enumsAsTypes: true,
        // Upload: a browser would send a `File` in a multipart request.
        scalars: { DateTime: 'string', JSON: 'unknown', SafeInt: 'number', Upload: 'File' },
      },
    },
  },
};

export default config;
