/**
 * What a URL in a BrainSTEM session's `download_links` points at, decided by the URL itself (not
 * by the free-choice `repository` label): a DANDI dandiset, version or asset, an EEGDash dataset
 * (OpenNeuro `ds…` or NEMAR `nm…` ids), or something external. Pure; no network.
 */

export type LinkTarget =
  | { kind: 'dandiset'; identifier: string }
  | { kind: 'version'; identifier: string; version: string }
  | { kind: 'asset'; assetId: string; identifier?: string; version?: string }
  | { kind: 'dataset'; datasetId: string; source: 'openneuro' | 'nemar' }
  | { kind: 'external' };

const DANDISET = '(\\d{6})';
const VERSION = '(draft|0\\.\\d{6}\\.\\d{4})';
const UUID4 = '([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})';
const DATASET = /^(ds\d{6}|nm\d{6})$/;

const DANDI_WEB_HOSTS = new Set(['dandiarchive.org', 'www.dandiarchive.org', 'gui.dandiarchive.org']);
const DANDI_API_HOSTS = new Set(['api.dandiarchive.org']);
const DOI_HOSTS = new Set(['doi.org', 'dx.doi.org', 'www.doi.org']);
const OPENNEURO_HOSTS = new Set(['openneuro.org', 'www.openneuro.org']);
const NEMAR_HOSTS = new Set(['nemar.org', 'www.nemar.org']);

const EXTERNAL: LinkTarget = { kind: 'external' };

/**
 * The capture groups of `re` matched against the whole of `text` (group 1 first), or an empty
 * list when it does not match. Destructure and check: a group that did not take part is undefined.
 */
const captures = (re: string, text: string): (string | undefined)[] => new RegExp(`^${re}$`).exec(text)?.slice(1) ?? [];

/**
 * @param apiOrigins extra origins that serve the DANDI API (e.g. the configured DANDI_API_URL's),
 *   so links written against a mirror or a replica resolve too.
 * @param webOrigins extra origins of a DANDI web UI (the configured DANDI_WEB_URL's), read like
 *   dandiarchive.org's `/dandiset/…` pages.
 */
export function parseLink(
  raw: string,
  apiOrigins: readonly string[] = [],
  webOrigins: readonly string[] = [],
): LinkTarget {
  const text = raw.trim();
  const bare = bareIdentifier(text);
  if (bare) return bare;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return EXTERNAL;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return EXTERNAL;
  const host = url.hostname.toLowerCase();
  const path = url.pathname.replace(/\/+$/, '');

  if (DANDI_WEB_HOSTS.has(host) || webOrigins.includes(url.origin))
    return dandiWeb(`${path}${url.hash.replace(/^#/, '')}`);
  if (DANDI_API_HOSTS.has(host) || apiOrigins.includes(url.origin)) return dandiApi(path);
  if (DOI_HOSTS.has(host)) return doi(decodeURIComponent(path.slice(1)));
  if (host === 'identifiers.org') return bareIdentifier(decodeURIComponent(path.slice(1))) ?? EXTERNAL;
  if (OPENNEURO_HOSTS.has(host)) {
    const id = /^\/(?:datasets|crn\/datasets)\/(ds\d{6})(?:\/|$)/.exec(`${path}/`)?.[1];
    return id ? dataset(id) : EXTERNAL;
  }
  if (NEMAR_HOSTS.has(host)) {
    const id =
      url.searchParams.get('dataset_id') ?? /^\/dataexplorer\/detail\/([a-z]{2}\d{6})$/.exec(path)?.[1] ?? null;
    return id && DATASET.test(id) ? dataset(id) : EXTERNAL;
  }
  return EXTERNAL;
}

/** `DANDI:000123`, `DANDI:000123/0.210914.1900`, or a bare DOI `10.48324/dandi.000123/…`. */
function bareIdentifier(text: string): LinkTarget | undefined {
  const [identifier, version] = captures(`(?:DANDI|dandi):${DANDISET}(?:/${VERSION})?`, text);
  if (identifier) return dandiTarget(identifier, version);
  if (/^(doi:)?10\./i.test(text)) return doi(text.replace(/^doi:/i, ''));
  return undefined;
}

function doi(text: string): LinkTarget {
  const [identifier, version] = captures(`10\\.48324/dandi\\.${DANDISET}(?:/${VERSION})?`, text.toLowerCase());
  if (identifier) return dandiTarget(identifier, version);
  // OpenNeuro snapshot DOIs: 10.18112/openneuro.ds002718.v1.0.0
  const openneuro = /^10\.18112\/openneuro\.(ds\d{6})(?:\.v[\w.]+)?$/i.exec(text)?.[1];
  if (openneuro) return dataset(openneuro.toLowerCase());
  return EXTERNAL;
}

/** `/dandiset/000123[/version][/files…]`, also the old `#/dandiset/…` routes. */
function dandiWeb(path: string): LinkTarget {
  const [identifier, version] = captures(`/?(?:#/)?/?dandiset/${DANDISET}(?:/${VERSION})?(?:/files.*)?/?`, path);
  return identifier ? dandiTarget(identifier, version) : EXTERNAL;
}

/** DANDI API paths below `/api`: dandisets, versions, nested and top-level assets. */
function dandiApi(path: string): LinkTarget {
  const p = path.replace(/^\/api(?=\/)/, '');
  const [nestedIn, nestedVersion, nestedAsset] = captures(
    `/dandisets/${DANDISET}/versions/${VERSION}/assets/${UUID4}(?:/(?:download|info))?`,
    p,
  );
  if (nestedIn && nestedVersion && nestedAsset)
    return { kind: 'asset', assetId: nestedAsset, identifier: nestedIn, version: nestedVersion };
  const [assetId] = captures(`/assets/${UUID4}(?:/(?:download|info))?`, p);
  if (assetId) return { kind: 'asset', assetId };
  const [versionOf, version] = captures(`/dandisets/${DANDISET}/versions/${VERSION}(?:/info)?`, p);
  if (versionOf && version) return dandiTarget(versionOf, version);
  const [identifier] = captures(`/dandisets/${DANDISET}`, p);
  if (identifier) return dandiTarget(identifier, undefined);
  return EXTERNAL;
}

/** The dandiset a target lies in, when its URL names one (top-level asset URLs do not). */
export function dandisetOf(target: LinkTarget): string | undefined {
  return target.kind === 'dandiset' || target.kind === 'version' || target.kind === 'asset'
    ? target.identifier
    : undefined;
}

function dandiTarget(identifier: string, version: string | undefined): LinkTarget {
  return version ? { kind: 'version', identifier, version } : { kind: 'dandiset', identifier };
}

function dataset(datasetId: string): LinkTarget {
  return { kind: 'dataset', datasetId, source: datasetId.startsWith('nm') ? 'nemar' : 'openneuro' };
}
