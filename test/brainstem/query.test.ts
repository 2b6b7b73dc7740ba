/**
 * BrainSTEM's query syntax, written by the datasource alone: typed conditions, orderings and
 * sideloads become `filter{}`, `sort[]` and `include[]`; malformed field paths are refused
 * before anything is sent, in BrainSTEM's terms (no GraphQL argument names).
 */
import { describe, expect, it } from 'vitest';
import { checkConditions, listQueryParams, parseIncludes, parseSort } from '../../datasources/brainstem-query.ts';
import { InputError } from '../../src/http/archive-error.ts';

describe('listQueryParams', () => {
  it('writes conditions, orderings and sideloads in dynamic-rest syntax', () => {
    const params = listQueryParams(
      {
        conditions: [
          { field: 'name', operator: 'icontains', values: ['ok0'] },
          { field: 'tags', values: ['nwb'], exclude: true },
          { field: 'id', operator: 'in', values: ['a', 'b'] },
          { field: 'date_time', operator: 'range', values: [new Date('2016-01-01T00:00:00Z'), '2016-12-31'] },
          { field: 'projects.id', values: ['p', 'ignored'] },
          { field: 'is_public', values: [true] },
        ],
        sort: [{ field: 'date_time', descending: true }, { field: 'name' }],
        include: [{ relation: 'projects' }],
      },
      40,
      20,
    );
    expect(params).toEqual([
      ['filter{name.icontains}', 'ok0'],
      ['filter{-tags}', 'nwb'],
      ['filter{id.in}', 'a'],
      ['filter{id.in}', 'b'],
      ['filter{date_time.range}', '2016-01-01T00:00:00.000Z'],
      ['filter{date_time.range}', '2016-12-31'],
      ['filter{projects.id}', 'p'],
      ['filter{is_public}', 'true'],
      ['sort[]', '-date_time'],
      ['sort[]', 'name'],
      ['include[]', 'projects.*'],
      ['limit', '20'],
      ['offset', '40'],
    ]);
  });

  it("reads the Python client's sort and include strings", () => {
    expect(parseSort(['-date_time', 'name'])).toEqual([
      { field: 'date_time', descending: true },
      { field: 'name', descending: false },
    ]);
    expect(parseIncludes(['projects.*', 'behaviors'])).toEqual([{ relation: 'projects' }, { relation: 'behaviors' }]);
  });

  it('refuses what could not travel as one parameter, naming the field in BrainSTEM terms', () => {
    const refused = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error;
      }
      throw new Error('accepted');
    };
    for (const error of [
      refused(() => checkConditions([{ field: 'name}&limit=1000', values: ['x'] }])),
      refused(() => parseSort(['name&limit=1000'])),
      refused(() => parseIncludes(['projects.*&x'])),
    ]) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).archive).toBe('brainstem');
      expect((error as InputError).details).toHaveProperty('field');
      expect((error as InputError).details).not.toHaveProperty('argument');
    }
    expect(refused(() => checkConditions([{ field: 'name', values: [] }]))).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'name' },
    });
  });
});
