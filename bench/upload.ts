/**
 * `npm run bench -- upload`: a 200 MB file (BENCH_UPLOAD_MB) uploaded through the gateway to the
 * DANDI replica as a GraphQL multipart request (`uploadAsset`), the way a curator's client would:
 * the gateway (a child process, src/main.ts as deployed) spools it to disk while hashing, then
 * sends it part by part to the replica's object store and makes the asset. Prints the throughput
 * (end to end, from the first byte sent to the answer) and the gateway's resident memory: before,
 * the highest sampled every 20 ms during the upload, and the kernel's high-water mark (VmHWM).
 * The replica (in this process) keeps only sizes and digests, not the bytes. Figures, not
 * assertions.
 */
import { randomFillSync } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DANDI_REPLICA_TOKENS, startDandiReplica } from '../replicas/dandi/server.ts';
import { markdownTable } from './load.ts';
import { startGatewayChild } from './processes.ts';

const MB = 1024 * 1024;
const out = (text = '') => process.stdout.write(`${text}\n`);

/** `VmRSS` or `VmHWM` of a process, in bytes (Linux). */
async function memoryOf(pid: number, key: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
  return kb === undefined ? Number.NaN : Number(kb) * 1024;
}

async function writeFile(path: string, bytes: number): Promise<void> {
  const file = await open(path, 'w');
  const chunk = Buffer.alloc(4 * MB);
  try {
    for (let at = 0; at < bytes; at += chunk.length) {
      randomFillSync(chunk);
      await file.write(chunk, 0, Math.min(chunk.length, bytes - at));
    }
  } finally {
    await file.close();
  }
}

export async function runUpload(): Promise<void> {
  const sizeMb = Number(process.env.BENCH_UPLOAD_MB ?? 200);
  const bytes = Math.round(sizeMb * MB);
  const dir = await mkdtemp(join(tmpdir(), 'bench-upload-'));
  const path = join(dir, 'session.nwb');
  await writeFile(path, bytes);

  const replica = await startDandiReplica({ retainUploadBytes: false, maxUploadBytes: bytes + MB });
  const gateway = await startGatewayChild({
    DANDI_API_URL: replica.apiUrl,
    EEGDASH_API_URL: 'http://127.0.0.1:9',
    BRAINSTEM_API_URL: 'http://127.0.0.1:9',
    CACHE: 'off',
    DANDI_REQUESTS_PER_MINUTE: '0',
    REQUEST_DEADLINE_MS: '600000',
    MAX_UPLOAD_BYTES: String(bytes + MB),
    READY_PROBE_INTERVAL_MS: '3600000',
    LINK_INDEX_REFRESH_MS: '0',
    LOG_LEVEL: 'info',
  });
  const headers = { 'x-dandi-api-key': DANDI_REPLICA_TOKENS.owner };
  try {
    const created = (await (
      await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: 'mutation { createDandiset(input: { name: "Upload bench" }) { identifier } }' }),
      })
    ).json()) as { data: { createDandiset: { identifier: string } } };
    const identifier = created.data.createDandiset.identifier;

    const before = await memoryOf(gateway.pid, 'VmRSS');
    let peak = before;
    const sampler = setInterval(() => {
      memoryOf(gateway.pid, 'VmRSS').then(
        (rss) => {
          peak = Math.max(peak, rss);
        },
        () => {},
      );
    }, 20);

    const form = new FormData();
    form.set(
      'operations',
      JSON.stringify({
        query:
          'mutation ($id: String!, $file: Upload!) { uploadAsset(identifier: $id, path: "sub-01/sub-01_ses-1_ecephys.nwb", file: $file) { parts etag size asset { assetId } } }',
        variables: { id: identifier, file: null },
      }),
    );
    form.set('map', JSON.stringify({ 0: ['variables.file'] }));
    // A file-backed Blob: the client streams it from disk too.
    form.set('0', await openAsBlob(path), 'session.nwb');
    const started = performance.now();
    const res = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers, body: form });
    const answer = (await res.json()) as {
      data?: { uploadAsset?: { parts: number; etag: string; size: number } };
      errors?: unknown;
    };
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const hwm = await memoryOf(gateway.pid, 'VmHWM');
    const after = await memoryOf(gateway.pid, 'VmRSS');
    if (!answer.data?.uploadAsset) throw new Error(`upload failed: ${JSON.stringify(answer.errors ?? answer)}`);
    const up = answer.data.uploadAsset;

    out(
      `\nUpload through the gateway: ${sizeMb} MB as a GraphQL multipart request (uploadAsset), replica on loopback\n`,
    );
    out(
      markdownTable(
        ['file', 'parts', 'seconds', 'MB/s', 'gateway RSS before', 'peak RSS (sampled)', 'VmHWM', 'RSS after'],
        [
          [
            `${sizeMb} MB`,
            String(up.parts),
            seconds.toFixed(2),
            (bytes / MB / seconds).toFixed(1),
            `${(before / MB).toFixed(0)} MB`,
            `${(peak / MB).toFixed(0)} MB`,
            `${(hwm / MB).toFixed(0)} MB`,
            `${(after / MB).toFixed(0)} MB`,
          ],
        ],
      ),
    );
    out(
      `\netag ${up.etag}; the peak over the resting gateway is ${((peak - before) / MB).toFixed(0)} MB for a ${sizeMb} MB file.`,
    );
  } finally {
    await gateway.stop();
    await replica.close();
    await rm(dir, { recursive: true, force: true });
  }
}
