import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeLlm } from './FakeLlm';
import { fakeReplyText } from './planFakeReply';
import { startFakeOpenAI } from './startFakeOpenAI';

let fake: FakeLlm;
beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: 'sk-1' });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function post(body: object, key = 'sk-1', signal?: AbortSignal) {
  return fetch(`${fake.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}
const chat = (extra: object = {}) => ({
  model: 'fake-gpt',
  messages: [{ role: 'user', content: 'ping pong' }],
  ...extra,
});
const dataLines = (raw: string) =>
  raw
    .split('\n\n')
    .filter(Boolean)
    .map((frame) => frame.replace(/^data: /, ''));

describe('startFakeOpenAI on the wire', () => {
  it('streams chat.completion.chunk frames, a usage chunk when asked, then [DONE]', async () => {
    const response = await post(chat({ stream: true, stream_options: { include_usage: true } }));
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const frames = dataLines(await response.text());
    expect(frames.at(-1)).toBe('[DONE]');
    const chunks = frames.slice(0, -1).map((f) => JSON.parse(f));
    expect(chunks[0].choices[0].delta).toMatchObject({ role: 'assistant' });
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe(fakeReplyText('fake-gpt', 'ping pong'));
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 2, completion_tokens: 6 } });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it('sends no usage chunk and no usage field without include_usage', async () => {
    const frames = dataLines(await (await post(chat({ stream: true }))).text());
    const chunks = frames.slice(0, -1).map((f) => JSON.parse(f));
    expect(chunks.every((c) => !('usage' in c))).toBe(true);
  });

  it('records method, path, headers, parsed body, time and outcome', async () => {
    const before = Date.now();
    await (await post(chat())).json();
    expect(fake.requests[0]).toMatchObject({
      index: 0,
      method: 'POST',
      path: '/v1/chat/completions',
      model: 'fake-gpt',
      prompt: 'ping pong',
      stream: false,
      kind: 'reply',
      outcome: 'completed',
      body: chat(),
    });
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-1');
    expect(fake.requests[0]?.time).toBeGreaterThanOrEqual(before);
  });

  it('answers a wrong key with 401 and scripted statuses with retry headers and the error envelope', async () => {
    expect((await post(chat(), 'nope')).status).toBe(401);
    fake.script({ kind: 'status', status: 429, retryAfter: 3, retryAfterMs: 3_000 });
    const limited = await post(chat({ stream: true }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.headers.get('retry-after-ms')).toBe('3000');
    expect(await limited.json()).toMatchObject({ error: { type: 'requests', code: 'rate_limit_exceeded' } });
    expect(fake.requests.map((r) => r.kind)).toEqual(['unauthorized', 'status']);
  });

  it('truncated ends cleanly with neither finish_reason nor [DONE]', async () => {
    fake.script({ kind: 'truncated', afterChunks: 2 });
    const frames = dataLines(await (await post(chat({ stream: true }))).text());
    expect(frames).toHaveLength(3);
    expect(frames).not.toContain('[DONE]');
    expect(frames.map((f) => JSON.parse(f).choices[0].finish_reason)).toEqual([null, null, null]);
  });

  it('stall keeps the socket open until the client leaves, and records that', async () => {
    fake.script({ kind: 'stall', afterChunks: 1 });
    const controller = new AbortController();
    const response = await post(chat({ stream: true }), 'sk-1', controller.signal);
    const reader = response.body!.getReader();
    await reader.read();
    expect(fake.requests[0]?.outcome).toBe('pending');
    controller.abort();
    expect(await fake.settled(0)).toMatchObject({ outcome: 'client_closed', chunksSent: 1 });
  });

  it('non-stream faults: a dropped socket and a cut-off JSON body', async () => {
    fake.script({ kind: 'disconnect' }, { kind: 'truncated' });
    await expect(post(chat())).rejects.toThrow();
    const cut = await post(chat());
    await expect(cut.json()).rejects.toThrow();
    expect(fake.requests.map((r) => r.outcome)).toEqual(['disconnected', 'truncated']);
  });

  it('lists models and 404s unknown routes in the OpenAI envelope', async () => {
    const models = await (await fetch(`${fake.baseURL}/models`)).json();
    expect(models).toMatchObject({
      object: 'list',
      data: [{ id: 'fake-gpt', object: 'model' }, { id: 'fake-gpt-mini' }],
    });
    const missing = await fetch(`${fake.baseURL}/embeddings`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect(fake.callsFor('fake-gpt')).toHaveLength(0);
  });
});
