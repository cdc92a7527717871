import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeLlm } from './FakeLlm';
import { startFakeAnthropic } from './startFakeAnthropic';

let fake: FakeLlm;
beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function post(body: object) {
  return fetch(`${fake.baseURL}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': 'any', 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'fake-claude',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'a b c' }],
      ...body,
    }),
  });
}
const events = (raw: string) =>
  raw
    .split('\n\n')
    .filter(Boolean)
    .map((frame) => {
      const [eventLine, dataLine] = frame.split('\n');
      const data = JSON.parse(dataLine!.replace(/^data: /, ''));
      expect(eventLine).toBe(`event: ${data.type}`);
      return data;
    });

describe('startFakeAnthropic on the wire', () => {
  it('streams the real event sequence with named SSE events', async () => {
    fake.script({ tokens: ['x', 'y'] });
    const sequence = events(await (await post({ stream: true })).text());
    expect(sequence.map((e) => e.type)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(sequence[0].message.usage.input_tokens).toBe(3);
    expect(sequence[3].delta).toEqual({ type: 'text_delta', text: 'x' });
    expect(sequence[6]).toMatchObject({ delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } });
  });

  it('reports max_tokens when the limit cuts the reply', async () => {
    const sequence = events(await (await post({ stream: true, max_tokens: 1 })).text());
    expect(sequence.find((e) => e.type === 'message_delta').delta.stop_reason).toBe('max_tokens');
  });

  it('sends an error event mid-stream and ends there', async () => {
    fake.script({ kind: 'error_event', afterChunks: 1, errorType: 'overloaded_error' });
    const sequence = events(await (await post({ stream: true })).text());
    expect(sequence.at(-1)).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    expect(sequence.some((e) => e.type === 'message_stop')).toBe(false);
  });

  it('answers scripted statuses in the Anthropic error envelope', async () => {
    fake.script({ match: { model: 'fake-claude' }, kind: 'status', status: 529 });
    const response = await post({});
    expect(response.status).toBe(529);
    expect(await response.json()).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'overloaded_error (scripted)' },
    });
  });

  it('lists models in the Anthropic page shape', async () => {
    const page = await (await fetch(`${fake.baseURL}/v1/models`)).json();
    expect(page).toMatchObject({
      has_more: false,
      first_id: 'fake-claude',
      data: [{ type: 'model', id: 'fake-claude' }, {}],
    });
  });
});
