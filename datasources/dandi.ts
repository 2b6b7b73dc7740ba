/**
 * A typed client for the DANDI Archive REST API (read side), in the archive's own vocabulary,
 * with the per-request loaders the GraphQL layer resolves through. No GraphQL in here. Lists go
 * through the shared list kit (page-number paging); every body is shape-checked on arrival.
 */
import type DataLoader from 'dataloader';
import { ArchiveError } from '../src/http/archive-error.ts';
import type { UpstreamStats } from '../src/http/stats.ts';
import type { QueryValue, UpstreamClient } from '../src/http/upstream.ts';
import { checkDandisetId, checkUuid, checkVersionId } from './dandi-ids.ts';
import {
  type AssetListParams,
  assetQuery,
  type DandiCredentials,
  type DandiOptions,
  type DandisetListParams,
  dandisetQuery,
  normalizeAssetPath,
  type VersionKey,
} from './dandi-params.ts';
import {
  assetInfoBody,
  assetRow,
  assetValidationBody,
  meBody,
  ownersBody,
  statsBody,
  checkRows,
  dandisetBody,
  dandisetRow,
  infoBody,
  pathRow,
  versionInfoBody,
  versionRow,
  zarrBody,
  zarrFilesBody,
  zarrRow,
  type RowCheck,
} from './dandi-shapes.ts';
import type {
  AssetInfo,
  AssetObject,
  AssetValidation,
  DandiInfo,
  DandiMe,
  DandisetDetail,
  DandisetOwner,
  DandiStats,
  PathNode,
  VersionInfo,
  VersionObject,
  ZarrFile,
  ZarrFilesPage,
  ZarrObject,
} from './dandi-types.ts';
import { type ListPage, type Paging, pageNumberPaging, readWindow } from './list.ts';
import { createLoader, eachKey } from './loader.ts';

/** DANDI's largest page (DRF `max_page_size`). */
export const DANDI_MAX_PAGE_SIZE = 1000;

/**
 * The dandischema version the gateway's typed metadata follows (dandischema's
 * `DANDI_SCHEMA_VERSION`), compared with the server's as dandi-cli's `check_schema_version` does.
 */
export const GATEWAY_SCHEMA_VERSION = '0.7.0';

/** Most redirects `redirectTarget` follows on the API before it gives the URL reached. */
const MAX_REDIRECTS = 5;

/** The web UI paired with the default API, as in dandi-cli's `known_instances["dandi"]`. */
export const DEFAULT_DANDI_WEB_URL = 'https://dandiarchive.org';

export class DandiDataSource {
  /** Dandiset detail by identifier. */
  readonly dandiset: DataLoader<string, DandisetDetail, string>;
  /** Version object + metadata document by `identifier/version`. */
  readonly versionInfo: DataLoader<VersionKey, VersionInfo, string>;
  /** Asset object + metadata document by asset id. */
  readonly asset: DataLoader<string, AssetInfo, string>;
  /** Zarr archive by zarr id. */
  readonly zarr: DataLoader<string, ZarrObject, string>;
  /** The web UI of this instance, without a trailing slash. */
  readonly webUrl: string;

  private readonly headers: Record<string, string>;
  private readonly requests = new Map<string, Promise<{ body: unknown; url: string }>>();
  private readonly heads = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly http: UpstreamClient,
    credentials: DandiCredentials,
    private readonly stats: UpstreamStats,
    private readonly signal?: AbortSignal,
    options: DandiOptions = {},
  ) {
    this.headers = credentials.apiKey ? { authorization: `token ${credentials.apiKey}` } : {};
    this.webUrl = (options.webUrl ?? DEFAULT_DANDI_WEB_URL).replace(/\/+$/, '');
    this.dandiset = createLoader(
      'dandi',
      stats,
      eachKey(async (id: string) => dandisetBody(await this.get(`/dandisets/${checkDandisetId(id)}/`))),
    );
    this.versionInfo = createLoader(
      'dandi',
      stats,
      eachKey(async (k: VersionKey) => versionInfoBody(await this.get(`${versionPath(k)}info/`))),
      { cacheKeyFn: versionKey },
    );
    this.asset = createLoader(
      'dandi',
      stats,
      eachKey(async (id: string) => assetInfoBody(await this.get(`/assets/${checkUuid(id, 'asset')}/info/`))),
    );
    this.zarr = createLoader(
      'dandi',
      stats,
      eachKey(async (id: string) => zarrBody(await this.get(`/zarr/${checkUuid(id, 'zarr')}/`))),
    );
  }

  /** Origin of the DANDI API this gateway talks to (links to it resolve like api.dandiarchive.org). */
  get apiOrigin(): string {
    return this.http.baseUrl.origin;
  }

  /** Origin of the paired web UI (links to it resolve like dandiarchive.org). */
  get webOrigin(): string {
    return new URL(this.webUrl).origin;
  }

  /** The web page of a dandiset, or of one version of it. */
  webPage(identifier: string, version?: string): string {
    return `${this.webUrl}/dandiset/${identifier}${version ? `/${version}` : ''}`;
  }

  /** `GET /info/`: server version, schema version, instance. */
  async info(): Promise<DandiInfo> {
    return infoBody(await this.get('/info/'));
  }

  /** Whether the caller sent a DANDI API key (requests then carry `Authorization: token KEY`). */
  get signedIn(): boolean {
    return 'authorization' in this.headers;
  }

  /** `GET /stats/`: archive-wide counts. */
  async archiveStats(): Promise<DandiStats> {
    return statsBody(await this.get('/stats/'));
  }

  /** `GET /users/me/`: the caller's account. UNAUTHENTICATED without a key (nothing is sent). */
  async me(): Promise<DandiMe> {
    this.requireKey('Your DANDI account');
    return meBody(await this.get('/users/me/'));
  }

  /** `GET /dandisets/{id}/users/`: the owners (e-mails only for signed-in callers). */
  async owners(identifier: string): Promise<DandisetOwner[]> {
    return ownersBody(await this.get(`/dandisets/${checkDandisetId(identifier)}/users/`));
  }

  /** `GET …/versions/{v}/assets/{id}/validation/`: validation status and errors of one asset. */
  async assetValidation(key: VersionKey, assetId: string): Promise<AssetValidation> {
    return assetValidationBody(await this.get(`${versionPath(key)}assets/${checkUuid(assetId, 'asset')}/validation/`));
  }

  /**
   * Where `url` leads, as dandi-cli's `get_content_url(follow_redirects=True)` finds out: while it
   * is a URL of this DANDI API, a HEAD with the caller's key (redirects not followed, nothing
   * cached: presigned URLs expire) and its `Location`. A URL elsewhere (storage) is the answer.
   */
  async redirectTarget(url: string): Promise<string> {
    let current = url;
    for (let hop = 0; hop < MAX_REDIRECTS; hop++) {
      const path = this.apiPathOf(current);
      if (path === undefined) return current;
      const next = await this.head(path);
      if (next === undefined) return current;
      current = new URL(next, current).href;
    }
    return current;
  }

  /** The path and query of `url` below this API's base URL, or undefined when it is not on it. */
  private apiPathOf(url: string): { path: string; query: [string, string][] } | undefined {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    const base = this.http.baseUrl;
    const basePath = base.pathname.replace(/\/+$/, '');
    if (parsed.origin !== base.origin || !parsed.pathname.startsWith(`${basePath}/`)) return undefined;
    return { path: parsed.pathname.slice(basePath.length), query: [...parsed.searchParams] };
  }

  /** One HEAD per distinct URL per GraphQL request: the `Location` of a redirect, else undefined. */
  private head(target: { path: string; query: [string, string][] }): Promise<string | undefined> {
    const key = this.http.url(target.path, target.query).href;
    const hit = this.heads.get(key);
    if (hit) {
      this.stats.servedByLoader('dandi');
      return hit;
    }
    const pending = this.http
      .json<unknown>({
        method: 'HEAD',
        path: target.path,
        query: target.query,
        headers: this.headers,
        stats: this.stats,
        signal: this.signal,
        cache: false,
      })
      .then((res) => {
        const location = res.headers.location;
        const value = Array.isArray(location) ? location[0] : location;
        return res.status >= 300 && res.status < 400 && value ? value : undefined;
      });
    this.heads.set(key, pending);
    return pending;
  }

  private requireKey(what: string): void {
    if (!this.signedIn) {
      throw new ArchiveError(
        'dandi',
        'UNAUTHENTICATED',
        `${what} needs a DANDI API key: send it in the X-Dandi-Api-Key header`,
        { details: { requestSent: false } },
      );
    }
  }

  /** A window of `/dandisets/` rows. List items also prime the dandiset loader. */
  async dandisets(params: DandisetListParams, offset: number, limit: number): Promise<ListPage<DandisetDetail>> {
    if (params.starred) this.requireKey('Filtering by starred dandisets');
    const paging = this.paging<DandisetDetail>('/dandisets/', dandisetQuery(params), dandisetRow);
    const page = await readWindow(paging, offset, limit);
    for (const d of page.items) this.dandiset.prime(d.identifier, d);
    return page;
  }

  /** Every version of a dandiset, newest first when `newestFirst`. */
  versions(identifier: string, newestFirst = false): Promise<VersionObject[]> {
    const path = `/dandisets/${checkDandisetId(identifier)}/versions/`;
    return this.paging<VersionObject>(path, { order: newestFirst ? '-created' : 'created' }, versionRow).all();
  }

  /** A window of a version's assets (lazy pagination: the count comes only with page 1). */
  async assets(
    key: VersionKey,
    params: AssetListParams,
    offset: number,
    limit: number,
  ): Promise<ListPage<AssetObject>> {
    const page = await readWindow(this.assetPaging(key, params), offset, limit);
    if (params.metadata) {
      for (const a of page.items) if (a.metadata) this.asset.prime(a.asset_id, { ...a, metadata: a.metadata });
    }
    return page;
  }

  /** Number of assets matching the filters (one request for a one-row page 1). */
  async assetCount(key: VersionKey, params: AssetListParams): Promise<number> {
    const paging = this.assetPaging(key, { ...params, metadata: false });
    return (await readWindow(paging, 0, 1)).total ?? (await paging.all()).length;
  }

  /**
   * The asset at exactly `path` in a version, or null: DANDI returns only the exact match when
   * one exists, else everything under the prefix, so the answer is checked here.
   */
  async assetByPath(key: VersionKey, path: string): Promise<AssetObject | null> {
    const exact = normalizeAssetPath(path);
    if (exact === '' || exact.endsWith('/')) return null;
    const page = await this.assets(key, { path: exact }, 0, 1);
    return page.items.find((a) => a.path === exact) ?? null;
  }

  /** One directory level of a version's file tree (all children). */
  paths(key: VersionKey, prefix: string): Promise<PathNode[]> {
    const query = { path_prefix: normalizeAssetPath(prefix).replace(/\/+$/, '') };
    return this.paging<PathNode>(`${versionPath(key)}assets/paths/`, query, pathRow).all();
  }

  /** Up to `limit` zarr entries under `prefix`, strictly after the key `after` ("" for the start). */
  zarrFiles(zarrId: string, prefix: string, after: string, limit: number): Promise<ListPage<ZarrFile>> {
    return readWindow(this.zarrFilePaging(zarrId, prefix, after), 0, limit);
  }

  /**
   * The entry at exactly `key`, or null (dandi-cli's `get_entry_by_path`). DANDI lists by S3
   * prefix, so `0/0/0/1` also matches `0/0/0/10`; keys come in byte order and a key sorts before
   * every longer key it starts, so the first row of the prefix listing is the only candidate.
   */
  async zarrEntry(zarrId: string, key: string): Promise<ZarrFile | null> {
    const page = await this.zarrFiles(zarrId, key, '', 1);
    const first = page.items[0];
    return first?.Key === key ? first : null;
  }

  /** `GET /zarr/?dandiset=`: the zarr archives of a dandiset. */
  zarrs(identifier: string): Promise<ZarrObject[]> {
    return this.paging<ZarrObject>('/zarr/', { dandiset: checkDandisetId(identifier) }, zarrRow).all();
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

  private assetPaging(key: VersionKey, params: AssetListParams): Paging<AssetObject> {
    return this.paging<AssetObject>(`${versionPath(key)}assets/`, assetQuery(params), assetRow);
  }

  /**
   * A zarr listing after the key `after`, seen through the list contract. DANDI pages it by key
   * (S3 `StartAfter`), not by offset: windows always start at `after`, so the offset is 0.
   */
  private zarrFilePaging(zarrId: string, prefix: string, after: string): Paging<ZarrFile> {
    const path = `/zarr/${checkUuid(zarrId, 'zarr')}/files/`;
    const page = async (from: string, limit: number): Promise<ZarrFilesPage> =>
      zarrFilesBody(
        await this.get(path, {
          prefix: prefix === '' ? undefined : prefix,
          after: from === '' ? undefined : from,
          limit,
        }),
      );
    return {
      async window(_offset, limit) {
        const p = await page(after, Math.min(limit, DANDI_MAX_PAGE_SIZE));
        return { items: p.results, total: null, hasMore: p.next !== null };
      },
      // Like dandi-cli's `iterfiles`: `next` carries a key, so pages follow one another.
      async all() {
        const rows: ZarrFile[] = [];
        for (let from = after; ; ) {
          const p = await page(from, DANDI_MAX_PAGE_SIZE);
          rows.push(...p.results);
          const last = p.results[p.results.length - 1];
          if (p.next === null || last === undefined) return rows;
          from = last.Key;
        }
      },
    };
  }

  private async get(path: string, query?: Record<string, QueryValue>): Promise<unknown> {
    return (await this.fetch(path, query)).body;
  }

  /**
   * One GET per distinct URL per GraphQL request: the same list window asked for from several
   * places in a query (a dandiset linked from many sessions) is fetched once.
   */
  private fetch(path: string, query?: Record<string, QueryValue>): Promise<{ body: unknown; url: string }> {
    const key = this.http.url(path, query).href;
    const hit = this.requests.get(key);
    if (hit) {
      this.stats.servedByLoader('dandi');
      return hit;
    }
    const pending = this.http
      .json<unknown>({ path, query, headers: this.headers, stats: this.stats, signal: this.signal })
      .then((res) => ({ body: res.body, url: res.url }));
    this.requests.set(key, pending);
    return pending;
  }

  /** A page-number list whose rows are checked with `row` as each page arrives. */
  private paging<T>(path: string, query: Record<string, QueryValue>, row: RowCheck): Paging<T> {
    const fetchPage = async (page: number, pageSize: number) => {
      const query_ = { ...query, page: page === 1 ? undefined : page, page_size: pageSize };
      try {
        const res = await this.fetch(path, query_);
        checkRows(res.body, row);
        return res;
      } catch (error) {
        // DRF answers a page past the end of a counted list with 404 "Invalid page.": no rows.
        if (page > 1 && isInvalidPage(error)) {
          return { body: { count: null, next: null, results: [] }, url: this.http.url(path, query_).href };
        }
        throw error;
      }
    };
    const followNext = async (next: string) => {
      // `next` is absolute on the archive's origin; keep its path and query, drop host and scheme.
      const url = new URL(next);
      const base = this.http.baseUrl.pathname.replace(/\/+$/, '');
      const relative = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : url.pathname;
      const body = await this.get(relative, Object.fromEntries(url.searchParams));
      checkRows(body, row);
      return body;
    };
    return pageNumberPaging<T>('dandi', fetchPage, followNext, DANDI_MAX_PAGE_SIZE);
  }
}

const isInvalidPage = (error: unknown): boolean =>
  error instanceof ArchiveError && error.code === 'NOT_FOUND' && error.message.endsWith('Invalid page.');

const versionKey = (k: VersionKey): string => `${k.identifier}/${k.version}`;

function versionPath(k: VersionKey): string {
  return `/dandisets/${checkDandisetId(k.identifier)}/versions/${checkVersionId(k.version)}/`;
}
