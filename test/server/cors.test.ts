/**
 * CORS: with `CORS_ORIGIN=*` any origin may call but credentials are never allowed; with origins
 * named one by one, credentials are allowed and the matching origin is echoed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';

const QUERY = JSON.stringify({ query: '{ __typename }' });

function post(gw: TestGateway, origin: string) {
  return fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: QUERY,
  });
}

function preflight(gw: TestGateway, origin: string) {
  return fetch(`${gw.url}/graphql`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,x-dandi-api-key',
    },
  });
}

describe('CORS_ORIGIN=* (the default)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { CORS_ORIGIN: '*' } });
  });
  afterAll(() => gw.close());

  it('lets any origin read the answer, without credentials', async () => {
    const res = await post(gw, 'https://anywhere.example');
    expect(res.status).toBe(200);
    expect(['*', 'https://anywhere.example']).toContain(res.headers.get('access-control-allow-origin'));
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('answers a preflight without credentials', async () => {
    const res = await preflight(gw, 'https://anywhere.example');
    expect(res.status).toBe(204);
    expect(['*', 'https://anywhere.example']).toContain(res.headers.get('access-control-allow-origin'));
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-dandi-api-key');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('never allows credentials when * is one of several origins', async () => {
    const mixed = await startGateway({ env: { CORS_ORIGIN: 'https://app.example, *' } });
    try {
      for (const res of [await post(mixed, 'https://app.example'), await preflight(mixed, 'https://other.example')]) {
        expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      }
    } finally {
      await mixed.close();
    }
  });
});

describe('CORS_ORIGIN with named origins', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { CORS_ORIGIN: 'https://app.example,https://lab.example' } });
  });
  afterAll(() => gw.close());

  it.each(['https://app.example', 'https://lab.example'])('echoes %s and allows credentials', async (origin) => {
    for (const res of [await post(gw, origin), await preflight(gw, origin)]) {
      expect(res.status).toBeLessThan(300);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      expect(res.headers.get('vary')).toContain('Origin');
    }
  });

  it('does not name an origin that is not listed', async () => {
    for (const res of [await post(gw, 'https://evil.example'), await preflight(gw, 'https://evil.example')]) {
      expect(res.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
      expect(res.headers.get('access-control-allow-origin')).not.toBe('*');
    }
  });

  it('with one named origin, sends that origin and credentials', async () => {
    const one = await startGateway({ env: { CORS_ORIGIN: 'https://app.example' } });
    try {
      const res = await post(one, 'https://app.example');
      expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      const other = await post(one, 'https://evil.example');
      expect(other.headers.get('access-control-allow-origin')).toBe('https://app.example');
    } finally {
      await one.close();
    }
  });
});
