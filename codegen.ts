/**
 * Typed documents for the operations in test/operations/ (and any client of the gateway that
 * copies this setup): `npm run codegen` writes test/gql/ from the checked-in schema.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/operations/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'test/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        emitLegacyCommonJSImports: false,
        strictScalars: true,
        enumsAsTypes: true,
        scalars: {
          DateTime: 'string',
          JSON: 'unknown',
          SafeInt: 'number',
        },
      },
    },
  },
};

export default config;
