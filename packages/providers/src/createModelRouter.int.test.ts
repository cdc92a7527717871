import { type FakeLlm, fakeReplyText, startFakeAnthropic, startFakeOpenAI } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatModelProvider } from './ChatModel';
import { createAnthropicProvider } from './createAnthropicProvider';
import { createModelRouter, type RoutedChatRequest, type RouterChunk } from './createModelRouter';
import { createOpenAIProvider } from './createOpenAIProvider';
import { ProviderErrorCodes as Codes, type ProviderError } from './ProviderError';

let openai: FakeLlm;
let anthropic: FakeLlm;
let providers: Record<string, ChatModelProvider>;
let sleeps: number[];

beforeAll(async () => {
  openai = await startFakeOpenAI({ apiKey: 'sk-test' });
  anthropic = await startFakeAnthropic({ apiKey: 'ak-test' });
  providers = {
    openai: createOpenAIProvider({ apiKey: 'sk-test', baseURL: openai.baseURL }),
    'openai-revoked': createOpenAIProvider({
      id: 'openai-revoked',
      apiKey: 'sk-revoked',
      baseURL: openai.baseURL,
    }),
    anthropic: createAnthropicProvider({ apiKey: 'ak-test', baseURL: anthropic.baseURL }),
  };
});
afterAll(async () => {
  await openai.close();
  await anthropic.close();
});
beforeEach(() => {
  openai.reset();
  anthropic.reset();
  sleeps = [];
});

/** Real SDKs and sockets; backoff goes through a recording sleep so no test waits for it. */
function router() {
  return createModelRouter({
    resolveProvider: (id) => providers[id]!,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
    policy: { retries: 2, timeouts: { firstTokenMs: 400, idleMs: 400 } },
  });
}

const PROMPT = 'Summarise the plan';
const GPT = { provider: 'openai', model: 'fake-gpt' };
const CLAUDE = { provider: 'anthropic', model: 'fake-claude' };

async function run(request: Partial<RoutedChatRequest> & Pick<RoutedChatRequest, 'chain'>) {
  const chunks: RouterChunk[] = [];
  try {
    for await (const chunk of router().stream({
      messages: [{ role: 'user', content: PROMPT }],
      ...request,
    })) {
      chunks.push(chunk);
    }
    return { chunks, error: undefined };
  } catch (error) {
    return { chunks, error: error as ProviderError };
  }
}

const attempts = (chunks: RouterChunk[]) =>
  chunks.flatMap((c) =>
    c.type === 'attempt' ? [`${c.attempt}:${c.kind}:${c.model}:${c.reason ?? '-'}`] : [],
  );
/** The text a caller ends up showing: everything after the last restart marker. */
const finalText = (chunks: RouterChunk[]) =>
  chunks
    .slice(chunks.findLastIndex((c) => c.type === 'restart') + 1)
    .flatMap((c) => (c.type === 'text' ? [c.text] : []))
    .join('');

describe('createModelRouter over real SDKs and the fake servers', () => {
  it('429 with retry-after: waits what the server asked, then succeeds on the same model', async () => {
    openai.script({ kind: 'status', status: 429, retryAfter: 2 });
    const { chunks, error } = await run({ chain: [GPT, CLAUDE] });
    expect(error).toBeUndefined();
    expect(sleeps).toEqual([2_000]);
    expect(attempts(chunks)).toEqual(['1:first:fake-gpt:-', `2:retry:fake-gpt:${Codes.rateLimit}`]);
    expect(finalText(chunks)).toBe(fakeReplyText('fake-gpt', PROMPT));
    expect(openai.callsFor('fake-gpt')).toHaveLength(2);
    expect(anthropic.requests).toHaveLength(0);
  });

  it('500: retried on the same model, then falls back to the next provider', async () => {
    openai.script({ kind: 'status', status: 500, times: 3 });
    const { chunks, error } = await run({ chain: [GPT, CLAUDE] });
    expect(error).toBeUndefined();
    expect(attempts(chunks)).toEqual([
      '1:first:fake-gpt:-',
      `2:retry:fake-gpt:${Codes.server}`,
      `3:retry:fake-gpt:${Codes.server}`,
      `4:fallback:fake-claude:${Codes.server}`,
    ]);
    expect(openai.callsFor('fake-gpt')).toHaveLength(3);
    expect(anthropic.callsFor('fake-claude')).toHaveLength(1);
    expect(finalText(chunks)).toBe(fakeReplyText('fake-claude', PROMPT));
  });

  it('401: no retries, straight to the fallback', async () => {
    const { chunks, error } = await run({
      chain: [{ provider: 'openai-revoked', model: 'fake-gpt' }, CLAUDE],
    });
    expect(error).toBeUndefined();
    expect(attempts(chunks)).toEqual(['1:first:fake-gpt:-', `2:fallback:fake-claude:${Codes.auth}`]);
    expect(openai.callsFor('fake-gpt')).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('disconnect mid-stream: a restart marker, then attempt 2 streams the whole answer', async () => {
    openai.script({ kind: 'disconnect', afterChunks: 3 });
    const { chunks, error } = await run({ chain: [GPT] });
    expect(error).toBeUndefined();
    const types = chunks.map((c) => c.type);
    expect(types.slice(0, 6)).toEqual(['attempt', 'text', 'text', 'text', 'restart', 'attempt']);
    expect(chunks[4]).toMatchObject({ type: 'restart', attempt: 1, reason: Codes.network });
    expect(chunks[5]).toMatchObject({ type: 'attempt', attempt: 2, kind: 'retry' });
    expect(finalText(chunks)).toBe(fakeReplyText('fake-gpt', PROMPT));
    expect(openai.requests.map((r) => r.outcome)).toEqual(['disconnected', 'completed']);
  });

  it('disconnect mid-stream on Anthropic restarts the same way', async () => {
    anthropic.script({ kind: 'disconnect', afterChunks: 2 });
    const { chunks } = await run({ chain: [CLAUDE] });
    expect(chunks.filter((c) => c.type === 'restart')).toHaveLength(1);
    expect(finalText(chunks)).toBe(fakeReplyText('fake-claude', PROMPT));
  });

  it('stall: the idle watchdog fires, the stalled socket is closed, the fallback answers', async () => {
    openai.script({ kind: 'stall', afterChunks: 2 });
    const { chunks, error } = await run({ chain: [GPT, CLAUDE], policy: { retries: 0 } });
    expect(error).toBeUndefined();
    const restart = chunks.find((c) => c.type === 'restart');
    expect(restart).toMatchObject({
      reason: Codes.timeout,
      message: expect.stringContaining('no chunk within 400 ms'),
    });
    expect(finalText(chunks)).toBe(fakeReplyText('fake-claude', PROMPT));
    expect((await openai.settled(0)).outcome).toBe('client_closed');
  });

  it('truncated: the stream ending without its terminal frames is a truncated_stream failure', async () => {
    openai.script({ kind: 'truncated', afterChunks: 2, times: 2 });
    const { chunks, error } = await run({ chain: [GPT], policy: { retries: 1 } });
    expect(error).toMatchObject({ code: Codes.truncatedStream });
    expect(error?.attempts.map((a) => [a.attempt, a.code, a.emittedText])).toEqual([
      [1, Codes.truncatedStream, true],
      [2, Codes.truncatedStream, true],
    ]);
    expect(chunks.filter((c) => c.type === 'restart')).toHaveLength(1);
    expect(openai.requests.map((r) => r.outcome)).toEqual(['truncated', 'truncated']);
  });

  it('slow tokens that stay within the idle limit succeed in one attempt', async () => {
    openai.script({ kind: 'slow', tokenDelayMs: 60 });
    const { chunks, error } = await run({ chain: [GPT] });
    expect(error).toBeUndefined();
    expect(attempts(chunks)).toEqual(['1:first:fake-gpt:-']);
    expect(finalText(chunks)).toBe(fakeReplyText('fake-gpt', PROMPT));
  });

  it.each([
    ['after the headers', { delayBeforeFirstTokenMs: 5_000 }],
    ['before the headers', { delayBeforeHeadersMs: 5_000 }],
  ])('first-token timeout %s: fails over and closes the slow request', async (_, delay) => {
    openai.script({ ...delay });
    const { chunks, error } = await run({ chain: [GPT, CLAUDE], policy: { retries: 0 } });
    expect(error).toBeUndefined();
    expect(attempts(chunks)).toEqual(['1:first:fake-gpt:-', `2:fallback:fake-claude:${Codes.timeout}`]);
    expect(chunks.some((c) => c.type === 'restart')).toBe(false);
    expect((await openai.settled(0)).outcome).toBe('client_closed');
  });

  it('abort mid-stream: stops with cancelled, makes no other call, and the fake sees the socket closed', async () => {
    openai.script({ kind: 'slow', tokenDelayMs: 50 });
    const controller = new AbortController();
    const seen: RouterChunk[] = [];
    const routed = router();
    const iterate = async () => {
      for await (const chunk of routed.stream({
        messages: [{ role: 'user', content: PROMPT }],
        chain: [GPT, CLAUDE],
        signal: controller.signal,
      })) {
        seen.push(chunk);
        if (seen.filter((c) => c.type === 'text').length === 2) controller.abort();
      }
    };
    await expect(iterate()).rejects.toMatchObject({ code: Codes.cancelled });
    const record = await openai.settled(0);
    expect(record.outcome).toBe('client_closed');
    expect(record.chunksSent).toBeLessThan(8);
    expect(openai.requests).toHaveLength(1);
    expect(anthropic.requests).toHaveLength(0);
    expect(routed.breaker.state('openai/fake-gpt')).toBe('closed');
  });
});
