/**
 * `skip`: the Python client's `find(skip=)` on the EEGDash list fields. It starts the list at a
 * row, as `after` does: `records(skip: 2000, first: 100)` asks the archive for exactly what
 * `find(query, skip=2000, limit=100)` does (one `/records?skip=2000` request), and its cursors
 * are positions in the whole list, so the next page is `after: endCursor` (without `skip`).
 * It is an alternative to `after`, so the two together are refused; with `before` or `last` it
 * bounds the list from the start.
 */
import { inputError } from '../../src/http/archive-error.ts';
import { type ConnectionArgs, encodeOffsetCursor } from '../connection.ts';

/** Largest `skip` taken: past it a Mongo skip scans rows for nothing (the whole catalogue is far smaller). */
export const MAX_SKIP = 10_000_000;

export const skipArg = {
  description: `Rows to skip from the start of the list, as \`find(skip=)\` of the Python client (0 to ${MAX_SKIP.toLocaleString('en-US')}). An alternative to \`after\` (not both); the edges' cursors count from the start of the list, so page on with \`after: endCursor\`.`,
} as const;

/** The connection arguments with `skip` turned into the `after` it stands for; bounds → BAD_USER_INPUT. */
export function withSkip<A extends ConnectionArgs>(args: A & { skip?: number | null | undefined }): A {
  const { skip, ...rest } = args;
  if (skip === null || skip === undefined) return rest as unknown as A;
  if (!Number.isInteger(skip) || skip < 0 || skip > MAX_SKIP) {
    throw inputError(
      `\`skip\` must be between 0 and ${MAX_SKIP}, got ${skip}`,
      { argument: 'skip', maximum: MAX_SKIP },
      'eegdash',
    );
  }
  if (rest.after != null) {
    throw inputError('Pass `skip` or `after`, not both: `skip` starts the list where `after` would', {
      argument: 'skip',
    });
  }
  return (skip === 0 ? rest : { ...rest, after: encodeOffsetCursor(skip - 1) }) as unknown as A;
}
