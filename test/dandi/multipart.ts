/**
 * GraphQL multipart requests (jaydenseric/graphql-multipart-request-spec) to the gateway, as a
 * browser or `curl -F` would send them, and small NWB-like files to send.
 */
import { createHash } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type ExecutionResult, print } from 'graphql';
import { DANDI_REPLICA_TOKENS } from '../../replicas/dandi/server.ts';

export const OWNER = { 'x-dandi-api-key': DANDI_REPLICA_TOKENS.owner };
export const OTHER = { 'x-dandi-api-key': DANDI_REPLICA_TOKENS.other };

/** POSTs `document` with `file` at `variables.file` as a multipart request. */
export async function sendUpload<R, V>(
  url: string,
  document: TypedDocumentNode<R, V>,
  variables: Omit<V, 'file'>,
  file: { name: string; body: Blob; type?: string },
  headers: Record<string, string> = {},
): Promise<ExecutionResult<R> & { status: number; text: string }> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: print(document), variables: { ...variables, file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', file.body, file.name);
  const res = await fetch(`${url}/graphql`, { method: 'POST', body: form, headers });
  const text = await res.text();
  let json: ExecutionResult<R> = {};
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the test looks at `status` and `text`
  }
  return { ...json, status: res.status, text };
}

/** Deterministic bytes that start like an HDF5 (NWB) file. */
export function nwbLike(size: number, seed = 1): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  const signature = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = i < signature.length ? (signature[i] as number) : x >>> 24;
  }
  return bytes;
}

/** dandi-etag of bytes, written out independently of the gateway's code (dandischema's rule). */
export function referenceEtag(bytes: Uint8Array, partSize: number): string {
  let size = partSize;
  if (Math.ceil(bytes.length / size) >= 10_000) size = Math.ceil(bytes.length / 10_000);
  const digests: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    digests.push(
      createHash('md5')
        .update(bytes.subarray(at, at + size))
        .digest(),
    );
  }
  return `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${digests.length}`;
}
