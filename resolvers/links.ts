/**
 * Cross-archive fields. Forward: a BrainSTEM session's download links resolve, by URL, to DANDI
 * dandisets, versions and assets and to EEGDash datasets. Backward: a dandiset or dataset lists
 * the public BrainSTEM sessions that cite it, from the gateway's link index.
 */
import { ArchiveError } from '../src/http/archive-error.ts';
import { builder } from '../src/builder.ts';
import type { Context } from '../src/context.ts';
import type { LinkIndexStatus } from '../src/links/link-index.ts';
import { dandisetOf, parseLink, type LinkTarget } from '../src/links/parse-link.ts';
import { checkPageSize } from './connection.ts';
import { loadRecord, refOf, SessionType, type BsRef } from './brainstem/refs.ts';
import { DownloadLinkType, downloadLinks, type DownloadLinkValue } from './brainstem/shared.ts';
import {
  AssetType,
  DandisetType,
  VersionType,
  type AssetRef,
  type DandisetRef,
  type VersionRef,
} from './dandi/refs.ts';
import { DatasetType, type DatasetRef } from './eegdash/refs.ts';

interface ExternalLinkValue {
  url: string;
  repository: string;
}

const ExternalLinkType = builder.objectRef<ExternalLinkValue>('ExternalLink').implement({
  description: 'A link to somewhere none of the three archives covers (Zenodo, Figshare, a lab site, ...).',
  fields: (t) => ({
    url: t.exposeString('url', { description: 'The URL as written in BrainSTEM (or in a DANDI relatedResource).' }),
    repository: t.exposeString('repository', {
      description: 'The repository label BrainSTEM (or DANDI\'s `repository`) gives it; "" when none.',
    }),
  }),
});

type Tagged =
  | (DandisetRef & { kind: 'dandiset' })
  | (VersionRef & { kind: 'version' })
  | (AssetRef & { kind: 'asset' })
  | (DatasetRef & { kind: 'dataset' })
  | (ExternalLinkValue & { kind: 'external' });

export const LinkTargetUnion = builder.unionType('LinkTarget', {
  description: 'What a download link points at, recognised by its URL.',
  types: [DandisetType, VersionType, AssetType, DatasetType, ExternalLinkType],
  resolveType: (value) => {
    const kind = (value as Tagged).kind;
    return kind === 'dandiset'
      ? DandisetType
      : kind === 'version'
        ? VersionType
        : kind === 'asset'
          ? AssetType
          : kind === 'dataset'
            ? DatasetType
            : ExternalLinkType;
  },
});

const targetOf = (ctx: Context, link: DownloadLinkValue): LinkTarget =>
  parseLink(link.url, [ctx.dandi.apiOrigin], [ctx.dandi.webOrigin]);

/**
 * What any URL (or DANDI/DOI identifier) points at, as a `LinkTarget` value: used for DANDI
 * `relatedResource` entries, which resolve exactly like BrainSTEM download links.
 */
export const linkTargetOf = (ctx: Context, url: string, repository: string): Tagged =>
  tagged({ url, repository }, parseLink(url, [ctx.dandi.apiOrigin], [ctx.dandi.webOrigin]));

function tagged(link: ExternalLinkValue, target: LinkTarget): Tagged {
  switch (target.kind) {
    case 'dandiset':
      return { kind: 'dandiset', identifier: target.identifier };
    case 'version':
      return { kind: 'version', identifier: target.identifier, version: target.version };
    case 'asset':
      return target.identifier && target.version
        ? {
            kind: 'asset',
            assetId: target.assetId,
            context: { identifier: target.identifier, version: target.version },
          }
        : { kind: 'asset', assetId: target.assetId };
    case 'dataset':
      return { kind: 'dataset', database: 'eegdash', datasetId: target.datasetId };
    default:
      return { kind: 'external', url: link.url, repository: link.repository };
  }
}

builder.objectField(DownloadLinkType, 'target', (t) =>
  t.field({
    type: LinkTargetUnion,
    nullable: true,
    description:
      'The object the URL points at (DANDI dandiset, version or asset; EEGDash dataset), or an ExternalLink. Costs nothing until its fields are read.',
    resolve: (link, _, ctx) => tagged(link, targetOf(ctx, link)),
  }),
);

/** Access refusals and missing objects drop out of a link list; outages fail the field. */
const isAbsent = (error: unknown) =>
  error instanceof ArchiveError && ['NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN'].includes(error.code);

/** What each of a session's download links points at, in order. */
async function sessionTargets(ctx: Context, session: BsRef<'session'>): Promise<LinkTarget[]> {
  return downloadLinks((await loadRecord(session, ctx)).download_links).map((link) => targetOf(ctx, link));
}

builder.objectField(SessionType, 'dandisets', (t) =>
  t.field({
    type: [DandisetType],
    nullable: { list: true, items: false },
    description:
      'The DANDI dandisets the download links point at (through a dandiset, version, DOI or asset URL), each once. Null with an error if DANDI fails.',
    resolve: async (session, _, ctx) => {
      const ids = new Set((await sessionTargets(ctx, session)).map(dandisetOf).filter((id) => id !== undefined));
      const loaded = await Promise.all(
        [...ids].map(async (identifier): Promise<DandisetRef | null> => {
          try {
            return { identifier, data: await ctx.dandi.dandiset.load(identifier) };
          } catch (error) {
            if (isAbsent(error)) return null;
            throw error;
          }
        }),
      );
      return loaded.filter((d): d is DandisetRef => d !== null);
    },
  }),
);

builder.objectField(SessionType, 'datasets', (t) =>
  t.field({
    type: [DatasetType],
    nullable: { list: true, items: false },
    description:
      'The EEGDash datasets (OpenNeuro ds…, NEMAR nm…) the download links point at, each once; all looked up in one request. Null with an error if EEGDash fails.',
    resolve: async (session, _, ctx) => {
      const ids = new Set(
        (await sessionTargets(ctx, session)).flatMap((t) => (t.kind === 'dataset' ? [t.datasetId] : [])),
      );
      const loaded = await Promise.all(
        [...ids].map(async (datasetId) => {
          const data = await ctx.eegdash.dataset.load({ database: 'eegdash', datasetId });
          return data ? ({ database: 'eegdash', datasetId, data } satisfies DatasetRef) : null;
        }),
      );
      return loaded.filter((d) => d !== null);
    },
  }),
);

// ---- backward: who cites this? ----

const LinkIndexStatusType = builder.objectRef<LinkIndexStatus>('LinkIndexStatus').implement({
  description: "How fresh the gateway's index of BrainSTEM download links is. It covers public sessions only.",
  fields: (t) => ({
    builtAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the index was last built; null before the first build.',
      resolve: (s) => s.builtAt,
    }),
    ageSeconds: t.int({
      nullable: true,
      description: 'Seconds since it was built.',
      resolve: (s) => (s.builtAt ? Math.floor((Date.now() - s.builtAt.getTime()) / 1000) : null),
    }),
    sessionCount: t.exposeInt('sessionCount', { description: 'Public sessions read.' }),
    linkCount: t.exposeInt('linkCount', { description: 'Links that point into DANDI or EEGDash.' }),
    refreshing: t.exposeBoolean('refreshing', { description: 'True while a rebuild is running.' }),
    lastError: t.exposeString('lastError', {
      nullable: true,
      description: 'Why the last rebuild failed (the previous index stays in use), or null.',
    }),
    lastRefreshMs: t.exposeInt('lastRefreshMs', {
      nullable: true,
      description: 'How long the last rebuild took (ms).',
    }),
    lastRefreshRequests: t.exposeInt('lastRefreshRequests', {
      nullable: true,
      description: 'BrainSTEM requests the last rebuild made.',
    }),
  }),
});

interface Citations {
  sessionIds: string[];
  first: number;
}

const CitingSessionsType = builder.objectRef<Citations>('CitingSessions').implement({
  description:
    'The public BrainSTEM sessions whose download links point at an object, with the freshness of the index that says so.',
  fields: (t) => ({
    totalCount: t.int({ description: 'Number of citing sessions.', resolve: (c) => c.sessionIds.length }),
    sessions: t.field({
      type: [SessionType],
      nullable: { list: true, items: false },
      description: 'The first `first` citing sessions, read from the public portal in one batched request.',
      resolve: async (c, _, ctx) => {
        const found = await Promise.all(
          c.sessionIds.slice(0, c.first).map((id) => ctx.brainstem.find('session', id, 'public')),
        );
        return found.filter((s) => s !== null).map((s) => refOf('session', s, 'public'));
      },
    }),
    index: t.field({
      type: LinkIndexStatusType,
      description: 'How fresh the answer is.',
      resolve: (_, __, ctx) => ctx.links.status(),
    }),
  }),
});

const FIRST_SESSIONS = { defaultValue: 50, description: 'How many sessions to return (at most 100).' } as const;

/** Waits for a first index build if there has been none, then answers from the index. */
async function citations(ctx: Context, first: number | null | undefined, ids: () => string[]): Promise<Citations> {
  const n = checkPageSize(first ?? 50, 'first', 100, 'brainstem');
  await ctx.links.ready();
  return { sessionIds: ids(), first: n };
}

builder.objectField(DandisetType, 'brainstemSessions', (t) =>
  t.field({
    type: CitingSessionsType,
    nullable: true,
    description:
      'Public BrainSTEM sessions whose download links point at this dandiset (or a version, DOI or asset of it).',
    args: { first: t.arg.int(FIRST_SESSIONS) },
    resolve: (d, { first }, ctx) => citations(ctx, first, () => ctx.links.sessionsCitingDandiset(d.identifier)),
  }),
);

builder.objectField(DatasetType, 'brainstemSessions', (t) =>
  t.field({
    type: CitingSessionsType,
    nullable: true,
    description:
      'Public BrainSTEM sessions whose download links point at this dataset (OpenNeuro or NEMAR URL or DOI).',
    args: { first: t.arg.int(FIRST_SESSIONS) },
    resolve: (d, { first }, ctx) => citations(ctx, first, () => ctx.links.sessionsCitingDataset(d.datasetId)),
  }),
);

builder.queryField('linkIndex', (t) =>
  t.field({
    type: LinkIndexStatusType,
    nullable: true,
    description: 'State of the index of BrainSTEM download links behind `brainstemSessions`.',
    resolve: (_, __, ctx) => ctx.links.status(),
  }),
);

builder.mutationField('refreshLinkIndex', (t) =>
  t.field({
    type: LinkIndexStatusType,
    nullable: true,
    description:
      'Rebuilds the link index now (at most once every few seconds; a more recent index is kept) and returns its state.',
    resolve: (_, __, ctx) => ctx.links.refreshOnDemand(),
  }),
);
