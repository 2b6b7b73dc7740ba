/**
 * The manifest of trusted documents (`PERSISTED_DOCUMENTS`), read once at startup by
 * src/config.ts: what codegen's client preset writes with `persistedDocuments`, or Apollo's
 * persisted query list. Kept apart from the plugin so the configuration can read it without
 * loading Yoga.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';

/** Documents by id (`sha256:<hex>` for SHA-256 ids, whichever way they were written). */
export type Manifest = ReadonlyMap<string, string>;

const SHA256 = /^(?:sha256:)?([0-9a-f]{64})$/i;

/** The one spelling of an id: SHA-256 ids as `sha256:<lower-case hex>`, others as they are. */
export function canonicalId(id: string): string {
  const hex = SHA256.exec(id)?.[1];
  return hex ? `sha256:${hex.toLowerCase()}` : id;
}

/**
 * Reads a manifest file: `{ "<id>": "<document>" }` (codegen's client preset with
 * `persistedDocuments`, Hive, Relay) or Apollo's persisted query list (`{ "format":
 * "apollo-persisted-query-manifest", "operations": [{ "id", "body" }] }`). Every document must
 * parse. Throws an Error with a one-line message naming what is wrong.
 */
export function readManifest(path: string): Manifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read "${path}" (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`"${path}" is not JSON (${(error as Error).message})`);
  }
  const entries = manifestEntries(json);
  if (!entries) {
    throw new Error(
      `"${path}" must map document ids to documents ({ "<id>": "<document>" }) or be an Apollo persisted query manifest`,
    );
  }
  if (entries.length === 0) throw new Error(`"${path}" has no documents`);
  const manifest = new Map<string, string>();
  for (const [id, document] of entries) {
    try {
      parse(document);
    } catch (error) {
      throw new Error(`document "${id}" in "${path}" does not parse: ${(error as Error).message}`);
    }
    manifest.set(canonicalId(id), document);
  }
  return manifest;
}

function manifestEntries(json: unknown): [string, string][] | undefined {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const record = json as Record<string, unknown>;
  if (record.format === 'apollo-persisted-query-manifest') {
    if (!Array.isArray(record.operations)) return undefined;
    const ops = record.operations as { id?: unknown; body?: unknown }[];
    if (!ops.every((op) => typeof op?.id === 'string' && typeof op.body === 'string')) return undefined;
    return ops.map((op) => [op.id as string, op.body as string]);
  }
  const entries = Object.entries(record);
  return entries.every(([, v]) => typeof v === 'string') ? (entries as [string, string][]) : undefined;
}
