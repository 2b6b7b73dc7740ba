/**
 * What an EEGDash write reports back. A bulk write is a list of chunks, each written (with the
 * counts the archive confirmed), failed or skipped. A chunk that was not written carries its error
 * as data, and the mutation also reports it in the response's `errors` (whatever the client
 * selected), so a partial write is never mistaken for a complete one, while what was written
 * stays counted.
 */
import type { BulkOutcome, ChunkOutcome, ChunkStatus } from '../../datasources/eegdash-bulk.ts';
import type { GraphQLResolveInfo } from 'graphql';
import type { ArchiveError } from '../../src/http/archive-error.ts';
import { builder } from '../../src/builder.ts';
import type { Context } from '../../src/context.ts';
import { reportPartialError } from '../../src/plugins/partial-errors.ts';

const ChunkStatusEnum = builder.enumType('EEGDashChunkStatus', {
  description: 'What became of one chunk of a bulk write.',
  values: {
    WRITTEN: { description: 'The archive accepted the chunk.' },
    FAILED: { description: 'The archive refused the chunk, or did not answer; see `error`.' },
    SKIPPED: {
      description:
        'Not sent, because an earlier answer (no or a wrong token, unknown database) applies to every chunk.',
    },
  } as const satisfies Record<ChunkStatus, { description: string }>,
});

interface WriteError {
  code: string;
  message: string;
  status: number | null;
  recordIndex: number | null;
  field: string | null;
}

/** A plain view: graphql-js treats an Error returned by a resolver as that field's failure. */
function view(e: ArchiveError): WriteError {
  const { recordIndex, field } = e.details ?? {};
  return {
    code: e.code,
    message: e.message,
    status: e.status ?? null,
    recordIndex: typeof recordIndex === 'number' ? recordIndex : null,
    field: typeof field === 'string' ? field : null,
  };
}

const WriteErrorType = builder.objectRef<WriteError>('EEGDashWriteError').implement({
  description: 'Why a write, or one chunk of it, was not done.',
  fields: (t) => ({
    code: t.exposeString('code', {
      description:
        'The error code, as in `extensions.code` (BAD_USER_INPUT, UNAUTHENTICATED, FORBIDDEN, ARCHIVE_UNAVAILABLE, ...).',
    }),
    message: t.exposeString('message', { description: 'What went wrong, in words.' }),
    status: t.exposeInt('status', { nullable: true, description: "The archive's HTTP status, when it answered." }),
    recordIndex: t.exposeInt('recordIndex', {
      nullable: true,
      description: 'Position, in the list sent to the gateway, of the first document the archive refused.',
    }),
    field: t.exposeString('field', {
      nullable: true,
      description: 'The refused field of that document, e.g. "storage".',
    }),
  }),
});

/**
 * Raises each failed chunk's error in the response's `errors`, at the mutation's path. Skipped
 * chunks share the error of the chunk that stopped the write, which is reported once.
 */
export function reportChunkErrors(ctx: Context, info: GraphQLResolveInfo, outcome: BulkOutcome): BulkOutcome {
  for (const c of outcome.chunks)
    if (c.status === 'FAILED' && c.error) reportPartialError(ctx, info, c.error, { chunk: c.index });
  return outcome;
}

const ChunkType = builder.objectRef<ChunkOutcome>('EEGDashWriteChunk').implement({
  description: 'One request of a bulk write: up to 1000 records or 500 datasets, sent in order.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the chunk, from 0.' }),
    offset: t.exposeInt('offset', { description: 'Position of its first document in the list sent.' }),
    size: t.exposeInt('size', { description: 'Number of documents in it.' }),
    status: t.field({ type: ChunkStatusEnum, description: 'Written, failed or skipped.', resolve: (c) => c.status }),
    insertedCount: t.int({
      nullable: true,
      description:
        "Documents it inserted; null unless WRITTEN (the chunk's error is then in `error` and in the response's `errors`).",
      resolve: (c) => c.counts?.inserted ?? null,
    }),
    updatedCount: t.int({
      nullable: true,
      description: 'Existing documents it matched (upserts); null unless WRITTEN.',
      resolve: (c) => c.counts?.updated ?? null,
    }),
    error: t.field({
      type: WriteErrorType,
      nullable: true,
      description: 'Why it was not written; null when WRITTEN.',
      resolve: (c) => (c.error ? view(c.error) : null),
    }),
  }),
});

export const BulkWriteType = builder.objectRef<BulkOutcome>('EEGDashBulkWriteResult').implement({
  description: 'The outcome of a bulk write, chunk by chunk. Counts cover the chunks the archive confirmed.',
  fields: (t) => ({
    requestedCount: t.exposeInt('requested', { description: 'Documents sent to the gateway.' }),
    insertedCount: t.exposeInt('inserted', { description: 'Documents inserted, over the written chunks.' }),
    updatedCount: t.exposeInt('updated', {
      description: 'Existing documents matched by an upsert, over the written chunks.',
    }),
    modifiedCount: t.exposeInt('modified', {
      description: 'Existing documents an upsert actually changed, where the archive reports it.',
    }),
    complete: t.boolean({
      description: 'True when every chunk was written.',
      resolve: (b) => b.chunks.every((c) => c.status === 'WRITTEN'),
    }),
    insertedIds: t.exposeStringList('insertedIds', {
      description: 'Ids of the inserted documents, where the archive reports them (record inserts).',
    }),
    chunks: t.field({ type: [ChunkType], description: 'Each chunk, in the order sent.', resolve: (b) => b.chunks }),
  }),
});
