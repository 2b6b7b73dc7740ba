import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('defaults to the real archives', () => {
    const c = loadConfig([], {});
    expect(c.port).toBe(4000);
    expect(c.dandiApiUrl).toBe('https://api.dandiarchive.org/api');
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

  it('rejects bad values with the variable name', () => {
    expect(() => loadConfig([], { PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig([], { DANDI_API_URL: 'ftp://x' })).toThrow(ConfigError);
    expect(() => loadConfig([], { COST_EXTENSIONS: 'maybe' })).toThrow(/COST_EXTENSIONS/);
    expect(() => loadConfig(['--no-such-flag'], {})).toThrow(ConfigError);
  });
});
