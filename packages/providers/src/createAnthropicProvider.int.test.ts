import Anthropic from '@anthropic-ai/sdk';
import { type FakeLlm, fakeReplyText, startFakeAnthropic } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatChunk } from './ChatModel';
import { createAnthropicProvider } from './createAnthropicProvider';
import { ProviderErrorCodes as Codes, type ProviderError } from './ProviderError';

let fake: FakeLlm;
beforeAll(async () => {
  fake = await startFakeAnthropic({ apiKey: 'ak-test' });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const provider = (apiKey = 'ak-test') => createAnthropicProvider({ apiKey, baseURL: fake.baseURL });
const request = {
  model: 'fake-claude',
  system: 'You are terse.',
  messages: [{ role: 'user' as const, content: 'Explain volcanoes' }],
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

describe('createAnthropicProvider against the fake through the real SDK', () => {
  it('streams text, usage from message_start/message_delta, and done', async () => {
    const { chunks, error } = await drain(provider().stream(request));
    expect(error).toBeUndefined();
    expect(textOf(chunks)).toBe(fakeReplyText('fake-claude', 'Explain volcanoes'));
    expect(chunks.at(-2)).toEqual({ type: 'usage', inputTokens: 5, outputTokens: 6 });
    expect(chunks.at(-1)).toEqual({ type: 'done', finishReason: 'stop' });
    const [call] = fake.requests;
    expect(call?.headers.authorization).toBe('Bearer ak-test');
    expect(call?.headers['anthropic-version']).toBeTruthy();
    expect(call?.body).toMatchObject({ system: 'You are terse.', max_tokens: 4096, stream: true });
  });

  it('maps max_tokens to a length stop', async () => {
    const { chunks } = await drain(provider().stream({ ...request, maxTokens: 3 }));
    expect(chunks.filter((c) => c.type === 'text')).toHaveLength(3);
    expect(chunks.at(-1)).toEqual({ type: 'done', finishReason: 'length' });
  });

  it('throws truncated_stream when message_stop never comes', async () => {
    fake.script({ kind: 'truncated' });
    const { chunks, error } = await drain(provider().stream(request));
    expect(textOf(chunks)).toBe(fakeReplyText('fake-claude', 'Explain volcanoes'));
    expect(error).toMatchObject({ code: Codes.truncatedStream, provider: 'anthropic', model: 'fake-claude' });
  });

  it('classifies 401, 529 and a mid-stream overloaded error', async () => {
    expect((await drain(provider('wrong').stream(request))).error).toMatchObject({
      code: Codes.auth,
      status: 401,
    });
    fake.script({ kind: 'status', status: 529 }, { kind: 'error_event', afterChunks: 2 });
    expect((await drain(provider().stream(request))).error).toMatchObject({
      code: Codes.server,
      status: 529,
    });
    const midStream = await drain(provider().stream(request));
    expect(midStream.error).toMatchObject({ code: Codes.server, retryable: true });
    expect(midStream.chunks).toHaveLength(2);
  });

  it('stops when the signal aborts mid-stream, and the fake sees the client go away', async () => {
    fake.script({ kind: 'slow', tokenDelayMs: 40 });
    const controller = new AbortController();
    let texts = 0;
    const { error } = await drain(
      (async function* () {
        for await (const chunk of provider().stream({ ...request, signal: controller.signal })) {
          if (chunk.type === 'text' && ++texts === 2) controller.abort();
          yield chunk;
        }
      })(),
    );
    expect(error).toMatchObject({ code: Codes.cancelled });
    expect(texts).toBe(2);
    expect((await fake.settled(0)).outcome).toBe('client_closed');
  });

  it('lists the endpoint models', async () => {
    expect((await provider().listModels?.())?.map((m) => m.id)).toEqual(['fake-claude', 'fake-claude-haiku']);
  });
});

describe('the fake Anthropic server through the raw SDK', () => {
  const client = () => new Anthropic({ apiKey: 'ak-test', baseURL: fake.baseURL, maxRetries: 0 });

  it('satisfies the MessageStream helper and non-streaming create', async () => {
    fake.script({ tokens: ['Hel', 'lo'] });
    const message = await client()
      .messages.stream({ model: 'fake-claude', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] })
      .finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: 'Hello' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.output_tokens).toBe(2);

    const plain = await client().messages.create({
      model: 'fake-claude-haiku',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'plain' }],
    });
    expect(plain.content[0]).toEqual({ type: 'text', text: fakeReplyText('fake-claude-haiku', 'plain') });
  });

  it('accepts the key as x-api-key too', async () => {
    const response = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'ak-test', 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'fake-claude',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'k' }],
      }),
    });
    expect(response.status).toBe(200);
  });
});
