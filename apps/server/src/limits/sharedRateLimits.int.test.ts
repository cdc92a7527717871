import { connectRedis, type Redis } from '@synapse/db';
import { type RedisServerHandle, startRedisServer } from '@synapse/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_APP_TIMEOUT_MS, type TestApp } from '../http/test/createTestApp';

// Two apps over their own databases but one Redis act as two servers behind a load balancer: sign-in
// attempts are counted once, whichever server receives them.
describe('rate limits shared through Redis', () => {
  let redisServer: RedisServerHandle;
  const clients: Redis[] = [];
  let a: TestApp;
  let b: TestApp;

  const connected = async (url: string) => {
    const client = connectRedis(url);
    clients.push(client);
    await new Promise<void>((resolve) => client.once('ready', () => resolve()));
    return client;
  };
  const signIn = (app: TestApp, email: string) =>
    app.request('/api/auth/login', { body: { email, password: 'not the password' } });

  beforeAll(async () => {
    redisServer = await startRedisServer();
    const rateLimits = { signIn: { attempts: 3, perSeconds: 600 } };
    a = await createTestApp({ rateLimits, redis: await connected(redisServer.url) });
    b = await createTestApp({ rateLimits, redis: await connected(redisServer.url) });
  }, TEST_APP_TIMEOUT_MS);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    for (const client of clients) client.disconnect();
    await redisServer?.stop();
  });

  it('attempts on one server count against the limit on the other', async () => {
    expect((await signIn(a, 'x@example.test')).status).toBe(401);
    expect((await signIn(b, 'x@example.test')).status).toBe(401);
    expect((await signIn(a, 'x@example.test')).status).toBe(401);
    const refused = await signIn(b, 'x@example.test');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await signIn(a, 'x@example.test')).status).toBe(429);
  });

  it('with Redis gone each server falls back to the same limit counted on its own, and shares again after', async () => {
    await redisServer.stop();
    // Neither open to brute force nor locked: each server allows the rule's attempts, then refuses.
    const onA = [];
    for (let i = 0; i < 4; i++) onA.push((await signIn(a, 'x@example.test')).status);
    expect(onA).toEqual([401, 401, 401, 429]);
    const onB = [];
    for (let i = 0; i < 4; i++) onB.push((await signIn(b, 'x@example.test')).status);
    expect(onB).toEqual([401, 401, 401, 429]);

    await redisServer.restart();
    await expect
      .poll(() => clients.every((client) => client.status === 'ready'), { timeout: 20_000 })
      .toBe(true);
    // The restarted Redis is empty: counting starts again, shared.
    expect((await signIn(a, 'y@example.test')).status).toBe(401);
    expect((await signIn(b, 'y@example.test')).status).toBe(401);
    expect((await signIn(a, 'y@example.test')).status).toBe(401);
    expect((await signIn(b, 'y@example.test')).status).toBe(429);
  });
});
