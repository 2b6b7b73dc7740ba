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
import '../resolvers/eegdash/record.ts';
import '../resolvers/eegdash/dataset.ts';
import '../resolvers/eegdash/admin.ts';
import '../resolvers/mutation.ts';

export const schema = builder.toSchema();
