/**
 * Reading BrainSTEM arguments: an `id` that may be BrainSTEM's own or the object's global ID,
 * and input the datasource refuses (named in BrainSTEM's terms) told back with the GraphQL
 * argument it came from.
 */
import { decodeGlobalID } from '@pothos/plugin-relay';
import { isModelId, type ModelName } from '../../datasources/brainstem-models.ts';
import { InputError } from '../../src/http/archive-error.ts';

/**
 * The BrainSTEM id in an `id` argument. A global ID of the right type is accepted as well, so
 * what a client read from `id` works too; anything else is passed on for the datasource to refuse.
 */
export function archiveId(model: ModelName, typeName: string, raw: string | number): string {
  const id = String(raw);
  if (isModelId(model, id)) return id;
  try {
    const decoded = decodeGlobalID(id);
    if (decoded.typename === typeName) return decoded.id;
  } catch {
    // Not a global ID: the datasource reports the malformed id.
  }
  return id;
}

/** Runs `read`; input it refuses comes back with `argument` naming where it came from. */
export function withArgument<T>(argument: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InputError) throw new InputError(error.message, { argument, ...error.details }, error.archive);
    throw error;
  }
}
