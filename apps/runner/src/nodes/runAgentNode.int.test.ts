import { createModelRouter, createProviderRegistry } from '@synapse/providers';
import {
  ErrorCodes,
  initRunDoc,
  normalizeGraph,
  RUNNER_ORIGIN,
  readRun,
  type WorkflowGraph,
} from '@synapse/schema';
import { type FakeLlm, fakeReplyText, startFakeAnthropic, startFakeOpenAI } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { NodeToolbox } from '../callModel';
import { createCallModel } from '../createCallModel';
import { createRunWriter } from '../createRunWriter';
import { executeRun } from '../executeRun';

// Structured output through the real executor, router and SDKs against the fake providers: a Map
// over a field of a structured output, and structured output combined with tools on both wires.
describe('structured output on the fake providers', () => {
  let openai: FakeLlm;
  let anthropic: FakeLlm;
  beforeAll(async () => {
    openai = await startFakeOpenAI({ apiKey: 'sk-test' });
    anthropic = await startFakeAnthropic({ apiKey: 'sk-ant-test' });
  });
  afterAll(async () => {
    await Promise.all([openai?.close(), anthropic?.close()]);
  });
  beforeEach(() => {
    openai.reset();
    anthropic.reset();
  });

  const triageSchema = {
    type: 'object',
    properties: {
      priority: { type: 'string', enum: ['high', 'low'] },
      items: { type: 'array', items: { type: 'string' } },
    },
    required: ['priority', 'items'],
  };

  const at = { x: 0, y: 0 };
  function graph(triage: Record<string, unknown>, rest: { id: string }[] = []): WorkflowGraph {
    return normalizeGraph({
      nodes: [
        {
          id: 'triage',
          type: 'agent',
          position: at,
          data: {
            key: 'triage',
            provider: 'openai',
            model: 'triage-gpt',
            userPrompt: 'Triage the ticket',
            outputSchema: triageSchema,
            retries: 0,
            ...triage,
          },
        },
        ...rest,
      ],
      edges: rest.map((n) => ({ source: 'triage', target: n.id })),
    });
  }

  /** Tools for one lookup tool that answers from a table, remembering its calls. */
  function lookupToolbox() {
    const calls: string[] = [];
    const toolbox: NodeToolbox = {
      async open() {
        return {
          tools: [
            {
              ref: 'mcp:tickets:lookup',
              name: 'lookup',
              description: 'Look a ticket up',
              inputSchema: { type: 'object', properties: { id: { type: 'number' } } },
            },
          ],
          async call(_name, args) {
            calls.push(args);
            return { content: 'ticket 7: printer on fire, two floors affected', isError: false };
          },
        };
      },
    };
    return { toolbox, calls };
  }

  async function run(g: WorkflowGraph, toolbox?: NodeToolbox) {
    const registry = createProviderRegistry({
      credentials: async (id) => {
        if (id === 'openai') return { apiKey: 'sk-test', baseURL: openai.baseURL };
        if (id === 'anthropic') return { apiKey: 'sk-ant-test', baseURL: anthropic.baseURL };
        return null;
      },
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
    const outcome = await executeRun({
      graph: g,
      inputs: {},
      callModel: createCallModel(router),
      writer,
      signal: new AbortController().signal,
      concurrency: 4,
      now: Date.now,
      ...(toolbox ? { toolbox } : {}),
    });
    writer.dispose();
    return { outcome, run: readRun(doc)! };
  }

  it('a Map runs once per item of a structured field ({{nodes.triage.output.items}})', async () => {
    openai.script(
      { match: { model: 'triage-gpt' }, text: 'The items are: backup, restore' },
      { match: { model: 'triage-gpt' }, text: '{"priority":"low","items":["backup","restore","audit"]}' },
    );
    const each = {
      id: 'each',
      type: 'map',
      position: at,
      data: {
        key: 'each',
        list: '{{nodes.triage.output.items}}',
        listFormat: 'json',
        provider: 'openai',
        model: 'item-gpt',
        userPrompt: 'Plan {{item}} ({{nodes.triage.output.priority}})',
        concurrency: 2,
      },
    };
    const { outcome, run: done } = await run(graph({}, [each]));
    expect(outcome.status).toBe('succeeded');
    // The first reply was prose: one repair, then the items fed the map.
    expect(openai.callsFor('triage-gpt')).toHaveLength(2);
    expect(JSON.parse(done.nodes.each?.output ?? '')).toEqual(
      ['backup', 'restore', 'audit'].map((item) => fakeReplyText('item-gpt', `Plan ${item} (low)`)),
    );
    expect(done.nodes.each?.items?.map((i) => i.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });

  it('a Map over a structured field that is missing fails on the list, before any item call', async () => {
    openai.script({ match: { model: 'triage-gpt' }, text: '{"priority":"low","items":[]}' });
    const each = {
      id: 'each',
      type: 'map',
      position: at,
      data: { key: 'each', list: '{{nodes.triage.output.owner}}', provider: 'openai', model: 'item-gpt' },
    };
    const { run: done } = await run(graph({}, [each]));
    expect(done.nodes.each).toMatchObject({ status: 'failed', errorCode: ErrorCodes.runMapList });
    expect(openai.callsFor('item-gpt')).toHaveLength(0);
  });

  it('OpenAI with tools: the tool loop runs in JSON mode, the final answer is repaired once and validated', async () => {
    openai.script(
      { match: { model: 'triage-gpt' }, toolCalls: [{ id: 'c1', name: 'lookup', arguments: { id: 7 } }] },
      { match: { model: 'triage-gpt' }, text: 'High: the printer is on fire.' },
      { match: { model: 'triage-gpt' }, text: '{"priority":"high","items":["evacuate","call facilities"]}' },
    );
    const { toolbox, calls } = lookupToolbox();
    const { outcome, run: done } = await run(graph({ tools: ['mcp:tickets:lookup'] }), toolbox);
    expect(outcome.status).toBe('succeeded');
    expect(calls).toEqual(['{"id":7}']);
    expect(done.nodes.triage).toMatchObject({
      status: 'succeeded',
      output: '{"priority":"high","items":["evacuate","call facilities"]}',
      toolCalls: [{ id: 'c1', name: 'lookup', status: 'succeeded', iteration: 1 }],
    });
    const requests = openai.callsFor('triage-gpt').map((r) => r.body as Record<string, unknown>);
    expect(requests).toHaveLength(3);
    // JSON mode and the tools on every turn (the API takes both; JSON mode constrains only the text).
    for (const body of requests) {
      expect(body.response_format).toEqual({ type: 'json_object' });
      expect((body.tools as { function: { name: string } }[]).map((t) => t.function.name)).toEqual([
        'lookup',
      ]);
    }
    // The repair continues the conversation: the tool call and its result, the bad answer, the problem.
    const repair = requests[2]?.messages as { role: string; content: string | null }[];
    expect(repair.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant', 'user']);
    expect(repair[4]?.content).toBe('High: the printer is on fire.');
    expect(repair[5]?.content).toMatch(/^That reply does not fit: the reply is not JSON\. Reply with only/);
  });

  it('Anthropic with tools: no JSON mode on that wire; the instruction and validation carry it, then fail clearly', async () => {
    anthropic.script(
      { match: { model: 'triage-claude' }, toolCalls: [{ id: 't1', name: 'lookup', arguments: { id: 7 } }] },
      { match: { model: 'triage-claude' }, text: '{"priority":"urgent","items":[]}' },
      { match: { model: 'triage-claude' }, text: '{"priority":"soon","items":[]}' },
    );
    const { toolbox } = lookupToolbox();
    const { outcome, run: done } = await run(
      graph({ provider: 'anthropic', model: 'triage-claude', tools: ['mcp:tickets:lookup'] }),
      toolbox,
    );
    expect(outcome.status).toBe('failed');
    expect(done.nodes.triage).toMatchObject({
      status: 'failed',
      errorCode: ErrorCodes.runInvalidOutput,
      error:
        'the reply does not match the output schema, even after one repair: $.priority must be one of "high", "low"',
    });
    const requests = anthropic.callsFor('triage-claude').map((r) => r.body as Record<string, unknown>);
    expect(requests).toHaveLength(3);
    expect(requests[0]?.system).toMatch(/matches this JSON Schema/);
    expect(requests.every((b) => !('response_format' in b) && Array.isArray(b.tools))).toBe(true);
  });

  it('the repair still gets a turn when the answer came on the last tool turn', async () => {
    openai.script(
      { match: { model: 'triage-gpt' }, toolCalls: [{ id: 'c1', name: 'lookup', arguments: { id: 7 } }] },
      { match: { model: 'triage-gpt' }, text: 'not json' },
      { match: { model: 'triage-gpt' }, text: '{"priority":"low","items":["wait"]}' },
    );
    const { toolbox } = lookupToolbox();
    const { run: done } = await run(graph({ tools: ['mcp:tickets:lookup'], maxToolIterations: 2 }), toolbox);
    expect(done.nodes.triage).toMatchObject({
      status: 'succeeded',
      output: '{"priority":"low","items":["wait"]}',
    });
    expect(openai.callsFor('triage-gpt')).toHaveLength(3);
  });
});
