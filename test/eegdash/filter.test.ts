/**
 * The EEGDash filter functions on their own: the operator allowlist, the `where` translation,
 * the `search_datasets` filter and the `$set`-only update check.
 */
import { describe, expect, it } from 'vitest';
import { allOf, checkFilter, checkSetFields } from '../../datasources/eegdash-filter.ts';
import { datasetFilter, recordFilter, searchDatasetsFilter, whereToFilter } from '../../datasources/eegdash-where.ts';
import type { InputError } from '../../src/http/archive-error.ts';

/** The refusal `fn` throws: BAD_USER_INPUT for EEGDash, naming the refused part in `path`, no GraphQL argument. */
const refusal = (fn: () => unknown): InputError => {
  try {
    fn();
  } catch (error) {
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', archive: 'eegdash' });
    const details = (error as InputError).details;
    expect(details).toHaveProperty('path');
    expect(details).not.toHaveProperty('argument');
    return error as InputError;
  }
  throw new Error('expected a refusal');
};

describe('checkFilter', () => {
  it('accepts every operator the spec lists, nested under $and/$or/$nor and $elemMatch', () => {
    const filter = {
      dataset: 'ds002718',
      subject: { $in: ['012', '013'], $nin: ['001'] },
      _has_missing_files: { $ne: true },
      nchans: { $gte: 32, $lt: 300, $exists: true },
      task: { $regex: 'rest', $options: 'i' },
      run: { $not: { $regex: '^0' } },
      'clinical.group': null,
      ch_names: { $all: ['Cz', 'Pz'], $size: 74 },
      bad_channels: { $elemMatch: { $eq: 'Fp1' } },
      storage: { $elemMatch: { base: 's3://x' } },
      $and: [{ $or: [{ session: '01' }, { session: null }] }, { $nor: [{ datatype: 'meg' }] }],
      participant_tsv: { age: 23, sex: 'F' },
    };
    expect(checkFilter(filter)).toBe(filter);
  });

  it.each([
    [{ $where: 'sleep(100)' }, 'filter.$where', /\$where is not allowed/],
    [{ $expr: { $gt: ['$a', 1] } }, 'filter.$expr', /\$expr is not allowed/],
    [{ a: { $function: {} } }, 'filter.a.$function', /\$function is not allowed/],
    [{ $or: [{ a: 1 }, { b: { $accumulator: {} } }] }, 'filter.$or[1].b.$accumulator', /\$accumulator is not allowed/],
    [{ a: { $not: { $where: 'x' } } }, 'filter.a.$not.$where', /not allowed/],
    [{ a: { $in: [{ $where: 'x' }] } }, 'filter.a.$in[0].$where', /not allowed/],
    [{ a: { b: { $where: 'x' } } }, 'filter.a.b.$where', /not allowed/],
    [{ $text: { $search: 'x' } }, 'filter.$text', /unknown operator \$text/],
    [{ a: { $near: [0, 0] } }, 'filter.a.$near', /unknown operator/],
    [{ a: { $eq: 1, b: 2 } }, 'filter.a.b', /mixed with operators/],
    [{ $and: [] }, 'filter.$and', /non-empty array/],
    [{ a: { $in: 'x' } }, 'filter.a.$in', /needs an array/],
    [{ a: { $options: 'i' } }, 'filter.a.$options', /needs a \$regex/],
    [{ a: { $regex: 'x', $options: 'g' } }, 'filter.a.$options', /letters/],
    [{ a: { $size: -1 } }, 'filter.a.$size', /non-negative/],
    [{ 'a..b': 1 }, 'filter.a..b', /not a field path/],
    [{ 'a.$b': 1 }, 'filter.a.$b', /not a field path/],
    [[{ a: 1 }], 'filter', /JSON object/],
  ])('refuses %j at %s', (filter, path, message) => {
    const error = refusal(() => checkFilter(filter));
    expect(error.details).toEqual({ path });
    expect(error.message).toMatch(message);
  });

  it('refuses filters nested too deep or too long for a URL', () => {
    let deep: Record<string, unknown> = { a: 1 };
    for (let i = 0; i < 20; i++) deep = { $and: [deep] };
    expect(refusal(() => checkFilter(deep)).message).toMatch(/deeper/);
    const long = { data_name: { $in: Array.from({ length: 400 }, (_, i) => `ds000001_sub-${i}_task-rest_eeg.edf`) } };
    expect(refusal(() => checkFilter(long)).message).toMatch(/longer than/);
  });
});

describe('whereToFilter', () => {
  it("maps a value to equality and a list to $in on the archive's field names", () => {
    expect(
      whereToFilter({
        dataset: ['ds002718'],
        subject: ['012', '013'],
        dataName: ['x'],
        recordingModality: ['eeg'],
        bidspath: ['p'],
      }),
    ).toEqual({
      dataset: 'ds002718',
      subject: { $in: ['012', '013'] },
      data_name: 'x',
      recording_modality: 'eeg',
      bidspath: 'p',
    });
  });

  it('trims and dedupes values, keeping their order', () => {
    expect(whereToFilter({ subject: [' 013', '012 ', '013'] })).toEqual({ subject: { $in: ['013', '012'] } });
  });

  it('builds ranges, equality and $in for numbers', () => {
    expect(
      whereToFilter({
        samplingFrequency: { gte: 250, lt: 1000 },
        nchans: { eq: 64 },
        ntimes: { in: [10, 10, 20] },
        durationSeconds: { eq: 60, lte: 100 },
      }),
    ).toEqual({
      sampling_frequency: { $gte: 250, $lt: 1000 },
      nchans: 64,
      ntimes: { $in: [10, 20] },
      duration_seconds: { $eq: 60, $lte: 100 },
    });
  });

  it('matches modality on the legacy and current fields, and missing files as the loader does', () => {
    expect(whereToFilter({ modality: ['eeg'], hasMissingFiles: false })).toEqual({
      $or: [{ modality: 'eeg' }, { recording_modality: 'eeg' }],
      _has_missing_files: { $ne: true },
    });
    expect(whereToFilter({ hasMissingFiles: true })).toEqual({ _has_missing_files: true });
  });

  it('refuses empty lists, blank values and empty ranges', () => {
    expect(refusal(() => whereToFilter({ subject: [] })).details).toEqual({ path: 'where.subject' });
    const blank = refusal(() => whereToFilter({ task: ['rest', ' '] }));
    expect(blank.message).toMatch(/where.task\[1\]/);
    expect(blank.details).toEqual({ path: 'where.task[1]' });
    expect(refusal(() => whereToFilter({ nchans: {} })).details).toEqual({ path: 'where.nchans' });
    expect(refusal(() => whereToFilter({ nchans: { in: [] } })).message).toMatch(/empty list/);
  });

  it('ANDs a checked raw filter before the typed conditions, and leaves out empty parts', () => {
    expect(recordFilter({ where: { dataset: ['ds1'] }, filter: { task: 'rest' } })).toEqual({
      $and: [{ task: 'rest' }, { dataset: 'ds1' }],
    });
    expect(recordFilter({ where: null, filter: { task: 'rest' } })).toEqual({ task: 'rest' });
    expect(recordFilter({ where: { dataset: ['ds1'] }, filter: {} })).toEqual({ dataset: 'ds1' });
    expect(recordFilter({})).toEqual({});
    expect(allOf({}, undefined, { a: 1 }, { b: 2 })).toEqual({ $and: [{ a: 1 }, { b: 2 }] });
    expect(refusal(() => recordFilter({ where: { dataset: ['ds1'] }, filter: { $where: '1' } })).details).toEqual({
      path: 'filter.$where',
    });
  });

  it("puts one dataset's records first, as the archive's field", () => {
    expect(recordFilter({ dataset: 'ds1', where: { subject: ['01'] } })).toEqual({
      $and: [{ dataset: 'ds1' }, { subject: '01' }],
    });
    expect(recordFilter({ dataset: 'ds1' })).toEqual({ dataset: 'ds1' });
  });
});

describe('searchDatasetsFilter', () => {
  it("builds the Python client's filter: one $or merged at the top level", () => {
    expect(searchDatasetsFilter({ task: 'rest', license: 'CC0' })).toEqual({
      license: 'CC0',
      $or: [{ task: 'rest' }, { tasks: 'rest' }],
    });
  });

  it('puts several $or groups under $and, widened to current field names', () => {
    expect(searchDatasetsFilter({ modality: 'eeg', clinicalGroup: 'epilepsy', nSubjectsMin: 10 })).toEqual({
      $and: [
        { $or: [{ modality: 'eeg' }, { recording_modality: 'eeg' }] },
        { $or: [{ 'clinical.group': 'epilepsy' }, { clinical_group: 'epilepsy' }] },
        { $or: [{ n_subjects: { $gte: 10 } }, { 'demographics.subjects_count': { $gte: 10 } }] },
      ],
    });
  });

  it('is empty without criteria, and refuses blank or negative ones', () => {
    expect(searchDatasetsFilter({})).toEqual({});
    expect(refusal(() => searchDatasetsFilter({ source: ' ' })).details).toEqual({ path: 'source' });
    expect(refusal(() => searchDatasetsFilter({ nSubjectsMin: -1 })).details).toEqual({ path: 'nSubjectsMin' });
  });

  it('ANDs a raw dataset filter with the criteria', () => {
    expect(datasetFilter({ filter: { source: 'nemar' }, license: 'CC0' })).toEqual({
      $and: [{ source: 'nemar' }, { license: 'CC0' }],
    });
    expect(datasetFilter({})).toEqual({});
    expect(refusal(() => datasetFilter({ filter: { $where: '1' } })).details).toEqual({ path: 'filter.$where' });
  });
});

describe('checkSetFields', () => {
  it('accepts plain fields and a lone $set', () => {
    expect(checkSetFields({ 'clinical.is_clinical': true })).toEqual({ 'clinical.is_clinical': true });
    expect(checkSetFields({ $set: { license: 'CC0' } })).toEqual({ license: 'CC0' });
  });

  it('refuses other operators, mixtures, empty updates, bad paths and immutable fields', () => {
    const unset = refusal(() => checkSetFields({ $unset: { a: '' } }));
    expect(unset.message).toMatch(/only \$set/);
    expect(unset.details).toEqual({ path: 'set.$unset' });
    refusal(() => checkSetFields({ $set: { a: 1 }, b: 2 }));
    refusal(() => checkSetFields({}));
    refusal(() => checkSetFields([]));
    refusal(() => checkSetFields({ 'a.$b': 1 }));
    expect(refusal(() => checkSetFields({ 'dataset_id.x': 1 }, 'set', ['dataset_id'])).message).toMatch(
      /cannot be changed/,
    );
  });
});
