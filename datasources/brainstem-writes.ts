/**
 * What a BrainSTEM write answers, read defensively: the saved record under the model's detail
 * key (or bare), the approval filed instead for approval-moderated models (spec §6.3), or no
 * body at all (some PATCH endpoints answer 204, spec §6.1). Any other shape of valid JSON is
 * ARCHIVE_BAD_RESPONSE naming the key.
 */
import { canonicalId, MODELS, type ModelName } from './brainstem-models.ts';
import { badShape, isObject, objectBody } from './list.ts';

type Saved = Record<string, unknown> & { id: string | number };

export interface SavedBody {
  /** The record to answer with (the saved record, or the approval); absent when the body holds none. */
  record?: Saved;
  /** The model's own saved record under its canonical id, to prime the loaders with. */
  own?: { id: string; record: Saved };
}

const hasId = (v: Record<string, unknown>): v is Saved => typeof v.id === 'string' || typeof v.id === 'number';

export function savedRecord(model: ModelName, body: unknown): SavedBody {
  if (body === undefined || body === null) return {};
  const envelope = objectBody('brainstem', body);
  const key = MODELS[model].detailKey;
  if (key in envelope) {
    const own = envelope[key];
    if (!isObject(own)) throw badShape('brainstem', key, 'the saved record', own);
    return hasId(own) ? { record: own, own: { id: canonicalId(model, String(own.id)), record: own } } : {};
  }
  const values = Object.values(envelope);
  const only = values.length === 1 ? values[0] : undefined;
  const record = isObject(only) ? only : envelope;
  return hasId(record) ? { record } : {};
}
