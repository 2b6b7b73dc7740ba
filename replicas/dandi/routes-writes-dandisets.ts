/**
 * Dandiset-level writes: create (`POST /dandisets/`), delete, star / unstar, set owners,
 * unembargo, update the draft's metadata (`PUT /versions/draft/`), publish, and deleting a
 * published version (admins only — nobody in the replica). Every route authenticates first
 * (401), then finds the dandiset (404 / embargo 401-403), then checks ownership (403), then
 * validates the whole input before changing anything.
 */
import { json, type ReplicaResponse } from '../common/server.ts';
import {
  draftWritable,
  findDandiset,
  findVersion,
  isRecord,
  jsonBody,
  ownedDandiset,
  ownedVersion,
  requireUser,
  type RouteContext,
} from './context.ts';
import { bareString, boolParams, fieldErrors, lastParam, permissionDenied } from './http.ts';
import { SCHEMA_VERSION } from './metadata-stored.ts';
import type { DandisetProfile, DandisetRecord, UserRecord, VersionRecord } from './model.ts';
import { versionInfoBody } from './routes-versions.ts';
import { dandisetDetail } from './serializers.ts';
import { strip, VERSION_COMPUTED_FIELDS } from './validate-metadata.ts';
import { commitDraft, scheduleValidation, startPublish } from './writes.ts';

const EMPTY_PROFILE: DandisetProfile = {
  modalities: [],
  species: [],
  bids: false,
  microscopy: false,
  videos: false,
  region: '',
  task: '',
  genotypes: [],
  tzOffset: '+00:00',
};

const DAY_US = 86_400_000_000;

/** `{name, metadata}` of a create or a draft PUT (VersionMetadataSerializer). */
function versionBody(body: unknown): { name: string; metadata: Record<string, unknown> } | ReplicaResponse {
  if (!isRecord(body)) {
    return fieldErrors({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
  }
  const errors: Record<string, string[]> = {};
  const { name, metadata } = body;
  if (name === undefined || name === null) errors.name = ['This field is required.'];
  else if (typeof name !== 'string') errors.name = ['Not a valid string.'];
  else if (name.trim() === '') errors.name = ['This field may not be blank.'];
  else if (name.length > 300) errors.name = ['Ensure this field has no more than 300 characters.'];
  if (metadata === undefined || metadata === null) errors.metadata = ['This field is required.'];
  else if (!isRecord(metadata)) errors.metadata = ['Value must be valid JSON.'];
  if (Object.keys(errors).length) return fieldErrors(errors);
  return { name: (name as string).trim(), metadata: metadata as Record<string, unknown> };
}

/** The creator as the default contact person (what the server adds when none is given). */
function creatorContributor(user: UserRecord): Record<string, unknown> {
  return {
    name: `${user.lastName}, ${user.firstName}`,
    email: user.email,
    roleName: ['dcite:ContactPerson'],
    schemaKey: 'Person',
    affiliation: [],
    includeInCitation: true,
  };
}

/** `POST /dandisets/?embargo=…` → 200 dandiset detail with the next free identifier. */
export function createDandiset(ctx: RouteContext): ReplicaResponse {
  const who = requireUser(ctx);
  if (!who.ok) return who.response;
  const user = who.value;
  const { values, errors } = boolParams(ctx.req.query, { embargo: false });
  const endRaw = lastParam(ctx.req.query, 'embargo_end_date');
  const funded = Boolean(lastParam(ctx.req.query, 'funding_source') && lastParam(ctx.req.query, 'award_number'));
  let embargoedUntil: string | undefined;
  const now = ctx.store.now();
  if (endRaw !== undefined && values.embargo) {
    const t = /^\d{4}-\d{2}-\d{2}$/.test(endRaw) ? Date.parse(`${endRaw}T00:00:00Z`) * 1000 : Number.NaN;
    if (Number.isNaN(t)) {
      errors.embargo_end_date = ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'];
    } else if (t <= now) {
      errors.embargo_end_date = ['Embargo end date must be in the future.'];
    } else if (t > now + (funded ? 5 : 2) * 365 * DAY_US) {
      errors.embargo_end_date = [`Embargo end date must be within ${funded ? 5 : 2} years.`];
    } else embargoedUntil = endRaw;
  }
  if (Object.keys(errors).length) return fieldErrors(errors);
  const body = jsonBody(ctx);
  if (!body.ok) return body.response;
  const parsed = versionBody(body.value);
  if ('status' in parsed) return parsed;

  const metadata = strip(parsed.metadata, VERSION_COMPUTED_FIELDS);
  if (metadata.contributor === undefined) metadata.contributor = [creatorContributor(user)];
  metadata.schemaKey ??= 'Dandiset';
  metadata.schemaVersion ??= SCHEMA_VERSION;
  const store = ctx.store;
  const identifier = store.takeIdentifier();
  const draft: VersionRecord = {
    dandisetId: identifier,
    version: 'draft',
    pk: store.takePk(),
    name: parsed.name,
    status: 'Pending',
    created: now,
    modified: now,
    assets: [],
    assetCount: 0,
    size: 0,
    releaseNotes: '',
    schemaVersion: typeof metadata.schemaVersion === 'string' ? metadata.schemaVersion : SCHEMA_VERSION,
    validationErrors: [],
    metadata,
  };
  const ds: DandisetRecord = {
    identifier,
    index: store.dandisets.length,
    embargoStatus: values.embargo ? 'EMBARGOED' : 'OPEN',
    embargoedUntil,
    created: now,
    modified: now,
    owners: [user.username],
    starCount: 0,
    starredBy: new Map(),
    title: parsed.name,
    description: typeof metadata.description === 'string' ? metadata.description : '',
    keywords: [],
    license: [],
    contributors: [],
    about: [],
    profile: EMPTY_PROFILE,
    versions: [draft],
    zarrs: [],
  };
  store.addDandiset(ds);
  scheduleValidation(store, ds);
  return json(200, dandisetDetail(ds, user, store));
}

/** `DELETE /dandisets/{id}/` → 204, only while nothing was published. */
export function deleteDandiset(ctx: RouteContext): ReplicaResponse {
  const found = ownedDandiset(ctx);
  if (!found.ok) return found.response;
  const ds = found.value;
  if (ds.versions.length > 1) return bareString(403, 'Cannot delete dandisets with published versions.');
  if (ds.embargoStatus === 'UNEMBARGOING') return bareString(400, 'Dandiset modification not allowed during unembargo');
  if (ds.versions[0]?.status === 'Publishing') return bareString(400, 'Dandiset is currently being published');
  ctx.store.removeDandiset(ds);
  return { status: 204, raw: '', headers: { 'content-type': 'application/json' } };
}

/** `POST|DELETE /dandisets/{id}/star/` → `{"count": n}`; any approved user. */
export function starDandiset(ctx: RouteContext): ReplicaResponse {
  const who = requireUser(ctx);
  if (!who.ok) return who.response;
  const found = findDandiset(ctx);
  if (!found.ok) return found.response;
  const ds = found.value;
  const name = who.value.username;
  if (ctx.req.method === 'POST') {
    if (!ds.starredBy.has(name)) {
      ds.starredBy.set(name, ctx.store.now());
      ds.starCount += 1;
    }
  } else if (ds.starredBy.delete(name)) {
    ds.starCount = Math.max(0, ds.starCount - 1);
  }
  ctx.store.revision++;
  return json(200, { count: ds.starCount });
}

/** The owners in the `/users/` shape (e-mails for signed-in callers). */
export function ownerList(ctx: RouteContext, ds: DandisetRecord): Record<string, unknown>[] {
  return ds.owners.map((username) => {
    const u = ctx.store.user(username);
    return {
      username,
      name: u ? `${u.firstName} ${u.lastName}` : null,
      email: ctx.user && u ? u.email : null,
    };
  });
}

/** `PUT /dandisets/{id}/users/` `[{"username"}]` → the new owner list. */
export function setOwners(ctx: RouteContext): ReplicaResponse {
  const found = ownedDandiset(ctx);
  if (!found.ok) return found.response;
  const ds = found.value;
  const body = jsonBody(ctx);
  if (!body.ok) return body.response;
  const list = body.value;
  if (!Array.isArray(list)) {
    return fieldErrors({ non_field_errors: ['Expected a list of items but got type "dict".'] });
  }
  const names: string[] = [];
  const itemErrors = list.map((item) => {
    if (!isRecord(item)) return { non_field_errors: ['Invalid data. Expected a dictionary.'] };
    if (typeof item.username !== 'string' || item.username === '') return { username: ['This field is required.'] };
    names.push(item.username);
    return {};
  });
  if (itemErrors.some((e) => Object.keys(e).length)) return json(400, itemErrors);
  if (names.length === 0) return bareString(400, 'Cannot remove all draft owners');
  for (const n of names) if (!ctx.store.user(n)) return bareString(400, `User ${n} not found`);
  ds.owners = [...new Set(names)];
  ctx.store.touch(ds);
  return json(200, ownerList(ctx, ds));
}

/** `POST /dandisets/{id}/unembargo/` → 200; the dandiset (and its blobs) become OPEN at once. */
export function unembargo(ctx: RouteContext): ReplicaResponse {
  const found = ownedDandiset(ctx);
  if (!found.ok) return found.response;
  const ds = found.value;
  if (ds.embargoStatus !== 'EMBARGOED') return bareString(400, 'Dandiset not embargoed');
  if (ds.versions[0]?.status === 'Publishing') return bareString(400, 'Dandiset is currently being published');
  ds.embargoStatus = 'OPEN';
  ds.embargoedUntil = undefined;
  ctx.store.touch(ds);
  return { status: 200, raw: '', headers: { 'content-type': 'application/json' } };
}

/** `PUT /dandisets/{id}/versions/draft/` `{name, metadata}` → 200 version info. */
export function updateDraft(ctx: RouteContext): ReplicaResponse {
  const found = ownedVersion(ctx);
  if (!found.ok) return found.response;
  const { ds, v } = found.value;
  const denied = draftWritable(ds, v);
  if (denied) return denied;
  const body = jsonBody(ctx);
  if (!body.ok) return body.response;
  const parsed = versionBody(body.value);
  if ('status' in parsed) return parsed;
  const metadata = strip(parsed.metadata, VERSION_COMPUTED_FIELDS);
  metadata.schemaKey ??= 'Dandiset';
  metadata.schemaVersion ??= v.schemaVersion;
  const unchanged =
    parsed.name === v.name && JSON.stringify(metadata) === JSON.stringify(ctx.store.storedMetadataOf(ds, v));
  const draft = unchanged ? v : commitDraft(ctx.store, ds, { name: parsed.name, metadata });
  return json(200, versionInfoBody(ctx, ds, draft));
}

/** `POST /dandisets/{id}/versions/draft/publish/` → 202 (empty); the version appears shortly. */
export function publish(ctx: RouteContext): ReplicaResponse {
  const found = ownedVersion(ctx);
  if (!found.ok) return found.response;
  const { ds, v } = found.value;
  if (v.version !== 'draft') return bareString(405, 'Only draft versions can be published.');
  const body = jsonBody(ctx, true);
  if (!body.ok) return body.response;
  const notes = isRecord(body.value) ? body.value.release_notes : undefined;
  if (notes !== undefined && notes !== null && typeof notes !== 'string') {
    return fieldErrors({ release_notes: ['Not a valid string.'] });
  }
  if (typeof notes === 'string' && notes.length > 5000) {
    return fieldErrors({ release_notes: ['Ensure this field has no more than 5000 characters.'] });
  }
  if (ds.embargoStatus !== 'OPEN') return bareString(400, 'Operation only allowed on OPEN dandisets');
  if (ds.zarrs.some((z) => z.status !== 'Complete')) {
    return bareString(400, 'Cannot publish dandisets which contain zarrs with incomplete checksums');
  }
  if (v.status === 'Publishing') return bareString(400, 'Dandiset is currently being published');
  if (v.status === 'Published') {
    return bareString(400, 'There have been no changes to the draft version since the last publish.');
  }
  const pendingAssets = v.assets.some(
    (a) => a.validation?.status === 'Pending' || a.validation?.status === 'Validating',
  );
  if (v.status === 'Pending' || v.status === 'Validating' || pendingAssets) {
    return bareString(400, 'Dandiset is currently being validated');
  }
  if (v.status !== 'Valid' || v.assets.length === 0 || v.assets.some((a) => a.validation?.status === 'Invalid')) {
    return bareString(400, 'Dandiset metadata or asset metadata is not valid');
  }
  startPublish(ctx.store, ds, typeof notes === 'string' ? notes : '');
  return { status: 202, raw: '', headers: { 'content-type': 'application/json' } };
}

/** `DELETE /dandisets/{id}/versions/{v}/`: superusers only, and the replica has none. */
export function deleteVersion(ctx: RouteContext): ReplicaResponse {
  const who = requireUser(ctx);
  if (!who.ok) return who.response;
  const found = findVersion(ctx);
  if (!found.ok) return found.response;
  return permissionDenied();
}
