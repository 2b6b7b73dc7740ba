/**
 * `sessions(linksTo: [DANDI, EEGDASH])`: the public sessions whose download links point into
 * DANDI or EEGDash. BrainSTEM cannot filter on its `download_links` JSON, so the ids come from
 * the gateway's link index (src/links/link-index.ts), and BrainSTEM is asked only for those
 * sessions: up to {@link LINKED_IN_QUERY} of them as one `filter{id.in}` condition beside the
 * other conditions, orderings and window (so BrainSTEM still filters, sorts and pages); more
 * than that, by reading the list the other conditions select and keeping the linked ones here.
 */
import { inputError } from '../../src/http/archive-error.ts';
import { builder } from '../../src/builder.ts';
import type { Context } from '../../src/context.ts';
import type { LinkedArchive } from '../../src/links/link-index.ts';

/** Most linked ids sent as one `filter{id.in}` (100 UUIDs keep the query string near 5 KB). */
export const LINKED_IN_QUERY = 100;

export const LinkArchiveEnum = builder.enumType('LinkArchive', {
  description: 'An archive that BrainSTEM download links can point into.',
  values: {
    DANDI: { value: 'dandi', description: 'DANDI: a dandiset, version, DOI or asset URL.' },
    EEGDASH: { value: 'eegdash', description: 'EEGDash: an OpenNeuro or NEMAR dataset URL or DOI.' },
  } as const satisfies Record<string, { value: LinkedArchive; description: string }>,
});

export const linksToArg = {
  type: [LinkArchiveEnum] as [typeof LinkArchiveEnum],
  description:
    "Only sessions with a download link into one of these archives, as the gateway's link index knows them (public sessions only, so the portal is PUBLIC; see `linkIndex` for its age). Combines with the other arguments.",
};

/** The public sessions linking into any of `archives`, in the index's order, each once. */
export async function linkedSessionIds(ctx: Context, archives: readonly LinkedArchive[]): Promise<string[]> {
  if (archives.length === 0)
    throw inputError('`linksTo` needs at least one archive (DANDI, EEGDASH)', { argument: 'linksTo' }, 'brainstem');
  await ctx.links.ready();
  return [...new Set(archives.flatMap((a) => ctx.links.sessionsLinkingTo(a)))];
}

/** The portal a `linksTo` list reads: public, the only one the index covers. */
export function linkedPortal(requested: string | null | undefined): 'public' {
  if (requested != null && requested !== 'public')
    throw inputError(
      '`linksTo` answers from the index of public sessions: read it on the PUBLIC portal',
      { argument: 'portal' },
      'brainstem',
    );
  return 'public';
}
