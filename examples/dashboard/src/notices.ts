/**
 * What the page says when an archive could not answer. The gateway names the archive behind
 * every error (`errors[].extensions.archive`, with a `code`) and every stale answer it served
 * in an archive's place (`extensions.staleData`), so the page can say which part is missing or
 * old — one notice per archive — and show everything else. No DOM here: main.ts renders these.
 */
import type { GraphQLError } from './graphql-client.ts';

export type Archive = 'brainstem' | 'dandi' | 'eegdash';

export const ARCHIVE_NAMES: Record<Archive, string> = {
  brainstem: 'BrainSTEM',
  dandi: 'DANDI Archive',
  eegdash: 'EEGDash',
};

/** What of this page each archive provides, for the notices' wording. */
const PROVIDES: Record<Archive, string> = {
  brainstem: 'the sessions',
  dandi: 'the dandisets and the species chart',
  eegdash: 'the datasets and the sampling-rate chart',
};

/** A stale answer served in an archive's place, as `extensions.staleData` lists them. */
export interface StaleNote {
  archive: string;
  ageSeconds: number;
  reason: string;
}

/** One notice: `failed` when fields are missing, `stale` when older answers stand in. */
export interface Notice {
  /** An archive, or `gateway` for errors that name none (the request itself was refused). */
  archive: Archive | 'gateway';
  kind: 'failed' | 'stale';
  /** The error codes (or stale reasons), each once. */
  codes: string[];
  /** How many fields failed (failed) or how old the oldest stale answer is in seconds (stale). */
  count: number;
  text: string;
}

const isArchive = (a: unknown): a is Archive => a === 'brainstem' || a === 'dandi' || a === 'eegdash';

/** The notices for one result: failures first, then stale answers, each archive in a fixed order. */
export function noticesFor(errors: readonly GraphQLError[], extensions: Record<string, unknown>): Notice[] {
  const failed = new Map<Archive | 'gateway', { codes: Set<string>; count: number; message: string }>();
  for (const error of errors) {
    const archive = isArchive(error.extensions?.archive) ? error.extensions.archive : 'gateway';
    const entry = failed.get(archive) ?? { codes: new Set<string>(), count: 0, message: error.message };
    entry.codes.add(error.extensions?.code ?? 'ERROR');
    entry.count += 1;
    failed.set(archive, entry);
  }
  const stale = new Map<Archive, { codes: Set<string>; ageSeconds: number }>();
  const notes = Array.isArray(extensions.staleData) ? (extensions.staleData as StaleNote[]) : [];
  for (const note of notes) {
    if (!isArchive(note.archive)) continue;
    const entry = stale.get(note.archive) ?? { codes: new Set<string>(), ageSeconds: 0 };
    entry.codes.add(note.reason);
    entry.ageSeconds = Math.max(entry.ageSeconds, note.ageSeconds);
    stale.set(note.archive, entry);
  }

  const notices: Notice[] = [];
  for (const archive of ['brainstem', 'dandi', 'eegdash', 'gateway'] as const) {
    const f = failed.get(archive);
    if (!f) continue;
    const codes = [...f.codes];
    const text =
      archive === 'gateway'
        ? `The request failed (${codes.join(', ')}): ${f.message}`
        : `${ARCHIVE_NAMES[archive]} could not answer (${codes.join(', ')}): ${PROVIDES[archive]} ${
            f.count === 1 ? 'are missing in one place' : `are missing in ${f.count} places`
          }. Everything else on the page is current.`;
    notices.push({ archive, kind: 'failed', codes, count: f.count, text });
  }
  for (const archive of ['brainstem', 'dandi', 'eegdash'] as const) {
    const s = stale.get(archive);
    if (!s) continue;
    const codes = [...s.codes];
    const text = `${ARCHIVE_NAMES[archive]} could not answer (${codes.join(', ')}): ${PROVIDES[archive]} are shown as the gateway last saw them, ${age(s.ageSeconds)} ago.`;
    notices.push({ archive, kind: 'stale', codes, count: s.ageSeconds, text });
  }
  return notices;
}

function age(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}
