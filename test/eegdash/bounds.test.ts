/**
 * Input bounds for EEGDash, through the gateway over real sockets: typed and raw filters too
 * long for the request URL, over-long lookup strings and `$regex` patterns unsafe to run are
 * refused with BAD_USER_INPUT before anything is sent; an archive's own 414 or 431 is
 * BAD_USER_INPUT too, its status kept.
 */
import { describe, expect, it } from 'vitest';
import { MAX_LOOKUP_LENGTH, MAX_QUERY_LENGTH } from '../../datasources/input-bounds.ts';
import { MAX_PATTERN_LENGTH } from '../../datasources/regex-check.ts';
import { EegRecordDetailDocument, EegRecordStatsDocument, EegSearchDatasetsDocument } from '../gql/graphql.ts';
import { useEegdashStack } from '../support/eegdash.ts';
import { errorCodes } from '../support/gateway.ts';
import { expectNothingSent } from '../support/nothing-sent.ts';

const s = useEegdashStack();

const nothingSent = (...results: { extensions?: unknown }[]) => expectNothingSent('eegdash', s.eeg.log, ...results);

const FACE = 'ds002718_sub-002_task-FaceRecognition_eeg.set';
const subjects = (n: number) => Array.from({ length: n }, (_, i) => String(i).padStart(5, '0'));
const count = (filter: unknown) => s.gw.execute(EegRecordStatsDocument, { filter });

describe('filters too long for the URL', () => {
  it('refuses a typed where with 20,000 values, naming the argument and the bound, sending nothing', async () => {
    const res = await s.gw.execute(EegRecordStatsDocument, { where: { subject: subjects(20_000) } });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      archive: 'eegdash',
      argument: 'where',
      path: 'where',
      maximumLength: MAX_QUERY_LENGTH,
    });
    expect(res.errors?.[0]?.message).toMatch(/`where` would make a query longer than EEGDash takes: \d+ characters/);
    expect(res.data).toEqual({ recordCount: null, recordExists: null });
    nothingSent(res);
  });

  it('measures the filter as it travels: where and filter together must fit', async () => {
    // Each part alone fits; 700 five-digit subjects take about 8,400 characters once encoded.
    const where = { subject: subjects(350) };
    const filter = { subject: { $nin: subjects(350) } };
    expect((await s.gw.execute(EegRecordStatsDocument, { where })).errors).toBeUndefined();
    expect((await count(filter)).errors).toBeUndefined();
    s.eeg.log.clear();
    const res = await s.gw.execute(EegRecordStatsDocument, { where, filter });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(res.errors?.[0]?.message).toMatch(
      /`where` and `filter` together would make a query longer than EEGDash takes/,
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ maximumLength: MAX_QUERY_LENGTH });
    nothingSent(res);
  });

  it('refuses a raw filter over the budget once encoded', async () => {
    const res = await count({ subject: { $in: subjects(1_000) } });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'filter',
      maximumLength: MAX_QUERY_LENGTH,
    });
    nothingSent(res);
  });

  it('refuses one value longer than a lookup string, naming it', async () => {
    const res = await s.gw.execute(EegRecordStatsDocument, { where: { subject: ['002', 'x'.repeat(2_000)] } });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'where',
      path: 'where.subject[1]',
      maximumLength: MAX_LOOKUP_LENGTH,
    });
    nothingSent(res);
  });

  it('bounds the search_datasets criteria the same way', async () => {
    const res = await s.gw.execute(EegSearchDatasetsDocument, { modality: 'e'.repeat(2_000) });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      path: 'modality',
      maximumLength: 1024,
    });
    // Criteria within the lookup bound each, but too long together (each is matched under two field names).
    const long = 'x'.repeat(1_000);
    const all = await s.gw.execute(EegSearchDatasetsDocument, {
      modality: `${long}m`,
      task: long,
      source: long,
      clinicalGroup: long,
      license: long,
    });
    expect(all.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      path: 'modality',
      maximumLength: MAX_QUERY_LENGTH,
    });
    nothingSent(res, all);
  });
});

describe('lookup strings', () => {
  it('refuses a 100 KB dataName before anything is sent (it used to come back as HTTP 431)', async () => {
    const res = await s.gw.execute(EegRecordDetailDocument, { dataName: 'x'.repeat(100_000) });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      archive: 'eegdash',
      field: 'data_name',
      maximumLength: MAX_LOOKUP_LENGTH,
    });
    expect(res.errors?.[0]?.message.length).toBeLessThan(200);
    expect(res.data).toEqual({ record: null });
    nothingSent(res);
  });

  it('refuses only the over-long key of a batch: the other record in the same request loads', async () => {
    const res = await s.gw.post({
      query:
        'query($a: String!, $b: String!) { a: record(dataName: $a) { dataName } b: record(dataName: $b) { dataName } }',
      variables: { a: FACE, b: 'y'.repeat(5_000) },
    });
    expect(res.json.data).toEqual({ a: { dataName: FACE }, b: null });
    expect(errorCodes(res.json)).toEqual(['BAD_USER_INPUT']);
    expect(res.json.errors[0].path).toEqual(['b']);
    expect(s.eeg.log.count()).toBe(1);
    expect(res.json.extensions.cost.archives.eegdash.requests).toBe(1);
    expect(s.eeg.log.entries[0]?.query.get('filter')).toContain(FACE);
  });
});

describe('$regex patterns', () => {
  it.each([
    ['(.*)(.*)(.*)(.*)Q', 'ADJACENT_REPEATS'],
    ['(a+)+$', 'NESTED_REPEAT'],
    ['(a|aa)+$', 'OVERLAPPING_ALTERNATIVES'],
  ])('refuses %j (%s) before the archive spends time on it', async (pattern, reason) => {
    const res = await count({ data_name: { $regex: pattern } });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      archive: 'eegdash',
      argument: 'filter',
      path: 'filter.data_name.$regex',
      reason,
    });
    expect(res.errors?.[0]?.message).toMatch(/more than linear time/);
    nothingSent(res);
  });

  it('checks patterns under $not and with their $options, and caps their length', async () => {
    const negated = await count({ task: { $not: { $regex: '(\\w|\\d)+' } } });
    expect(negated.errors?.[0]?.extensions).toMatchObject({ path: 'filter.task.$not.$regex' });
    const folded = await count({ task: { $regex: '[A-Z]+[a-z]+', $options: 'i' } });
    expect(folded.errors?.[0]?.extensions).toMatchObject({ reason: 'ADJACENT_REPEATS' });
    const long = await count({ task: { $regex: 'r'.repeat(MAX_PATTERN_LENGTH + 1) } });
    expect(long.errors?.[0]?.extensions).toMatchObject({ reason: 'TOO_LONG', maximumLength: MAX_PATTERN_LENGTH });
    nothingSent(negated, folded, long);
  });

  it('sends ordinary patterns', async () => {
    const face = await count({ dataset: 'ds002718', task: { $regex: 'FaceRecognition|Rest' } });
    expect(face.errors).toBeUndefined();
    expect(face.data?.recordCount).toBeGreaterThan(0);
    const subjects = await count({ dataset: 'ds002718', bids_relpath: { $regex: '^sub-0[0-9]+/' } });
    expect(subjects.errors).toBeUndefined();
    expect(subjects.data?.recordCount).toBe(face.data?.recordCount);
    expect((await count({ data_name: { $regex: '^sub-0[0-9]+$' } })).errors).toBeUndefined();
    s.eeg.log.clear();
    // The gateway passes PCRE's inline flags on (MongoDB accepts them): whatever the replica, which
    // runs V8's regular expressions, makes of one is its own answer (with its status), not a refusal.
    const inline = await count({ task: { $regex: '(?i)face' } });
    expect(s.eeg.log.count()).toBeGreaterThan(0);
    for (const e of inline.errors ?? []) expect(e.extensions).toHaveProperty('status');
  });
});

describe('an archive refusing a request as too large', () => {
  it.each([414, 431])('maps %i to BAD_USER_INPUT, keeps the status, does not retry', async (status) => {
    s.eeg.faults.queue({ kind: 'status', status, pathIncludes: '/count' });
    const res = await s.gw.execute(EegRecordStatsDocument, { where: { dataset: ['ds002718'] } });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions).toMatchObject({ archive: 'eegdash', status });
    expect(res.errors?.[0]?.message).toMatch(new RegExp(`too large for the archive \\(HTTP ${status}`));
    expect(res.errors?.[0]?.path).toEqual(['recordCount']);
    expect(res.data?.recordExists).toBe(true);
    expect(s.eeg.log.count('/count')).toBe(1);
  });
});
