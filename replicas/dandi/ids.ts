/**
 * Fast deterministic identifiers. The seed mints ~110k UUIDs; `Prng.uuid4()` builds them one
 * hex character at a time (slow, and leaves long rope strings behind), so this draws 32 bits
 * per call and emits one flat string.
 */
import type { Prng } from '../common/prng.ts';

const HEX = '0123456789abcdef';
const codes = new Array<number>(36);

function word(rng: Prng): number {
  return Math.floor(rng.next() * 4294967296) >>> 0;
}

function fill(at: number, value: number, digits: number): void {
  for (let i = digits - 1; i >= 0; i--) {
    codes[at + i] = HEX.charCodeAt(value & 15);
    value >>>= 4;
  }
}

/** A lowercase RFC 4122 version-4 UUID, matching the router's UUID4 pattern. */
export function uuid4(rng: Prng): string {
  const a = word(rng);
  const b = word(rng);
  const c = word(rng);
  const d = word(rng);
  fill(0, a, 8);
  codes[8] = 45;
  fill(9, b >>> 16, 4);
  codes[13] = 45;
  fill(14, 0x4000 | (b & 0x0fff), 4);
  codes[18] = 45;
  fill(19, 0x8000 | ((c >>> 16) & 0x3fff), 4);
  codes[23] = 45;
  fill(24, c & 0xffff, 4);
  fill(28, d, 8);
  return String.fromCharCode(...codes);
}

/** `length` lowercase hex digits, as one flat string. */
export function hexString(rng: Prng, length: number): string {
  const out = new Array<number>(length);
  for (let i = 0; i < length; i += 8) {
    let w = word(rng);
    for (let j = Math.min(7, length - 1 - i); j >= 0; j--) {
      out[i + j] = HEX.charCodeAt(w & 15);
      w >>>= 4;
    }
  }
  return String.fromCharCode(...out);
}
