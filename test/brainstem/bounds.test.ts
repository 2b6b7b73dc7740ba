/**
 * Input bounds for BrainSTEM, through the gateway over real sockets: filter values and whole
 * dynamic-rest queries too long for the request URL and `REGEX` patterns unsafe to run are
 * refused with BAD_USER_INPUT before anything is sent; an archive's own 414 or 431 is
 * BAD_USER_INPUT too, its status kept.
 */
import { describe, expect, it } from 'vitest';
import { MAX_LOOKUP_LENGTH, MAX_QUERY_LENGTH } from '../../datasources/input-bounds.ts';
import { BrainstemRawRecordsDocument, BrainstemSessionPageDocument } from '../gql/graphql.ts';
import { errorCodes } from '../support/gateway.ts';
import { expectNothingSent } from '../support/nothing-sent.ts';
import { useBrainstem } from './harness.ts';

const h = useBrainstem();

const nothingSent = (...results: { extensions?: unknown }[]) => expectNothingSent('brainstem', h.bs.log, ...results);

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('values and queries too long for the URL', () => {
  it('refuses 20,000 ids in a typed filter, naming the field and the bound, sending nothing', async () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => uuid(i));
    const res = await h.gw.execute(BrainstemSessionPageDocument, { first: 5, filter: { ids } });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      archive: 'brainstem',
      field: 'id',
      maximumLength: MAX_QUERY_LENGTH,
    });
    expect(res.errors?.[0]?.message).toMatch(/would make a query longer than BrainSTEM takes: \d+ characters/);
    expect(res.data).toEqual({ sessions: null });
    nothingSent(res);
  });

  it('refuses where clauses too long together, naming the argument', async () => {
    const values = Array.from({ length: 400 }, (_, i) => `session-name-${i}`);
    const res = await h.gw.execute(BrainstemSessionPageDocument, {
      first: 5,
      where: [{ field: 'name', operator: 'IN', values }],
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'where',
      field: 'name',
      maximumLength: MAX_QUERY_LENGTH,
    });
    nothingSent(res);
  });

  it('refuses one value longer than a lookup string', async () => {
    const res = await h.gw.execute(BrainstemSessionPageDocument, {
      first: 5,
      filter: { nameContains: 'n'.repeat(MAX_LOOKUP_LENGTH + 1) },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'name',
      maximumLength: MAX_LOOKUP_LENGTH,
    });
    nothingSent(res);
  });

  it('quotes no more than the start of a refused field path', async () => {
    const res = await h.gw.execute(BrainstemRawRecordsDocument, {
      model: 'SESSION',
      where: [{ field: `${'f'.repeat(50_000)}!`, values: ['a'] }],
    });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.message.length).toBeLessThan(300);
    nothingSent(res);
  });
});

describe('REGEX patterns', () => {
  it.each([
    ['(.*)(.*)(.*)(.*)Q', 'ADJACENT_REPEATS'],
    ['(a+)+$', 'NESTED_REPEAT'],
    ['(L|LQ)+$', 'OVERLAPPING_ALTERNATIVES'],
  ])('refuses %j (%s) before the archive spends time on it', async (pattern, reason) => {
    const res = await h.gw.execute(BrainstemRawRecordsDocument, {
      model: 'SESSION',
      where: [{ field: 'name', operator: 'REGEX', values: [pattern] }],
    });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      archive: 'brainstem',
      argument: 'where',
      field: 'name',
      reason,
    });
    nothingSent(res);
  });

  it('caps a pattern at 256 characters', async () => {
    const res = await h.gw.execute(BrainstemSessionPageDocument, {
      first: 1,
      where: [{ field: 'name', operator: 'REGEX', values: ['a'.repeat(257)] }],
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ reason: 'TOO_LONG', maximumLength: 256 });
    nothingSent(res);
  });

  it('sends ordinary patterns', async () => {
    const res = await h.gw.execute(BrainstemSessionPageDocument, {
      first: 50,
      where: [{ field: 'name', operator: 'REGEX', values: ['^LQ0[0-9]+-2014|^OK0'] }],
    });
    expect(res.errors).toBeUndefined();
    const names = res.data?.sessions?.edges.map((e) => e.node.name) ?? [];
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => /^LQ0[0-9]+-2014|^OK0/.test(n))).toBe(true);
    expect(h.bs.log.count()).toBeGreaterThan(0);
  });
});

describe('an archive refusing a request as too large', () => {
  it.each([414, 431])('maps %i to BAD_USER_INPUT, keeps the status, does not retry', async (status) => {
    h.bs.faults.queue({ kind: 'status', status });
    const res = await h.gw.execute(BrainstemSessionPageDocument, { first: 5 });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions).toMatchObject({ archive: 'brainstem', status });
    expect(res.errors?.[0]?.message).toMatch(new RegExp(`too large for the archive \\(HTTP ${status}`));
    expect(h.bs.log.count()).toBe(1);
  });
});
