import { describe, expect, it } from 'vitest';
import type { ChatChunk } from './ChatModel';
import { createLocalModel, LOCAL_MODEL_LABEL, localModelReply } from './localModel';

async function collect(iterable: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> {
  const out: ChatChunk[] = [];
  for await (const chunk of iterable) out.push(chunk);
  return out;
}

const request = {
  model: 'local-demo',
  system: 'You are a researcher.',
  messages: [{ role: 'user' as const, content: 'Tides' }],
};

describe('local model', () => {
  it('is deterministic and labelled', () => {
    expect(localModelReply(request)).toBe(localModelReply(request));
    expect(localModelReply(request)).toContain(LOCAL_MODEL_LABEL);
    expect(localModelReply(request)).toContain('researcher');
    expect(localModelReply({ ...request, messages: [{ role: 'user', content: 'Volcanoes' }] })).not.toBe(
      localModelReply(request),
    );
  });

  it('streams the reply token by token, then usage and done', async () => {
    const chunks = await collect(createLocalModel({ tokenDelayMs: 0 }).stream(request));
    const text = chunks.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join('');
    expect(text).toBe(localModelReply(request));
    expect(chunks.filter((c) => c.type === 'text').length).toBeGreaterThan(10);
    expect(chunks.at(-2)).toMatchObject({ type: 'usage', inputTokens: 5 });
    expect(chunks.at(-1)).toEqual({ type: 'done', finishReason: 'stop' });
  });

  it('honours maxTokens and reports a length stop', async () => {
    const chunks = await collect(createLocalModel({ tokenDelayMs: 0 }).stream({ ...request, maxTokens: 3 }));
    expect(chunks.filter((c) => c.type === 'text')).toHaveLength(3);
    expect(chunks.at(-1)).toEqual({ type: 'done', finishReason: 'length' });
  });

  it('stops streaming when aborted', async () => {
    const controller = new AbortController();
    const seen: ChatChunk[] = [];
    for await (const chunk of createLocalModel({ tokenDelayMs: 0 }).stream({
      ...request,
      signal: controller.signal,
    })) {
      seen.push(chunk);
      if (seen.length === 2) controller.abort();
    }
    expect(seen).toHaveLength(2);
  });
});
