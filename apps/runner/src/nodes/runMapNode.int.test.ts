import { createModelRouter, createProviderRegistry } from '@synapse/providers';
import {
  ErrorCodes,
  initRunDoc,
  normalizeGraph,
  RUNNER_ORIGIN,
  readRun,
  type WorkflowGraph,
} from '@synapse/schema';
import { type FakeLlm, fakeReplyText, startFakeOpenAI } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createCallModel } from '../createCallModel';
import { createRunWriter } from '../createRunWriter';
import { executeRun } from '../executeRun';

// A Map over 20 items with a cap of 4, run by the real executor through the real router and OpenAI SDK
// against the fake: the list comes from an upstream agent's output, each item is one request.
describe('map node on the fake provider', () => {
  let openai: FakeLlm;
  beforeAll(async () => {
    openai = await startFakeOpenAI();
  });
  afterAll(async () => {
    await openai?.close();
  });
  beforeEach(() => openai.reset());

  const ITEMS = Array.from({ length: 20 }, (_, i) => `item-${i}`);

  function graph(map: Record<string, unknown>): WorkflowGraph {
    return normalizeGraph({
      nodes: [
        {
          id: 'ideas',
          type: 'agent',
          position: { x: 0, y: 0 },
          data: { key: 'ideas', provider: 'openai', model: 'gpt-4o-mini', userPrompt: 'List the ideas' },
        },
        {
          id: 'each',
          type: 'map',
          position: { x: 0, y: 0 },
          data: {
            key: 'each',
            list: '{{nodes.ideas.output}}',
            listFormat: 'json',
            provider: 'openai',
            model: 'gpt-4o-mini',
            userPrompt: 'Expand {{item}}',
            systemPrompt: 'You expand item number {{index}}',
            retries: 0,
            concurrency: 4,
            ...map,
          },
        },
        { id: 'out', type: 'output', position: { x: 0, y: 0 }, data: { key: 'out' } },
      ],
      edges: [
        { source: 'ideas', target: 'each' },
        { source: 'each', target: 'out' },
      ],
    });
  }

  async function runMap(g: WorkflowGraph, cancelAtCall?: number) {
    const registry = createProviderRegistry({
      credentials: async (id) => (id === 'openai' ? { apiKey: 'sk-test', baseURL: openai.baseURL } : null),
    });
    const router = createModelRouter({
      resolveProvider: (id) => registry.get(id),
      policy: { backoff: { baseMs: 5, maxMs: 20 }, timeouts: { firstTokenMs: 5000, idleMs: 5000 } },
    });
    const doc = new Y.Doc();
    initRunDoc(
      doc,
      { runId: 'r', workflowId: 'w', versionId: 'v', requestedBy: 'u', createdAt: 0, graph: g },
      RUNNER_ORIGIN,
    );
    const writer = createRunWriter(doc, { coalesceMs: 0 });
    const run = new AbortController();
    const routed = createCallModel(router);
    let calls = 0;
    const outcome = await executeRun({
      graph: g,
      inputs: {},
      // Cancels the run (as the API's cancel does) when call number `cancelAtCall` starts.
      callModel: (request) => {
        calls += 1;
        if (calls === cancelAtCall) run.abort('cancelled');
        return routed(request);
      },
      writer,
      signal: run.signal,
      concurrency: 4,
      now: Date.now,
    });
    writer.dispose();
    return { outcome, run: readRun(doc)! };
  }

  /** The list reply, then items whose answers take longer the earlier they are, so they finish out of order. */
  function scriptItems(failing?: number) {
    openai.script({ match: { prompt: 'List the ideas' }, text: JSON.stringify(ITEMS) });
    for (const [i, item] of ITEMS.entries()) {
      const match = { prompt: `Expand ${item}` };
      if (i === failing) openai.script({ match, kind: 'status', status: 400, delayBeforeHeadersMs: 30 });
      else openai.script({ match, delayBeforeHeadersMs: 30 + (ITEMS.length - i) * 4 });
    }
  }

  const expandCalls = () => openai.requests.filter((r) => r.prompt?.startsWith('Expand '));

  it('runs 20 items with at most 4 in flight and collects the results in list order', async () => {
    scriptItems();
    const { outcome, run } = await runMap(graph({}));
    expect(outcome.status).toBe('succeeded');
    expect(openai.peakInFlight()).toBe(4);
    expect(expandCalls()).toHaveLength(20);
    const results = JSON.parse(run.nodes.each?.output ?? '');
    expect(results).toEqual(ITEMS.map((item) => fakeReplyText('gpt-4o-mini', `Expand ${item}`)));
    // The system prompt got the item's index; the output node received the array.
    const seventh = expandCalls().find((r) => r.prompt === 'Expand item-7');
    expect(JSON.stringify(seventh?.body)).toContain('You expand item number 7');
    expect(JSON.parse(run.nodes.out?.output ?? '')).toEqual(results);
    expect(run.nodes.each?.items?.map((i) => i.status)).toEqual(ITEMS.map(() => 'succeeded'));
    expect(run.nodes.each?.items?.[3]).toMatchObject({ attempt: 1, output: results[3] });
    expect(run.nodes.each?.usage?.outputTokens).toBeGreaterThan(0);
  });

  it('fail policy: a failing item fails the node, cancels what did not start, and skips downstream', async () => {
    scriptItems(5);
    const { outcome, run } = await runMap(graph({ failurePolicy: 'fail' }));
    expect(outcome.status).toBe('failed');
    expect(run.nodes.each).toMatchObject({ status: 'failed', errorCode: ErrorCodes.providerInvalidRequest });
    expect(run.nodes.each?.error).toMatch(/^item 5 failed: /);
    const items = run.nodes.each?.items ?? [];
    expect(items[5]).toMatchObject({ status: 'failed', errorCode: ErrorCodes.providerInvalidRequest });
    expect(items.filter((i) => i.status === 'cancelled').length).toBeGreaterThan(0);
    expect(expandCalls().length).toBeLessThan(20);
    expect(run.nodes.out?.status).toBe('skipped');
  });

  it('skip policy: the failing item becomes null and is listed as failed; the node and run succeed', async () => {
    scriptItems(5);
    const { outcome, run } = await runMap(graph({ failurePolicy: 'skip' }));
    expect(outcome.status).toBe('succeeded');
    const results = JSON.parse(run.nodes.each?.output ?? '');
    expect(results[5]).toBeNull();
    expect(results.filter((r: unknown) => r === null)).toHaveLength(1);
    expect(results[6]).toBe(fakeReplyText('gpt-4o-mini', 'Expand item-6'));
    const failed = (run.nodes.each?.items ?? []).filter((i) => i.status === 'failed').map((i) => i.index);
    expect(failed).toEqual([5]);
    expect(run.nodes.each?.status).toBe('succeeded');
  });

  it('cancelling the run cancels the items in flight and those not started; nothing more is sent', async () => {
    scriptItems();
    // Call 1 is the list; calls 2–5 are the first four items; the run is cancelled as item 4 starts.
    const { outcome, run } = await runMap(graph({}), 5);
    expect(outcome.status).toBe('cancelled');
    expect(run.nodes.each?.status).toBe('cancelled');
    const items = run.nodes.each?.items ?? [];
    expect(items.filter((i) => i.status === 'succeeded')).toEqual([]);
    expect(items.every((i) => i.status === 'cancelled')).toBe(true);
    expect(expandCalls().length).toBeLessThanOrEqual(4);
  });

  it('a list that is not a JSON array fails the node before any item call', async () => {
    openai.script({ match: { prompt: 'List the ideas' }, text: 'not json at all' });
    const { run } = await runMap(graph({}));
    expect(run.nodes.each).toMatchObject({ status: 'failed', errorCode: ErrorCodes.runMapList });
    expect(expandCalls()).toHaveLength(0);
  });
});
