/**
 * The characters of a regular expression, for regex-check.ts: which characters each class,
 * escape and literal stands for, as a set over-approximated on the safe side (the 128 ASCII
 * characters exactly, anything else as one flag), and a scanner that reads them in PCRE syntax.
 */

export type PatternReason =
  | 'TOO_LONG'
  | 'INVALID'
  | 'UNSUPPORTED'
  | 'NESTED_REPEAT'
  | 'OVERLAPPING_ALTERNATIVES'
  | 'ADJACENT_REPEATS'
  | 'TOO_MANY_REPEATS';

/** Why a pattern is refused; thrown by the scanner and the parser, caught by `patternProblem`. */
export class Refusal extends Error {
  constructor(
    readonly reason: PatternReason,
    message: string,
  ) {
    super(message);
  }
}

// ---- character sets ----

/** A set of characters: the 128 ASCII ones as bits, and whether any other is in it. */
export interface Chars {
  ascii: bigint;
  other: boolean;
}

const ALL_ASCII = (1n << 128n) - 1n;
export const NONE: Chars = { ascii: 0n, other: false };
export const ANY: Chars = { ascii: ALL_ASCII, other: true };

function range(lo: number, hi: number): Chars {
  if (hi < lo) return NONE;
  const top = Math.min(hi, 127);
  const ascii = lo > 127 ? 0n : ((1n << BigInt(top - lo + 1)) - 1n) << BigInt(lo);
  return { ascii, other: hi > 127 };
}

export const union = (...sets: Chars[]): Chars => ({
  ascii: sets.reduce((bits, s) => bits | s.ascii, 0n),
  other: sets.some((s) => s.other),
});
export const overlaps = (a: Chars, b: Chars): boolean => (a.ascii & b.ascii) !== 0n || (a.other && b.other);
// What a negated class leaves out is known for ASCII only; the rest is assumed still matched.
const complement = (a: Chars): Chars => ({ ascii: ALL_ASCII & ~a.ascii, other: true });
export const char = (c: string): Chars => range(c.codePointAt(0) ?? 0, c.codePointAt(0) ?? 0);
export const chars = (list: string): Chars => union(...[...list].map(char));

const UPPER = range(65, 90);
const LOWER = range(97, 122);
const DIGIT = range(48, 57);
const WORD = union(UPPER, LOWER, DIGIT, char('_'));
const SPACE = union(range(9, 13), char(' '));

/** Both cases of every letter in `a`. */
function folded(a: Chars): Chars {
  const upper = (a.ascii & UPPER.ascii) << 32n;
  const lower = (a.ascii & LOWER.ascii) >> 32n;
  return { ascii: a.ascii | upper | lower, other: a.other };
}

export const ESCAPE_SETS: Record<string, Chars> = {
  d: DIGIT,
  D: complement(DIGIT),
  w: WORD,
  W: complement(WORD),
  s: SPACE,
  S: complement(SPACE),
  h: chars(' \t'),
  H: complement(chars(' \t')),
  v: range(10, 13),
  V: complement(range(10, 13)),
  N: ANY,
  R: range(10, 13),
  X: ANY,
  C: ANY,
};
export const ZERO_WIDTH_ESCAPES = new Set(['b', 'B', 'A', 'Z', 'z', 'G', 'K', 'E']);
const CONTROL_ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f', e: '\x1b', a: '\x07' };
const POSIX_CLASSES: Record<string, Chars> = {
  alpha: union(UPPER, LOWER),
  digit: DIGIT,
  alnum: union(UPPER, LOWER, DIGIT),
  upper: UPPER,
  lower: LOWER,
  space: SPACE,
  blank: chars(' \t'),
  word: WORD,
  xdigit: union(DIGIT, range(65, 70), range(97, 102)),
};

/** A position in a pattern, and how its classes and escapes read. */
export class Scanner {
  protected i = 0;

  constructor(
    protected readonly src: string,
    /** Letters match either case (`i`): every set holds both. */
    protected readonly fold: boolean,
  ) {}

  protected refuse(reason: PatternReason, what: string, at = this.i): never {
    throw new Refusal(reason, `${what}, at character ${at + 1}`);
  }

  protected get done(): boolean {
    return this.i >= this.src.length;
  }

  protected peek(offset = 0): string {
    return this.src[this.i + offset] ?? '';
  }

  protected set(a: Chars): Chars {
    return this.fold ? folded(a) : a;
  }

  /** The character an escape like `\x41`, `\u00e9`, `\cM`, `\0` or `\.` stands for. */
  protected escapedChar(c: string): Chars {
    const control = CONTROL_ESCAPES[c];
    if (control) return char(control);
    const take = (re: RegExp, radix: number, prefix = ''): Chars => {
      const m = re.exec(this.src.slice(this.i));
      this.i += m?.[0].length ?? 0;
      const code = Number.parseInt(prefix + (m?.[1] ?? m?.[0] ?? ''), radix);
      return Number.isNaN(code) ? ANY : range(code, code);
    };
    if (c === 'x') return take(/^\{([0-9a-fA-F]+)\}|^[0-9a-fA-F]{1,2}/, 16);
    if (c === 'u') return take(/^\{([0-9a-fA-F]+)\}|^[0-9a-fA-F]{4}/, 16);
    if (c === 'o') return take(/^\{([0-7]+)\}/, 8);
    if (c === '0') return take(/^[0-7]{0,2}/, 8, '0');
    if (c === 'c') {
      this.i++;
      return range(0, 31);
    }
    if (c === 'p' || c === 'P') {
      const m = /^(\{[^}]*\}|\w)/.exec(this.src.slice(this.i));
      this.i += m?.[0].length ?? 0;
      return ANY;
    }
    return char(c);
  }

  /** A `[...]` class, after its `[`. A `]` right after `[` or `[^` is a literal. */
  protected charClass(): Chars {
    const open = this.i - 1;
    const negated = this.peek() === '^';
    if (negated) this.i++;
    const parts: Chars[] = [];
    let first = true;
    for (;;) {
      if (this.done) this.refuse('INVALID', 'has a "[" without a matching "]"', open);
      const c = this.peek();
      if (c === ']' && !first) {
        this.i++;
        break;
      }
      first = false;
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.src.slice(this.i));
      if (posix) {
        this.i += posix[0].length;
        const set = POSIX_CLASSES[posix[2] ?? ''] ?? range(32, 126);
        parts.push(posix[1] ? complement(set) : set);
        continue;
      }
      const lo = this.classChar();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '' && lo.code !== undefined) {
        this.i++;
        const hi = this.classChar();
        if (hi.code === undefined) parts.push(lo.set, char('-'), hi.set);
        else if (hi.code < lo.code) this.refuse('INVALID', 'has a range out of order in [...]');
        else parts.push(range(lo.code, hi.code));
        continue;
      }
      parts.push(lo.set);
    }
    const set = union(...parts);
    return negated ? complement(set) : set;
  }

  /** One member of a class: a character (with its code, so it can start a range) or an escape's set. */
  protected classChar(): { set: Chars; code?: number } {
    const c = this.peek();
    this.i++;
    if (c !== '\\') return { set: char(c), code: c.codePointAt(0) ?? 0 };
    const e = this.peek();
    if (e === '') this.refuse('INVALID', 'ends with a lone backslash');
    this.i++;
    const set = ESCAPE_SETS[e];
    if (set) return { set };
    if (e === 'b') return { set: char('\b'), code: 8 };
    const single = this.escapedChar(e);
    const code =
      single.ascii !== 0n && (single.ascii & (single.ascii - 1n)) === 0n ? bitIndex(single.ascii) : undefined;
    return code === undefined ? { set: single } : { set: single, code };
  }
}

function bitIndex(bit: bigint): number {
  return bit.toString(2).length - 1;
}
