/**
 * The Mutation root. Imported by src/schema.ts once any type file defines a mutation field
 * (GraphQL refuses an empty Mutation type).
 */
import { builder } from '../src/builder.ts';

builder.mutationType({ description: "Writes, each forwarded to its archive with the caller's own credentials." });
