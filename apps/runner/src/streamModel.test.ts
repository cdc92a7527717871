import { readRun } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import type { ModelEvent } from './callModel';
import { type CallCarry, streamModel } from './streamModel';
import { nodeContextFor, scriptedTurns } from './test/runFixture';

const attempt = (n: number, model = 'm1'): ModelEvent => ({
  type: 'attempt',
  attempt: n,
  provider: 'fake',
  model,
});
const text = (t: string): ModelEvent => ({ type: 'text', text: t });
const usage = (inputTokens: number, outputTokens: number): ModelEvent => ({
  type: 'usage',
  inputTokens,
  outputTokens,
});
const done: ModelEvent = { type: 'done', finishReason: 'stop' };
const request = (signal = new AbortController().signal) => ({
  chain: [{ provider: 'fake', model: 'm1' }],
  prompt: 'hi',
  retries: 2,
  signal,
});

describe('streamModel', () => {
  it('streams text into the node output and keeps attempt, usage and cost in the document', async () => {
    const model = scriptedTurns([attempt(1), text('Hel'), text('lo'), usage(4, 2), done]);
    let attempts = 0;
    const { doc, ctx, graph } = nodeContextFor(model, {
      onAttempt: () => {
        attempts += 1;
      },
      estimateCost: (_p, _m, u) => (u.inputTokens + u.outputTokens) / 100,
    });

    const result = await streamModel(graph.nodes[0]!, ctx, request(), true);
    ctx.writer.flush();

    expect(result).toMatchObject({
      status: 'succeeded',
      output: 'Hello',
      attempt: 1,
      provider: 'fake',
      model: 'm1',
      inputTokens: 4,
      outputTokens: 2,
      costUsd: 0.06,
    });
    expect(attempts).toBe(1);
    expect(readRun(doc)?.nodes.a).toMatchObject({
      output: 'Hello',
      attempt: 1,
      provider: 'fake',
      model: 'm1',
      usage: { inputTokens: 4, outputTokens: 2 },
      attempts: [{ attempt: 1, provider: 'fake', model: 'm1', startedAt: 100, finishedAt: 100 }],
    });
  });

  it('keeps the text out of the document when not streaming (a router deciding)', async () => {
    const { doc, ctx, graph } = nodeContextFor(scriptedTurns([attempt(1), text('yes'), done]));

    const result = await streamModel(graph.nodes[0]!, ctx, request(), false);
    ctx.writer.flush();

    expect(result.output).toBe('yes');
    expect(readRun(doc)?.nodes.a?.output).toBe('');
  });

  it('shows a failed attempt and restarts the output visibly when the next attempt starts over', async () => {
    const { doc, ctx, graph } = nodeContextFor(
      scriptedTurns([
        attempt(1),
        text('half an ans'),
        { type: 'attempt_failed', attempt: 1, code: 'synapse.provider.network', message: 'reset' },
        { type: 'restart', attempt: 1 },
        attempt(2, 'm2'),
        text('whole answer'),
        done,
      ]),
    );

    const result = await streamModel(graph.nodes[0]!, ctx, request(), true);
    ctx.writer.flush();

    expect(result).toMatchObject({ status: 'succeeded', output: 'whole answer', attempt: 2, model: 'm2' });
    const node = readRun(doc)?.nodes.a;
    expect(node?.output).toBe('whole answer');
    expect(node?.attempts).toEqual([
      expect.objectContaining({ attempt: 1, code: 'synapse.provider.network', error: 'reset' }),
      expect.objectContaining({ attempt: 2, model: 'm2', finishedAt: 100 }),
    ]);
  });

  it('fails with the error code of what the call threw, on the open attempt', async () => {
    const timeout = Object.assign(new Error('no first token in 1000 ms'), {
      code: 'synapse.provider.timeout',
    });
    const { doc, ctx, graph } = nodeContextFor(scriptedTurns([attempt(1), timeout]));

    const result = await streamModel(graph.nodes[0]!, ctx, request(), true);

    expect(result).toMatchObject({
      status: 'failed',
      error: 'no first token in 1000 ms',
      errorCode: 'synapse.provider.timeout',
    });
    expect(readRun(doc)?.nodes.a?.attempts).toEqual([
      expect.objectContaining({ code: 'synapse.provider.timeout', error: 'no first token in 1000 ms' }),
    ]);
  });

  it('reports cancelled, not failed, when the run was aborted', async () => {
    const controller = new AbortController();
    controller.abort('cancelled');
    const { ctx, graph } = nodeContextFor(scriptedTurns([attempt(1), new Error('aborted')]), {
      signal: controller.signal,
    });

    const result = await streamModel(graph.nodes[0]!, ctx, request(controller.signal), true);

    expect(result.status).toBe('cancelled');
  });

  it('continues attempts, usage and cost from earlier turns with a carry; an unknown price makes cost unknown', async () => {
    const model = scriptedTurns(
      [attempt(1), text('a'), usage(1, 1), done],
      [attempt(1), text('b'), usage(2, 3), done],
    );
    const prices: (number | null)[] = [0.5, null];
    const { ctx, graph } = nodeContextFor(model, { estimateCost: () => prices.shift() as number | null });
    const carry: CallCarry = { attempts: [], inputTokens: 0, outputTokens: 0, costUsd: 0 };

    await streamModel(graph.nodes[0]!, ctx, request(), true, carry);
    expect(carry).toMatchObject({ inputTokens: 1, outputTokens: 1, costUsd: 0.5 });
    const second = await streamModel(graph.nodes[0]!, ctx, request(), true, carry);

    expect(second).toMatchObject({ inputTokens: 3, outputTokens: 4, costUsd: null });
    expect(carry.attempts).toHaveLength(2);
  });
});
