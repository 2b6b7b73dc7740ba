/**
 * DANDI_WEB_URL: the web UI paired with the API (as dandi-cli's DandiInstance pairs them). The
 * datasource builds `url` fields on it, and the link parser reads links to it like links to
 * dandiarchive.org.
 */
import { describe, expect, it } from 'vitest';
import { DandiDataSource } from '../../datasources/dandi.ts';
import { UpstreamStats } from '../../src/http/stats.ts';
import { parseLink } from '../../src/links/parse-link.ts';
import { useDandiStack } from '../support/dandi.ts';

const s = useDandiStack();

const dataSource = (webUrl?: string) =>
  new DandiDataSource(s.gw.gateway.upstreams.dandi, {}, new UpstreamStats(), undefined, { webUrl });

describe('DANDI_WEB_URL', () => {
  it('links dandisets and versions to dandiarchive.org by default', () => {
    const dandi = dataSource();
    expect(dandi.webPage('000027')).toBe('https://dandiarchive.org/dandiset/000027');
    expect(dandi.webPage('000027', 'draft')).toBe('https://dandiarchive.org/dandiset/000027/draft');
  });

  it('links to the configured web UI instead, trailing slash or not', () => {
    const dandi = dataSource('https://sandbox.dandiarchive.org/');
    expect(dandi.webUrl).toBe('https://sandbox.dandiarchive.org');
    expect(dandi.webOrigin).toBe('https://sandbox.dandiarchive.org');
    expect(dandi.webPage('000027', '0.210831.2033')).toBe(
      'https://sandbox.dandiarchive.org/dandiset/000027/0.210831.2033',
    );
  });

  it('lets the link parser read links on the configured web host', () => {
    const link = 'http://127.0.0.1:8085/dandiset/000027/draft/files?location=sub-1';
    expect(parseLink(link)).toEqual({ kind: 'external' });
    expect(parseLink(link, [], ['http://127.0.0.1:8085'])).toEqual({
      kind: 'version',
      identifier: '000027',
      version: 'draft',
    });
    expect(parseLink('https://dandiarchive.org/dandiset/000027', [], ['http://127.0.0.1:8085'])).toEqual({
      kind: 'dandiset',
      identifier: '000027',
    });
  });
});
