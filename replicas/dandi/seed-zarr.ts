/**
 * OME-Zarr (v0.4, zarr v2, "/" dimension separator) archives: a multiscale pyramid whose
 * metadata keys carry real JSON and whose chunk keys (`{level}/{z}/{y}/{x}`) carry synthetic
 * bytes. Entries are kept in S3 key order, which is what the files listing pages through.
 */
import { Prng } from '../common/prng.ts';
import { hexString } from './ids.ts';
import type { ZarrEntry, ZarrRecord } from './model.ts';

const CHUNK = [64, 256, 256] as const;

function metaEntry(key: string, value: unknown, lastModified: number): ZarrEntry {
  // zarr-python writes JSON with 4-space indentation and sorted keys.
  const text = `${JSON.stringify(value, null, 4)}\n`;
  return { key, size: text.length, lastModified, text };
}

export function generateZarr(rng: Prng, zarrId: string, name: string, dandisetId: string, created: number): ZarrRecord {
  const levels = rng.int(2, 5);
  const ny = rng.int(4, 12);
  const nx = ny + rng.int(0, 2);
  let perZ = 0;
  for (let l = 0; l < levels; l++) perZ += Math.ceil(ny / 2 ** l) * Math.ceil(nx / 2 ** l);
  const nz = Math.max(1, Math.round(rng.int(200, 2000) / perZ));
  const voxel = [rng.pick([2, 4, 5]), rng.pick([0.75, 1, 1.8]), rng.pick([0.75, 1, 1.8])];
  const window = rng.int(600, 6 * 3600) * 1_000_000;
  const at = () => created + Math.floor(rng.next() * window);

  const entries: ZarrEntry[] = [];
  const datasets = [];
  for (let l = 0; l < levels; l++) {
    const f = 2 ** l;
    datasets.push({
      coordinateTransformations: [{ scale: [voxel[0], (voxel[1] ?? 1) * f, (voxel[2] ?? 1) * f], type: 'scale' }],
      path: String(l),
    });
    const gy = Math.ceil(ny / f);
    const gx = Math.ceil(nx / f);
    entries.push(
      metaEntry(
        `${l}/.zarray`,
        {
          chunks: [...CHUNK],
          compressor: { blocksize: 0, clevel: 5, cname: 'zstd', id: 'blosc', shuffle: 1 },
          dimension_separator: '/',
          dtype: '<u2',
          fill_value: 0,
          filters: null,
          order: 'C',
          shape: [nz * CHUNK[0], gy * CHUNK[1], gx * CHUNK[2]],
          zarr_format: 2,
        },
        at(),
      ),
    );
    for (let z = 0; z < nz; z++) {
      for (let y = 0; y < gy; y++) {
        for (let x = 0; x < gx; x++) {
          // Compressed chunk sizes vary a lot: background chunks compress to almost nothing.
          const size = rng.chance(0.2) ? rng.int(300, 4000) : rng.int(200_000, 6_000_000);
          entries.push({ key: `${l}/${z}/${y}/${x}`, size, lastModified: at(), text: undefined });
        }
      }
    }
  }
  const axes = ['z', 'y', 'x'].map((a) => ({ name: a, type: 'space', unit: 'micrometer' }));
  entries.push(metaEntry('.zattrs', { multiscales: [{ axes, datasets, name, version: '0.4' }] }, at()));
  entries.push(metaEntry('.zgroup', { zarr_format: 2 }, at()));
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const size = entries.reduce((s, e) => s + e.size, 0);
  const md5 = hexString(new Prng(`dandi:zarr-checksum:${zarrId}`), 32);
  return {
    zarrId,
    name,
    dandisetId,
    created,
    status: 'Complete',
    checksum: `${md5}-${entries.length}--${size}`,
    fileCount: entries.length,
    size,
    entries,
  };
}

/** An S3 ETag (MD5 of a single-part upload) for one zarr key, derived on demand. */
export function zarrEtag(zarrId: string, key: string): string {
  return hexString(new Prng(`dandi:zarr-etag:${zarrId}/${key}`), 32);
}

/** S3's `LastModified` as DRF's CharField prints a Python datetime: `2022-03-16 22:18:09+00:00`. */
export function s3Time(us: number): string {
  return `${new Date(Math.floor(us / 1000)).toISOString().slice(0, 19).replace('T', ' ')}+00:00`;
}
