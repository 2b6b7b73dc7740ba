import { describe, expect, it } from 'vitest';
import { ConfigError, dandiWebUrlFor, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('defaults to the real archives', () => {
    const c = loadConfig([], {});
    expect(c.port).toBe(4000);
    expect(c.dandiApiUrl).toBe('https://api.dandiarchive.org/api');
    expect(c.dandiWebUrl).toBe('https://dandiarchive.org');
    expect(c.eegdashApiUrl).toBe('https://data.eegdash.org');
    expect(c.brainstemApiUrl).toBe('https://www.brainstem.org/api');
    expect(c.costExtensions).toBe(false);
  });

  it('lets flags win over the environment', () => {
    const c = loadConfig(['--port', '8080', '--dandi-api-url', 'http://127.0.0.1:1/api/'], {
      PORT: '9000',
      DANDI_API_URL: 'http://x/api',
    });
    expect(c.port).toBe(8080);
    expect(c.dandiApiUrl).toBe('http://127.0.0.1:1/api');
  });

  it("pairs DANDI_WEB_URL with DANDI_API_URL as dandi-cli's known instances do", () => {
    expect(loadConfig([], { DANDI_API_URL: 'https://api.sandbox.dandiarchive.org/api/' }).dandiWebUrl).toBe(
      'https://sandbox.dandiarchive.org',
    );
    expect(dandiWebUrlFor('https://api.lincbrain.org/api')).toBe('https://lincbrain.org');
    // An API the table does not know (a mirror, a replica) links to dandiarchive.org unless told otherwise.
    expect(loadConfig([], { DANDI_API_URL: 'http://127.0.0.1:8000/api' }).dandiWebUrl).toBe('https://dandiarchive.org');
    const c = loadConfig(['--dandi-web-url', 'http://127.0.0.1:8085/'], {
      DANDI_API_URL: 'https://api.sandbox.dandiarchive.org/api',
      DANDI_WEB_URL: 'https://ignored.example',
    });
    expect(c.dandiWebUrl).toBe('http://127.0.0.1:8085');
    expect(loadConfig([], { DANDI_WEB_URL: 'https://web.example/' }).dandiWebUrl).toBe('https://web.example');
  });

  it('rejects bad values with the variable name', () => {
    expect(() => loadConfig([], { PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig([], { DANDI_API_URL: 'ftp://x' })).toThrow(ConfigError);
    expect(() => loadConfig([], { DANDI_WEB_URL: 'dandiarchive.org' })).toThrow(/DANDI_WEB_URL/);
    expect(() => loadConfig([], { COST_EXTENSIONS: 'maybe' })).toThrow(/COST_EXTENSIONS/);
    expect(() => loadConfig(['--no-such-flag'], {})).toThrow(ConfigError);
  });
});
