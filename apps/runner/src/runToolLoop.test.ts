import { readRun } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import type { ModelEvent, NodeTools } from './callModel';
import { cap, MAX_SHOWN_TOOL_TEXT, runToolLoop } from './runToolLoop';
import { nodeContextFor, scriptedTurns } from './test/runFixture';

const attempt: ModelEvent = { type: 'attempt', attempt: 1, provider: 'fake', model: 'm' };
const askFor = (id: string, name: string, args: object): ModelEvent[] => [
  attempt,
  { type: 'tool_call', id, name, arguments: JSON.stringify(args) },
  { type: 'done', finishReason: 'tool_calls' },
];
const answer = (text: string): ModelEvent[] => [
  attempt,
  { type: 'text', text },
  { type: 'done', finishReason: 'stop' },
];

/** Tools that answer from `reply` and remember what they were called with. */
function toolsAnswering(reply: (name: string, args: string) => { content: string; isError: boolean }) {
  const calls: [string, string][] = [];
  const tools: NodeTools = {
    tools: [
      { ref: 'mcp:calc:add', name: 'add', inputSchema: { type: 'object' } },
      {
        ref: 'builtin:web_search',
        name: 'web_search',
        description: 'Search',
        inputSchema: { type: 'object' },
      },
    ],
    async call(name, args) {
      calls.push([name, args]);
      return reply(name, args);
    },
  };
  return { tools, calls };
}

const request = { chain: [{ provider: 'fake', model: 'm' }], prompt: 'What is 2 + 3?', retries: 0 };

describe('runToolLoop', () => {
  it('runs the calls the model asks for, sends the results back and keeps the final answer', async () => {
    const model = scriptedTurns(askFor('c1', 'add', { a: 2, b: 3 }), answer('It is 5.'));
    const { doc, ctx, graph } = nodeContextFor(model);
    const { tools, calls } = toolsAnswering(() => ({ content: '5', isError: false }));

    const result = await runToolLoop(graph.nodes[0]!, ctx, { ...request, signal: ctx.signal }, tools, 8);
    ctx.writer.flush();

    expect(result).toMatchObject({ status: 'succeeded', output: 'It is 5.' });
    expect(calls).toEqual([['add', '{"a":2,"b":3}']]);
    // The model is offered the tools, and its second turn carries the call and its result.
    expect(model.requests[0]?.tools?.map((t) => t.name)).toEqual(['add', 'web_search']);
    expect(model.requests[1]?.messages?.slice(1)).toEqual([
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'add', arguments: '{"a":2,"b":3}' }] },
      { role: 'tool', toolCallId: 'c1', content: '5' },
    ]);
    const node = readRun(doc)?.nodes.a;
    expect(node?.output).toBe('It is 5.');
    expect(node?.toolCalls).toEqual([
      {
        id: 'c1',
        tool: 'mcp:calc:add',
        name: 'add',
        iteration: 1,
        arguments: '{"a":2,"b":3}',
        status: 'succeeded',
        result: '5',
        startedAt: 100,
        durationMs: 0,
      },
    ]);
  });

  it('gives a failing tool back to the model as an error result, not a node failure', async () => {
    const model = scriptedTurns(askFor('c1', 'web_search', { q: 'tides' }), answer('Search is down.'));
    const { doc, ctx, graph } = nodeContextFor(model);
    const { tools } = toolsAnswering(() => ({ content: 'no search key', isError: true }));

    const result = await runToolLoop(graph.nodes[0]!, ctx, { ...request, signal: ctx.signal }, tools, 8);

    expect(result.status).toBe('succeeded');
    expect(model.requests[1]?.messages?.at(-1)).toEqual({
      role: 'tool',
      toolCallId: 'c1',
      content: 'no search key',
      isError: true,
    });
    expect(readRun(doc)?.nodes.a?.toolCalls?.[0]).toMatchObject({
      tool: 'builtin:web_search',
      status: 'failed',
      result: 'no search key',
    });
  });

  it('fails the node when the model still asks for tools after the last allowed turn', async () => {
    const model = scriptedTurns(askFor('c1', 'add', {}), askFor('c2', 'add', {}), askFor('c3', 'add', {}));
    const { ctx, graph } = nodeContextFor(model);
    const { tools, calls } = toolsAnswering(() => ({ content: '0', isError: false }));

    const result = await runToolLoop(graph.nodes[0]!, ctx, { ...request, signal: ctx.signal }, tools, 2);

    expect(result).toMatchObject({
      status: 'failed',
      errorCode: 'synapse.tools.max_iterations',
      error: 'the model still asked for tools after 2 turns',
    });
    expect(model.requests).toHaveLength(2);
    expect(calls).toHaveLength(1);
  });

  it('stops when the run is cancelled during a tool call, marking the call failed', async () => {
    const controller = new AbortController();
    const model = scriptedTurns(askFor('c1', 'add', {}), answer('never'));
    const { doc, ctx, graph } = nodeContextFor(model, { signal: controller.signal });
    const { tools } = toolsAnswering(() => {
      controller.abort('cancelled');
      return { content: 'too late', isError: false };
    });

    const result = await runToolLoop(graph.nodes[0]!, ctx, { ...request, signal: ctx.signal }, tools, 8);

    expect(result.status).toBe('cancelled');
    expect(model.requests).toHaveLength(1);
    expect(readRun(doc)?.nodes.a?.toolCalls?.[0]).toMatchObject({ status: 'failed', result: 'cancelled' });
  });

  it('shows long tool results cut, with an ellipsis', async () => {
    const long = 'x'.repeat(MAX_SHOWN_TOOL_TEXT + 10);
    const model = scriptedTurns(askFor('c1', 'add', {}), answer('done'));
    const { doc, ctx, graph } = nodeContextFor(model);
    const { tools } = toolsAnswering(() => ({ content: long, isError: false }));

    await runToolLoop(graph.nodes[0]!, ctx, { ...request, signal: ctx.signal }, tools, 8);

    expect(readRun(doc)?.nodes.a?.toolCalls?.[0]?.result).toBe(`${'x'.repeat(MAX_SHOWN_TOOL_TEXT)}…`);
    expect(model.requests[1]?.messages?.at(-1)?.content).toBe(long);
    expect(cap('short', 10)).toBe('short');
  });
});
