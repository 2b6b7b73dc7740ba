/**
 * `createX`, `updateX` (PATCH: only the fields given change) and `deleteX` for a BrainSTEM
 * model, generated from one table of its writable fields. Every write is one request to the
 * private portal, so it happens whole or not at all; a 400 comes back as BAD_USER_INPUT with the
 * archive's message per field, named as in the GraphQL input.
 */
import type { InputType, InputTypeParam } from '@pothos/core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { drfFieldErrors } from '../../datasources/brainstem-errors.ts';
import type { ModelName } from '../../datasources/brainstem.ts';
import { ArchiveError, inputError } from '../../src/http/archive-error.ts';
import { builder } from '../../src/builder.ts';
import { archiveId } from './arguments.ts';
import { type BsRef, type BuilderTypes, refOf, type TypeRef } from './refs.ts';

export interface WriteField {
  /** The archive's field name. */
  wire: string;
  type: InputType<BuilderTypes>;
  list?: boolean;
  description: string;
  /** Must be given on create (BrainSTEM answers 400 without it). */
  required?: boolean;
  /** Only in the update input (e.g. project membership, which BrainSTEM ignores on create). */
  updateOnly?: boolean;
  toWire?: (value: unknown) => unknown;
  /**
   * What an explicit null is sent as. BrainSTEM refuses null ("This field may not be null.") for
   * its text fields (`""` clears them), tags and to-many relations (`[]` clears them) and
   * download links; left undefined, null is sent as null (a nullable field: a to-one relation,
   * a date, JSON details). `'refused'`: the field cannot be cleared (a flag, a choice), so null is
   * refused with BAD_USER_INPUT before anything is sent; required fields are always so.
   */
  onNull?: { send: unknown } | 'refused';
}

/** The value an explicit null stands for, or 'refused'; undefined: null itself. */
function nullValue(f: WriteField): { send: unknown } | 'refused' {
  if (f.required || f.onNull === 'refused') return 'refused';
  return f.onNull ?? { send: null };
}

const CLEARED_TEXT = { send: '' } as const;
const CLEARED_LIST = { send: [] } as const;

export interface FieldError {
  field: string | null;
  messages: string[];
}

const DeletePayload = builder.objectRef<{ typeName: string; id: string }>('BrainstemDeletePayload').implement({
  description: 'What a BrainSTEM delete removed.',
  fields: (t) => ({
    deletedId: t.id({
      description: 'Global ID the deleted object had.',
      resolve: (p) => encodeGlobalID(p.typeName, p.id),
    }),
    brainstemId: t.exposeString('id', { description: 'BrainSTEM id the deleted record had.' }),
  }),
});

const toWireValue = (v: unknown): unknown =>
  v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.map(toWireValue) : v;

/**
 * The request body: only the fields the caller gave. An explicit null clears a field, sent as
 * what BrainSTEM accepts for "empty" there (`""`, `[]`, or null where the field is nullable); a
 * field that cannot be cleared refuses null with BAD_USER_INPUT naming it, before anything is sent.
 */
export function wireBody(fields: Record<string, WriteField>, input: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(fields)) {
    const v = input[name];
    if (v === undefined) continue;
    if (v === null) {
      const cleared = nullValue(f);
      if (cleared === 'refused')
        throw inputError(
          `\`${name}\` cannot be cleared: BrainSTEM refuses null for it (leave it out to keep it)`,
          { argument: 'input', field: name },
          'brainstem',
        );
      body[f.wire] = structuredClone(cleared.send);
      continue;
    }
    body[f.wire] = f.toWire ? f.toWire(v) : toWireValue(v);
  }
  return body;
}

/** What the update input's description says null does to the field. */
function nullClause(f: WriteField): string {
  const cleared = nullValue(f);
  if (cleared === 'refused') return 'Left out: unchanged; null is refused (BAD_USER_INPUT), as BrainSTEM refuses it.';
  if (cleared.send === null) return 'Left out: unchanged; null: cleared.';
  return `Left out: unchanged; null: cleared, sent as \`${JSON.stringify(cleared.send)}\` (BrainSTEM refuses null here).`;
}

/** A 400 from BrainSTEM with its DRF body as per-field errors, fields named as in the input. */
export function withFieldErrors(error: ArchiveError, noun: string, fields: Record<string, WriteField>): ArchiveError {
  const byWire = new Map(Object.entries(fields).map(([name, f]) => [f.wire, name]));
  const fieldErrors: FieldError[] = drfFieldErrors(error.details?.upstreamBody).map((e) => {
    const [head, ...rest] = e.path;
    return { field: head === undefined ? null : [byWire.get(head) ?? head, ...rest].join('.'), messages: e.messages };
  });
  if (fieldErrors.length === 0) return error;
  const first = fieldErrors.find((e) => e.field !== null)?.field;
  const summary = fieldErrors
    .map((e) => (e.field ? `${e.field}: ${e.messages.join(' ')}` : e.messages.join(' ')))
    .join('; ');
  return new ArchiveError('brainstem', 'BAD_USER_INPUT', `BrainSTEM refused the ${noun}: ${summary}`, {
    status: error.status,
    details: { ...error.details, fieldErrors, ...(first ? { field: first } : {}) },
    cause: error,
  });
}

/** Runs a write; a 400 from BrainSTEM comes back with its field errors. */
export async function write<T>(noun: string, fields: Record<string, WriteField>, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ArchiveError && error.code === 'BAD_USER_INPUT' && error.status === 400)
      throw withFieldErrors(error, noun, fields);
    throw error;
  }
}

function inputType(name: string, description: string, fields: Record<string, WriteField>, create: boolean) {
  return builder.inputType(name, {
    description,
    fields: (t) =>
      Object.fromEntries(
        Object.entries(fields)
          .filter(([, f]) => (create ? !f.updateOnly : true))
          .map(([field, f]) => {
            const required = create && f.required === true;
            const type: InputTypeParam<BuilderTypes> = f.list ? [f.type] : f.type;
            const description = create ? f.description : `${f.description} ${nullClause(f)}`;
            return [field, t.field({ type, required, description })];
          }),
      ),
  });
}

/** `createX`, `updateX` and `deleteX` of the type's model from its writable `fields`; the payload holds it as `x`. */
export function brainstemMutations<M extends ModelName>(type: TypeRef<M>, fields: Record<string, WriteField>): void {
  const { model } = type;
  const { typeName, one, noun } = type.names;
  const createInput = inputType(`Create${typeName}Input`, `A new ${noun}; BrainSTEM checks every field.`, fields, true);
  const updateInput = inputType(
    `Update${typeName}Input`,
    `Changes to a ${noun}: only the fields given are sent (PATCH).`,
    fields,
    false,
  );
  const Payload = builder.objectRef<BsRef<M>>(`${typeName}Payload`).implement({
    description: `The ${noun} as BrainSTEM saved it.`,
    fields: (t) => ({
      // Nullable like every object of an archive, though the write answered it whole.
      [one]: t.field({
        type,
        nullable: true,
        description: `The saved ${noun}.`,
        resolve: (r) => r,
      }),
    }),
  });
  const needsToken = 'Needs `X-BrainSTEM-Token` (UNAUTHENTICATED without, before anything is sent).';

  builder.mutationField(`create${typeName}`, (t) =>
    t.field({
      type: Payload,
      nullable: true,
      description: `Create a ${noun} on the private portal. ${needsToken} Refused input: BAD_USER_INPUT with \`fieldErrors\`, nothing written.`,
      args: { input: t.arg({ type: createInput, required: true, description: `The new ${noun}.` }) },
      resolve: (_, { input }, ctx) =>
        write(noun, fields, async () =>
          refOf(model, await ctx.brainstem.create(model, wireBody(fields, input)), 'private'),
        ),
    }),
  );

  builder.mutationField(`update${typeName}`, (t) =>
    t.field({
      type: Payload,
      nullable: true,
      description: `Change fields of a ${noun} (PATCH). ${needsToken} Refused input: BAD_USER_INPUT with \`fieldErrors\`, nothing written.`,
      args: {
        id: t.arg.id({ required: true, description: `BrainSTEM id (or global \`id\`) of the ${noun}.` }),
        input: t.arg({ type: updateInput, required: true, description: 'The fields to change.' }),
      },
      resolve: (_, { id, input }, ctx) =>
        write(noun, fields, async () => {
          const record = await ctx.brainstem.update(model, archiveId(model, typeName, id), wireBody(fields, input));
          return refOf(model, record, 'private');
        }),
    }),
  );

  builder.mutationField(`delete${typeName}`, (t) =>
    t.field({
      type: DeletePayload,
      nullable: true,
      description: `Delete a ${noun}; BrainSTEM also deletes what it owns. ${needsToken}`,
      args: { id: t.arg.id({ required: true, description: `BrainSTEM id (or global \`id\`) of the ${noun}.` }) },
      resolve: (_, args, ctx) =>
        write(noun, fields, async () => {
          const id = archiveId(model, typeName, args.id);
          await ctx.brainstem.remove(model, id);
          return { typeName: typeName, id: id.toLowerCase() };
        }),
    }),
  );
}

/** Writable fields several models share, so each model's table lists only what is its own. */
export const w = {
  name: (rule: string): WriteField => ({
    wire: 'name',
    type: 'String',
    required: true,
    description: `Name (${rule}).`,
  }),
  /** A text field BrainSTEM stores as a non-null string: null clears it to `""`. */
  text: (wire: string, description: string, required = false): WriteField => ({
    wire,
    type: 'String',
    description,
    required,
    onNull: CLEARED_TEXT,
  }),
  /** A `YYYY-MM-DD` date, nullable at BrainSTEM (`""` is not a date): null is sent as null. */
  date: (wire: string, description: string): WriteField => ({ wire, type: 'String', description }),
  description: (): WriteField => ({
    wire: 'description',
    type: 'String',
    description: 'Description (HTML allowed).',
    onNull: CLEARED_TEXT,
  }),
  notes: (): WriteField => ({
    wire: 'notes',
    type: 'String',
    description: 'Notes (at most 500 characters).',
    onNull: CLEARED_TEXT,
  }),
  tags: (): WriteField => ({
    wire: 'tags',
    type: 'String',
    list: true,
    description: 'Free-text tags.',
    onNull: CLEARED_LIST,
  }),
  extraFields: (): WriteField => ({
    wire: 'extra_fields',
    type: 'JSON',
    description: 'Key/value pairs: keys start with a letter (letters, digits, _), values are strings or numbers.',
  }),
  one: (wire: string, description: string, required = false): WriteField => ({
    wire,
    type: 'ID',
    description,
    required,
  }),
  many: (wire: string, description: string, required = false): WriteField => ({
    wire,
    type: 'ID',
    list: true,
    description,
    required,
    onNull: CLEARED_LIST,
  }),
  json: (wire: string, description: string): WriteField => ({ wire, type: 'JSON', description }),
  order: (): WriteField => ({
    wire: 'order',
    type: 'Int',
    description: 'Display order within the session (a positive integer).',
  }),
};

/** `type` and its schema-checked `details` (send both together: the type selects the schema). */
export const typedWrites = (examples: string): Record<string, WriteField> => ({
  type: {
    wire: 'type',
    type: 'String',
    required: true,
    description: `Type, one of BrainSTEM's list, e.g. ${examples}.`,
  },
  details: w.json('details', 'Details, checked against the schema `type` selects (send `type` with them).'),
  typeSchemaVersion: w.text('type_schema_version', 'Version of the details schema, e.g. "1.1.0".'),
});
