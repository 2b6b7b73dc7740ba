/**
 * The EEGDash filter functions on their own: the operator allowlist, the `where` translation,
 * the `search_datasets` filter and the `$set`-only update check.
 */
import { describe, expect, it } from 'vitest';
import { allOf, checkFilter, checkSetFields } from '../../datasources/eegdash-filter.ts';
import { recordFilter, searchDatasetsFilter, whereToFilter } from '../../datasources/eegdash-where.ts';
import { ArchiveError } from '../../src/http/archive-error.ts';

const refusal = (fn: () => unknown): ArchiveError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as ArchiveError).code).toBe('BAD_USER_INPUT');
    return error as ArchiveError;
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
    expect(error.details).toMatchObject({ argument: 'filter', path });
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
    expect(refusal(() => whereToFilter({ subject: [] })).details).toMatchObject({ argument: 'where.subject' });
    expect(refusal(() => whereToFilter({ task: ['rest', ' '] })).message).toMatch(/where.task\[1\]/);
    expect(refusal(() => whereToFilter({ nchans: {} })).details).toMatchObject({ argument: 'where.nchans' });
    expect(refusal(() => whereToFilter({ nchans: { in: [] } })).message).toMatch(/empty list/);
  });

  it('ANDs a checked raw filter before the typed conditions, and leaves out empty parts', () => {
    expect(recordFilter({ dataset: ['ds1'] }, { task: 'rest' })).toEqual({
      $and: [{ task: 'rest' }, { dataset: 'ds1' }],
    });
    expect(recordFilter(null, { task: 'rest' })).toEqual({ task: 'rest' });
    expect(recordFilter({ dataset: ['ds1'] }, {})).toEqual({ dataset: 'ds1' });
    expect(recordFilter(undefined, undefined)).toEqual({});
    expect(allOf({}, undefined, { a: 1 }, { b: 2 })).toEqual({ $and: [{ a: 1 }, { b: 2 }] });
    refusal(() => recordFilter({ dataset: ['ds1'] }, { $where: '1' }));
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
    refusal(() => searchDatasetsFilter({ source: ' ' }));
    refusal(() => searchDatasetsFilter({ nSubjectsMin: -1 }));
  });
});

describe('checkSetFields', () => {
  it('accepts plain fields and a lone $set', () => {
    expect(checkSetFields({ 'clinical.is_clinical': true })).toEqual({ 'clinical.is_clinical': true });
    expect(checkSetFields({ $set: { license: 'CC0' } })).toEqual({ license: 'CC0' });
  });

  it('refuses other operators, mixtures, empty updates, bad paths and immutable fields', () => {
    expect(refusal(() => checkSetFields({ $unset: { a: '' } })).message).toMatch(/only \$set/);
    refusal(() => checkSetFields({ $set: { a: 1 }, b: 2 }));
    refusal(() => checkSetFields({}));
    refusal(() => checkSetFields([]));
    refusal(() => checkSetFields({ 'a.$b': 1 }));
    expect(refusal(() => checkSetFields({ 'dataset_id.x': 1 }, 'set', ['dataset_id'])).message).toMatch(
      /cannot be changed/,
    );
  });
});
