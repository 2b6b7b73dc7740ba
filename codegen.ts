/**
 * Typed documents for the operations in test/operations/ (and any client of the gateway that
 * copies this setup): `npm run codegen` writes test/gql/ from the checked-in schema, with the
 * persisted-documents manifest of those operations (trusted documents).
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/operations/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'test/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // test/gql/persisted-documents.json: `{ "<sha256>": "<document>" }`, the manifest the gateway
        // takes as PERSISTED_DOCUMENTS. The documents keep their text (the hash rides along in
        // `__meta__.hash`), so they can still be sent whole.
        persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' },
      },
      config: {
        useTypeImports: true,
        emitLegacyCommonJSImports: false,
        strictScalars: true,
        enumsAsTypes: true,
        scalars: {
          DateTime: 'string',
          JSON: 'unknown',
          SafeInt: 'number',
          // A file of a multipart request: null in `operations`, the file itself in its own part.
          Upload: 'unknown',
        },
      },
    },
  },
};

export default config;
