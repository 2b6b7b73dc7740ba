/**
 * What a client may ask DANDI for, in the datasource's vocabulary, and its translation into the
 * archive's query parameters (`user=me`, `zarr=true`, ...). Resolvers fill these objects; only
 * this file knows the parameter names. Text that travels (`search`, `path`, `glob`) is refused
 * past the lookup bound (DANDI's own for `search`) and a query past the URL budget, before
 * anything is sent (input-bounds.ts).
 */
import type { QueryValue } from '../src/http/upstream.ts';
import { checkLookup, checkQueryLength } from './input-bounds.ts';

export interface DandiCredentials {
  /** The caller's DANDI API key (from `X-Dandi-Api-Key`), sent as `Authorization: token KEY`. */
  apiKey?: string | undefined;
}

export interface DandiOptions {
  /** The web UI of the same DANDI instance (DANDI_WEB_URL), for links to dandiset pages. */
  webUrl?: string | undefined;
}

export type DandisetOrdering = 'id' | 'name' | 'modified' | 'size' | 'stars';

export interface DandisetListParams {
  search?: string | undefined;
  ordering?: `${'' | '-'}${DandisetOrdering}` | undefined;
  draft?: boolean | undefined;
  empty?: boolean | undefined;
  embargoed?: boolean | undefined;
  mine?: boolean | undefined;
  /** Only dandisets the caller starred, most recently starred first (needs a key). */
  starred?: boolean | undefined;
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

export function dandisetQuery(params: DandisetListParams): Record<string, QueryValue> {
  return withinBounds({
    search: params.search,
    ordering: params.ordering,
    draft: params.draft,
    empty: params.empty,
    embargoed: params.embargoed,
    user: params.mine ? 'me' : undefined,
    starred: params.starred ? true : undefined,
  });
}

export function assetQuery(params: AssetListParams): Record<string, QueryValue> {
  const path = params.path === undefined ? undefined : normalizeAssetPath(params.path);
  return withinBounds({
    path: path === '' ? undefined : path,
    glob: params.glob,
    order: params.order,
    zarr: params.zarrOnly ? true : undefined,
    metadata: params.metadata ? true : undefined,
  });
}

/** The query, if each text parameter is a lookup string and all of them fit one URL. */
function withinBounds(query: Record<string, QueryValue>): Record<string, QueryValue> {
  const texts = Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string');
  for (const [field, value] of texts) checkLookup(value, field, { field }, 'dandi');
  const [longest] = texts.sort((a, b) => b[1].length - a[1].length);
  if (longest) checkQueryLength(query, `\`${longest[0]}\``, { field: longest[0] }, 'dandi');
  return query;
}

/**
 * dandi-cli's path normalisation (`get_assets_with_path_prefix`, `get_asset_by_path`): no
 * leading `/` or `./`, `.` segments dropped, `..` collapsed, a trailing `/` kept. The one
 * function every path a client passes goes through (`assets(path:)`, `assetByPath`, `paths`).
 */
export function normalizeAssetPath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/') + (path.endsWith('/') && out.length ? '/' : '');
}
