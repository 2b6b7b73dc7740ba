/**
 * Every HTTP-level refusal is JSON with `extensions.code`, and only the gateway's exact paths
 * exist: `/graphql`, `/health` (liveness) and `/ready`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { rawRequest } from './raw-http.ts';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway({});
});
afterAll(() => gw.close());

async function send(path: string, init: RequestInit = {}) {
  const res = await fetch(`${gw.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
}

function expectRefusal(res: { status: number; headers: Headers; json: any }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/json');
  expect(res.json.errors).toHaveLength(1);
  expect(res.json.errors[0].message).toEqual(expect.any(String));
  expect(res.json.errors[0].extensions.code).toBe(code);
}

describe('HTTP-level refusals', () => {
  it('answers a text/plain POST with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await send('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{ __typename }',
    });
    expectRefusal(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(res.json.errors[0].extensions.supported).toContain('application/json');
  });

  it('answers a POST without a Content-Type with 415', async () => {
    const answer = await rawRequest(gw.url, 'POST /graphql HTTP/1.1\r\nHost: g\r\nContent-Length: 2\r\n\r\n', ['{}']);
    expect(answer.status).toBe(415);
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it.each(['PUT', 'DELETE', 'PATCH'])('answers %s with 405 METHOD_NOT_ALLOWED and Allow', async (method) => {
    const res = await send('/graphql', {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expectRefusal(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.get('allow')).toBe('GET, POST');
  });

  it('answers a mutation over GET with 405 and a code', async () => {
    const res = await send(`/graphql?query=${encodeURIComponent('mutation { refreshLinkIndex { builtAt } }')}`, {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(405);
    expect(res.json.errors[0].extensions.code).toEqual(expect.any(String));
  });

  it.each(['/', '/nope', '/graphql/extra', '/foo/graphql', '/api/graphql'])(
    'answers the unknown path %s with 404 NOT_FOUND',
    async (path) => {
      const res = await send(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expectRefusal(res, 404, 'NOT_FOUND');
    },
  );

  it('answers request headers over Node’s limit with 431 and a JSON body', async () => {
    const answer = await rawRequest(
      gw.url,
      `GET /health HTTP/1.1\r\nHost: g\r\nX-Padding: ${'p'.repeat(64 * 1024)}\r\n\r\n`,
    );
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('REQUEST_HEADER_FIELDS_TOO_LARGE');
  });

  it('answers a malformed request line with 400 and a JSON body', async () => {
    const answer = await rawRequest(gw.url, 'NOT HTTP AT ALL\r\n\r\n');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});

describe('liveness', () => {
  it('answers /health with 200, asking no archive', async () => {
    const res = await send('/health');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
  });

  it.each(['/foo/health', '/graphql/health', '/health/', '/healthz'])('answers %s with 404 NOT_FOUND', async (path) => {
    expectRefusal(await send(path), 404, 'NOT_FOUND');
  });

  it('does not take /health from the query string', async () => {
    const res = await send(`/graphql?query=${encodeURIComponent('{ __typename }')}&x=/health`, {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({ __typename: 'Query' });
  });

  it.each(['/foo/ready', '/ready/x'])('answers %s with 404 NOT_FOUND', async (path) => {
    expectRefusal(await send(path), 404, 'NOT_FOUND');
  });
});
