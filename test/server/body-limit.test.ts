/**
 * MAX_BODY_BYTES over real sockets: a declared Content-Length over the bound, and a chunked body
 * that passes it, are both refused with 413 PAYLOAD_TOO_LARGE, without reading the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { chunk, LAST_CHUNK, rawRequest } from './raw-http.ts';

const LIMIT = 4_096;
let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway({ env: { MAX_BODY_BYTES: String(LIMIT) } });
});
afterAll(() => gw.close());

const post = (headers: string) =>
  `POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n${headers}\r\n`;

function expectTooLarge(answer: { status: number; headers: Record<string, string>; body: string }) {
  expect(answer.status).toBe(413);
  expect(answer.headers['content-type']).toContain('application/json');
  expect(JSON.parse(answer.body)).toEqual({
    errors: [
      {
        message: expect.stringContaining(String(LIMIT)),
        extensions: { code: 'PAYLOAD_TOO_LARGE', maximumBytes: LIMIT },
      },
    ],
  });
}

describe('request body limit', () => {
  it('defaults to 1 MiB', () => {
    expect(loadConfig([], {}).maxBodyBytes).toBe(1_048_576);
  });

  it('refuses a declared Content-Length over the bound before a byte of the body arrives', async () => {
    const answer = await rawRequest(gw.url, post(`Content-Length: ${10 * 1024 * 1024}\r\n`));
    expectTooLarge(answer);
    expect(answer.bytesSent).toBe(0);
    expect(answer.closed).toBe(true);
  });

  it('counts a chunked body as it arrives and stops reading once it passes the bound', async () => {
    const piece = `{"query":"${'x'.repeat(500)}`;
    const pieces = Array.from({ length: 2_000 }, () => chunk(piece)); // ~1 MB on offer
    const answer = await rawRequest(gw.url, post('Transfer-Encoding: chunked\r\n'), pieces);
    expectTooLarge(answer);
    expect(answer.closed).toBe(true);
    // The answer came as soon as the bound was passed, not after the whole body.
    expect(answer.bytesSent).toBeLessThan(LIMIT * 4);
  });

  it('accepts a chunked body within the bound', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const answer = await rawRequest(gw.url, post('Transfer-Encoding: chunked\r\n'), [
      chunk(body.slice(0, 10)),
      chunk(body.slice(10)),
      LAST_CHUNK,
    ]);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).data).toEqual({ __typename: 'Query' });
  });

  it('accepts a body of exactly the bound and refuses one byte more', async () => {
    const make = (size: number) => {
      const base = JSON.stringify({ query: '{ __typename }', variables: { pad: '' } });
      return JSON.stringify({ query: '{ __typename }', variables: { pad: 'p'.repeat(size - base.length) } });
    };
    const exact = await gw.post(make(LIMIT));
    expect(exact.status).toBe(200);
    const over = await gw.post(make(LIMIT + 1));
    expect(over.status).toBe(413);
    expect(over.json.errors[0].extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', maximumBytes: LIMIT });
  });
});
