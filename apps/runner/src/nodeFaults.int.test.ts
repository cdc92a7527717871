import { createModelRouter, createProviderRegistry } from '@synapse/providers';
import { initRunDoc, normalizeGraph, RUNNER_ORIGIN, readRun, type WorkflowGraph } from '@synapse/schema';
import { type FakeLlm, fakeReplyText, startFakeAnthropic, startFakeOpenAI } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createCallModel } from './createCallModel';
import { createRunWriter } from './createRunWriter';
import { executeRun } from './executeRun';

// One agent node whose chain is OpenAI gpt-4o-mini → Anthropic claude-haiku, run by the real executor
// through the real router and SDKs against the fake servers: per fault class, the node's final status,
// attempt list and the fallback taken.
describe('node outcome per provider fault', () => {
  let openai: FakeLlm;
  let anthropic: FakeLlm;
  beforeAll(async () => {
    [openai, anthropic] = await Promise.all([startFakeOpenAI(), startFakeAnthropic()]);
  });
  afterAll(async () => {
    await Promise.all([openai?.close(), anthropic?.close()]);
  });
  beforeEach(() => {
    openai.reset();
    anthropic.reset();
  });

  const PROMPT = 'Summarise the tides';
  const graph: WorkflowGraph = normalizeGraph({
    nodes: [
      {
        id: 'a',
        type: 'agent',
        position: { x: 0, y: 0 },
        data: {
          provider: 'openai',
          model: 'gpt-4o-mini',
          userPrompt: PROMPT,
          retries: 1,
          timeoutMs: 1500,
          fallbacks: [{ provider: 'anthropic', model: 'claude-haiku' }],
        },
      },
    ],
    edges: [],
  });

  async function runNode(signal = new AbortController().signal) {
    const registry = createProviderRegistry({
      credentials: async (id) =>
        id === 'openai'
          ? { apiKey: 'sk-test', baseURL: openai.baseURL }
          : id === 'anthropic'
            ? { apiKey: 'sk-ant-test', baseURL: anthropic.baseURL }
            : null,
    });
    const router = createModelRouter({
      resolveProvider: (id) => registry.get(id),
      policy: { backoff: { baseMs: 5, maxMs: 20 }, timeouts: { firstTokenMs: 1000, idleMs: 400 } },
    });
    const doc = new Y.Doc();
    initRunDoc(
      doc,
      { runId: 'r', workflowId: 'w', versionId: 'v', requestedBy: 'u', createdAt: 0, graph },
      RUNNER_ORIGIN,
    );
    const writer = createRunWriter(doc, { coalesceMs: 0 });
    const outcome = await executeRun({
      graph,
      inputs: {},
      callModel: createCallModel(router),
      writer,
      signal,
      concurrency: 1,
      now: Date.now,
    });
    writer.dispose();
    return { outcome, node: readRun(doc)!.nodes.a! };
  }

  const summary = (node: Awaited<ReturnType<typeof runNode>>['node']) =>
    (node.attempts ?? []).map((a) => `${a.provider}/${a.model}:${a.code ?? 'ok'}`);

  it('429 with retry-after: retried on the same model after the wait, then succeeds', async () => {
    openai.script({ kind: 'status', status: 429, retryAfter: 0.05 });
    const { node } = await runNode();
    expect(node).toMatchObject({ status: 'succeeded', attempt: 2, provider: 'openai', model: 'gpt-4o-mini' });
    expect(node.output).toBe(fakeReplyText('gpt-4o-mini', PROMPT));
    expect(summary(node)).toEqual([
      'openai/gpt-4o-mini:synapse.provider.rate_limit',
      'openai/gpt-4o-mini:ok',
    ]);
  });

  it('500 twice: retries exhausted, falls back to Anthropic', async () => {
    openai.script({ kind: 'status', status: 500, times: 2 });
    const { node } = await runNode();
    expect(node).toMatchObject({
      status: 'succeeded',
      attempt: 3,
      provider: 'anthropic',
      model: 'claude-haiku',
    });
    expect(node.output).toBe(fakeReplyText('claude-haiku', PROMPT));
    expect(summary(node)).toEqual([
      'openai/gpt-4o-mini:synapse.provider.server',
      'openai/gpt-4o-mini:synapse.provider.server',
      'anthropic/claude-haiku:ok',
    ]);
    expect(openai.callsFor('gpt-4o-mini')).toHaveLength(2);
  });

  it('401: no retry, straight to the fallback', async () => {
    openai.script({ kind: 'status', status: 401 });
    const { node } = await runNode();
    expect(node.status).toBe('succeeded');
    expect(summary(node)).toEqual(['openai/gpt-4o-mini:synapse.provider.auth', 'anthropic/claude-haiku:ok']);
    expect(openai.callsFor('gpt-4o-mini')).toHaveLength(1);
  });

  it('disconnect mid-stream: the output restarts visibly, no text of the dead attempt survives', async () => {
    openai.script({ kind: 'disconnect', afterChunks: 2 });
    const { node } = await runNode();
    expect(node).toMatchObject({ status: 'succeeded', attempt: 2 });
    expect(node.output).toBe(fakeReplyText('gpt-4o-mini', PROMPT));
    expect(summary(node)[0]).toBe('openai/gpt-4o-mini:synapse.provider.network');
  });

  it('stall: the idle timeout fires, then the retry succeeds', async () => {
    openai.script({ kind: 'stall', afterChunks: 1 });
    const { node } = await runNode();
    expect(node).toMatchObject({ status: 'succeeded', attempt: 2 });
    expect(summary(node)[0]).toBe('openai/gpt-4o-mini:synapse.provider.timeout');
  });

  it('truncated stream: classified and retried', async () => {
    openai.script({ kind: 'truncated', afterChunks: 2 });
    const { node } = await runNode();
    expect(node.status).toBe('succeeded');
    expect(summary(node)[0]).toBe('openai/gpt-4o-mini:synapse.provider.truncated_stream');
  });

  it('slow tokens within the limits: one attempt', async () => {
    openai.script({ kind: 'slow', tokenDelayMs: 30 });
    const { node } = await runNode();
    expect(summary(node)).toEqual(['openai/gpt-4o-mini:ok']);
  });

  it('every model failing: the node fails with the last error and every attempt listed', async () => {
    openai.script({ kind: 'status', status: 500, times: Number.POSITIVE_INFINITY });
    anthropic.script({ kind: 'status', status: 400, times: Number.POSITIVE_INFINITY });
    const { outcome, node } = await runNode();
    expect(outcome.status).toBe('failed');
    expect(node).toMatchObject({ status: 'failed', errorCode: 'synapse.provider.invalid_request' });
    expect(summary(node)).toEqual([
      'openai/gpt-4o-mini:synapse.provider.server',
      'openai/gpt-4o-mini:synapse.provider.server',
      'anthropic/claude-haiku:synapse.provider.invalid_request',
    ]);
  });

  it('cancel mid-stream reaches the HTTP request and leaves the node cancelled', async () => {
    openai.script({ kind: 'slow', tokenDelayMs: 200 });
    const controller = new AbortController();
    const pending = runNode(controller.signal);
    while (!openai.requests.some((r) => r.chunksSent > 0)) await new Promise((r) => setTimeout(r, 10));
    controller.abort('cancelled');
    const { outcome, node } = await pending;
    expect(outcome.status).toBe('cancelled');
    expect(node.status).toBe('cancelled');
    const request = await openai.settled(openai.requests.length - 1);
    expect(request.outcome).toBe('client_closed');
    expect(anthropic.requests).toHaveLength(0);
  });
});
