import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatChunk } from './ChatModel';
import { ProviderErrorCodes as Codes } from './ProviderError';
import { streamWithTimeouts } from './streamWithTimeouts';

const where = { provider: 'p', model: 'm' };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Emits each step's chunk after its delay; `forever` never returns and ignores its signal. */
function timed(steps: { after: number; chunk: ChatChunk }[], forever = false) {
  const seen: AbortSignal[] = [];
  const start = (signal: AbortSignal) => {
    seen.push(signal);
    return (async function* () {
      for (const step of steps) {
        await wait(step.after);
        yield step.chunk;
      }
      if (forever) await new Promise(() => {});
    })();
  };
  return { start, seen };
}

async function drain(iterable: AsyncIterable<ChatChunk>) {
  const chunks: ChatChunk[] = [];
  try {
    for await (const chunk of iterable) chunks.push(chunk);
    return { chunks };
  } catch (error) {
    return { chunks, error: error as { code: string; timeout?: string } };
  }
}

const text = (t: string): ChatChunk => ({ type: 'text', text: t });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('streamWithTimeouts', () => {
  it('passes a stream through that keeps inside every limit', async () => {
    const { start } = timed([
      { after: 90, chunk: text('a') },
      { after: 90, chunk: text('b') },
      { after: 90, chunk: { type: 'done', finishReason: 'stop' } },
    ]);
    const result = drain(
      streamWithTimeouts(start, undefined, { firstTokenMs: 100, idleMs: 100, totalMs: 1_000 }, where),
    );
    await vi.advanceTimersByTimeAsync(300);
    expect((await result).chunks.map((c) => c.type)).toEqual(['text', 'text', 'done']);
  });

  it('fails with first_token when no text arrives in time, even though other chunks do', async () => {
    const { start, seen } = timed([
      { after: 50, chunk: { type: 'usage', inputTokens: 1, outputTokens: 0 } },
      { after: 500, chunk: text('late') },
    ]);
    const result = drain(streamWithTimeouts(start, undefined, { firstTokenMs: 200 }, where));
    await vi.advanceTimersByTimeAsync(200);
    const { error } = await result;
    expect(error).toMatchObject({ code: Codes.timeout, timeout: 'first_token' });
    expect(seen[0]?.aborted).toBe(true);
  });

  it('fails with idle when the gap between chunks is too long, even if the provider ignores its signal', async () => {
    const { start } = timed([{ after: 10, chunk: text('a') }], true);
    const result = drain(streamWithTimeouts(start, undefined, { idleMs: 300 }, where));
    await vi.advanceTimersByTimeAsync(310);
    const { chunks, error } = await result;
    expect(chunks).toEqual([text('a')]);
    expect(error).toMatchObject({ code: Codes.timeout, timeout: 'idle' });
  });

  it('fails with total when the attempt outlives its deadline', async () => {
    const steps = Array.from({ length: 10 }, () => ({ after: 100, chunk: text('x') }));
    const { start } = timed(steps);
    const result = drain(streamWithTimeouts(start, undefined, { idleMs: 150, totalMs: 450 }, where));
    await vi.advanceTimersByTimeAsync(450);
    const { chunks, error } = await result;
    expect(chunks).toHaveLength(4);
    expect(error).toMatchObject({ code: Codes.timeout, timeout: 'total' });
  });

  it('turns a caller abort into cancelled right away', async () => {
    const controller = new AbortController();
    const { start, seen } = timed([{ after: 10, chunk: text('a') }], true);
    const result = drain(streamWithTimeouts(start, controller.signal, {}, where));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    const { error } = await result;
    expect(error).toMatchObject({ code: Codes.cancelled });
    expect(seen[0]?.aborted).toBe(true);
  });

  it('reports cancelled when the provider ends quietly after the caller aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { start } = timed([]);
    const { error } = await drain(streamWithTimeouts(start, controller.signal, {}, where));
    expect(error).toMatchObject({ code: Codes.cancelled });
  });

  it('aborts the provider when the consumer stops early', async () => {
    const { start, seen } = timed([{ after: 1, chunk: text('a') }], true);
    const result = (async () => {
      for await (const _ of streamWithTimeouts(start, undefined, {}, where)) break;
    })();
    await vi.advanceTimersByTimeAsync(1);
    await result;
    expect(seen[0]?.aborted).toBe(true);
  });
});
