/**
 * DANDI's `dandi:dandi-etag` digest (dandischema `digests/dandietag.py`), the digest a blob is
 * declared under before its upload starts: the file is cut into parts by one rule, each part's
 * MD5 is taken, and the etag is `md5(concat(part md5s))` in hex, `-`, the number of parts (S3's
 * multipart ETag). The part rule lives here and nowhere else in the gateway: DANDI sizes the
 * presigned parts of `/uploads/initialize/` by the same rule, so the parts it answers are checked
 * against it before a byte is sent.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

const MiB = 1024 ** 2;

/** dandischema's default part size (64 MiB). */
export const DANDI_ETAG_PART_BYTES = 64 * MiB;
/** S3's most parts per multipart upload. */
export const DANDI_ETAG_MAX_PARTS = 10_000;
/** S3's largest part (5 GiB). */
export const DANDI_ETAG_MAX_PART_BYTES = 5 * 1024 * MiB;
/** S3's largest object (5 TiB). */
export const DANDI_ETAG_MAX_OBJECT_BYTES = 5 * 1024 ** 4;

export interface PartLayout {
  /** Number of parts (0 for an empty file). */
  count: number;
  /** Size of every part but the last. */
  partSize: number;
  /** Size of the last part. */
  lastSize: number;
}

/**
 * How DANDI cuts a file of `size` bytes: parts of `defaultPartSize` (64 MiB), larger ones when
 * that would make 10 000 parts or more, the last part holding the rest. `defaultPartSize` is
 * DANDI's constant; only a test against a replica configured with small parts passes another.
 */
export function partLayout(size: number, defaultPartSize: number = DANDI_ETAG_PART_BYTES): PartLayout {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`Not a file size: ${size}`);
  if (size > DANDI_ETAG_MAX_OBJECT_BYTES) throw new RangeError(`${size} bytes is over S3's largest object (5 TiB)`);
  if (size === 0) return { count: 0, partSize: 0, lastSize: 0 };
  let partSize = defaultPartSize;
  if (Math.ceil(size / partSize) >= DANDI_ETAG_MAX_PARTS) partSize = Math.ceil(size / DANDI_ETAG_MAX_PARTS);
  const full = Math.floor(size / partSize);
  const rest = size - full * partSize;
  return rest === 0 ? { count: full, partSize, lastSize: partSize } : { count: full + 1, partSize, lastSize: rest };
}

/** The byte range `[start, end)` and size of each part, numbered from 1 as S3 numbers them. */
export function partRanges(layout: PartLayout): { partNumber: number; start: number; end: number; size: number }[] {
  return Array.from({ length: layout.count }, (_, i) => {
    const start = i * layout.partSize;
    const size = i === layout.count - 1 ? layout.lastSize : layout.partSize;
    return { partNumber: i + 1, start, end: start + size, size };
  });
}

/**
 * A dandi-etag computed as the bytes go by (a spooled upload, a file read once), for an assumed
 * part size: `result(size)` is the etag when DANDI's rule gives that part size for the final
 * size, else undefined (the caller reads the file again with the right part size; only files
 * over 625 GiB get larger parts).
 */
export class StreamingDandiEtag {
  private readonly partDigests: Buffer[] = [];
  private part: Hash = createHash('md5');
  private inPart = 0;
  private total = 0;

  constructor(
    private readonly partSize: number,
    private readonly defaultPartSize: number = partSize,
  ) {}

  update(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.byteLength) {
      const take = Math.min(this.partSize - this.inPart, chunk.byteLength - at);
      this.part.update(chunk.subarray(at, at + take));
      this.inPart += take;
      this.total += take;
      at += take;
      if (this.inPart === this.partSize) this.closePart();
    }
  }

  /** The etag, or undefined when DANDI would cut a file of this size into other parts. */
  result(): string | undefined {
    if (partLayout(this.total, this.defaultPartSize).partSize !== (this.total === 0 ? 0 : this.partSize))
      return undefined;
    if (this.inPart > 0) this.closePart();
    return etagOf(this.partDigests);
  }

  get size(): number {
    return this.total;
  }

  private closePart(): void {
    this.partDigests.push(this.part.digest());
    this.part = createHash('md5');
    this.inPart = 0;
  }
}

/** The etag of the part digests (raw MD5s, in part order). */
export function etagOf(partDigests: readonly Buffer[]): string {
  const whole = createHash('md5');
  for (const d of partDigests) whole.update(d);
  return `${whole.digest('hex')}-${partDigests.length}`;
}

/** The dandi-etag of a file on disk, read once with bounded memory. */
export async function fileDandiEtag(
  path: string,
  size: number,
  defaultPartSize: number = DANDI_ETAG_PART_BYTES,
): Promise<string> {
  const layout = partLayout(size, defaultPartSize);
  const hasher = new StreamingDandiEtag(layout.partSize || defaultPartSize, defaultPartSize);
  for await (const chunk of createReadStream(path, { highWaterMark: MiB })) hasher.update(chunk as Buffer);
  if (hasher.size !== size) throw new Error(`The file changed size while being read (${hasher.size} ≠ ${size})`);
  const etag = hasher.result();
  if (etag === undefined) throw new Error('dandi-etag part layout mismatch'); // unreachable: the layout was computed for this size
  return etag;
}

/** Whether `value` has the form of a dandi-etag (`<32 hex>-<parts>`). */
export const isDandiEtag = (value: string): boolean => /^[0-9a-f]{32}-[1-9]\d{0,4}$|^[0-9a-f]{32}-0$/.test(value);
