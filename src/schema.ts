/**
 * Imports every type file (each registers its types and root fields on the builder) and builds
 * the schema. Order does not matter: Pothos resolves references lazily.
 */
import { builder } from './builder.ts';
import '../resolvers/dandi/metadata.ts';
import '../resolvers/dandi/dandiset.ts';
import '../resolvers/dandi/version.ts';
import '../resolvers/dandi/asset.ts';
import '../resolvers/dandi/zarr-entry.ts';

export const schema = builder.toSchema();
