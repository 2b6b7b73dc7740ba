import { describe, expect, it } from 'vitest';
import { parseLink } from '../../src/links/parse-link.ts';

const ASSET = '9b96d7e1-1e8d-4546-8f9c-0cb5b7bf101e';

describe('parseLink: DANDI', () => {
  it.each([
    ['https://dandiarchive.org/dandiset/000123', { kind: 'dandiset', identifier: '000123' }],
    ['https://dandiarchive.org/dandiset/000123/', { kind: 'dandiset', identifier: '000123' }],
    ['http://www.dandiarchive.org/dandiset/000123/draft', { kind: 'version', identifier: '000123', version: 'draft' }],
    [
      'https://dandiarchive.org/dandiset/000123/0.210914.1900',
      { kind: 'version', identifier: '000123', version: '0.210914.1900' },
    ],
    [
      'https://dandiarchive.org/dandiset/000123/0.210914.1900/files?location=sub-01',
      { kind: 'version', identifier: '000123', version: '0.210914.1900' },
    ],
    ['https://gui.dandiarchive.org/#/dandiset/000027', { kind: 'dandiset', identifier: '000027' }],
    [
      'https://doi.org/10.48324/dandi.000123/0.210914.1900',
      { kind: 'version', identifier: '000123', version: '0.210914.1900' },
    ],
    ['https://dx.doi.org/10.48324/dandi.000123', { kind: 'dandiset', identifier: '000123' }],
    ['10.48324/dandi.000123/0.210914.1900', { kind: 'version', identifier: '000123', version: '0.210914.1900' }],
    ['doi:10.48324/dandi.000123/0.210914.1900', { kind: 'version', identifier: '000123', version: '0.210914.1900' }],
    ['DANDI:000027', { kind: 'dandiset', identifier: '000027' }],
    [
      'https://identifiers.org/DANDI:000027/0.210831.2033',
      { kind: 'version', identifier: '000027', version: '0.210831.2033' },
    ],
    ['https://api.dandiarchive.org/api/dandisets/000123/', { kind: 'dandiset', identifier: '000123' }],
    [
      'https://api.dandiarchive.org/api/dandisets/000123/versions/draft/',
      { kind: 'version', identifier: '000123', version: 'draft' },
    ],
    [`https://api.dandiarchive.org/api/assets/${ASSET}/download/`, { kind: 'asset', assetId: ASSET }],
    [`https://api.dandiarchive.org/api/assets/${ASSET}/`, { kind: 'asset', assetId: ASSET }],
    [
      `https://api.dandiarchive.org/api/dandisets/000148/versions/draft/assets/${ASSET}/download/`,
      { kind: 'asset', assetId: ASSET, identifier: '000148', version: 'draft' },
    ],
  ])('%s', (url, expected) => {
    expect(parseLink(url)).toEqual(expected);
  });

  it('accepts the configured DANDI API origin as well', () => {
    expect(parseLink(`http://127.0.0.1:8000/api/assets/${ASSET}/download/`, ['http://127.0.0.1:8000'])).toEqual({
      kind: 'asset',
      assetId: ASSET,
    });
    expect(parseLink(`http://127.0.0.1:8000/api/assets/${ASSET}/download/`)).toEqual({ kind: 'external' });
  });
});

describe('parseLink: EEGDash datasets', () => {
  it.each([
    ['https://openneuro.org/datasets/ds002718', { kind: 'dataset', datasetId: 'ds002718', source: 'openneuro' }],
    [
      'https://openneuro.org/datasets/ds002718/versions/1.0.5',
      { kind: 'dataset', datasetId: 'ds002718', source: 'openneuro' },
    ],
    [
      'https://doi.org/10.18112/openneuro.ds002718.v1.0.5',
      { kind: 'dataset', datasetId: 'ds002718', source: 'openneuro' },
    ],
    [
      'https://nemar.org/dataexplorer/detail?dataset_id=nm000104',
      { kind: 'dataset', datasetId: 'nm000104', source: 'nemar' },
    ],
    [
      'https://nemar.org/dataexplorer/detail?dataset_id=ds003061',
      { kind: 'dataset', datasetId: 'ds003061', source: 'openneuro' },
    ],
  ])('%s', (url, expected) => {
    expect(parseLink(url)).toEqual(expected);
  });
});

describe('parseLink: junk and look-alikes stay external', () => {
  it.each([
    'https://dandiarchive.org.evil.example/dandiset/000123',
    'https://notdandiarchive.org/dandiset/000123',
    'https://dandiarchive.org/dandiset/12345',
    'https://dandiarchive.org/dandiset/0001234',
    'https://dandiarchive.org/dandiset/000123/1.0.0',
    'https://dandiarchive.org/about',
    'https://example.org/?next=https://dandiarchive.org/dandiset/000123',
    'https://example.org/dandiset/000123',
    'https://doi.org/10.48325/dandi.000123',
    'https://doi.org/10.5281/zenodo.1234567',
    'https://api.dandiarchive.org/api/assets/not-a-uuid/download/',
    'https://api.dandiarchive.org/api/assets/9B96D7E1-1E8D-4546-8F9C-0CB5B7BF101E/',
    'https://openneuro.org.attacker.example/datasets/ds002718',
    'https://openneuro.org/datasets/ds12',
    'https://openneuro.org/search?q=ds002718',
    'https://nemar.org/dataexplorer/detail?dataset_id=xx000104',
    'https://nemar.org/dataexplorer',
    'ftp://dandiarchive.org/dandiset/000123',
    'javascript:alert(1)',
    'not a url',
    '',
    'https://figshare.com/articles/dataset/x/12345678',
  ])('%s', (url) => {
    expect(parseLink(url)).toEqual({ kind: 'external' });
  });
});
