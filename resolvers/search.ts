/**
 * `search`: one text query over the three archives, each through its own search — DANDI's
 * full-text dandiset search, EEGDash's dataset search, BrainSTEM's `filter{name.icontains}` on
 * sessions — asked in parallel and interleaved fairly (see search-merge.ts). An archive that fails
 * contributes nothing and adds an error; the others' results are still returned.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { EEGDASH_SEARCH_MAX } from '../datasources/eegdash.ts';
import { builder } from '../src/builder.ts';
import type { Context } from '../src/context.ts';
import { inputError } from '../src/http/archive-error.ts';
import { reportPartialError } from '../src/plugins/partial-errors.ts';
import { checkPageSize, connectionOf, forwardOnly } from './connection.ts';
import { refOf, SessionType, type BsRef } from './brainstem/refs.ts';
import { DandisetType, type DandisetRef } from './dandi/refs.ts';
import { DatasetType, type DatasetRef } from './eegdash/refs.ts';
import {
  decodeSearchCursor,
  encodeSearchCursor,
  initialCursor,
  mergeSearchPage,
  SEARCH_ARCHIVES,
  type ArchiveBatch,
  type SearchArchiveName,
  type SearchCursor,
} from './search-merge.ts';

export const SEARCH_LIMITS = { defaultSize: 20, maxSize: 100, minText: 2, maxText: 1024 } as const;

/** A result: a reference to a dandiset, a dataset or a session. */
export type SearchHit = DandisetRef | DatasetRef | BsRef<'session'>;

const SearchArchiveEnum = builder.enumType('SearchArchive', {
  description: 'An archive `search` can query.',
  values: {
    DANDI: { value: 'dandi', description: "The DANDI Archive: dandisets, by DANDI's full-text search." },
    EEGDASH: {
      value: 'eegdash',
      description:
        'EEGDash (production database): datasets, by its dataset search over name, tasks, tags and README (its best 100 matches at most).',
    },
    BRAINSTEM: {
      value: 'brainstem',
      description:
        'BrainSTEM: sessions whose name contains the text (case-insensitive), on the private portal with a token, else the public one.',
    },
  } as const,
});

/** Which archive a result came from, told by the key its reference carries. */
function archiveOf(hit: SearchHit): SearchArchiveName {
  return 'identifier' in hit ? 'dandi' : 'datasetId' in hit ? 'eegdash' : 'brainstem';
}

const SearchResultUnion = builder.unionType('SearchResult', {
  description: 'A `search` result: a DANDI dandiset, an EEGDash dataset or a BrainSTEM session.',
  types: [DandisetType, DatasetType, SessionType],
  resolveType: (value) => {
    const archive = archiveOf(value);
    return archive === 'dandi' ? DandisetType : archive === 'eegdash' ? DatasetType : SessionType;
  },
});

interface ArchiveCount {
  archive: SearchArchiveName;
  total: number | null;
}

const SearchArchiveCountType = builder.objectRef<ArchiveCount>('SearchArchiveCount').implement({
  description: 'How many results one archive has for a search.',
  fields: (t) => ({
    archive: t.field({ type: SearchArchiveEnum, description: 'The archive.', resolve: (c) => c.archive }),
    total: t.int({
      nullable: true,
      description:
        'Its number of matches across all pages; null when it did not say (EEGDash reports none beyond the hits it returns), or it failed.',
      resolve: (c) => c.total,
    }),
  }),
});

type Fetch = (ctx: Context, text: string, offset: number, size: number) => Promise<ArchiveBatch<SearchHit>>;

/** Each archive's results [offset, offset + size), one upstream request each. */
const FETCH: Record<SearchArchiveName, Fetch> = {
  dandi: async (ctx, text, offset, size) => {
    const window = await ctx.dandi.dandisets({ search: text }, offset, size);
    const items = window.items.map((d): SearchHit => ({ identifier: d.identifier, data: d }));
    return { archive: 'dandi', items, hasMore: window.hasMore, total: window.total };
  },
  eegdash: async (ctx, text, offset, size) => {
    // No offset upstream: ask for everything up to this window (and one more, to know whether
    // more follow), within the search's own maximum; what lies beyond that cannot be reached.
    if (offset >= EEGDASH_SEARCH_MAX) return { archive: 'eegdash', items: [], hasMore: false, total: null };
    const asked = Math.min(offset + size + 1, EEGDASH_SEARCH_MAX);
    const hits = await ctx.eegdash.searchDatasets('eegdash', text, asked);
    // Search hits are catalogue excerpts, not whole documents: fields beyond the id load the
    // documents (one batched request for the page).
    const items = hits
      .slice(offset, offset + size)
      .map((h): SearchHit => ({ database: 'eegdash', datasetId: h.dataset_id }));
    return {
      archive: 'eegdash',
      items,
      hasMore: hits.length > offset + size,
      total: hits.length < asked ? hits.length : null,
    };
  },
  brainstem: async (ctx, text, offset, size) => {
    const portal = ctx.brainstem.portal();
    const window = await ctx.brainstem.list(
      'session',
      { portal, conditions: [{ field: 'name', operator: 'icontains', values: [text] }] },
      offset,
      size,
    );
    const items = window.items.map((r): SearchHit => refOf('session', r, portal));
    return { archive: 'brainstem', items, hasMore: window.hasMore, total: window.total };
  },
};

interface SearchArgs {
  text: string;
  archives?: readonly SearchArchiveName[] | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}

/** Refuses what no archive should be asked, before any upstream call. */
function checkArgs(args: SearchArgs): {
  text: string;
  archives: SearchArchiveName[];
  first: number;
  start: SearchCursor;
} {
  forwardOnly(args, '`search` results');
  const text = args.text.trim();
  if (text.length < SEARCH_LIMITS.minText) {
    throw inputError(`\`text\` needs at least ${SEARCH_LIMITS.minText} characters`, {
      argument: 'text',
      minimum: SEARCH_LIMITS.minText,
    });
  }
  if (text.length > SEARCH_LIMITS.maxText) {
    throw inputError(`\`text\` is longer than ${SEARCH_LIMITS.maxText} characters`, {
      argument: 'text',
      maximum: SEARCH_LIMITS.maxText,
    });
  }
  const first = checkPageSize(args.first ?? SEARCH_LIMITS.defaultSize, 'first', SEARCH_LIMITS.maxSize);
  const chosen = args.archives ?? SEARCH_ARCHIVES;
  if (chosen.length === 0) throw inputError('`archives` must name at least one archive', { argument: 'archives' });
  const archives = SEARCH_ARCHIVES.filter((a) => chosen.includes(a));
  const start = args.after != null ? decodeSearchCursor(args.after) : initialCursor();
  return { text, archives, first, start };
}

export async function searchPage(args: SearchArgs, ctx: Context, info: GraphQLResolveInfo) {
  const { text, archives, first, start } = checkArgs(args);
  // `first: 0` still asks for one row each, for `hasNextPage` and the counts.
  const size = Math.max(first, 1);
  const asked = archives.filter((a) => !start.exhausted.includes(a));
  const answers = await Promise.all(
    asked.map(async (archive) => {
      try {
        return await FETCH[archive](ctx, text, start.consumed[archive], size);
      } catch (error) {
        reportPartialError(ctx, info, error, { archive });
        return null;
      }
    }),
  );
  const batches = answers.filter((b): b is ArchiveBatch<SearchHit> => b !== null);
  const page = mergeSearchPage(start, batches, first);
  const edges = page.edges.map((e) => ({ cursor: encodeSearchCursor(e.cursor), node: e.node }));
  const counts: ArchiveCount[] = archives.map((archive) => ({
    archive,
    // An exhausted archive, not asked again, has exactly the results consumed from it.
    total: start.exhausted.includes(archive)
      ? start.consumed[archive]
      : (batches.find((b) => b.archive === archive)?.total ?? null),
  }));
  const totalCount = counts.every((c) => c.total !== null)
    ? counts.reduce((sum, c) => sum + (c.total as number), 0)
    : null;
  const connection = connectionOf(
    edges,
    {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: args.after != null && SEARCH_ARCHIVES.some((a) => start.consumed[a] > 0),
    },
    () => totalCount,
  );
  return { ...connection, counts };
}

builder.queryField('search', (t) =>
  t.connection(
    {
      type: SearchResultUnion,
      nullable: true,
      description:
        "Searches the three archives at once, each with its own search (DANDI dandisets by full text, EEGDash datasets by its dataset search, BrainSTEM sessions by name), and interleaves their results round-robin (DANDI, EEGDash, BrainSTEM; archives that run out are skipped). Forward paging only: `first` (default 20, at most 100) and `after`. An archive that fails adds an error (with `extensions.archive`) while the others' results are still returned.",
      args: {
        text: t.arg.string({
          required: true,
          description:
            'What to look for (at least 2 characters): DANDI\'s search words and operators, EEGDash\'s search terms (`-word` excludes, `"a phrase"` must occur), a substring of BrainSTEM session names.',
        }),
        archives: t.arg({
          type: [SearchArchiveEnum],
          defaultValue: ['dandi', 'eegdash', 'brainstem'],
          description: 'The archives to query; all three unless given.',
        }),
      },
      resolve: (_, args, ctx, info) => searchPage(args, ctx, info),
    },
    {
      name: 'SearchResultConnection',
      description:
        "A page of search results across the archives. Its `totalCount` is the sum of the archives' totals, or null when one of them is unknown (EEGDash tells none while more than a page matches) or an archive failed.",
      fields: (c) => ({
        counts: c.field({
          type: [SearchArchiveCountType],
          description: 'Matches per queried archive, in the order DANDI, EEGDash, BrainSTEM.',
          resolve: (page) => page.counts,
        }),
      }),
    },
    {
      name: 'SearchResultEdge',
      description: 'A search result with its cursor.',
      fields: (e) => ({
        archive: e.field({
          type: SearchArchiveEnum,
          description: 'The archive the result comes from.',
          resolve: (edge) => archiveOf(edge.node),
        }),
      }),
    },
  ),
);
