import { type FakeMcpServer, startFakeMcpServer } from '@synapse/testkit/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpClientPool, type McpClientPool } from './createMcpClientPool';
import { type BuiltinTool, createToolbox } from './createToolbox';
import type { McpServerConfig } from './McpServerConfig';
import { mcpToolRef } from './toolRefs';

const signal = new AbortController().signal;

const echo: BuiltinTool = {
  name: 'web_search',
  description: 'Searches (echo for tests).',
  inputSchema: { type: 'object', properties: { query: { type: 'string' } } },
  async call(args) {
    if (args.query === 'boom') throw new Error('search exploded');
    return { content: `results for ${String(args.query)}`, isError: false };
  },
};

describe('createToolbox', () => {
  // The fake MCP server from packages/testkit, reached through the real client pool.
  let mcp: FakeMcpServer;
  let pool: McpClientPool;
  const servers = new Map<string, McpServerConfig>();
  beforeAll(async () => {
    mcp = await startFakeMcpServer();
    pool = createMcpClientPool({ idleMs: 0 });
    for (const id of ['one', 'two']) servers.set(id, { id, transport: 'http', url: mcp.url });
  });
  afterAll(async () => {
    await pool.close();
    await mcp.close();
  });

  const toolbox = (builtins: BuiltinTool[] = []) =>
    createToolbox({ pool, resolveServer: async (id) => servers.get(id) ?? null, builtins });

  it('offers MCP tools and built-ins under model-safe, unique names, and calls them', async () => {
    const opened = await toolbox([echo]).open(
      [
        mcpToolRef('one', 'add'),
        mcpToolRef('two', 'add'),
        mcpToolRef('one', 'weather'),
        'builtin:web_search',
      ],
      signal,
    );
    expect(opened.tools.map((t) => [t.ref, t.name])).toEqual([
      ['mcp:one:add', 'add'],
      ['mcp:two:add', 'add_2'],
      ['mcp:one:weather', 'weather'],
      ['builtin:web_search', 'web_search'],
    ]);
    expect(opened.tools[0]).toMatchObject({
      description: 'Adds two numbers.',
      inputSchema: { type: 'object' },
    });
    for (const [name, args, content] of [
      ['add_2', '{"a":1,"b":2}', '3'],
      ['weather', '{"city":"Paris"}', 'Paris: 18°C, light rain'],
      ['web_search', '{"query":"tides"}', 'results for tides'],
    ] as const)
      expect(await opened.call(name, args, signal)).toEqual({ content, isError: false });
  });

  it('turns unknown names, bad arguments and thrown errors into results the model sees', async () => {
    const opened = await toolbox([echo]).open([mcpToolRef('one', 'fail'), 'builtin:web_search'], signal);
    for (const [name, args, content] of [
      ['nope', '{}', 'There is no tool named nope.'],
      ['web_search', '[1]', 'The arguments were not a JSON object.'],
      ['web_search', '{not json', 'The arguments were not a JSON object.'],
      ['web_search', '{"query":"boom"}', 'search exploded'],
    ] as const)
      expect(await opened.call(name, args, signal)).toEqual({ content, isError: true });
    expect((await opened.call('fail', '', signal)).isError).toBe(true);
  });

  it.each([
    ['a malformed reference', 'search', 'synapse.tools.unknown', 'is not a tool reference'],
    [
      'an unknown server',
      'mcp:three:add',
      'synapse.tools.unknown_server',
      'MCP server three is not configured',
    ],
    ['a tool the server lacks', 'mcp:one:subtract', 'synapse.tools.unknown', 'has no tool subtract'],
    ['web search without a key', 'builtin:web_search', 'synapse.tools.unknown', 'no Brave or Tavily key'],
    ['an unknown built-in', 'builtin:calculator', 'synapse.tools.unknown', 'no such built-in tool'],
  ])('refuses %s with a ToolError', async (_, ref, code, message) => {
    await expect(toolbox().open([ref], signal)).rejects.toMatchObject({
      name: 'ToolError',
      code,
      message: expect.stringContaining(message),
    });
  });
});
