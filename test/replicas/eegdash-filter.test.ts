import { describe, expect, it } from 'vitest';
import { compileFilter, FilterError } from '../../replicas/eegdash/filter.ts';
import { datasetHint } from '../../replicas/eegdash/store.ts';
import { deepEqual } from '../../replicas/eegdash/values.ts';

const docs = [
  {
    id: 1,
    dataset: 'ds002718',
    subject: '002',
    task: 'FaceRecognition',
    session: null,
    nchans: 74,
    sampling_frequency: 250,
    recording_modality: ['eeg'],
    tags: ['a', 'b', 'c'],
    _has_missing_files: false,
    clinical: { is_clinical: false, group: null },
    storage: { base: 's3://openneuro.org/ds002718', dep_keys: ['x_channels.tsv', 'x_events.tsv'] },
    scores: [
      { name: 'acc', value: 0.9 },
      { name: 'rt', value: 420 },
    ],
  },
  {
    id: 2,
    dataset: 'ds002718',
    subject: '003',
    task: 'RestingState',
    nchans: 64,
    sampling_frequency: 500,
    recording_modality: ['eeg', 'meg'],
    tags: ['b'],
    _has_missing_files: true,
    clinical: { is_clinical: true, group: 'epilepsy' },
    storage: { base: 's3://openneuro.org/ds002718', dep_keys: [] },
    scores: [{ name: 'acc', value: 0.5 }],
  },
  {
    id: 3,
    dataset: 'nm000104',
    subject: '70495563',
    task: 'typing',
    nchans: 32,
    sampling_frequency: 2000,
    recording_modality: 'emg',
    tags: [],
  },
];

const ids = (filter: unknown) => docs.filter(compileFilter(filter)).map((d) => d.id);

function expectFilterError(filter: unknown, kind: FilterError['kind']) {
  try {
    compileFilter(filter);
  } catch (error) {
    expect(error).toBeInstanceOf(FilterError);
    expect((error as FilterError).kind).toBe(kind);
    return;
  }
  throw new Error(`expected ${JSON.stringify(filter)} to be refused`);
}

describe('eegdash filter: equality and comparison', () => {
  it('matches everything for an empty filter', () => expect(ids({})).toEqual([1, 2, 3]));
  it('implicit equality, $eq, and array containment', () => {
    expect(ids({ dataset: 'ds002718' })).toEqual([1, 2]);
    expect(ids({ subject: { $eq: '003' } })).toEqual([2]);
    expect(ids({ recording_modality: 'meg' })).toEqual([2]);
    expect(ids({ recording_modality: 'emg' })).toEqual([3]);
    expect(ids({ recording_modality: ['eeg', 'meg'] })).toEqual([2]);
  });
  it('null matches null and missing fields', () => {
    expect(ids({ session: null })).toEqual([1, 2, 3]);
    expect(ids({ session: { $ne: null } })).toEqual([]);
    expect(ids({ 'clinical.group': null })).toEqual([1, 3]);
  });
  it('$ne includes documents without the field', () => {
    expect(ids({ _has_missing_files: { $ne: true } })).toEqual([1, 3]);
  });
  it('$gt $gte $lt $lte compare within a type only', () => {
    expect(ids({ nchans: { $gt: 64 } })).toEqual([1]);
    expect(ids({ nchans: { $gte: 64 } })).toEqual([1, 2]);
    expect(ids({ nchans: { $lt: 64 } })).toEqual([3]);
    expect(ids({ nchans: { $lte: 64, $gt: 32 } })).toEqual([2]);
    expect(ids({ nchans: { $gt: '1' } })).toEqual([]);
    expect(ids({ subject: { $gte: '003' } })).toEqual([2, 3]);
  });
  it('$in and $nin, including null and array fields', () => {
    expect(ids({ subject: { $in: ['002', '70495563'] } })).toEqual([1, 3]);
    expect(ids({ sampling_frequency: { $nin: [250, 500] } })).toEqual([3]);
    expect(ids({ session: { $in: [null] } })).toEqual([1, 2, 3]);
    expect(ids({ tags: { $in: ['c'] } })).toEqual([1]);
    expect(ids({ tags: { $nin: ['b'] } })).toEqual([3]);
  });
  it('$exists', () => {
    expect(ids({ session: { $exists: true } })).toEqual([1]);
    expect(ids({ scores: { $exists: false } })).toEqual([3]);
    expect(ids({ 'clinical.group': { $exists: true } })).toEqual([1, 2]);
  });
});

describe('eegdash filter: dotted paths and arrays', () => {
  it('descends into nested objects', () => {
    expect(ids({ 'clinical.group': 'epilepsy' })).toEqual([2]);
    expect(ids({ 'clinical.is_clinical': false })).toEqual([1]);
    expect(ids({ 'storage.base': { $regex: '^s3://openneuro' } })).toEqual([1, 2]);
  });
  it('descends into arrays of documents and indexes arrays by position', () => {
    expect(ids({ 'scores.name': 'rt' })).toEqual([1]);
    expect(ids({ 'scores.value': { $gt: 100 } })).toEqual([1]);
    expect(ids({ 'scores.0.value': 0.5 })).toEqual([2]);
    expect(ids({ 'storage.dep_keys.1': 'x_events.tsv' })).toEqual([1]);
    expect(ids({ 'tags.0': 'b' })).toEqual([2]);
  });
  it('compares embedded documents field by field, in order', () => {
    expect(ids({ clinical: { is_clinical: true, group: 'epilepsy' } })).toEqual([2]);
    expect(ids({ clinical: { group: 'epilepsy', is_clinical: true } })).toEqual([]);
  });
});

describe('eegdash filter: regex, logical and array operators', () => {
  it('$regex with $options', () => {
    expect(ids({ task: { $regex: 'rest' } })).toEqual([]);
    expect(ids({ task: { $regex: 'rest', $options: 'i' } })).toEqual([2]);
    expect(ids({ task: { $regex: '^face  # the start\n recognition$', $options: 'ix' } })).toEqual([1]);
    expect(ids({ recording_modality: { $regex: '^m' } })).toEqual([2]);
  });
  it('$and, $or, $nor', () => {
    expect(ids({ $and: [{ dataset: 'ds002718' }, { task: 'RestingState' }] })).toEqual([2]);
    expect(ids({ $or: [{ subject: '002' }, { nchans: 32 }] })).toEqual([1, 3]);
    expect(ids({ $nor: [{ subject: '002' }, { nchans: 32 }] })).toEqual([2]);
    expect(
      ids({ dataset: 'ds002718', $or: [{ 'clinical.group': 'epilepsy' }, { clinical_group: 'epilepsy' }] }),
    ).toEqual([2]);
  });
  it('$not negates an operator expression (and matches missing fields)', () => {
    expect(ids({ nchans: { $not: { $gt: 40 } } })).toEqual([3]);
    expect(ids({ session: { $not: { $exists: true } } })).toEqual([2, 3]);
    expect(ids({ task: { $not: { $regex: '^R' } } })).toEqual([1, 3]);
  });
  it('$all, $size, $elemMatch', () => {
    expect(ids({ tags: { $all: ['a', 'b'] } })).toEqual([1]);
    expect(ids({ tags: { $all: ['b'] } })).toEqual([1, 2]);
    expect(ids({ tags: { $all: [] } })).toEqual([]);
    expect(ids({ tags: { $size: 0 } })).toEqual([3]);
    expect(ids({ tags: { $size: 3 } })).toEqual([1]);
    expect(ids({ scores: { $elemMatch: { name: 'acc', value: { $gte: 0.8 } } } })).toEqual([1]);
    expect(ids({ tags: { $elemMatch: { $gte: 'b', $lt: 'c' } } })).toEqual([1, 2]);
    expect(ids({ scores: { $all: [{ $elemMatch: { value: { $lt: 1 } } }] } })).toEqual([1, 2]);
  });
});

describe('eegdash filter: refusals', () => {
  it.each(['$where', '$function', '$accumulator', '$expr'])('refuses %s anywhere', (op) => {
    expectFilterError({ [op]: 'x' }, 'forbidden');
    expectFilterError({ nchans: { [op]: 'x' } }, 'forbidden');
    expectFilterError({ $or: [{ [op]: 'x' }] }, 'forbidden');
  });
  it('refuses unknown operators at top level and on fields', () => {
    expectFilterError({ $text: { $search: 'x' } }, 'unknown-operator');
    expectFilterError({ nchans: { $mod: [2, 0] } }, 'unknown-operator');
    expectFilterError({ nchans: { $gt: 1, bogus: 2 } }, 'unknown-operator');
  });
  it('refuses malformed arguments', () => {
    for (const bad of [
      [],
      'x',
      null,
      { $and: [] },
      { $or: {} },
      { $and: ['x'] },
      { a: { $in: 'x' } },
      { a: { $nin: 1 } },
      { a: { $all: 'x' } },
      { a: { $size: -1 } },
      { a: { $size: 'x' } },
      { a: { $exists: 'yes' } },
      { a: { $regex: 5 } },
      { a: { $regex: '(' } },
      { a: { $regex: 'x', $options: 'q' } },
      { a: { $options: 'i' } },
      { a: { $not: 'x' } },
      { a: { $elemMatch: 3 } },
      { a: { $gt: {} } },
      { 'a..b': 1 },
      { a: { $in: [{ $gt: 1 }] } },
    ]) {
      expect(() => compileFilter(bad), JSON.stringify(bad)).toThrow(FilterError);
    }
  });
});

describe('eegdash filter: helpers', () => {
  it('datasetHint finds a top-level dataset restriction', () => {
    expect(datasetHint({ dataset: 'ds002718', subject: '1' })).toEqual(['ds002718']);
    expect(datasetHint({ dataset: { $in: ['a', 'b'] } })).toEqual(['a', 'b']);
    expect(datasetHint({ dataset: { $eq: 'a' } })).toEqual(['a']);
    expect(datasetHint({ $and: [{ task: 'x' }, { dataset: 'a' }] })).toEqual(['a']);
    expect(datasetHint({ $or: [{ dataset: 'a' }] })).toBeUndefined();
    expect(datasetHint({ dataset: { $ne: 'a' } })).toBeUndefined();
  });
  it('deepEqual is order-sensitive for documents', () => {
    expect(deepEqual({ a: 1, b: [1, { c: 2 }] }, { a: 1, b: [1, { c: 2 }] })).toBe(true);
    expect(deepEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
  });
});
