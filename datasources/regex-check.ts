/**
 * Whether a regular expression a client wants an archive to run (EEGDash `$regex`, BrainSTEM
 * `regex`) could cost it super-linear time. The archives backtrack (MongoDB's PCRE; the
 * replicas' V8): `(a+)+` takes exponential time on a near miss, `(.*)(.*)(.*)Q` polynomial time
 * of the third degree. The pattern is parsed in PCRE syntax (what MongoDB and Python accept:
 * `(?i)`, `\A`, `\Q…\E`, possessive `a++`) and refused, before anything is sent, when
 * - a repeat holds another repeat: `(a+)+`, `(a{1,3})*` (star height above one);
 * - a repeat holds a choice whose alternatives can start alike, or a part that matches nothing:
 *   `(a|ab)+`, `(\w|\d)*`, `(a?b?)+`;
 * - two repeats meet (nothing but optional parts between them) and can match the same characters:
 *   `(.*)(.*)`, `\w+\d+`, `\d+\.?\d*` — the split between them is then ambiguous;
 * - it is longer than {@link MAX_PATTERN_LENGTH} characters, holds more than {@link MAX_REPEATS}
 *   repeats, or a count above {@link MAX_REPEAT_COUNT}.
 * Character sets are over-approximated (any non-ASCII character stands for all of them), so a
 * doubtful pattern is refused rather than sent. Repeats separated by a required character
 * (`^sub-\d+_ses-\d+`, `.*rest.*eeg`) pass. Pure; no I/O.
 */
import {
  ANY,
  type Chars,
  char,
  chars,
  ESCAPE_SETS,
  NONE,
  overlaps,
  type PatternReason,
  Refusal,
  Scanner,
  union,
  ZERO_WIDTH_ESCAPES,
} from './regex-scan.ts';

/** Longest pattern accepted: patterns are for matching metadata values, not programs. */
export const MAX_PATTERN_LENGTH = 256;
/** More variable repeats than this and a pattern is refused whatever their layout. */
export const MAX_REPEATS = 10;
/** Largest `{n,m}` count accepted. */
export const MAX_REPEAT_COUNT = 1000;

export type { PatternReason } from './regex-scan.ts';

export interface PatternProblem {
  reason: PatternReason;
  /** What is wrong, for a message: "repeats a part that itself repeats, like (a+)+, at character 4". */
  message: string;
  /** For `extensions`: the reason, and the bound broken when it is one (`maximumLength`, `maximumRepeats`). */
  bound: Record<string, unknown>;
}

export interface PatternOptions {
  /** `$options: "i"`: letters match either case. */
  caseInsensitive?: boolean;
  /** `$options: "x"`: whitespace and `#` comments are ignored. */
  extended?: boolean;
}

/** Why `pattern` would be unsafe for an archive to run, or undefined when it may be sent. */
export function patternProblem(pattern: string, options: PatternOptions = {}): PatternProblem | undefined {
  const problem = (reason: PatternReason, message: string, bound: Record<string, number> = {}): PatternProblem => ({
    reason,
    message,
    bound: { reason, ...bound },
  });
  if (pattern.length > MAX_PATTERN_LENGTH) {
    const message = `is ${pattern.length} characters long, more than ${MAX_PATTERN_LENGTH}`;
    return problem('TOO_LONG', message, { maximumLength: MAX_PATTERN_LENGTH });
  }
  try {
    const info = new Parser(pattern, options).parse();
    if (info.repeats > MAX_REPEATS)
      return problem('TOO_MANY_REPEATS', `has more than ${MAX_REPEATS} repeats`, { maximumRepeats: MAX_REPEATS });
    return undefined;
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const bound: Record<string, number> = error.reason === 'TOO_MANY_REPEATS' ? { maximumCount: MAX_REPEAT_COUNT } : {};
    return problem(error.reason, error.message, bound);
  }
}

// ---- what the checks need to know of each part of a pattern ----

interface Info {
  /** Can match the empty string. */
  nullable: boolean;
  /** Characters a match can start with. */
  first: Chars;
  /** Every character it can consume. */
  chars: Chars;
  /** Characters of the repeats a match may start with (through optional parts). */
  lead: Chars;
  /** Characters of the repeats a match may end with. */
  trail: Chars;
  /** Variable repeats in it, a fixed `{n}` counting its contents n times. */
  repeats: number;
  /** Its alternatives, when it is one choice `(a|b|c)`. */
  branches?: Info[];
}

const EMPTY: Info = { nullable: true, first: NONE, chars: NONE, lead: NONE, trail: NONE, repeats: 0 };
const atom = (set: Chars): Info => ({ nullable: false, first: set, chars: set, lead: NONE, trail: NONE, repeats: 0 });

class Parser extends Scanner {
  private readonly extended: boolean;

  constructor(src: string, options: PatternOptions) {
    // An inline `(?i)` or `(?x)` anywhere is taken to hold for the whole pattern (the safe side).
    const inline = [...src.matchAll(/\(\?\^?([imsxnuUJaL]*)(?:-[imsxnuUJaL]*)?[:)]/g)].map((m) => m[1] ?? '').join('');
    super(src, options.caseInsensitive === true || inline.includes('i'));
    this.extended = options.extended === true || inline.includes('x');
  }

  parse(): Info {
    const info = this.alternation();
    if (this.i < this.src.length) this.refuse('INVALID', 'has a ")" without a matching "("');
    return info;
  }

  private alternation(): Info {
    const branches = [this.sequence()];
    while (this.peek() === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0] as Info;
    return {
      nullable: branches.some((b) => b.nullable),
      first: union(...branches.map((b) => b.first)),
      chars: union(...branches.map((b) => b.chars)),
      lead: union(...branches.map((b) => b.lead)),
      trail: union(...branches.map((b) => b.trail)),
      repeats: branches.reduce((n, b) => n + b.repeats, 0),
      branches,
    };
  }

  private sequence(): Info {
    const items: Info[] = [];
    let acc = EMPTY;
    for (;;) {
      this.skipIgnored();
      if (this.done || this.peek() === '|' || this.peek() === ')') break;
      const start = this.i;
      const item = this.term();
      if (overlaps(acc.trail, item.lead))
        this.refuse('ADJACENT_REPEATS', 'has two repeats next to each other that can match the same text', start);
      items.push(item);
      acc = {
        nullable: acc.nullable && item.nullable,
        first: acc.nullable ? union(acc.first, item.first) : acc.first,
        chars: union(acc.chars, item.chars),
        lead: acc.nullable ? union(acc.lead, item.lead) : acc.lead,
        trail: item.nullable ? union(acc.trail, item.trail) : item.trail,
        repeats: acc.repeats + item.repeats,
      };
    }
    return items.length === 1 ? (items[0] as Info) : acc;
  }

  /** One atom and the quantifiers after it. */
  private term(): Info {
    const start = this.i;
    let info = this.atom();
    for (;;) {
      this.skipIgnored();
      const q = this.quantifier();
      if (!q) return info;
      info = this.repeat(info, q.min, q.max, start);
    }
  }

  private repeat(body: Info, min: number, max: number, at: number): Info {
    const variable = max > min && max > 1;
    if (variable && body.repeats > 0)
      this.refuse('NESTED_REPEAT', 'repeats a part that itself repeats, like (a+)+', at);
    if (variable && body.nullable)
      this.refuse('NESTED_REPEAT', 'repeats a part that can match nothing, like (a?b?)+', at);
    if (variable && body.branches && overlapping(body.branches))
      this.refuse('OVERLAPPING_ALTERNATIVES', 'repeats a choice whose alternatives can match alike, like (a|ab)+', at);
    if (max > 1 && overlaps(body.trail, body.lead))
      this.refuse('ADJACENT_REPEATS', 'repeats a part that starts and ends with overlapping repeats', at);
    return {
      nullable: min === 0 || body.nullable,
      first: body.first,
      chars: body.chars,
      lead: variable ? body.chars : body.lead,
      trail: variable ? body.chars : body.trail,
      repeats: variable ? 1 : body.repeats * Math.max(1, max),
    };
  }

  /** `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, `{,m}` with an optional lazy `?` or possessive `+`. */
  private quantifier(): { min: number; max: number } | undefined {
    const c = this.peek();
    let q: { min: number; max: number } | undefined;
    if (c === '*') q = { min: 0, max: Number.POSITIVE_INFINITY };
    else if (c === '+') q = { min: 1, max: Number.POSITIVE_INFINITY };
    else if (c === '?') q = { min: 0, max: 1 };
    if (q) this.i++;
    else if (c === '{') {
      const m = /^\{(\d*)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m || (m[1] === '' && (m[2] === undefined || m[3] === ''))) return undefined; // a literal "{"
      const min = m[1] === '' ? 0 : Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
      if (min > MAX_REPEAT_COUNT || (max !== Number.POSITIVE_INFINITY && max > MAX_REPEAT_COUNT))
        this.refuse('TOO_MANY_REPEATS', `repeats more than ${MAX_REPEAT_COUNT} times`);
      if (max < min) this.refuse('INVALID', 'has a {n,m} with m below n');
      this.i += m[0].length;
      q = { min, max };
    }
    if (q && (this.peek() === '?' || this.peek() === '+')) this.i++;
    return q;
  }

  private atom(): Info {
    const c = this.peek();
    if (c === '*' || c === '+' || c === '?' || (c === '{' && this.quantifierAhead()))
      this.refuse('INVALID', `has nothing for "${c}" to repeat`);
    this.i++;
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return atom(this.set(this.charClass()));
      case '.':
        return atom(ANY);
      case '^':
      case '$':
        return EMPTY;
      case '\\':
        return this.escape();
      default:
        return atom(this.set(char(c)));
    }
  }

  private quantifierAhead(): boolean {
    return /^\{(\d+(,\d*)?|,\d+)\}/.test(this.src.slice(this.i));
  }

  private group(): Info {
    const open = this.i - 1;
    const rest = this.src.slice(this.i);
    if (rest.startsWith('*')) this.refuse('UNSUPPORTED', 'uses a backtracking verb such as (*FAIL)', open);
    let lookaround = false;
    if (rest.startsWith('?')) {
      const head =
        /^\?(?:#[^)]*\)|[:|>=!]|<[=!]|P?<[A-Za-z_]\w*>|'[A-Za-z_]\w*'|P=[A-Za-z_]\w*\)|\^?[imsxnuUJaL]*(?:-[imsxnuUJaL]*)?[:)])/.exec(
          rest,
        )?.[0];
      if (head === undefined) {
        this.refuse('UNSUPPORTED', 'uses recursion, a condition or a group syntax that is not accepted', open);
      }
      this.i += head.length;
      if (head.startsWith('?#') || (head.endsWith(')') && !head.startsWith('?P='))) return EMPTY; // comment or (?i)
      if (head.startsWith('?P=')) return { ...EMPTY, first: ANY, chars: ANY }; // named backreference
      lookaround = /^\?(<?[=!])$/.test(head);
    }
    const inner = this.alternation();
    if (this.peek() !== ')') this.refuse('INVALID', 'has a "(" without a matching ")"', open);
    this.i++;
    // A lookaround matches no characters, but its repeats still run.
    return lookaround ? { ...EMPTY, repeats: inner.repeats } : inner;
  }

  private escape(): Info {
    const at = this.i - 1;
    const c = this.peek();
    if (c === '') this.refuse('INVALID', 'ends with a lone backslash', at);
    this.i++;
    const set = ESCAPE_SETS[c];
    if (set) return atom(this.set(set));
    if (ZERO_WIDTH_ESCAPES.has(c)) return EMPTY;
    if (c === 'Q') {
      // Literal text up to \E: a sequence of plain characters.
      const end = this.src.indexOf('\\E', this.i);
      const text = this.src.slice(this.i, end === -1 ? undefined : end);
      this.i = end === -1 ? this.src.length : end + 2;
      return text === '' ? EMPTY : { ...atom(this.set(char(text[0] as string))), chars: this.set(chars(text)) };
    }
    if (c === 'g' && (this.peek() === '<' || this.peek() === "'"))
      this.refuse('UNSUPPORTED', 'calls a subpattern (\\g<…>)', at);
    if (/^[1-9]$/.test(c) || c === 'k' || c === 'g') {
      // A backreference: it matches what its group matched, anything from nothing to all of it.
      const m = /^(<\w+>|'\w+'|\{-?\w+\}|-?\d+|\d*)/.exec(this.src.slice(this.i));
      this.i += m?.[0].length ?? 0;
      return { ...EMPTY, first: ANY, chars: ANY };
    }
    return atom(this.set(this.escapedChar(c)));
  }

  /** In extended mode, whitespace and `#` comments between atoms. */
  private skipIgnored(): void {
    if (!this.extended) return;
    for (;;) {
      if (/\s/.test(this.peek())) this.i++;
      else if (this.peek() === '#') {
        const end = this.src.indexOf('\n', this.i);
        this.i = end === -1 ? this.src.length : end + 1;
      } else return;
    }
  }
}

/** Alternatives a repeat could split a text between in more than one way. */
function overlapping(branches: Info[]): boolean {
  if (branches.some((b) => b.nullable)) return true;
  return branches.some((a, i) => branches.slice(i + 1).some((b) => overlaps(a.first, b.first)));
}
