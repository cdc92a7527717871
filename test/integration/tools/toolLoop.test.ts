import { createModelRouter, createProviderRegistry } from '@synapse/providers';
import { createCallModel, executeRun } from '@synapse/runner';
import { initRunDoc, normalizeGraph, RUNNER_ORIGIN, readRun, type WorkflowGraph } from '@synapse/schema';
import {
  type FakeLlm,
  type FakeMcpServer,
  fakeMcpStdioCommand,
  startFakeAnthropic,
  startFakeMcpServer,
  startFakeOpenAI,
} from '@synapse/testkit/fakes';
import { createMcpClientPool, createToolbox, type McpClientPool, type McpServerConfig } from '@synapse/tools';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createRunWriter } from '../../../apps/runner/src/createRunWriter';

// Agents call a fake MCP server's tools (Streamable HTTP and stdio) through the real OpenAI and
// Anthropic SDKs streaming scripted tool calls from the fake providers; the run document shows
// every call with its arguments, result, duration and status.
describe('tool-calling loop', () => {
  let openai: FakeLlm;
  let anthropic: FakeLlm;
  let mcp: FakeMcpServer;
  let pool: McpClientPool;
  const servers: Record<string, McpServerConfig> = {};

  beforeAll(async () => {
    [openai, anthropic, mcp] = await Promise.all([
      startFakeOpenAI(),
      startFakeAnthropic(),
      startFakeMcpServer({ token: 'mcp-secret' }),
    ]);
    servers.calc = {
      id: 'calc',
      transport: 'http',
      url: mcp.url,
      headers: { authorization: 'Bearer mcp-secret' },
    };
    servers.local = { id: 'local', transport: 'stdio', ...fakeMcpStdioCommand() };
    pool = createMcpClientPool({ connectTimeoutMs: 20_000, requestTimeoutMs: 5_000 });
  });
  afterAll(async () => {
    await pool?.close();
    await Promise.all([openai?.close(), anthropic?.close(), mcp?.close()]);
  });
  beforeEach(() => {
    openai.reset();
    anthropic.reset();
    mcp.calls.length = 0;
  });

  function agentGraph(provider: string, model: string, tools: string[], extra: object = {}): WorkflowGraph {
    return normalizeGraph({
      nodes: [
        {
          id: 'a',
          type: 'agent',
          position: { x: 0, y: 0 },
          data: { provider, model, userPrompt: 'What is 2 + 3, and the weather in Paris?', tools, ...extra },
        },
      ],
      edges: [],
    });
  }

  async function run(graph: WorkflowGraph) {
    const registry = createProviderRegistry({
      credentials: async (id) =>
        id === 'openai'
          ? { apiKey: 'sk-test', baseURL: openai.baseURL }
          : id === 'anthropic'
            ? { apiKey: 'sk-ant-test', baseURL: anthropic.baseURL }
            : null,
    });
    const router = createModelRouter({ resolveProvider: (id) => registry.get(id), policy: { retries: 0 } });
    const toolbox = createToolbox({ pool, resolveServer: async (id) => servers[id] ?? null });
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
      toolbox,
      writer,
      signal: new AbortController().signal,
      concurrency: 1,
      now: Date.now,
    });
    writer.dispose();
    return { outcome, node: readRun(doc)?.nodes.a };
  }

  it('OpenAI: streamed tool calls over Streamable HTTP, results sent back, final answer kept', async () => {
    openai.script(
      {
        toolCalls: [
          { id: 'call_add', name: 'add', arguments: { a: 2, b: 3 } },
          { id: 'call_w', name: 'weather', arguments: { city: 'Paris' } },
        ],
      },
      { text: '2 + 3 = 5; Paris is 18°C with light rain.' },
    );
    const { outcome, node } = await run(
      agentGraph('openai', 'gpt-4o-mini', ['mcp:calc:add', 'mcp:calc:weather']),
    );
    expect(outcome.status).toBe('succeeded');
    expect(node?.output).toBe('2 + 3 = 5; Paris is 18°C with light rain.');
    expect(mcp.calls.map((c) => [c.tool, c.arguments, c.authorization])).toEqual([
      ['add', { a: 2, b: 3 }, 'Bearer mcp-secret'],
      ['weather', { city: 'Paris' }, 'Bearer mcp-secret'],
    ]);
    expect(
      node?.toolCalls?.map((c) => [c.tool, c.name, JSON.parse(c.arguments), c.status, c.result]),
    ).toEqual([
      ['mcp:calc:add', 'add', { a: 2, b: 3 }, 'succeeded', '5'],
      ['mcp:calc:weather', 'weather', { city: 'Paris' }, 'succeeded', 'Paris: 18°C, light rain'],
    ]);
    for (const call of node?.toolCalls ?? []) expect(call.durationMs).toBeGreaterThanOrEqual(0);
    // The model was offered the tools and got the results back on its second turn.
    const first = openai.requests[0]?.body as { tools: { function: { name: string } }[] };
    expect(first.tools.map((t) => t.function.name)).toEqual(['add', 'weather']);
    const second = openai.requests[1]?.body as {
      messages: { role: string; content: unknown; tool_call_id?: string }[];
    };
    expect(second.messages.filter((m) => m.role === 'tool')).toEqual([
      { role: 'tool', tool_call_id: 'call_add', content: '5' },
      { role: 'tool', tool_call_id: 'call_w', content: 'Paris: 18°C, light rain' },
    ]);
  });

  it('Anthropic: tool_use over stdio; a failing tool goes back to the model as an error result', async () => {
    anthropic.script(
      { toolCalls: [{ id: 'toolu_1', name: 'fail', arguments: { reason: 'disk full' } }] },
      { toolCalls: [{ id: 'toolu_2', name: 'weather', arguments: { city: 'Oslo' } }] },
      { text: 'Oslo is 4°C and clear.' },
    );
    const { outcome, node } = await run(
      agentGraph('anthropic', 'claude-haiku', ['mcp:local:fail', 'mcp:local:weather']),
    );
    expect(outcome.status).toBe('succeeded');
    expect(node?.output).toBe('Oslo is 4°C and clear.');
    expect(node?.toolCalls?.map((c) => [c.name, c.iteration, c.status, c.result])).toEqual([
      ['fail', 1, 'failed', 'kaboom: disk full'],
      ['weather', 2, 'succeeded', 'Oslo: 4°C, clear'],
    ]);
    const second = anthropic.requests[1]?.body as { messages: { role: string; content: unknown }[] };
    expect(second.messages.at(-1)).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: 'kaboom: disk full', is_error: true },
      ],
    });
    expect(node?.usage?.inputTokens).toBeGreaterThan(0);
  });

  it('stops at the iteration limit with synapse.tools.max_iterations', async () => {
    openai.script({ toolCalls: [{ name: 'add', arguments: { a: 1, b: 1 } }], times: 5 });
    const { outcome, node } = await run(
      agentGraph('openai', 'gpt-4o-mini', ['mcp:calc:add'], { maxToolIterations: 2 }),
    );
    expect(outcome.status).toBe('failed');
    expect(node?.errorCode).toBe('synapse.tools.max_iterations');
    expect(node?.toolCalls).toHaveLength(1);
    expect(openai.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(2);
  });

  it('an unknown server fails the node before any model call', async () => {
    const { outcome, node } = await run(agentGraph('openai', 'gpt-4o-mini', ['mcp:nope:add']));
    expect(outcome.status).toBe('failed');
    expect(node?.errorCode).toBe('synapse.tools.unknown_server');
    expect(openai.requests).toHaveLength(0);
  });
});
