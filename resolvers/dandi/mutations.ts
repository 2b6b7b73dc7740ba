/**
 * DANDI writes as mutations, each with the caller's own API key (`X-Dandi-Api-Key`;
 * UNAUTHENTICATED without one, before anything is sent): dandisets (create, metadata, publish,
 * delete, stars, owners, embargo), assets of the draft (rename, metadata, delete) and Zarr
 * entries. Results are the Dandiset / Version / Asset objects as DANDI answered the write, so a
 * client selects what it needs; what the write changed is read again, never served from what
 * the operation loaded before it. Uploads are in ./upload.ts.
 */
import { checkDandisetId, checkUuid } from '../../datasources/dandi-ids.ts';
import type { AssetInfo, DandisetDetail, VersionInfo, VersionStatus } from '../../datasources/dandi-types.ts';
import { checkAssetPath, checkMetadataObject } from '../../datasources/dandi-writes.ts';
import { builder } from '../../src/builder.ts';
import type { Context } from '../../src/context.ts';
import { ArchiveError, inputError } from '../../src/http/archive-error.ts';
import { OperationAborted } from '../../src/http/upstream.ts';
import { MetadataInput, type MetadataInputValue, metadataDocument, rawDocument } from './inputs.ts';
import {
  AssetType,
  checkArgument,
  DandisetType,
  VersionType,
  ZarrType,
  type AssetRef,
  type DandisetRef,
  type VersionRef,
} from './refs.ts';

const NEEDS_KEY = 'Needs `X-Dandi-Api-Key` (UNAUTHENTICATED without, before anything is sent).';
const OWNERS_ONLY = `${NEEDS_KEY} Owners only (FORBIDDEN otherwise).`;

/** Longest `publishDandiset` waits for the new version, and its default (below the default request deadline). */
export const MAX_PUBLISH_WAIT_MS = 120_000;
export const DEFAULT_PUBLISH_WAIT_MS = 20_000;

// ---- what the mutations answer with ----

/** After a write (done or failed): later fields read the archive again, not what was loaded before. */
export function forgetReads(ctx: Context): void {
  ctx.dandi = ctx.dandiWrites.freshReads({ webUrl: ctx.dandi.webUrl });
}

/** Runs a write, then forgets what the operation had read. */
export async function writing<T>(ctx: Context, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } finally {
    forgetReads(ctx);
  }
}

export function dandisetOf(ctx: Context, d: DandisetDetail): DandisetRef {
  ctx.dandi.dandiset.prime(d.identifier, d);
  return { identifier: d.identifier, data: d };
}

export function draftOf(ctx: Context, identifier: string, info: VersionInfo): VersionRef {
  ctx.dandi.versionInfo.prime({ identifier, version: 'draft' }, info);
  return { identifier, version: 'draft', info };
}

export function draftAssetOf(ctx: Context, identifier: string, a: AssetInfo): AssetRef {
  ctx.dandi.asset.prime(a.asset_id, a);
  return { assetId: a.asset_id, context: { identifier, version: 'draft' }, object: a };
}

export const identifierArg = (identifier: string) => checkArgument('identifier', () => checkDandisetId(identifier));
const assetIdArg = (assetId: string) => checkArgument('assetId', () => checkUuid(assetId, 'asset'));

interface DeleteResult {
  identifier: string;
  assetId: string | null;
}

const DeletePayload = builder.objectRef<DeleteResult>('DandiDeletePayload').implement({
  description: 'What a DANDI delete removed.',
  fields: (t) => ({
    identifier: t.exposeString('identifier', {
      description: 'The dandiset deleted, or the one whose draft lost the asset.',
    }),
    assetId: t.exposeString('assetId', {
      nullable: true,
      description:
        'The asset removed from the draft (its blob stays, as do published versions holding it); null for a dandiset.',
    }),
  }),
});

interface StarResult {
  dandiset: DandisetRef;
  starCount: number;
  starred: boolean;
}

const StarPayload = builder.objectRef<StarResult>('DandiStarPayload').implement({
  description: 'A dandiset after the caller starred or unstarred it.',
  fields: (t) => ({
    dandiset: t.field({ type: DandisetType, nullable: true, description: 'The dandiset.', resolve: (r) => r.dandiset }),
    starCount: t.exposeInt('starCount', { description: 'How many users star it now.' }),
    starred: t.exposeBoolean('starred', { description: 'Whether the caller stars it now.' }),
  }),
});

interface OwnersResult {
  dandiset: DandisetRef;
  usernames: string[];
}

const OwnersPayload = builder.objectRef<OwnersResult>('SetDandisetOwnersPayload').implement({
  description: "A dandiset's owners after they were set.",
  fields: (t) => ({
    dandiset: t.field({ type: DandisetType, nullable: true, description: 'The dandiset.', resolve: (r) => r.dandiset }),
    usernames: t.exposeStringList('usernames', { description: 'Usernames of the owners, as DANDI saved them.' }),
  }),
});

interface PublishResult {
  dandiset: DandisetRef;
  version: VersionRef | null;
  draftStatus: VersionStatus;
  finished: boolean;
  waitedMs: number;
}

const PublishPayload = builder.objectRef<PublishResult>('PublishDandisetPayload').implement({
  description: 'A publication DANDI accepted: it runs in the background; with `wait`, its result.',
  fields: (t) => ({
    dandiset: t.field({
      type: DandisetType,
      nullable: true,
      description: 'The dandiset, read after the wait.',
      resolve: (r) => r.dandiset,
    }),
    version: t.field({
      type: VersionType,
      nullable: true,
      description: 'The new published version; null when not waited for, or not done within `waitTimeoutMs`.',
      resolve: (r) => r.version,
    }),
    finished: t.exposeBoolean('finished', { description: 'Whether the new version exists.' }),
    draftStatus: t.exposeString('draftStatus', {
      description: 'Status of the draft at the last look ("Publishing" while it runs, "Published" after).',
    }),
    waitedMs: t.exposeInt('waitedMs', { description: 'How long the gateway waited for the publication (ms).' }),
  }),
});

interface ZarrDeleteResult {
  zarrId: string;
  deleted: number;
  finalized: boolean;
}

const ZarrDeletePayload = builder.objectRef<ZarrDeleteResult>('DeleteZarrFilesPayload').implement({
  description: 'Entries deleted from a Zarr archive.',
  fields: (t) => ({
    zarr: t.field({
      type: ZarrType,
      nullable: true,
      description: 'The Zarr archive, read again.',
      resolve: (r) => ({ zarrId: r.zarrId }),
    }),
    deleted: t.exposeInt('deleted', { description: 'Paths deleted (DANDI deletes in batches of 100).' }),
    finalized: t.exposeBoolean('finalized', {
      description: 'Whether DANDI was asked to recompute the checksum (the Zarr is Pending until it has).',
    }),
  }),
});

// ---- inputs ----

const CreateDandisetInput = builder.inputType('CreateDandisetInput', {
  description: 'A new dandiset: its name and first metadata. DANDI gives it the next free identifier.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Title (at most 300 characters; DANDI publishes at most 150).' }),
    metadata: t.field({ type: MetadataInput, description: 'The common metadata fields, typed.' }),
    rawMetadata: t.field({
      type: 'JSON',
      description: 'Any other dandischema fields, as a JSON object (typed `metadata` fields win over the same keys).',
    }),
    embargo: t.boolean({
      defaultValue: false,
      description: 'Embargoed: visible to its owners only until unembargoed.',
    }),
    embargoEndDate: t.string({
      description: 'When the embargo ends (YYYY-MM-DD; at most 2 years, 5 with a funder and award).',
    }),
    fundingSource: t.string({ description: 'Funder of an embargoed dandiset.' }),
    awardNumber: t.string({ description: 'Award number of an embargoed dandiset.' }),
  }),
});

const UpdateMetadataInput = builder.inputType('UpdateDandisetMetadataInput', {
  description:
    "Changes to a draft's metadata. The current document is read, changed and sent whole (DANDI's PUT), unless `replace`.",
  fields: (t) => ({
    name: t.string({ description: 'New title; left out: unchanged.' }),
    metadata: t.field({ type: MetadataInput, description: 'Typed fields to set; fields left out stay as they are.' }),
    rawMetadata: t.field({
      type: 'JSON',
      description:
        'Top-level dandischema keys to set, as a JSON object (a null value removes the key); typed fields win.',
    }),
    replace: t.boolean({
      defaultValue: false,
      description:
        'Send `rawMetadata` plus the typed fields as the whole document instead of changing the current one.',
    }),
  }),
});

// ---- dandisets ----

builder.mutationField('createDandiset', (t) =>
  t.field({
    type: DandisetType,
    nullable: true,
    description: `Create a dandiset; the caller owns it. Its draft is Invalid until it has a description, a license, a contact person and files. ${NEEDS_KEY}`,
    args: { input: t.arg({ type: CreateDandisetInput, required: true, description: 'The new dandiset.' }) },
    resolve: (_, { input }, ctx) =>
      writing(ctx, async () => {
        const metadata = {
          ...rawDocument(input.rawMetadata, 'input.rawMetadata'),
          ...metadataDocument(input.metadata as MetadataInputValue | null, 'input.metadata'),
        };
        const d = await ctx.dandiWrites.createDandiset({
          name: input.name,
          metadata,
          embargo: input.embargo ?? false,
          ...(input.embargoEndDate != null ? { embargoEndDate: input.embargoEndDate } : {}),
          ...(input.fundingSource != null ? { fundingSource: input.fundingSource } : {}),
          ...(input.awardNumber != null ? { awardNumber: input.awardNumber } : {}),
        });
        return d;
      }).then((d) => dandisetOf(ctx, d)),
  }),
);

builder.mutationField('updateDandisetMetadata', (t) =>
  t.field({
    type: VersionType,
    nullable: true,
    description: `Change the draft's name and metadata; DANDI validates the result (see the draft's \`status\` and \`validationErrors\`). ${OWNERS_ONLY}`,
    args: {
      identifier: t.arg.string({ required: true, description: 'Six-digit identifier of the dandiset.' }),
      input: t.arg({ type: UpdateMetadataInput, required: true, description: 'What to change.' }),
    },
    resolve: async (_, { identifier, input }, ctx) => {
      const id = identifierArg(identifier);
      ctx.dandiWrites.requireToken();
      const raw = rawDocument(input.rawMetadata, 'input.rawMetadata');
      const typed = metadataDocument(input.metadata as MetadataInputValue | null, 'input.metadata');
      const info = await writing(ctx, async () => {
        let name = input.name ?? undefined;
        let base: Record<string, unknown> = {};
        if (!input.replace || name === undefined) {
          const now = await ctx.dandiWrites.versionNow(id);
          name ??= now.name;
          if (!input.replace) base = { ...now.metadata };
        }
        const doc: Record<string, unknown> = { ...base, ...raw, ...typed };
        for (const [k, v] of Object.entries(raw)) if (v === null) delete doc[k];
        return ctx.dandiWrites.updateDraft(id, name, doc);
      });
      return draftOf(ctx, id, info);
    },
  }),
);

builder.mutationField('deleteDandiset', (t) =>
  t.field({
    type: DeletePayload,
    nullable: true,
    description: `Delete a dandiset that was never published. ${OWNERS_ONLY}`,
    args: { identifier: t.arg.string({ required: true, description: 'Six-digit identifier of the dandiset.' }) },
    resolve: (_, { identifier }, ctx) => {
      const id = identifierArg(identifier);
      return writing(ctx, async () => {
        await ctx.dandiWrites.deleteDandiset(id);
        return { identifier: id, assetId: null };
      });
    },
  }),
);

/** Waits `ms`; false if the operation ended first. */
const pause = (ms: number, signal: AbortSignal) =>
  new Promise<boolean>((resolve) => {
    if (signal.aborted) return resolve(false);
    const done = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', done);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', done, { once: true });
  });

function ended(signal: AbortSignal): ArchiveError {
  const reason = signal.reason;
  return reason instanceof OperationAborted && reason.why === 'deadline'
    ? new ArchiveError(
        'dandi',
        'DEADLINE_EXCEEDED',
        `The request's deadline (${reason.deadlineMs} ms) passed while waiting for DANDI`,
        {
          details: { deadlineMs: reason.deadlineMs, requestSent: true },
        },
      )
    : new ArchiveError('dandi', 'REQUEST_CANCELLED', 'The client closed the request while waiting for DANDI', {
        details: { requestSent: true },
      });
}

/**
 * Polls the draft's info while `busy(status)` holds, up to `until` (a timestamp), backing off
 * from 50 ms to 1 s; the last info seen.
 */
async function pollDraft(
  ctx: Context,
  identifier: string,
  busy: (status: VersionStatus) => boolean,
  until: number,
  first?: VersionInfo,
): Promise<VersionInfo> {
  let info = first ?? (await ctx.dandiWrites.versionNow(identifier));
  for (let delay = 50; busy(info.status) && Date.now() + delay <= until; delay = Math.min(delay * 2, 1_000)) {
    if (!(await pause(delay, ctx.signal))) throw ended(ctx.signal);
    info = await ctx.dandiWrites.versionNow(identifier);
  }
  return info;
}

/**
 * A publication DANDI refused as not valid, with the reasons (the draft's validation errors and
 * its assets') in `extensions`, so the caller need not ask for them (one more request, on refusal only).
 */
async function withValidationErrors(ctx: Context, identifier: string, error: unknown): Promise<unknown> {
  if (!(error instanceof ArchiveError) || error.code !== 'BAD_USER_INPUT') return error;
  try {
    const info = await ctx.dandiWrites.versionNow(identifier);
    return new ArchiveError('dandi', error.code, error.message, {
      ...(error.status === undefined ? {} : { status: error.status }),
      details: {
        ...error.details,
        draftStatus: info.status,
        validationErrors: info.version_validation_errors ?? [],
        assetValidationErrors: info.asset_validation_errors ?? [],
      },
      cause: error,
    });
  } catch {
    return error;
  }
}

builder.mutationField('publishDandiset', (t) =>
  t.field({
    type: PublishPayload,
    nullable: true,
    description: `Publish the draft as a new immutable version with a DOI. DANDI refuses (BAD_USER_INPUT) a draft that is not Valid, has no files or is embargoed. With \`wait\` the gateway first waits for a pending validation, then for the new version (polling the draft), up to \`waitTimeoutMs\`. ${OWNERS_ONLY}`,
    args: {
      identifier: t.arg.string({ required: true, description: 'Six-digit identifier of the dandiset.' }),
      releaseNotes: t.arg.string({ description: 'Notes of this release (at most 5000 characters).' }),
      wait: t.arg.boolean({ defaultValue: true, description: 'Wait for the published version (else answer at once).' }),
      waitTimeoutMs: t.arg.int({
        defaultValue: DEFAULT_PUBLISH_WAIT_MS,
        description: `Longest wait in ms (at most ${MAX_PUBLISH_WAIT_MS}; keep it under the request deadline, REQUEST_DEADLINE_MS).`,
      }),
    },
    resolve: async (_, args, ctx) => {
      const id = identifierArg(args.identifier);
      ctx.dandiWrites.requireToken();
      const waitMs = args.waitTimeoutMs ?? DEFAULT_PUBLISH_WAIT_MS;
      if (waitMs < 0 || waitMs > MAX_PUBLISH_WAIT_MS)
        throw inputError(
          `\`waitTimeoutMs\` must be 0 to ${MAX_PUBLISH_WAIT_MS}`,
          { argument: 'waitTimeoutMs', maximum: MAX_PUBLISH_WAIT_MS },
          'dandi',
        );
      const wait = args.wait !== false;
      const started = Date.now();
      const until = started + waitMs;
      const before = await ctx.dandiWrites.dandisetNow(id);
      const previous = before.most_recent_published_version?.version ?? null;
      if (wait && before.draft_version && ['Pending', 'Validating'].includes(before.draft_version.status)) {
        // DANDI validates in the background: a publish sent now would be refused as not valid.
        await pollDraft(ctx, id, (s) => s === 'Pending' || s === 'Validating', until);
      }
      const { draftStatus, detail } = await writing(ctx, async () => {
        try {
          await ctx.dandiWrites.publish(id, args.releaseNotes ?? undefined);
        } catch (error) {
          throw await withValidationErrors(ctx, id, error);
        }
        if (!wait) return { draftStatus: 'Publishing' as VersionStatus, detail: undefined };
        // Publishing until it is done (then Published); Valid if the archive has not begun yet.
        const last = await pollDraft(ctx, id, (s) => s === 'Publishing' || s === 'Valid', until);
        return { draftStatus: last.status, detail: await ctx.dandiWrites.dandisetNow(id) };
      });
      const latest = detail?.most_recent_published_version ?? null;
      const fresh = latest !== null && latest.version !== previous;
      return {
        dandiset: detail ? dandisetOf(ctx, detail) : { identifier: id },
        version: fresh && latest ? { identifier: id, version: latest.version, summary: latest } : null,
        draftStatus,
        finished: fresh,
        waitedMs: Date.now() - started,
      };
    },
  }),
);

for (const [field, on] of [
  ['starDandiset', true],
  ['unstarDandiset', false],
] as const) {
  builder.mutationField(field, (t) =>
    t.field({
      type: StarPayload,
      nullable: true,
      description: `${on ? 'Star' : 'Unstar'} a dandiset for the caller (any approved user, not only owners). ${NEEDS_KEY}`,
      args: { identifier: t.arg.string({ required: true, description: 'Six-digit identifier of the dandiset.' }) },
      resolve: (_, { identifier }, ctx) => {
        const id = identifierArg(identifier);
        return writing(ctx, async () => ({
          dandiset: { identifier: id },
          starCount: await ctx.dandiWrites.star(id, on),
          starred: on,
        }));
      },
    }),
  );
}

builder.mutationField('setDandisetOwners', (t) =>
  t.field({
    type: OwnersPayload,
    nullable: true,
    description: `Set the owners of a dandiset (the whole list; at least one). ${OWNERS_ONLY}`,
    args: {
      identifier: t.arg.string({ required: true, description: 'Six-digit identifier of the dandiset.' }),
      usernames: t.arg.stringList({ required: true, description: 'DANDI usernames of every owner.' }),
    },
    resolve: (_, { identifier, usernames }, ctx) => {
      const id = identifierArg(identifier);
      return writing(ctx, async () => ({
        dandiset: { identifier: id },
        usernames: (await ctx.dandiWrites.setOwners(id, usernames)).map((o) => o.username),
      }));
    },
  }),
);

builder.mutationField('unembargoDandiset', (t) =>
  t.field({
    type: DandisetType,
    nullable: true,
    description: `Lift the embargo of a dandiset: its data become public (BAD_USER_INPUT if it is not embargoed). ${OWNERS_ONLY}`,
    args: { identifier: t.arg.string({ required: true, description: 'Six-digit identifier of the dandiset.' }) },
    resolve: (_, { identifier }, ctx) => {
      const id = identifierArg(identifier);
      return writing(ctx, async () => {
        await ctx.dandiWrites.unembargo(id);
        return { identifier: id };
      });
    },
  }),
);

// ---- assets of the draft ----

async function rewriteAsset(
  ctx: Context,
  identifier: string,
  assetId: string,
  change: (current: AssetInfo) => Record<string, unknown>,
): Promise<AssetRef> {
  ctx.dandiWrites.requireToken();
  const saved = await writing(ctx, async () => {
    const current = await ctx.dandiWrites.draftAssetNow(identifier, assetId);
    return ctx.dandiWrites.replaceAsset(identifier, current, change(current));
  });
  return draftAssetOf(ctx, identifier, saved);
}

builder.mutationField('renameAsset', (t) =>
  t.field({
    type: AssetType,
    nullable: true,
    description: `Move an asset of the draft to another path (BAD_USER_INPUT if the path is taken). DANDI gives the changed asset a new \`assetId\`. ${OWNERS_ONLY}`,
    args: {
      identifier: t.arg.string({ required: true, description: 'Six-digit identifier of the dandiset.' }),
      assetId: t.arg.string({ required: true, description: 'The asset id (UUID).' }),
      path: t.arg.string({ required: true, description: 'The new path, e.g. "sub-01/sub-01_ses-2_ecephys.nwb".' }),
    },
    resolve: (_, args, ctx) => {
      const id = identifierArg(args.identifier);
      const path = checkAssetPath(args.path);
      return rewriteAsset(ctx, id, assetIdArg(args.assetId), (a) => ({ ...a.metadata, path }));
    },
  }),
);

builder.mutationField('updateAssetMetadata', (t) =>
  t.field({
    type: AssetType,
    nullable: true,
    description: `Replace the metadata document of an asset of the draft (its path kept unless \`metadata.path\` says otherwise). DANDI gives the changed asset a new \`assetId\`. ${OWNERS_ONLY}`,
    args: {
      identifier: t.arg.string({ required: true, description: 'Six-digit identifier of the dandiset.' }),
      assetId: t.arg.string({ required: true, description: 'The asset id (UUID).' }),
      metadata: t.arg({
        type: 'JSON',
        required: true,
        description: 'The new dandischema Asset document, as a JSON object.',
      }),
      merge: t.arg.boolean({
        defaultValue: false,
        description: 'Set only the top-level keys given (null removes one) instead of replacing the document.',
      }),
    },
    resolve: (_, args, ctx) => {
      const id = identifierArg(args.identifier);
      const given = checkArgument('metadata', () => checkMetadataObject(args.metadata));
      if (typeof given.path === 'string') checkAssetPath(given.path, 'metadata.path');
      return rewriteAsset(ctx, id, assetIdArg(args.assetId), (a) => {
        const doc: Record<string, unknown> = args.merge ? { ...a.metadata, ...given } : { ...given };
        if (args.merge) for (const [k, v] of Object.entries(given)) if (v === null) delete doc[k];
        doc.path = typeof given.path === 'string' ? given.path : a.path;
        return doc;
      });
    },
  }),
);

builder.mutationField('deleteAsset', (t) =>
  t.field({
    type: DeletePayload,
    nullable: true,
    description: `Remove an asset from the draft (published versions keep it). ${OWNERS_ONLY}`,
    args: {
      identifier: t.arg.string({ required: true, description: 'Six-digit identifier of the dandiset.' }),
      assetId: t.arg.string({ required: true, description: 'The asset id (UUID).' }),
    },
    resolve: (_, args, ctx) => {
      const id = identifierArg(args.identifier);
      const assetId = assetIdArg(args.assetId);
      return writing(ctx, async () => {
        await ctx.dandiWrites.deleteAsset(id, assetId);
        return { identifier: id, assetId };
      });
    },
  }),
);

builder.mutationField('deleteZarrFiles', (t) =>
  t.field({
    type: ZarrDeletePayload,
    nullable: true,
    description: `Delete entries of a Zarr archive (100 paths per request, as dandi-cli), then ask DANDI to recompute its checksum. ${OWNERS_ONLY}`,
    args: {
      zarrId: t.arg.string({ required: true, description: 'The Zarr id (UUID).' }),
      paths: t.arg.stringList({
        required: true,
        description: 'Entry paths within the Zarr, e.g. ["0/0/0"] (at most 10000).',
      }),
      finalize: t.arg.boolean({
        defaultValue: true,
        description: 'Ask DANDI to recompute the checksum after the deletion (dandi-cli always does).',
      }),
    },
    resolve: (_, args, ctx) => {
      const zarrId = checkArgument('zarrId', () => checkUuid(args.zarrId, 'zarr'));
      return writing(ctx, async () => {
        const deleted = await ctx.dandiWrites.deleteZarrFiles(zarrId, args.paths);
        const finalized = args.finalize !== false;
        if (finalized) await ctx.dandiWrites.finalizeZarr(zarrId);
        return { zarrId, deleted, finalized };
      });
    },
  }),
);
