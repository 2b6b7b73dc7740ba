/**
 * MongoDB-style ObjectIds as 24-hex strings: 4-byte timestamp, 5-byte per-process random,
 * 3-byte counter. Seeded, so a database always gets the same ids.
 */
import { Prng } from '../common/prng.ts';

export class ObjectIdFactory {
  private readonly machine: string;
  private counter: number;

  constructor(seed: string) {
    const rng = new Prng(`objectid:${seed}`);
    this.machine = rng.hex(10);
    this.counter = rng.int(0, 0xffff);
  }

  /** A new id stamped with `seconds` (Unix time), defaulting to now. */
  next(seconds: number = Math.floor(Date.now() / 1000)): string {
    this.counter = (this.counter + 1) & 0xffffff;
    // Joined rather than concatenated so the id is one flat string, not a cons-string chain.
    return [
      (seconds >>> 0).toString(16).padStart(8, '0'),
      this.machine,
      this.counter.toString(16).padStart(6, '0'),
    ].join('');
  }
}
