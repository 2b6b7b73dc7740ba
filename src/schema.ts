/**
 * Imports every type file (each registers its types and root fields on the builder) and builds
 * the schema. Order does not matter: Pothos resolves references lazily.
 */
import { specifiedDirectives } from 'graphql';
import { builder } from './builder.ts';
import { DEFER_STREAM_DIRECTIVES } from './plugins/defer-stream.ts';
import '../resolvers/dandi/metadata.ts';
import '../resolvers/dandi/dandiset.ts';
import '../resolvers/dandi/version.ts';
import '../resolvers/dandi/asset.ts';
import '../resolvers/dandi/zarr-entry.ts';
import '../resolvers/dandi/info.ts';
import '../resolvers/dandi/related.ts';
import '../resolvers/eegdash/record.ts';
import '../resolvers/eegdash/dataset.ts';
import '../resolvers/eegdash/admin.ts';
import '../resolvers/brainstem/session.ts';
import '../resolvers/brainstem/project.ts';
import '../resolvers/brainstem/subject.ts';
import '../resolvers/brainstem/collection.ts';
import '../resolvers/brainstem/epoch.ts';
import '../resolvers/brainstem/procedure.ts';
import '../resolvers/brainstem/behavior.ts';
import '../resolvers/brainstem/data-acquisition.ts';
import '../resolvers/brainstem/manipulation.ts';
import '../resolvers/brainstem/equipment.ts';
import '../resolvers/brainstem/personal-attributes.ts';
import '../resolvers/brainstem/taxonomy.ts';
import '../resolvers/brainstem/user.ts';
import '../resolvers/brainstem/publication.ts';
import '../resolvers/brainstem/raw.ts';
import '../resolvers/mutation.ts';
import '../resolvers/dandi/mutations.ts';
import '../resolvers/dandi/upload.ts';
import '../resolvers/search.ts';
import '../resolvers/links.ts';

// @defer and @stream are declared here so that the SDL (and codegen) knows them; the gateway's
// useDeferAndStream() validates them.
export const schema = builder.toSchema({ directives: [...specifiedDirectives, ...DEFER_STREAM_DIRECTIVES] });
