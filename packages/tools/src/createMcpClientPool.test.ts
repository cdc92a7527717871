import { type FakeMcpServer, fakeMcpStdioCommand, startFakeMcpServer } from '@synapse/testkit/fakes';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMcpClientPool, type McpClientPool } from './createMcpClientPool';
import type { McpServerConfig } from './McpServerConfig';
import { ToolError } from './ToolError';

const TOKEN = 'fake-mcp-token';

describe('createMcpClientPool', () => {
  // The fake MCP server from packages/testkit over Streamable HTTP on port 0.
  let mcp: FakeMcpServer;
  let config: Extract<McpServerConfig, { transport: 'http' }>;
  let pool: McpClientPool;
  beforeAll(async () => {
    mcp = await startFakeMcpServer({ token: TOKEN });
    config = { id: 'fake', transport: 'http', url: mcp.url, headers: { authorization: `Bearer ${TOKEN}` } };
  });
  afterEach(() => pool?.close());
  afterAll(() => mcp.close());

  it('lists tools with their schemas and calls them, flattening the result', async () => {
    pool = createMcpClientPool({ idleMs: 0 });
    const tools = await pool.listTools(config);
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['add', 'weather', 'fail', 'slow']));
    expect(tools.find((t) => t.name === 'add')).toMatchObject({
      description: 'Adds two numbers.',
      inputSchema: { type: 'object', required: ['a', 'b'] },
    });
    expect(await pool.callTool(config, 'add', { a: 2, b: 3 })).toEqual({ content: '5', isError: false });
    expect(mcp.calls.at(-1)).toEqual({
      tool: 'add',
      arguments: { a: 2, b: 3 },
      authorization: `Bearer ${TOKEN}`,
    });
  });

  it('returns a failing tool as an error result', async () => {
    pool = createMcpClientPool({ idleMs: 0 });
    const outcome = await pool.callTool(config, 'fail', { reason: 'on purpose' });
    expect(outcome.isError).toBe(true);
    expect(outcome.content).toContain('kaboom: on purpose');
  });

  it('keeps one client per server and credentials', async () => {
    pool = createMcpClientPool({ idleMs: 0 });
    await pool.listTools(config);
    await pool.callTool(config, 'weather', { city: 'Oslo' });
    expect(pool.size).toBe(1);
    await pool.listTools({ ...config, headers: { authorization: `Bearer ${TOKEN}`, 'x-extra': '1' } });
    expect(pool.size).toBe(2);
    await pool.close();
    expect(pool.size).toBe(0);
  });

  it('sends requests through the fetch it is given (the host’s guarded fetch)', async () => {
    const urls: string[] = [];
    pool = createMcpClientPool({
      idleMs: 0,
      fetch: (input, init) => {
        urls.push(String(input instanceof Request ? input.url : input));
        return fetch(input, init);
      },
    });
    await pool.listTools(config);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.every((u) => u === mcp.url)).toBe(true);
  });

  it('fails with a ToolError, and pools nothing, when the server refuses the credentials', async () => {
    pool = createMcpClientPool({ idleMs: 0 });
    const refused = pool.listTools({ ...config, headers: {} });
    await expect(refused).rejects.toBeInstanceOf(ToolError);
    await expect(refused).rejects.toMatchObject({ code: 'synapse.tools.connect_failed' });
    expect(pool.size).toBe(0);
  });

  it('gives up connecting at the deadline', async () => {
    pool = createMcpClientPool({
      idleMs: 0,
      connectTimeoutMs: 50,
      fetch: () => new Promise<never>(() => {}),
    });
    await expect(pool.listTools(config)).rejects.toMatchObject({ code: 'synapse.tools.connect_timeout' });
  });

  it('speaks stdio to an operator-listed command', async () => {
    pool = createMcpClientPool({ idleMs: 0 });
    const { command, args } = fakeMcpStdioCommand();
    const stdio: McpServerConfig = { id: 'stdio-fake', transport: 'stdio', command, args };
    expect(await pool.callTool(stdio, 'add', { a: 20, b: 22 })).toEqual({ content: '42', isError: false });
  }, 30_000);
});
