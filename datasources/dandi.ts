/**
 * A typed client for the DANDI Archive REST API (read side), in the archive's own vocabulary,
 * with the per-request loaders the GraphQL layer resolves through. No GraphQL in here.
 */
import type DataLoader from 'dataloader';
import { ArchiveError } from '../src/http/archive-error.ts';
import type { UpstreamStats } from '../src/http/stats.ts';
import type { QueryValue, UpstreamClient } from '../src/http/upstream.ts';
import { fetchAll, fetchWindow, type PageFetcher, type Window } from './dandi-paging.ts';
import type {
  AssetInfo,
  AssetObject,
  DandiInfo,
  DandiPage,
  DandisetDetail,
  PathNode,
  VersionInfo,
  VersionObject,
  ZarrFilesPage,
  ZarrObject,
} from './dandi-types.ts';
import { createLoader, eachKey } from './loader.ts';

export interface DandiCredentials {
  /** The caller's DANDI API key (from `X-Dandi-Api-Key`), sent as `Authorization: token KEY`. */
  apiKey?: string | undefined;
}

export type DandisetOrdering = 'id' | 'name' | 'modified' | 'size' | 'stars';

export interface DandisetListParams {
  search?: string | undefined;
  ordering?: `${'' | '-'}${DandisetOrdering}` | undefined;
  draft?: boolean | undefined;
  empty?: boolean | undefined;
  embargoed?: boolean | undefined;
  mine?: boolean | undefined;
}

export type AssetOrder = `${'' | '-'}${'created' | 'modified' | 'path'}`;

export interface AssetListParams {
  path?: string | undefined;
  glob?: string | undefined;
  order?: AssetOrder | undefined;
  zarrOnly?: boolean | undefined;
  /** Ask for each asset's metadata document in the same response. */
  metadata?: boolean | undefined;
}

export interface VersionKey {
  identifier: string;
  version: string;
}

const DANDISET_ID = /^\d{6}$/;
const VERSION_ID = /^(0\.\d{6}\.\d{4}|draft)$/;
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export class DandiDataSource {
  /** Dandiset detail by identifier. */
  readonly dandiset: DataLoader<string, DandisetDetail, string>;
  /** Version object + metadata document by `identifier/version`. */
  readonly versionInfo: DataLoader<VersionKey, VersionInfo, string>;
  /** Asset object + metadata document by asset id. */
  readonly asset: DataLoader<string, AssetInfo, string>;
  /** Zarr archive by zarr id. */
  readonly zarr: DataLoader<string, ZarrObject, string>;

  private readonly headers: Record<string, string>;
  private readonly requests = new Map<string, Promise<unknown>>();

  constructor(
    private readonly http: UpstreamClient,
    credentials: DandiCredentials,
    private readonly stats: UpstreamStats,
    private readonly signal?: AbortSignal,
  ) {
    this.headers = credentials.apiKey ? { authorization: `token ${credentials.apiKey}` } : {};
    this.dandiset = createLoader(
      'dandi',
      stats,
      eachKey((id: string) => this.get<DandisetDetail>(`/dandisets/${checkDandisetId(id)}/`)),
    );
    this.versionInfo = createLoader(
      'dandi',
      stats,
      eachKey((k: VersionKey) => this.get<VersionInfo>(`${versionPath(k)}info/`)),
      { cacheKeyFn: versionKey },
    );
    this.asset = createLoader(
      'dandi',
      stats,
      eachKey((id: string) => this.get<AssetInfo>(`/assets/${checkUuid(id, 'asset')}/info/`)),
    );
    this.zarr = createLoader(
      'dandi',
      stats,
      eachKey((id: string) => this.get<ZarrObject>(`/zarr/${checkUuid(id, 'zarr')}/`)),
    );
  }

  /** Origin of the DANDI API this gateway talks to (links to it resolve like api.dandiarchive.org). */
  get apiOrigin(): string {
    return this.http.baseUrl.origin;
  }

  /** `GET /info/`: server version, schema version, instance. */
  info(): Promise<DandiInfo> {
    return this.get<DandiInfo>('/info/');
  }

  /** A window of `/dandisets/` rows. List items also prime the dandiset loader. */
  async dandisets(params: DandisetListParams, offset: number, limit: number): Promise<Window<DandisetDetail>> {
    const query = {
      search: params.search,
      ordering: params.ordering,
      draft: params.draft,
      empty: params.empty,
      embargoed: params.embargoed,
      user: params.mine ? 'me' : undefined,
    };
    const window = await windowOrEmpty(this.pages<DandisetDetail>('/dandisets/', query), offset, limit);
    for (const d of window.items) this.dandiset.prime(d.identifier, d);
    return window;
  }

  /** Every version of a dandiset, newest first when `newestFirst`. */
  versions(identifier: string, newestFirst = false): Promise<VersionObject[]> {
    const path = `/dandisets/${checkDandisetId(identifier)}/versions/`;
    return this.all<VersionObject>(path, { order: newestFirst ? '-created' : 'created' });
  }

  /** A window of a version's assets (lazy pagination: the count comes only with page 1). */
  async assets(key: VersionKey, params: AssetListParams, offset: number, limit: number): Promise<Window<AssetObject>> {
    const window = await windowOrEmpty(
      this.pages<AssetObject>(`${versionPath(key)}assets/`, assetQuery(params)),
      offset,
      limit,
    );
    if (params.metadata) {
      for (const a of window.items) if (a.metadata) this.asset.prime(a.asset_id, a as AssetInfo);
    }
    return window;
  }

  /** Number of assets matching the filters (one request for a one-row page 1). */
  async assetCount(key: VersionKey, params: AssetListParams): Promise<number> {
    const res = await this.get<DandiPage<AssetObject>>(`${versionPath(key)}assets/`, {
      ...assetQuery(params),
      page_size: 1,
    });
    return res.count ?? res.results.length;
  }

  /**
   * The asset at exactly `path` in a version, or null: DANDI returns only the exact match when
   * one exists, else everything under the prefix, so the answer is checked here.
   */
  async assetByPath(key: VersionKey, path: string): Promise<AssetObject | null> {
    const window = await this.assets(key, { path }, 0, 1);
    const hit = window.items.find((a) => a.path === path);
    return hit ?? null;
  }

  /** One directory level of a version's file tree (all children). */
  paths(key: VersionKey, prefix: string): Promise<PathNode[]> {
    return this.all<PathNode>(`${versionPath(key)}assets/paths/`, { path_prefix: prefix.replace(/\/+$/, '') });
  }

  /** Up to `limit` zarr entries under `prefix`, strictly after the key `after`. */
  zarrFiles(zarrId: string, prefix: string, after: string, limit: number): Promise<ZarrFilesPage> {
    return this.get<ZarrFilesPage>(`/zarr/${checkUuid(zarrId, 'zarr')}/files/`, {
      prefix: prefix === '' ? undefined : prefix,
      after: after === '' ? undefined : after,
      limit,
    });
  }

  /** `GET /zarr/?dandiset=`: the zarr archives of a dandiset. */
  zarrs(identifier: string): Promise<ZarrObject[]> {
    return this.all<ZarrObject>('/zarr/', { dandiset: checkDandisetId(identifier) });
  }

  /** The API URL that redirects to the asset's bytes (what dandi-cli downloads from). */
  downloadUrl(assetId: string, key?: VersionKey): string {
    const path = key ? `${versionPath(key)}assets/${assetId}/download/` : `/assets/${assetId}/download/`;
    return this.http.url(path).href;
  }

  /** The API URL that redirects to a zarr entry's bytes. */
  zarrEntryDownloadUrl(zarrId: string, key: string): string {
    return this.http.url(`/zarr/${zarrId}/files/`, { prefix: key, download: 'true' }).href;
  }

  private async get<T>(path: string, query?: Record<string, QueryValue>): Promise<T> {
    return (await this.fetch<T>(path, query)).body;
  }

  /**
   * One GET per distinct URL per GraphQL request: the same list window asked for from several
   * places in a query (a dandiset linked from many sessions) is fetched once.
   */
  private fetch<T>(path: string, query?: Record<string, QueryValue>): Promise<{ body: T; url: string }> {
    const key = this.http.url(path, query).href;
    const hit = this.requests.get(key);
    if (hit) {
      this.stats.servedByLoader('dandi');
      return hit as Promise<{ body: T; url: string }>;
    }
    const pending = this.http
      .json<T>({ path, query, headers: this.headers, stats: this.stats, signal: this.signal })
      .then((res) => ({ body: res.body, url: res.url }));
    this.requests.set(key, pending);
    return pending;
  }

  private pages<T>(path: string, query: Record<string, QueryValue>): PageFetcher<T> {
    return (page, pageSize) =>
      this.fetch<DandiPage<T>>(path, { ...query, page: page === 1 ? undefined : page, page_size: pageSize });
  }

  private all<T>(path: string, query: Record<string, QueryValue>): Promise<T[]> {
    return fetchAll(this.pages<T>(path, query), (next) => {
      // `next` is absolute on the archive's origin; keep its path and query, drop host and scheme.
      const url = new URL(next);
      const base = this.http.baseUrl.pathname.replace(/\/+$/, '');
      const relative = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : url.pathname;
      return this.get<DandiPage<T>>(relative, Object.fromEntries(url.searchParams));
    });
  }
}

/** A page past the end of a page-number list is a 404 "Invalid page." upstream: here, no rows. */
async function windowOrEmpty<T>(fetchPage: PageFetcher<T>, offset: number, limit: number): Promise<Window<T>> {
  try {
    return await fetchWindow(fetchPage, offset, limit);
  } catch (error) {
    if (offset > 0 && error instanceof ArchiveError && error.code === 'NOT_FOUND') {
      return { items: [], count: null, hasMore: false };
    }
    throw error;
  }
}

function assetQuery(params: AssetListParams): Record<string, QueryValue> {
  return {
    path: params.path,
    glob: params.glob,
    order: params.order,
    zarr: params.zarrOnly ? true : undefined,
    metadata: params.metadata ? true : undefined,
  };
}

export const versionKey = (k: VersionKey): string => `${k.identifier}/${k.version}`;

function versionPath(k: VersionKey): string {
  if (!VERSION_ID.test(k.version)) {
    throw new ArchiveError(
      'dandi',
      'BAD_USER_INPUT',
      `"${k.version}" is not a DANDI version ("draft" or 0.YYMMDD.HHMM)`,
      { details: { field: 'version' } },
    );
  }
  return `/dandisets/${checkDandisetId(k.identifier)}/versions/${k.version}/`;
}

/** Rejects malformed ids before they cost a request (DANDI answers them with an HTML 404). */
export function checkDandisetId(id: string): string {
  if (!DANDISET_ID.test(id)) {
    throw new ArchiveError(
      'dandi',
      'BAD_USER_INPUT',
      `"${id}" is not a dandiset identifier (six digits, e.g. "000027")`,
      { details: { field: 'identifier' } },
    );
  }
  return id;
}

export function checkUuid(id: string, what: 'asset' | 'zarr'): string {
  if (!UUID4.test(id)) {
    throw new ArchiveError('dandi', 'BAD_USER_INPUT', `"${id}" is not a DANDI ${what} id (a lowercase UUID4)`, {
      details: { field: 'id' },
    });
  }
  return id;
}

export const isDandisetId = (id: string): boolean => DANDISET_ID.test(id);
export const isVersionId = (v: string): boolean => VERSION_ID.test(v);
export const isUuid4 = (id: string): boolean => UUID4.test(id);
