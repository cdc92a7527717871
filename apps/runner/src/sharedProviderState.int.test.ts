import { randomBytes } from 'node:crypto';
import {
  connectRedis,
  createProviderKeyStore,
  createWorkspacesRepo,
  type Database,
  type ProviderKeyStore,
  parseMasterKeyring,
  type Redis,
  type RunRow,
} from '@synapse/db';
import { createOpenAIProvider } from '@synapse/providers';
import { type RedisServerHandle, startRedisServer } from '@synapse/testkit';
import { type FakeLlm, seededRandom, startFakeOpenAI } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ModelEvent } from './callModel';
import { createRunServices } from './createRunServices';
import { openTestDatabase } from './test/runFixture';

const RUN = { id: 'run-1', workspaceId: 'ws' } as RunRow;
const LOOPBACK = { allowPrivate: false, allow: ['127.0.0.0/8', '::1/128'] };

// Two runners (two sets of run services, each with its own Redis connection) in one process, sharing one
// Redis: the provider state one of them learns — a key that is rate limited, a model whose breaker opened —
// holds for the other, while calls are spread over a provider's keys by weight.
describe('provider state shared by runners through Redis', () => {
  let redisServer: RedisServerHandle;
  let fake: FakeLlm;
  let database: Database;
  let store: ProviderKeyStore;
  let heavy: string;
  let light: string;
  const fallbacks: unknown[] = [];
  const clients: Redis[] = [];
  const closers: (() => Promise<void>)[] = [];

  async function runner(seed: number, now: () => number = Date.now) {
    const redis = connectRedis(redisServer.url);
    clients.push(redis);
    await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
    const services = createRunServices({
      sql: database.sql,
      // `solo` is one key served by this process: the breaker test's model, away from the balanced keys.
      providers: [createOpenAIProvider({ id: 'solo', apiKey: 'sk-solo-key', baseURL: fake.baseURL })],
      keyStore: store,
      addressPolicy: LOOPBACK,
      routerPolicy: { retries: 0 },
      redis,
      onSharedStateFallback: (error) => fallbacks.push(error),
      cooldownPolicy: { rateLimitMs: 10 * 60_000 },
      random: seededRandom(seed),
      now,
    });
    closers.push(() => services.close());
    return services;
  }

  async function call(services: Awaited<ReturnType<typeof runner>>, provider: string, model = 'fake-gpt') {
    const events: ModelEvent[] = [];
    try {
      for await (const event of services.servicesFor(RUN).callModel({
        chain: [{ provider, model }],
        prompt: 'hello',
        retries: 0,
        signal: new AbortController().signal,
      })) {
        events.push(event);
      }
      return { events, error: null };
    } catch (error) {
      return { events, error: error as Error & { code?: string } };
    }
  }

  /** Completion requests per API key, as the fake saw them. */
  const perKey = () => {
    const counts: Record<string, number> = {};
    for (const request of fake.callsFor('fake-gpt')) {
      const key = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  };

  beforeAll(async () => {
    [redisServer, fake] = await Promise.all([startRedisServer(), startFakeOpenAI()]);
    ({ database } = await openTestDatabase());
    await createWorkspacesRepo(database.sql).ensure({ id: 'ws', name: 'Workspace' });
    store = createProviderKeyStore(database.sql, {
      masterKeys: parseMasterKeyring(`k1:${randomBytes(32).toString('base64')}`),
    });
    const base = { workspaceId: 'ws', provider: 'openai', baseUrl: fake.baseURL, createdBy: 'u' };
    heavy = 'sk-heavy-key-3';
    light = 'sk-light-key-1';
    await store.save({ ...base, apiKey: heavy, weight: 3 });
    await store.save({ ...base, apiKey: light, weight: 1 });
  });
  afterAll(async () => {
    for (const close of closers) await close();
    for (const client of clients) client.disconnect();
    await database?.close();
    await fake?.close();
    await redisServer?.stop();
  });
  beforeEach(() => fake.reset());

  it('spreads calls over the keys of a provider by weight (3:1 over 400 calls)', async () => {
    const a = await runner(42);
    for (let i = 0; i < 400; i++) {
      const { error } = await call(a, 'openai');
      expect(error).toBeNull();
    }
    const counts = perKey();
    expect((counts[heavy] ?? 0) + (counts[light] ?? 0)).toBe(400);
    // Expected 300:100; the binomial standard deviation is about 8.7, so ±35 is four of them.
    expect(counts[heavy]).toBeGreaterThan(265);
    expect(counts[heavy]).toBeLessThan(335);
  });

  it('a key rate limited for one runner cools down for every runner, and the call moves to the other key', async () => {
    const a = await runner(7);
    const b = await runner(8);
    fake.script({ kind: 'status', status: 429 });
    const first = await call(a, 'openai');
    // The 429 stayed inside the attempt: the other key answered at once.
    expect(first.error).toBeNull();
    const [limited] = fake.callsFor('fake-gpt');
    const limitedKey = limited?.headers.authorization?.replace(/^Bearer /, '');
    expect([heavy, light]).toContain(limitedKey);
    fake.reset();
    for (let i = 0; i < 20; i++) {
      expect((await call(a, 'openai')).error).toBeNull();
      expect((await call(b, 'openai')).error).toBeNull();
    }
    const counts = perKey();
    expect(counts[limitedKey as string]).toBeUndefined();
    expect(Object.values(counts)).toEqual([40]);
  });

  it("one runner's 429 storm opens the breaker for the other, which then makes no call", async () => {
    const a = await runner(1);
    const b = await runner(2);
    fake.script({ kind: 'status', status: 429, times: Number.POSITIVE_INFINITY });
    for (let i = 0; i < 5; i++) {
      const { error } = await call(a, 'solo');
      expect(error?.code).toBe('synapse.provider.rate_limit');
    }
    expect(fake.callsFor('fake-gpt')).toHaveLength(5);
    const skipped = await call(b, 'solo');
    expect(skipped.error?.code).toBe('synapse.provider.circuit_open');
    expect(fake.callsFor('fake-gpt')).toHaveLength(5);
  });

  it('after the cooldown exactly one runner probes, and its success closes the breaker for both', async () => {
    let offset = 0;
    const clock = () => Date.now() + offset;
    const a = await runner(5, clock);
    const b = await runner(6, clock);
    fake.script({ kind: 'status', status: 429, times: 5 });
    for (let i = 0; i < 5; i++) await call(a, 'solo', 'probe-gpt');
    expect((await call(b, 'solo', 'probe-gpt')).error?.code).toBe('synapse.provider.circuit_open');
    offset += 30_000;
    // The probe is slow to answer: while it is out, the other runner is refused.
    fake.script({ delayBeforeHeadersMs: 3_000 });
    const probe = call(a, 'solo', 'probe-gpt');
    await expect.poll(() => fake.callsFor('probe-gpt').length).toBe(6);
    expect((await call(b, 'solo', 'probe-gpt')).error?.code).toBe('synapse.provider.circuit_open');
    expect((await probe).error).toBeNull();
    expect((await call(b, 'solo', 'probe-gpt')).error).toBeNull();
    expect(fake.callsFor('probe-gpt')).toHaveLength(7);
  });

  it('with Redis gone each runner keeps its own breaker (fails open to per-process), and shares again after', async () => {
    const b = await runner(3);
    fake.script({ kind: 'status', status: 429, times: Number.POSITIVE_INFINITY });
    await redisServer.stop();
    const before = fallbacks.length;
    // Runner b never saw a failure itself: without Redis it calls, as a runner without Redis would.
    const { error } = await call(b, 'solo');
    expect(error?.code).toBe('synapse.provider.rate_limit');
    expect(fake.callsFor('fake-gpt')).toHaveLength(1);
    expect(fallbacks.length).toBeGreaterThan(before);

    await redisServer.restart();
    await expect.poll(() => clients.every((c) => c.status === 'ready'), { timeout: 20_000 }).toBe(true);
    const a = await runner(4);
    for (let i = 0; i < 5; i++) await call(a, 'solo');
    expect(fake.callsFor('fake-gpt')).toHaveLength(6);
    expect((await call(b, 'solo')).error?.code).toBe('synapse.provider.circuit_open');
    expect(fake.callsFor('fake-gpt')).toHaveLength(6);
  });
});
