/**
 * The safe-pattern check on its own: what an archive may be asked to run as a regular
 * expression, and what is refused (and why) before anything is sent.
 */
import { describe, expect, it } from 'vitest';
import { MAX_PATTERN_LENGTH, MAX_REPEATS, patternProblem, type PatternReason } from '../../datasources/regex-check.ts';

describe('patternProblem', () => {
  it.each([
    '^sub-0[0-9]+$',
    'FaceRecognition|Rest',
    '(?i)eeg',
    '(?i:rest)',
    'rest',
    '',
    '.*rest.*eeg.*',
    '^ds00[0-9]+_sub-[0-9]+_task-.*_eeg\\.set$',
    '^sub-\\d+_ses-\\d+_task-\\w+_run-\\d+',
    '(\\d{1,3}\\.){3}\\d{1,3}',
    '[A-Z]+[a-z]+',
    '\\s*\\S+',
    '[^/]+/[^/]+',
    '(ab?)+',
    '(FaceRecognition|Rest)+',
    '(?=.*rest)(?=.*eeg)',
    '(?<task>rest)_\\k<task>',
    '\\Q(a+)+\\E',
    '[\\]a-z]+x',
    'a{2,5}b',
    'x{}',
    '\\x41+\\x42+',
    '\\Aeeg\\z',
    '(?x) rest \\d+ # a comment',
  ])('lets %j through', (pattern) => {
    expect(patternProblem(pattern)).toBeUndefined();
  });

  it.each<[string, PatternReason]>([
    // The example: four wildcards in a row split a text in O(n⁴) ways before failing.
    ['(.*)(.*)(.*)(.*)Q', 'ADJACENT_REPEATS'],
    ['.*.*', 'ADJACENT_REPEATS'],
    ['\\w+\\d+', 'ADJACENT_REPEATS'],
    ['\\d+\\.?\\d*x', 'ADJACENT_REPEATS'],
    ['.*(?=x).*', 'ADJACENT_REPEATS'],
    ['(.*){2}', 'ADJACENT_REPEATS'],
    ['(a+)+', 'NESTED_REPEAT'],
    ['(a*)*b', 'NESTED_REPEAT'],
    ['((a+))+', 'NESTED_REPEAT'],
    ['(a{1,3})+', 'NESTED_REPEAT'],
    ['(a?b?)+', 'NESTED_REPEAT'],
    ['(?:a|b?)+', 'NESTED_REPEAT'],
    ['(a|aa)+', 'OVERLAPPING_ALTERNATIVES'],
    ['(a|a)*', 'OVERLAPPING_ALTERNATIVES'],
    ['(\\w|\\d)+', 'OVERLAPPING_ALTERNATIVES'],
    ['(.|\\n)*', 'OVERLAPPING_ALTERNATIVES'],
    ['a+b+c+d+e+f+g+h+i+j+k+', 'TOO_MANY_REPEATS'],
    ['a{5000}', 'TOO_MANY_REPEATS'],
    ['a'.repeat(MAX_PATTERN_LENGTH + 1), 'TOO_LONG'],
    ['(?R)', 'UNSUPPORTED'],
    ['(?1)', 'UNSUPPORTED'],
    ['(?(1)a|b)', 'UNSUPPORTED'],
    ['(*FAIL)', 'UNSUPPORTED'],
    ['\\g<1>', 'UNSUPPORTED'],
    ['(a', 'INVALID'],
    ['a)', 'INVALID'],
    ['[a', 'INVALID'],
    ['*a', 'INVALID'],
    ['\\', 'INVALID'],
  ])('refuses %j (%s)', (pattern, reason) => {
    expect(patternProblem(pattern)?.reason).toBe(reason);
  });

  it('says where the trouble starts, and which bound was broken', () => {
    expect(patternProblem('(.*)(.*)(.*)(.*)Q')).toEqual({
      reason: 'ADJACENT_REPEATS',
      message: 'has two repeats next to each other that can match the same text, at character 5',
      bound: { reason: 'ADJACENT_REPEATS' },
    });
    expect(patternProblem('x'.repeat(300))?.bound).toEqual({ reason: 'TOO_LONG', maximumLength: MAX_PATTERN_LENGTH });
    expect(patternProblem('a+x'.repeat(MAX_REPEATS + 1))?.bound).toEqual({
      reason: 'TOO_MANY_REPEATS',
      maximumRepeats: MAX_REPEATS,
    });
  });

  it('folds case only when asked: [A-Z]+[a-z]+ overlaps under $options "i"', () => {
    expect(patternProblem('[A-Z]+[a-z]+')).toBeUndefined();
    expect(patternProblem('[A-Z]+[a-z]+', { caseInsensitive: true })?.reason).toBe('ADJACENT_REPEATS');
    expect(patternProblem('(?i)[A-Z]+[a-z]+')?.reason).toBe('ADJACENT_REPEATS');
  });

  it('ignores whitespace and comments only in extended mode', () => {
    expect(patternProblem('a+ # (b+)+', { extended: true })).toBeUndefined();
    expect(patternProblem('a+ # (b+)+')?.reason).toBe('NESTED_REPEAT');
  });

  it('never fails with anything but an answer, whatever the input', () => {
    const alphabet = [
      'a',
      '.',
      '*',
      '+',
      '?',
      '(',
      ')',
      '|',
      '[',
      ']',
      '{',
      '}',
      '\\',
      '^',
      '$',
      '-',
      ',',
      '1',
      'd',
      'Q',
      'E',
      'k',
      '<',
      '>',
      '=',
      '!',
      ':',
      '#',
    ];
    let seed = 1;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    for (let n = 0; n < 5_000; n++) {
      const pattern = Array.from({ length: 1 + (next() % 14) }, () => alphabet[next() % alphabet.length]).join('');
      expect(() => patternProblem(pattern)).not.toThrow();
    }
  });
});
