/**
 * What an EEGDash write reports back. A bulk write is a list of chunks, each WRITTEN (with the
 * counts the archive acknowledged), FAILED (refused), UNKNOWN (sent, without a readable answer)
 * or NOT_SENT. A chunk that was not written carries its error as data, and the mutation also
 * reports it in the response's `errors` (whatever the client selected), so a partial write is
 * never mistaken for a complete one, while what was written stays counted.
 */
import type { BulkOutcome, ChunkOutcome, ChunkStatus } from '../../datasources/eegdash-bulk.ts';
import type { GraphQLResolveInfo } from 'graphql';
import { ArchiveError } from '../../src/http/archive-error.ts';
import { builder } from '../../src/builder.ts';
import type { Context } from '../../src/context.ts';
import { reportPartialError } from '../../src/plugins/partial-errors.ts';

const ChunkStatusEnum = builder.enumType('EEGDashChunkStatus', {
  description: 'What became of one chunk of a bulk write.',
  values: {
    WRITTEN: { description: 'The archive acknowledged writing the chunk, with the counts given.' },
    FAILED: {
      description:
        'The archive refused the chunk (an HTTP 4xx: invalid document, wrong token, rate limit); nothing of it was written. See `error`.',
    },
    UNKNOWN: {
      description:
        'Sent, but whether the archive wrote it is not known: its answer was unreadable or of the wrong shape, an HTTP 5xx, or never came (timeout, dropped connection, the operation ended while it was out). Counted neither as written nor as failed; read the records back before sending it again.',
    },
    NOT_SENT: {
      description:
        'Never sent: the operation was cancelled or passed its deadline, its upstream request limit was reached, no connection came free, or an earlier answer (no or a wrong token, unknown database) applies to every chunk. Safe to send again.',
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

/**
 * A plain view: graphql-js treats an Error returned by a resolver as that field's failure. An
 * error that is not the gateway's own (a bug) shows only its code, as in `errors`.
 */
function view(e: Error): WriteError {
  if (!(e instanceof ArchiveError))
    return {
      code: 'INTERNAL_SERVER_ERROR',
      message: 'Unexpected error.',
      status: null,
      recordIndex: null,
      field: null,
    };
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
 * Raises each FAILED and UNKNOWN chunk's error in the response's `errors`, at the mutation's
 * path, with `chunk` and `chunkStatus`. NOT_SENT chunks share the reason the write stopped,
 * which is reported once: with the chunk that stopped it, or with the first chunk not sent.
 */
export function reportChunkErrors(ctx: Context, info: GraphQLResolveInfo, outcome: BulkOutcome): BulkOutcome {
  for (const c of outcome.chunks) {
    const reported = c.status === 'FAILED' || c.status === 'UNKNOWN' || c.index === outcome.stoppedAt;
    if (reported && c.error) reportPartialError(ctx, info, c.error, { chunk: c.index, chunkStatus: c.status });
  }
  return outcome;
}

const ChunkType = builder.objectRef<ChunkOutcome>('EEGDashWriteChunk').implement({
  description: 'One request of a bulk write: up to 1000 records or 500 datasets, sent in order.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the chunk, from 0.' }),
    offset: t.exposeInt('offset', { description: 'Position of its first document in the list sent.' }),
    size: t.exposeInt('size', { description: 'Number of documents in it.' }),
    status: t.field({
      type: ChunkStatusEnum,
      description: 'Written, failed, unknown or not sent.',
      resolve: (c) => c.status,
    }),
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
    modifiedCount: t.int({
      nullable: true,
      description:
        'Existing documents it actually changed; null unless WRITTEN and the archive reported it (`/records/upsert` does not).',
      resolve: (c) => c.counts?.modified ?? null,
    }),
    error: t.field({
      type: WriteErrorType,
      nullable: true,
      description: 'Why it was not written, or may not have been; null when WRITTEN.',
      resolve: (c) => (c.error ? view(c.error) : null),
    }),
  }),
});

export const BulkWriteType = builder.objectRef<BulkOutcome>('EEGDashBulkWriteResult').implement({
  description:
    'The outcome of a bulk write, chunk by chunk. Counts cover only the chunks the archive acknowledged (WRITTEN).',
  fields: (t) => ({
    requestedCount: t.exposeInt('requested', { description: 'Documents sent to the gateway.' }),
    insertedCount: t.exposeInt('inserted', { description: 'Documents inserted, over the written chunks.' }),
    updatedCount: t.exposeInt('updated', {
      description: 'Existing documents matched by an upsert, over the written chunks.',
    }),
    modifiedCount: t.exposeInt('modified', {
      nullable: true,
      description:
        'Existing documents an upsert actually changed, summed over the written chunks; null when the archive does not report it (`/records/upsert` answers only inserted and updated counts), never a guessed 0. 0 for plain inserts.',
    }),
    unknownCount: t.exposeInt('unknown', {
      description:
        'Documents in UNKNOWN chunks: sent, but whether they were written is not known (not in the other counts).',
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
