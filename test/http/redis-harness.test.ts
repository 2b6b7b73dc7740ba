/**
 * The Redis harness itself: a real redis-server on a free loopback port that answers, empties on
 * flush(), and is really gone after close() (process reaped, port closed), so cache tests built
 * on it cannot leak servers or see each other's keys.
 */
import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../support/redis.ts';

const servers: RedisServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function started(): Promise<RedisServer> {
  const server = await startRedis();
  servers.push(server);
  return server;
}

/** Whether anything accepts a TCP connection on 127.0.0.1:port. */
const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Whether a process with this id exists (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

describe('startRedis', () => {
  it('serves SET/GET on loopback, empties on flush, and is gone after close', async () => {
    const server = await started();
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(alive(server.pid)).toBe(true);

    const client = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await client.connect();
      await client.set('harness:key', 'value');
      expect(await client.get('harness:key')).toBe('value');
      await server.flush();
      expect(await client.get('harness:key')).toBeNull();
    } finally {
      client.disconnect();
    }

    await server.close();
    expect(alive(server.pid)).toBe(false);
    expect(await portOpen(server.port)).toBe(false);
    await server.close(); // a second close is harmless (afterAll calls it again)
  });

  it('starts servers side by side on distinct ports, each with its own data', async () => {
    const [a, b] = await Promise.all([started(), started()]);
    expect(a.port).not.toBe(b.port);
    const ca = new Redis(a.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    const cb = new Redis(b.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await Promise.all([ca.connect(), cb.connect()]);
      await ca.set('only-in-a', '1');
      expect(await cb.get('only-in-a')).toBeNull();
      // Nothing persisted: no RDB save points, no AOF.
      expect(await ca.config('GET', 'save')).toEqual(['save', '']);
      expect(await ca.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
    } finally {
      ca.disconnect();
      cb.disconnect();
    }
  });
});
