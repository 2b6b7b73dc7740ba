/**
 * Files into a dandiset's draft. `uploadAsset` takes the file in the request itself (a GraphQL
 * multipart request, spooled to disk by src/plugins/upload.ts) and uploads it as dandi-cli does
 * (datasources/dandi-upload.ts); `startUpload` / `completeUpload` are for clients that send the
 * bytes of a large file straight to DANDI's storage: the presigned part URLs, then the parts'
 * ETags, and the gateway completes, validates and makes the asset. A failure leaves no asset
 * and says, in `extensions.upload`, what exists (a started upload, or a stored blob to reuse).
 */
import { GraphQLError } from 'graphql';
import { DandiUploader } from '../../datasources/dandi-upload.ts';
import { builder } from '../../src/builder.ts';
import { inputError } from '../../src/http/archive-error.ts';
import { UploadedFile } from '../../src/plugins/upload.ts';
import { draftAssetOf, identifierArg, writing } from './mutations.ts';
import { AssetType, type AssetRef } from './refs.ts';

builder.scalarType('Upload', {
  description:
    'A file sent with the request, in a GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec): the variable is null in `operations` and `map` points at it. Input only.',
  serialize: () => {
    throw new GraphQLError('Upload is an input-only scalar');
  },
  parseValue: (value) => {
    if (value instanceof UploadedFile) return value;
    throw inputError(
      'An Upload variable must be a file of a multipart request (see the GraphQL multipart request spec)',
      {},
    );
  },
  parseLiteral: () => {
    throw inputError('An Upload cannot be written in the document: send the file in a multipart request', {});
  },
});

interface UploadResult {
  asset: AssetRef;
  blobId: string;
  etag: string;
  reusedBlob: boolean;
  parts: number;
  size: number;
}

const UploadPayload = builder.objectRef<UploadResult>('UploadAssetPayload').implement({
  description: 'A new asset of the draft over an uploaded (or already stored) blob.',
  fields: (t) => ({
    asset: t.field({ type: AssetType, nullable: true, description: 'The new asset.', resolve: (r) => r.asset }),
    blobId: t.exposeString('blobId', { description: 'Id of the blob the asset points at.' }),
    etag: t.exposeString('etag', { description: 'The blob\'s dandi-etag ("<md5 of the part md5s>-<parts>").' }),
    reusedBlob: t.exposeBoolean('reusedBlob', {
      description: 'True when DANDI had a blob of this digest already: no byte was sent again.',
    }),
    parts: t.exposeInt('parts', { description: 'Parts sent to the storage (0 when the blob was reused).' }),
    size: t.field({ type: 'SafeInt', description: 'Bytes of the blob.', resolve: (r) => r.size }),
  }),
});

interface PartUrl {
  partNumber: number;
  size: number;
  offset: number;
  url: string;
}

const PartUrlType = builder.objectRef<PartUrl>('DandiUploadPart').implement({
  description: 'One part of a direct upload: PUT exactly these bytes to the URL, and keep the ETag header it answers.',
  fields: (t) => ({
    partNumber: t.exposeInt('partNumber', { description: 'Part number, from 1.' }),
    size: t.field({ type: 'SafeInt', description: 'Bytes of this part.', resolve: (p) => p.size }),
    offset: t.field({
      type: 'SafeInt',
      description: 'Byte offset in the file where this part starts.',
      resolve: (p) => p.offset,
    }),
    url: t.exposeString('url', { description: 'Presigned PUT URL on the storage (expires; not the gateway).' }),
  }),
});

interface StartResult {
  uploadId: string | null;
  blobId: string | null;
  partSize: number;
  parts: PartUrl[];
}

const StartPayload = builder.objectRef<StartResult>('StartUploadPayload').implement({
  description:
    'A direct upload started (PUT each part, then `completeUpload` with the ETags), or the blob DANDI has already (then `completeUpload` without parts).',
  fields: (t) => ({
    uploadId: t.exposeString('uploadId', {
      nullable: true,
      description: 'The upload to complete; null when the blob exists.',
    }),
    blobId: t.exposeString('blobId', {
      nullable: true,
      description: 'The stored blob of this digest, when DANDI has one (nothing to send).',
    }),
    partSize: t.field({
      type: 'SafeInt',
      description: 'Size of every part but the last (part N starts at (N − 1) × partSize).',
      resolve: (r) => r.partSize,
    }),
    parts: t.field({ type: [PartUrlType], description: 'The parts to PUT, in order.', resolve: (r) => r.parts }),
  }),
});

const CompletedPartInput = builder.inputType('DandiCompletedPartInput', {
  description: 'A part PUT to the storage in a direct upload.',
  fields: (t) => ({
    partNumber: t.int({ required: true, description: 'Its part number.' }),
    size: t.field({ type: 'SafeInt', required: true, description: 'Its size in bytes.' }),
    etag: t.string({ required: true, description: 'The ETag header the storage answered the PUT with.' }),
  }),
});

builder.mutationField('uploadAsset', (t) =>
  t.field({
    type: UploadPayload,
    nullable: true,
    description:
      'Upload a file to the draft as a new asset at `path`: send it in a GraphQL multipart request (at most MAX_UPLOAD_BYTES; larger: `startUpload`). The gateway computes its dandi-etag, reuses a blob DANDI has under it, else uploads it part by part, then makes the asset. A path taken is BAD_USER_INPUT before any byte is sent. Needs `X-Dandi-Api-Key`; owners only.',
    args: {
      identifier: t.arg.string({ required: true, description: 'Six-digit identifier of the dandiset.' }),
      path: t.arg.string({
        required: true,
        description: 'Path in the dandiset, e.g. "sub-01/sub-01_ses-1_ecephys.nwb".',
      }),
      file: t.arg({ type: 'Upload', required: true, description: 'The file.' }),
      metadata: t.arg({
        type: 'JSON',
        description:
          "The asset's dandischema metadata (e.g. `wasAttributedTo`, `encodingFormat`); `path`, `contentSize` and the digest are set from the file.",
      }),
    },
    resolve: async (_, args, ctx) => {
      const id = identifierArg(args.identifier);
      const file = args.file;
      const uploader = new DandiUploader(ctx.dandiWrites);
      const done = await writing(ctx, () =>
        uploader.uploadAsset(id, args.path, args.metadata as Record<string, unknown> | undefined, {
          size: file.size,
          openRange: (start, end) => file.openRange(start, end),
          etag: file.digests.dandiEtag,
          type: file.type,
        }),
      );
      return {
        asset: draftAssetOf(ctx, id, done.asset),
        blobId: done.blob.blobId,
        etag: done.blob.etag,
        reusedBlob: done.blob.reused,
        parts: done.blob.parts,
        size: done.blob.size,
      };
    },
  }),
);

builder.mutationField('startUpload', (t) =>
  t.field({
    type: StartPayload,
    nullable: true,
    description:
      "Start a direct upload of a file to the draft: presigned part URLs on DANDI's storage (the bytes never pass through the gateway). The client computes the dandi-etag first (dandischema's rule: 64 MiB parts, larger beyond 10 000 parts). Needs `X-Dandi-Api-Key`; owners only.",
    args: {
      identifier: t.arg.string({ required: true, description: 'Six-digit identifier of the dandiset.' }),
      path: t.arg.string({ required: true, description: 'Path the asset will have (checked free now).' }),
      size: t.arg({ type: 'SafeInt', required: true, description: 'Size of the file in bytes.' }),
      etag: t.arg.string({ required: true, description: 'Its dandi-etag, e.g. "d41d8cd98f00b204e9800998ecf8427e-1".' }),
    },
    resolve: async (_, args, ctx) => {
      const id = identifierArg(args.identifier);
      const uploader = new DandiUploader(ctx.dandiWrites);
      const started = await writing(ctx, () => uploader.startDirect(id, args.path, args.size, args.etag));
      if ('blob' in started) return { uploadId: null, blobId: started.blob.blobId, partSize: 0, parts: [] };
      const partSize = started.parts[0]?.size ?? 0;
      return {
        uploadId: started.uploadId,
        blobId: null,
        partSize,
        parts: started.parts.map((p) => ({
          partNumber: p.part_number,
          size: p.size,
          offset: (p.part_number - 1) * partSize,
          url: p.upload_url,
        })),
      };
    },
  }),
);

builder.mutationField('completeUpload', (t) =>
  t.field({
    type: UploadPayload,
    nullable: true,
    description:
      'Finish a direct upload: with `uploadId` and `parts`, complete and validate it (DANDI checks size and digest); without (startUpload found the blob), take the stored blob. Then make the asset at `path`. Needs `X-Dandi-Api-Key`; owners only.',
    args: {
      identifier: t.arg.string({ required: true, description: 'Six-digit identifier of the dandiset.' }),
      path: t.arg.string({ required: true, description: 'Path of the new asset.' }),
      etag: t.arg.string({ required: true, description: 'The dandi-etag given to startUpload.' }),
      uploadId: t.arg.string({ description: 'The upload startUpload started (left out when it found the blob).' }),
      parts: t.arg({ type: [CompletedPartInput], description: 'Every part PUT, with its ETag (with `uploadId`).' }),
      metadata: t.arg({
        type: 'JSON',
        description: "The asset's dandischema metadata (path, size and digest are set).",
      }),
    },
    resolve: async (_, args, ctx) => {
      const id = identifierArg(args.identifier);
      if ((args.uploadId == null) !== (args.parts == null))
        throw inputError(
          'Give `uploadId` and `parts` together (or neither, when startUpload found the blob)',
          {
            argument: args.uploadId == null ? 'uploadId' : 'parts',
          },
          'dandi',
        );
      const upload =
        args.uploadId != null && args.parts != null
          ? {
              uploadId: args.uploadId,
              parts: args.parts.map((p) => ({ part_number: p.partNumber, size: p.size, etag: p.etag })),
            }
          : undefined;
      const uploader = new DandiUploader(ctx.dandiWrites);
      const done = await writing(ctx, () =>
        uploader.completeDirect(id, args.path, args.metadata as Record<string, unknown> | undefined, args.etag, upload),
      );
      return {
        asset: draftAssetOf(ctx, id, done.asset),
        blobId: done.blob.blobId,
        etag: done.blob.etag,
        reusedBlob: done.blob.reused,
        parts: done.blob.parts,
        size: done.blob.size,
      };
    },
  }),
);
