/**
 * `/dandisets/` (list with draft / empty / embargoed / starred / user / search / ordering),
 * `/dandisets/{id}/` and `/dandisets/{id}/users/`.
 */
import { json, type ReplicaResponse } from '../common/server.ts';
import { findDandiset, type RouteContext } from './context.ts';
import { bareString, boolParams, fieldErrors, lastParam } from './http.ts';
import type { DandisetRecord } from './model.ts';
import { paginate } from './paging.ts';
import { compileSearch, parseSearch, SearchSyntaxError } from './search.ts';
import { dandisetDetail, dandisetListItem } from './serializers.ts';
import type { DandiStore } from './store.ts';

const ORDERING_FIELDS = ['id', 'name', 'modified', 'size', 'stars'];

/** DRF OrderingFilter: comma list, first valid term wins, unknown terms ignored. */
function orderingOf(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  return raw
    .split(',')
    .map((t) => t.trim())
    .find((t) => ORDERING_FIELDS.includes(t.replace(/^-/, '')));
}

function sortKey(field: string, store: DandiStore): (ds: DandisetRecord) => string | number {
  switch (field) {
    case 'id':
      return (ds) => ds.identifier;
    case 'name':
      return (ds) => store.latestVersion(ds).name;
    case 'modified':
      return (ds) => store.latestVersion(ds).modified;
    case 'size':
      return (ds) => store.latestVersion(ds).size;
    default:
      return (ds) => ds.starCount;
  }
}

export function listDandisets(ctx: RouteContext): ReplicaResponse {
  const { req, store, user } = ctx;
  const q = req.query;
  const { values, errors } = boolParams(q, { draft: true, empty: true, embargoed: false, starred: false });
  const userParam = lastParam(q, 'user');
  if (userParam !== undefined && userParam !== 'me') errors.user = [`"${userParam}" is not a valid choice.`];
  if (Object.keys(errors).length) return fieldErrors(errors);
  if (values.embargoed && !user) {
    return bareString(401, 'Authentication credentials must be provided when attempting to access embargoed dandisets');
  }
  if (values.starred && !user) return bareString(401, 'Must be authenticated to filter by starred dandisets.');

  let predicate: ((ds: DandisetRecord) => boolean) | undefined;
  const search = lastParam(q, 'search');
  if (search) {
    try {
      predicate = compileSearch(parseSearch(search), store);
    } catch (error) {
      if (error instanceof SearchSyntaxError) return json(400, { search: error.message });
      throw error;
    }
  }

  // Default order is creation time; `user=me` ignores superuser powers, as the server does.
  let rows = [...store.dandisets].sort((a, b) => a.created - b.created);
  rows = userParam === 'me' ? rows.filter((d) => store.owns(user, d)) : rows.filter((d) => store.visible(user, d));
  if (!values.draft) rows = rows.filter((d) => d.versions.length > 1);
  if (!values.empty) rows = rows.filter((d) => store.latestVersion(d).assetCount > 0);
  if (!values.embargoed) rows = rows.filter((d) => d.embargoStatus === 'OPEN');
  if (values.starred && user) {
    const name = user.username;
    rows = rows
      .filter((d) => d.starredBy.has(name))
      .sort((a, b) => (b.starredBy.get(name) ?? 0) - (a.starredBy.get(name) ?? 0));
  }
  if (predicate) rows = rows.filter(predicate);

  const ordering = orderingOf(lastParam(q, 'ordering'));
  if (ordering) {
    const desc = ordering.startsWith('-');
    const key = sortKey(ordering.replace(/^-/, ''), store);
    rows.sort((a, b) => {
      const x = key(a);
      const y = key(b);
      const c = x < y ? -1 : x > y ? 1 : 0;
      return desc ? -c : c;
    });
  }
  return paginate(req, rows, (d) => dandisetListItem(d, user, store));
}

export function getDandiset(ctx: RouteContext): ReplicaResponse {
  const found = findDandiset(ctx);
  if (!found.ok) return found.response;
  return json(200, dandisetDetail(found.value, ctx.user, ctx.store));
}

/** Owners, as their GitHub accounts describe them; e-mails only for signed-in callers. */
export function dandisetUsers(ctx: RouteContext): ReplicaResponse {
  const found = findDandiset(ctx);
  if (!found.ok) return found.response;
  const owners = found.value.owners.map((username) => {
    const u = ctx.store.user(username);
    return {
      username,
      name: u ? `${u.firstName} ${u.lastName}` : null,
      email: ctx.user && u ? u.email : null,
    };
  });
  return json(200, owners);
}
