/**
 * Serves a static example page (examples/dashboard) on the gateway's own origin, so the page
 * calls `/graphql` without CORS. Only the demo turns it on (a `createGateway` option, not a
 * setting): a production gateway serves GraphQL and its probes, not web pages.
 *
 * Deliberately small: GET and HEAD only, files read from disk on each request (edit and reload),
 * a fixed list of file types, nothing outside the directory (no `..`, no dotfiles, no symlinks
 * leading out), `no-cache` with an ETag so a reload revalidates, and a strict
 * Content-Security-Policy so the page is a fair template: same-origin scripts, styles and
 * requests only.
 */
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'graphql-yoga';
import { refusal } from './http-refusals.ts';

/** A directory served under a URL path, e.g. `/examples/dashboard` → examples/dashboard/. */
export interface StaticSite {
  /** URL path without a trailing slash, e.g. `/examples/dashboard`. */
  path: string;
  /** Absolute directory the files come from. */
  dir: string;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The dashboard example as the demo serves it, and the persisted-documents manifest codegen
 * emits for it (the demo starts the gateway with `PERSISTED_DOCUMENTS` pointing at it, so the
 * page sends hashes instead of query text). The browser test starts the same stack from these.
 */
export const DASHBOARD_EXAMPLE = {
  path: '/examples/dashboard',
  dir: join(repoRoot, 'examples', 'dashboard'),
  manifest: join(repoRoot, 'examples', 'dashboard', 'src', 'gql', 'persisted-documents.json'),
} as const;

/** What may be served, and as what; anything else (sources, configs, manifests) is 404. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Serves each site's files under its path; `path` alone redirects to `path/` (relative URLs need it). */
export function useStaticSites(sites: readonly StaticSite[]): Plugin {
  return {
    async onRequest({ url, request, endResponse }) {
      const site = sites.find((s) => url.pathname === s.path || url.pathname.startsWith(`${s.path}/`));
      if (!site) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(
          refusal(405, `${request.method.slice(0, 20)} is not supported here: use GET`, {}, { allow: 'GET, HEAD' }),
        );
        return;
      }
      if (url.pathname === site.path) {
        endResponse(new Response(null, { status: 308, headers: { location: `${site.path}/${url.search}` } }));
        return;
      }
      endResponse(await serveFile(site, url.pathname.slice(site.path.length + 1), request));
    },
  };
}

/** The file at `relative` (URL-encoded, '' for index.html) inside the site, or a 404. */
async function serveFile(site: StaticSite, relative: string, request: Request): Promise<Response> {
  const notFound = () => refusal(404, `No such file: ${site.path}/${relative.slice(0, 100)}`);
  let name: string;
  try {
    name = decodeURIComponent(relative || 'index.html');
  } catch {
    return notFound();
  }
  const parts = name.split('/');
  if (parts.some((p) => p === '' || p === '..' || p.startsWith('.') || p.includes('\\') || p.includes('\0'))) {
    return notFound();
  }
  const type = TYPES[extname(name).toLowerCase()];
  if (type === undefined) return notFound();

  let file: string;
  let body: Buffer;
  let mtimeMs: number;
  try {
    const root = await realpath(site.dir);
    file = await realpath(join(root, ...parts));
    if (!file.startsWith(root + sep)) return notFound(); // a symlink leading out of the site
    const info = await stat(file);
    if (!info.isFile()) return notFound();
    mtimeMs = info.mtimeMs;
    body = await readFile(file);
  } catch {
    return notFound();
  }
  const etag = `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`;
  const headers: Record<string, string> = {
    'content-type': type,
    'cache-control': 'no-cache',
    etag,
    'last-modified': new Date(mtimeMs).toUTCString(),
    ...SECURITY_HEADERS,
  };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: { ...headers, 'content-length': String(body.byteLength) },
  });
}
