import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

/** A tool call the fake MCP server received. */
export interface FakeMcpCall {
  tool: string;
  arguments: Record<string, unknown>;
  /** The Authorization header of the HTTP request, when served over HTTP. */
  authorization?: string;
}

const WEATHER: Record<string, string> = {
  paris: 'Paris: 18°C, light rain',
  oslo: 'Oslo: 4°C, clear',
};

/**
 * The fake MCP server's tools: `add` (numbers), `weather` (a fixed table), `fail` (always throws,
 * so the client sees `isError`) and `slow` (waits `ms`, honouring cancellation). Every call is
 * pushed onto `calls`.
 */
export function buildFakeMcpServer(calls: FakeMcpCall[], authorization?: string): McpServer {
  const server = new McpServer({ name: 'synapse-fake-mcp', version: '1.0.0' });
  const record = (tool: string, args: Record<string, unknown>) =>
    calls.push({ tool, arguments: args, ...(authorization ? { authorization } : {}) });
  server.registerTool(
    'add',
    {
      description: 'Adds two numbers.',
      inputSchema: { a: z.number().describe('first addend'), b: z.number().describe('second addend') },
    },
    async ({ a, b }) => {
      record('add', { a, b });
      return { content: [{ type: 'text', text: String(a + b) }], structuredContent: { sum: a + b } };
    },
  );
  server.registerTool(
    'weather',
    { description: 'Current weather for a city.', inputSchema: { city: z.string() } },
    async ({ city }) => {
      record('weather', { city });
      const text = WEATHER[city.toLowerCase()] ?? `${city}: no data`;
      return { content: [{ type: 'text', text }] };
    },
  );
  server.registerTool(
    'fail',
    { description: 'Always fails.', inputSchema: { reason: z.string().optional() } },
    async ({ reason }) => {
      record('fail', { reason });
      throw new Error(`kaboom${reason ? `: ${reason}` : ''}`);
    },
  );
  server.registerTool(
    'slow',
    { description: 'Waits, then answers.', inputSchema: { ms: z.number() } },
    async ({ ms }, extra) => {
      record('slow', { ms });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        extra.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new Error('cancelled'));
        });
      });
      return { content: [{ type: 'text', text: `waited ${ms}ms` }] };
    },
  );
  return server;
}
