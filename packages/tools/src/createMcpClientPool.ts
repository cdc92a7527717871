import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCodes } from '@synapse/schema';
import type { FetchLike } from './connectMcpClient';
import { type McpServerConfig, type McpToolInfo, poolKeyOf, type ToolOutcome } from './McpServerConfig';
import { mcpResultText } from './mcpResultText';
import { ToolError } from './ToolError';

export type { FetchLike };

/**
 * The MCP SDK (with its JSON Schema validator, ~150 modules) loads on the first connection, not with
 * the server or runner that holds the pool: most never speak MCP (issue #18).
 */
let sdk: Promise<typeof import('./connectMcpClient')> | undefined;
function loadSdk(): Promise<typeof import('./connectMcpClient')> {
  sdk ??= import('./connectMcpClient');
  return sdk;
}

export interface McpClientPoolOptions {
  /** Used for Streamable HTTP; the host passes its address-policy guarded fetch. */
  fetch?: FetchLike;
  /** Deadline of connecting (initialize handshake); default 10 s. */
  connectTimeoutMs?: number;
  /** Deadline of one request (list or call); default 60 s. */
  requestTimeoutMs?: number;
  /** Clients unused this long are closed (stdio children exit); default 5 min, 0 keeps them. */
  idleMs?: number;
  now?: () => number;
}

export interface McpClientPool {
  listTools(config: McpServerConfig, signal?: AbortSignal): Promise<McpToolInfo[]>;
  callTool(
    config: McpServerConfig,
    name: string,
    args: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<ToolOutcome>;
  /** Open clients, for tests and metrics. */
  readonly size: number;
  close(): Promise<void>;
}

interface Entry {
  client: Promise<Client>;
  lastUsed: number;
}

/**
 * MCP clients pooled per server and credentials, shared by every run of a runner. Connects lazily
 * with a deadline; a call that fails at the transport (server restarted, socket closed, session
 * lost) drops the client and is retried once on a fresh connection.
 */
export function createMcpClientPool(options: McpClientPoolOptions = {}): McpClientPool {
  const entries = new Map<string, Entry>();
  const now = options.now ?? Date.now;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  const idleMs = options.idleMs ?? 5 * 60_000;

  const sweeper =
    idleMs > 0
      ? setInterval(
          () => {
            for (const [key, entry] of entries) {
              if (now() - entry.lastUsed > idleMs) drop(key, entry);
            }
          },
          Math.min(idleMs, 60_000),
        )
      : null;
  sweeper?.unref();

  function drop(key: string, entry: Entry): void {
    if (entries.get(key) !== entry) return;
    entries.delete(key);
    void entry.client.then((c) => c.close()).catch(() => undefined);
  }

  function connect(config: McpServerConfig): Promise<Client> {
    return loadSdk().then((sdk) => sdk.connectMcpClient(config, options.fetch, connectTimeoutMs));
  }

  async function withClient<T>(config: McpServerConfig, use: (client: Client) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const key = poolKeyOf(config);
      let entry = entries.get(key);
      if (!entry) {
        entry = { client: connect(config), lastUsed: now() };
        entries.set(key, entry);
        const created = entry;
        // A failed connection must not stay pooled.
        created.client.catch(() => drop(key, created));
      }
      entry.lastUsed = now();
      let client: Client;
      try {
        client = await entry.client;
      } catch (error) {
        throw ToolError.from(
          error,
          ErrorCodes.toolsConnectFailed,
          `cannot connect to MCP server ${config.id}`,
        );
      }
      try {
        return await use(client);
      } catch (error) {
        if (
          (await loadSdk()).isProtocolError(error) ||
          attempt >= 2 ||
          (error as Error)?.name === 'AbortError'
        )
          throw error;
        drop(key, entry);
      }
    }
  }

  return {
    async listTools(config, signal) {
      return withClient(config, async (client) => {
        const tools: McpToolInfo[] = [];
        let cursor: string | undefined;
        do {
          const page = await client.listTools(cursor ? { cursor } : undefined, {
            timeout: requestTimeoutMs,
            ...(signal ? { signal } : {}),
          });
          for (const tool of page.tools) {
            tools.push({
              name: tool.name,
              ...(tool.title ? { title: tool.title } : {}),
              ...(tool.description ? { description: tool.description } : {}),
              inputSchema: tool.inputSchema as Record<string, unknown>,
            });
          }
          cursor = page.nextCursor;
        } while (cursor && tools.length < 1000);
        return tools;
      });
    },
    async callTool(config, name, args, signal) {
      const result = await withClient(config, (client) =>
        client.callTool({ name, arguments: args }, undefined, {
          timeout: requestTimeoutMs,
          ...(signal ? { signal } : {}),
        }),
      );
      return mcpResultText(result);
    },
    get size() {
      return entries.size;
    },
    async close() {
      if (sweeper) clearInterval(sweeper);
      const all = [...entries.entries()];
      entries.clear();
      await Promise.all(all.map(([, e]) => e.client.then((c) => c.close()).catch(() => undefined)));
    },
  };
}
