/**
 * What the gateway logs about what clients send: the caller's mistakes (NOT_FOUND,
 * BAD_USER_INPUT, UNAUTHENTICATED, a query that does not parse) are `info`, never `error`, and
 * no line quotes more than a short prefix of the input, however large it was.
 */
import { describe, expect, it } from 'vitest';
import { clip, createLogger, LOG_MAX_STRING } from '../../src/logger.ts';
import { useDandiStack } from '../support/dandi.ts';
import { useLogCapture } from '../support/log.ts';

const MAX_LINE = 2_048;
const log = useLogCapture();
const { lines } = log;
const s = useDandiStack({ logger: log.logger, env: { UPSTREAM_MAX_RETRIES: '0' } });
const post = (body: unknown) => s.gw.post(body);

const parsed = log.entries;

function expectBoundedLogs(input: string) {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line.length).toBeLessThanOrEqual(MAX_LINE);
    expect(line).not.toContain(input.slice(0, LOG_MAX_STRING + 50));
  }
  expect(parsed().filter((l) => l.level === 'error')).toEqual([]);
}

const codesAtInfo = () =>
  parsed()
    .filter((l) => l.level === 'info' && l.code)
    .map((l) => l.code);

describe('client errors in the log', () => {
  it('logs a 1 MB bad variable value at info, quoting a short prefix', async () => {
    const value = 'x'.repeat(1_000_000);
    const res = await post({
      query: 'query ($n: Int) { dandisets(first: $n) { totalCount } }',
      variables: { n: value },
    });
    expect(res.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expectBoundedLogs(value);
    expect(codesAtInfo()).toContain('BAD_USER_INPUT');
  });

  it('logs a huge query naming an unknown field without echoing it', async () => {
    const field = `y${'y'.repeat(500_000)}`;
    const res = await post({ query: `{ ${field} }` });
    expect(res.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(MAX_LINE);
    expect(lines.join('')).not.toContain(field.slice(0, LOG_MAX_STRING + 50));
    expect(parsed().filter((l) => l.level === 'error')).toEqual([]);
  });

  it('logs a query over the token limit without echoing it', async () => {
    const query = `{ ${'dandisets '.repeat(60_000)} }`;
    const res = await post({ query });
    expect(res.json.errors[0].extensions.code).toEqual(expect.any(String));
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(MAX_LINE);
    expect(lines.join('')).not.toContain(query.slice(0, LOG_MAX_STRING + 50));
    expect(parsed().filter((l) => l.level === 'error')).toEqual([]);
  });

  it('logs a large refused identifier (BAD_USER_INPUT) at info', async () => {
    const identifier = 'z'.repeat(900_000);
    const res = await post({
      query: 'query ($id: String!) { dandiset(identifier: $id) { created } }',
      variables: { id: identifier },
    });
    expect(res.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expectBoundedLogs(identifier);
    expect(codesAtInfo()).toContain('BAD_USER_INPUT');
  });

  it('logs NOT_FOUND at info', async () => {
    const res = await post({ query: '{ dandiset(identifier: "999999") { created } }' });
    expect(res.json.errors[0].extensions.code).toBe('NOT_FOUND');
    expectBoundedLogs('999999-not-in-any-line');
    expect(codesAtInfo()).toContain('NOT_FOUND');
  });

  it('logs UNAUTHENTICATED at info', async () => {
    const id = s.dandi.store.dandisets.find((d) => d.embargoStatus === 'EMBARGOED')?.identifier;
    const res = await post({
      query: 'query ($id: String!) { dandiset(identifier: $id) { created } }',
      variables: { id },
    });
    expect(res.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expectBoundedLogs('no-input-to-echo');
    expect(codesAtInfo()).toContain('UNAUTHENTICATED');
  });

  it('logs a page size over the maximum (BAD_USER_INPUT) at info', async () => {
    const res = await post({ query: '{ dandisets(first: 5000) { totalCount } }' });
    expect(res.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expectBoundedLogs('no-input-to-echo');
    expect(codesAtInfo()).toContain('BAD_USER_INPUT');
  });

  it('logs an archive failure at warn, not error', async () => {
    s.dandi.faults.queue({ kind: 'status', status: 500 });
    const res = await post({ query: '{ dandiset(identifier: "000003") { created } }' });
    expect(res.json.errors[0].extensions.code).toBe('ARCHIVE_UNAVAILABLE');
    expect(parsed().filter((l) => l.level === 'error')).toEqual([]);
    expect(parsed().some((l) => l.level === 'warn' && l.code === 'ARCHIVE_UNAVAILABLE')).toBe(true);
  });
});

describe('createLogger', () => {
  const capture = () => {
    const out: string[] = [];
    return { out, logger: createLogger('info', (line) => out.push(line)) };
  };

  it('writes one JSON line per event at or above its level', () => {
    const { out, logger } = capture();
    logger.debug('hidden');
    logger.info('shown', { n: 1 });
    expect(out).toHaveLength(1);
    expect(out[0]!.endsWith('\n')).toBe(true);
    expect(JSON.parse(out[0]!)).toMatchObject({ level: 'info', msg: 'shown', n: 1 });
  });

  it('keeps a short prefix of every string and the first items of every array', () => {
    const { out, logger } = capture();
    logger.warn('a'.repeat(10_000), {
      nested: { text: 'b'.repeat(10_000) },
      ids: Array.from({ length: 5_000 }, (_, i) => i),
    });
    const entry = JSON.parse(out[0]!);
    expect(entry.msg).toBe(clip('a'.repeat(10_000)));
    expect(entry.nested.text.startsWith('b'.repeat(LOG_MAX_STRING))).toBe(true);
    expect(entry.nested.text.length).toBeLessThan(LOG_MAX_STRING + 40);
    expect(entry.ids.length).toBeLessThanOrEqual(21);
    expect(out[0]!.length).toBeLessThanOrEqual(MAX_LINE);
  });

  it('replaces a line that would still be too long by a note of its size', () => {
    const { out, logger } = capture();
    const wide = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`field${i}`, 'c'.repeat(150)]));
    logger.info('wide', wide);
    const entry = JSON.parse(out[0]!);
    expect(entry).toMatchObject({ msg: 'wide', truncated: true });
    expect(out[0]!.length).toBeLessThanOrEqual(MAX_LINE);
  });
});
