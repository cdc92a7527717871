import { type FakeLlm, fakeReplyText, startFakeOpenAI } from '@synapse/testkit/fakes';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatChunk } from './ChatModel';
import { createOpenAIProvider } from './createOpenAIProvider';
import { ProviderErrorCodes as Codes, ProviderError } from './ProviderError';

let fake: FakeLlm;
beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: 'sk-test' });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const provider = () => createOpenAIProvider({ apiKey: 'sk-test', baseURL: fake.baseURL });
const request = {
  model: 'fake-gpt',
  system: 'Be brief.',
  messages: [{ role: 'user' as const, content: 'Tell me about tides' }],
};

async function drain(iterable: AsyncIterable<ChatChunk>) {
  const chunks: ChatChunk[] = [];
  try {
    for await (const chunk of iterable) chunks.push(chunk);
    return { chunks, error: undefined };
  } catch (error) {
    return { chunks, error: error as ProviderError };
  }
}
const textOf = (chunks: ChatChunk[]) => chunks.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join('');

describe('createOpenAIProvider against the fake through the real SDK', () => {
  it('streams text, then usage and done, asking for usage and sending the key', async () => {
    const { chunks, error } = await drain(provider().stream(request));
    expect(error).toBeUndefined();
    expect(textOf(chunks)).toBe(fakeReplyText('fake-gpt', 'Tell me about tides'));
    expect(chunks.at(-2)).toEqual({ type: 'usage', inputTokens: 6, outputTokens: 8 });
    expect(chunks.at(-1)).toEqual({ type: 'done', finishReason: 'stop' });
    const [call] = fake.requests;
    expect(call?.headers.authorization).toBe('Bearer sk-test');
    expect(call?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Tell me about tides' },
      ],
    });
    expect(call?.headers['x-stainless-retry-count']).toBe('0');
  });

  it('maps the token limit to a length stop, sending the configured parameter', async () => {
    const compatible = createOpenAIProvider({
      apiKey: 'sk-test',
      baseURL: fake.baseURL,
      maxTokensParam: 'max_tokens',
    });
    const { chunks } = await drain(compatible.stream({ ...request, maxTokens: 2 }));
    expect(chunks.filter((c) => c.type === 'text')).toHaveLength(2);
    expect(chunks.at(-1)).toEqual({ type: 'done', finishReason: 'length' });
    expect(fake.requests[0]?.body).toMatchObject({ max_tokens: 2 });
  });

  it('throws truncated_stream when the stream ends without a finish_reason', async () => {
    fake.script({ kind: 'truncated', afterChunks: 3 });
    const { chunks, error } = await drain(provider().stream(request));
    expect(chunks.filter((c) => c.type === 'text')).toHaveLength(3);
    expect(error).toMatchObject({ code: Codes.truncatedStream, retryable: true, provider: 'openai' });
  });

  it('classifies a wrong key as auth without retrying', async () => {
    const wrong = createOpenAIProvider({ apiKey: 'sk-wrong', baseURL: fake.baseURL });
    const { error } = await drain(wrong.stream(request));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: Codes.auth, retryable: false, status: 401 });
    expect(fake.requests).toHaveLength(1);
  });

  it('classifies a 429 with retry-after and a dropped socket', async () => {
    fake.script({ kind: 'status', status: 429, retryAfter: 7 }, { kind: 'disconnect', afterChunks: 2 });
    expect((await drain(provider().stream(request))).error).toMatchObject({
      code: Codes.rateLimit,
      retryAfterMs: 7_000,
    });
    const dropped = await drain(provider().stream(request));
    expect(dropped.error).toMatchObject({ code: Codes.network, retryable: true });
    expect(textOf(dropped.chunks)).toBe('Fake fake-gpt ');
    expect(fake.requests.map((r) => r.outcome)).toEqual(['status', 'disconnected']);
  });

  it('classifies a mid-stream error frame as a server error', async () => {
    fake.script({ kind: 'error_event', afterChunks: 1 });
    expect((await drain(provider().stream(request))).error).toMatchObject({ code: Codes.server });
  });

  it('stops when the signal aborts mid-stream, and the fake sees the client go away', async () => {
    fake.script({ kind: 'slow', tokenDelayMs: 40 });
    const controller = new AbortController();
    const seen: ChatChunk[] = [];
    const { error } = await drain(
      (async function* () {
        for await (const chunk of provider().stream({ ...request, signal: controller.signal })) {
          seen.push(chunk);
          if (seen.length === 2) controller.abort();
          yield chunk;
        }
      })(),
    );
    expect(error).toMatchObject({ code: Codes.cancelled });
    expect(seen).toHaveLength(2);
    const record = await fake.settled(0);
    expect(record.outcome).toBe('client_closed');
    expect(record.chunksSent).toBeLessThan(8);
  });

  it('lists the endpoint models', async () => {
    expect((await provider().listModels?.())?.map((m) => m.id)).toEqual(['fake-gpt', 'fake-gpt-mini']);
  });
});

describe('the fake OpenAI server through the raw SDK', () => {
  const client = () => new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseURL, maxRetries: 0 });

  it('answers non-streaming requests with a chat.completion object', async () => {
    const completion = await client().chat.completions.create({
      model: 'fake-gpt-mini',
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(completion.choices[0]?.message.content).toBe(fakeReplyText('fake-gpt-mini', 'hello'));
    expect(completion.usage).toMatchObject({ prompt_tokens: 1, completion_tokens: 5 });
  });

  it('streams a scripted text through the SDK helper and omits usage unless asked', async () => {
    fake.script({ match: { prompt: /weather/ }, text: 'Sunny all day.' });
    const stream = client().chat.completions.stream({
      model: 'fake-gpt',
      messages: [{ role: 'user', content: 'the weather?' }],
    });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe('Sunny all day.');
    expect(final.usage ?? null).toBeNull();
  });

  it("lets the SDK's own retry loop read the fake's retry-after-ms", async () => {
    fake.script({ kind: 'status', status: 503, retryAfterMs: 5 });
    const retrying = new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseURL, maxRetries: 1 });
    const completion = await retrying.chat.completions.create({
      model: 'fake-gpt',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(fake.callsFor('fake-gpt').map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1']);
  });
});
