import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatChunk, ChatModelProvider, ChatRequest } from './ChatModel';
import { createCircuitBreaker } from './createCircuitBreaker';
import { createModelRouter, type ModelRouterOptions, type RouterChunk } from './createModelRouter';
import { ProviderErrorCodes as Codes, ProviderError } from './ProviderError';

/** What one call of the scripted provider does: stream tokens, then fail, hang or finish. */
interface Behaviour {
  tokens?: string[];
  error?: ProviderError;
  /** Never finish (until aborted, unless `ignoreSignal`). */
  hang?: boolean;
  ignoreSignal?: boolean;
}

function scriptedProvider(id: string, script: Record<string, Behaviour[]>) {
  const calls: ChatRequest[] = [];
  const provider: ChatModelProvider = {
    id,
    label: id,
    models: [],
    async *stream(request): AsyncIterable<ChatChunk> {
      calls.push(request);
      const behaviour = script[request.model]?.shift() ?? { tokens: ['ok'] };
      for (const text of behaviour.tokens ?? []) yield { type: 'text', text };
      if (behaviour.error) throw behaviour.error;
      if (behaviour.hang) {
        await new Promise<void>((resolve) => {
          if (!behaviour.ignoreSignal) request.signal?.addEventListener('abort', () => resolve());
        });
        return;
      }
      yield { type: 'usage', inputTokens: 3, outputTokens: behaviour.tokens?.length ?? 0 };
      yield { type: 'done', finishReason: 'stop' };
    },
  };
  return { provider, calls };
}

const err = (code: (typeof Codes)[keyof typeof Codes], extra: { retryAfterMs?: number } = {}) =>
  new ProviderError(code, `scripted ${code}`, extra);

function setup(
  script: Record<string, Record<string, Behaviour[]>>,
  options: Partial<ModelRouterOptions> = {},
) {
  const providers = Object.fromEntries(
    Object.entries(script).map(([id, models]) => [id, scriptedProvider(id, models)]),
  );
  const sleeps: number[] = [];
  let clock = 1_000;
  const router = createModelRouter({
    resolveProvider: (id) => {
      const entry = providers[id];
      if (!entry) throw new ProviderError(Codes.notConfigured, `no ${id}`);
      return entry.provider;
    },
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    random: () => 0.5,
    now: () => clock,
    policy: { timeouts: {} },
    ...options,
  });
  const advance = (ms: number) => {
    clock += ms;
  };
  return { router, providers, sleeps, advance, now: () => clock };
}

async function collect(iterable: AsyncIterable<RouterChunk>) {
  const chunks: RouterChunk[] = [];
  try {
    for await (const chunk of iterable) chunks.push(chunk);
    return { chunks, error: undefined };
  } catch (error) {
    return { chunks, error: error as ProviderError };
  }
}

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };
const text = (chunks: RouterChunk[]) => chunks.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join('');
const markers = (chunks: RouterChunk[]) =>
  chunks.flatMap((c) =>
    c.type === 'attempt'
      ? [`attempt ${c.attempt} ${c.kind} ${c.provider}/${c.model}`]
      : c.type === 'restart'
        ? [`restart ${c.attempt}`]
        : c.type === 'skip'
          ? [`skip ${c.provider}/${c.model} ${c.reason}`]
          : [],
  );

afterEach(() => {
  vi.useRealTimers();
});

describe('createModelRouter', () => {
  it('streams the primary model with one attempt marker and no waiting', async () => {
    const { router, sleeps } = setup({ a: { m1: [{ tokens: ['Hel', 'lo'] }] } });
    const { chunks, error } = await collect(
      router.stream({ ...ask, chain: [{ provider: 'a', model: 'm1' }] }),
    );
    expect(error).toBeUndefined();
    expect(chunks[0]).toEqual({
      type: 'attempt',
      attempt: 1,
      kind: 'first',
      provider: 'a',
      model: 'm1',
      delayMs: 0,
    });
    expect(text(chunks)).toBe('Hello');
    expect(chunks.at(-1)).toEqual({ type: 'done', finishReason: 'stop' });
    expect(sleeps).toEqual([]);
  });

  it('retries a retryable failure on the same model with growing full-jitter backoff', async () => {
    const { router, sleeps, providers } = setup({
      a: { m1: [{ error: err(Codes.server) }, { error: err(Codes.network) }, { tokens: ['ok'] }] },
    });
    const { chunks, error } = await collect(
      router.stream({ ...ask, chain: [{ provider: 'a', model: 'm1' }] }),
    );
    expect(error).toBeUndefined();
    expect(markers(chunks)).toEqual(['attempt 1 first a/m1', 'attempt 2 retry a/m1', 'attempt 3 retry a/m1']);
    expect(sleeps).toEqual([250, 500]);
    const third = chunks.find((c) => c.type === 'attempt' && c.attempt === 3);
    expect(third).toMatchObject({ reason: Codes.network, delayMs: 500 });
    expect(providers.a?.calls).toHaveLength(3);
  });

  it('waits at least as long as retry-after asks', async () => {
    const { router, sleeps } = setup({
      a: { m1: [{ error: err(Codes.rateLimit, { retryAfterMs: 3_000 }) }, { tokens: ['ok'] }] },
    });
    const { error } = await collect(router.stream({ ...ask, chain: [{ provider: 'a', model: 'm1' }] }));
    expect(error).toBeUndefined();
    expect(sleeps).toEqual([3_000]);
  });

  it('fails over at once when retry-after is longer than the router will wait', async () => {
    const { router, sleeps, providers } = setup({
      a: { m1: [{ error: err(Codes.rateLimit, { retryAfterMs: 120_000 }) }] },
      b: { m2: [{ tokens: ['from b'] }] },
    });
    const { chunks } = await collect(
      router.stream({
        ...ask,
        chain: [
          { provider: 'a', model: 'm1' },
          { provider: 'b', model: 'm2' },
        ],
      }),
    );
    expect(sleeps).toEqual([]);
    expect(providers.a?.calls).toHaveLength(1);
    expect(text(chunks)).toBe('from b');
  });

  it.each([Codes.auth, Codes.invalidRequest])(
    'skips retries after %s and goes to the next model',
    async (code) => {
      const { router, providers, sleeps } = setup({
        a: { m1: [{ error: err(code) }] },
        b: { m2: [{ tokens: ['fallback'] }] },
      });
      const { chunks, error } = await collect(
        router.stream({
          ...ask,
          chain: [
            { provider: 'a', model: 'm1' },
            { provider: 'b', model: 'm2' },
          ],
        }),
      );
      expect(error).toBeUndefined();
      expect(providers.a?.calls).toHaveLength(1);
      expect(sleeps).toEqual([]);
      expect(markers(chunks)).toEqual(['attempt 1 first a/m1', 'attempt 2 fallback b/m2']);
      expect(chunks.find((c) => c.type === 'attempt' && c.attempt === 2)).toMatchObject({ reason: code });
    },
  );

  it('throws the last error with every attempt once the chain is exhausted', async () => {
    const { router } = setup({
      a: { m1: [{ error: err(Codes.server) }, { error: err(Codes.server) }] },
      b: { m2: [{ error: err(Codes.auth) }] },
    });
    const { error } = await collect(
      router.stream({
        ...ask,
        chain: [
          { provider: 'a', model: 'm1' },
          { provider: 'b', model: 'm2' },
        ],
        policy: { retries: 1 },
      }),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error?.code).toBe(Codes.auth);
    expect(error?.attempts.map((a) => [a.attempt, a.provider, a.code])).toEqual([
      [1, 'a', Codes.server],
      [2, 'a', Codes.server],
      [3, 'b', Codes.auth],
    ]);
    expect(error?.message).toContain('3 attempts, 2 models');
  });

  it('emits a restart marker before the next attempt once text of a failed attempt was streamed', async () => {
    const { router } = setup({
      a: { m1: [{ tokens: ['par', 'tial'], error: err(Codes.network) }] },
      b: { m2: [{ tokens: ['whole'] }] },
    });
    const { chunks } = await collect(
      router.stream({
        ...ask,
        chain: [
          { provider: 'a', model: 'm1' },
          { provider: 'b', model: 'm2' },
        ],
        policy: { retries: 0 },
      }),
    );
    expect(chunks.map((c) => c.type)).toEqual([
      'attempt',
      'text',
      'text',
      'restart',
      'attempt',
      'text',
      'usage',
      'done',
    ]);
    expect(chunks[3]).toMatchObject({ type: 'restart', attempt: 1, provider: 'a', reason: Codes.network });
    const afterRestart = chunks.slice(chunks.findIndex((c) => c.type === 'restart') + 1);
    expect(text(afterRestart)).toBe('whole');
  });

  it('does not emit a restart when the failed attempt streamed no text', async () => {
    const { router } = setup({ a: { m1: [{ error: err(Codes.server) }, { tokens: ['x'] }] } });
    const { chunks } = await collect(router.stream({ ...ask, chain: [{ provider: 'a', model: 'm1' }] }));
    expect(chunks.some((c) => c.type === 'restart')).toBe(false);
  });

  it('keeps partial text and throws (no restart) when a failure after text exhausts the chain', async () => {
    const { router } = setup({ a: { m1: [{ tokens: ['par'], error: err(Codes.network) }] } });
    const { chunks, error } = await collect(
      router.stream({ ...ask, chain: [{ provider: 'a', model: 'm1' }], policy: { retries: 0 } }),
    );
    expect(error?.code).toBe(Codes.network);
    expect(error?.attempts[0]).toMatchObject({ emittedText: true });
    expect(chunks.some((c) => c.type === 'restart')).toBe(false);
  });

  it('skips an unconfigured provider without a call and uses the next model', async () => {
    const { router } = setup({ b: { m2: [{ tokens: ['b'] }] } });
    const { chunks } = await collect(
      router.stream({
        ...ask,
        chain: [
          { provider: 'missing', model: 'x' },
          { provider: 'b', model: 'm2' },
        ],
      }),
    );
    expect(markers(chunks)).toEqual([`skip missing/x ${Codes.notConfigured}`, 'attempt 1 fallback b/m2']);
  });

  it('opens the breaker after consecutive failures, skips the model, then probes after the cooldown', async () => {
    const failures = Array.from({ length: 2 }, () => ({ error: err(Codes.server) }));
    const harness = setup(
      {
        a: { m1: [...failures, { tokens: ['healed'] }] },
        b: { m2: [{ tokens: ['b1'] }, { tokens: ['b2'] }] },
      },
      {},
    );
    const breaker = createCircuitBreaker({ failureThreshold: 2, cooldownMs: 10_000, now: harness.now });
    const router = createModelRouter({
      resolveProvider: (id) => harness.providers[id]!.provider,
      breaker,
      sleep: async () => {},
      random: () => 0,
      now: harness.now,
      policy: { retries: 1, timeouts: {} },
    });
    const chain = [
      { provider: 'a', model: 'm1' },
      { provider: 'b', model: 'm2' },
    ];
    const first = await collect(router.stream({ ...ask, chain }));
    expect(text(first.chunks)).toBe('b1');
    expect(breaker.state('a/m1')).toBe('open');

    const second = await collect(router.stream({ ...ask, chain }));
    expect(markers(second.chunks)).toEqual([`skip a/m1 ${Codes.circuitOpen}`, 'attempt 1 fallback b/m2']);
    expect(harness.providers.a?.calls).toHaveLength(2);

    harness.advance(10_000);
    expect(breaker.state('a/m1')).toBe('half_open');
    const third = await collect(router.stream({ ...ask, chain }));
    expect(text(third.chunks)).toBe('healed');
    expect(breaker.state('a/m1')).toBe('closed');
  });

  it('throws circuit_open with the wait when every model of the chain is open', async () => {
    const harness = setup({ a: { m1: [] } });
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 5_000, now: harness.now });
    breaker.recordFailure('a/m1');
    const router = createModelRouter({ resolveProvider: () => harness.providers.a!.provider, breaker });
    const { error } = await collect(router.stream({ ...ask, chain: [{ provider: 'a', model: 'm1' }] }));
    expect(error?.code).toBe(Codes.circuitOpen);
    expect(error?.retryAfterMs).toBe(5_000);
    expect(harness.providers.a?.calls).toHaveLength(0);
  });

  it('stops at once with cancelled when the caller aborts mid-stream, without retrying', async () => {
    const { router, providers } = setup({ a: { m1: [{ tokens: ['a'], hang: true }] } });
    const controller = new AbortController();
    const seen: RouterChunk[] = [];
    const run = (async () => {
      for await (const chunk of router.stream({
        ...ask,
        signal: controller.signal,
        chain: [{ provider: 'a', model: 'm1' }],
      })) {
        seen.push(chunk);
        if (chunk.type === 'text') controller.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ code: Codes.cancelled });
    expect(providers.a?.calls).toHaveLength(1);
    expect(providers.a?.calls[0]?.signal?.aborted).toBe(true);
  });

  it('stops with cancelled when the caller aborts during backoff', async () => {
    const controller = new AbortController();
    const { router, providers } = setup(
      { a: { m1: [{ error: err(Codes.server) }, { tokens: ['never'] }] } },
      {
        sleep: async () => {
          controller.abort();
        },
      },
    );
    const { error } = await collect(
      router.stream({ ...ask, signal: controller.signal, chain: [{ provider: 'a', model: 'm1' }] }),
    );
    expect(error?.code).toBe(Codes.cancelled);
    expect(providers.a?.calls).toHaveLength(1);
  });

  it('times out a silent first token, retries, and marks the timeout kind', async () => {
    vi.useFakeTimers();
    const { router } = setup(
      { a: { m1: [{ hang: true, ignoreSignal: true }, { tokens: ['late'] }] } },
      { policy: { timeouts: { firstTokenMs: 1_000 } } },
    );
    const result = collect(router.stream({ ...ask, chain: [{ provider: 'a', model: 'm1' }] }));
    await vi.advanceTimersByTimeAsync(1_000);
    const { chunks, error } = await result;
    expect(error).toBeUndefined();
    expect(chunks.find((c) => c.type === 'attempt' && c.attempt === 2)).toMatchObject({
      reason: Codes.timeout,
    });
    expect(text(chunks)).toBe('late');
  });

  it('times out an idle stream after text and restarts visibly', async () => {
    vi.useFakeTimers();
    const { router } = setup(
      { a: { m1: [{ tokens: ['so far'], hang: true }, { tokens: ['again'] }] } },
      { policy: { timeouts: { firstTokenMs: 10_000, idleMs: 500 } } },
    );
    const result = collect(router.stream({ ...ask, chain: [{ provider: 'a', model: 'm1' }] }));
    await vi.advanceTimersByTimeAsync(500);
    const { chunks, error } = await result;
    expect(error).toBeUndefined();
    expect(markers(chunks)).toEqual(['attempt 1 first a/m1', 'restart 1', 'attempt 2 retry a/m1']);
  });

  it('applies per-request policy overrides over the router defaults', async () => {
    const { router, providers } = setup({ a: { m1: [{ error: err(Codes.server) }, { tokens: ['x'] }] } });
    const { error } = await collect(
      router.stream({ ...ask, chain: [{ provider: 'a', model: 'm1' }], policy: { retries: 0 } }),
    );
    expect(error?.code).toBe(Codes.server);
    expect(providers.a?.calls).toHaveLength(1);
  });
});
