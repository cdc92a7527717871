import {
  type AddressPolicy,
  createGuardedFetch,
  createMcpServersRepo,
  createMemoryRepo,
  type LookupAddresses,
  type ProviderKeyStore,
  type Sql,
  systemLookup,
} from '@synapse/db';
import { createMcpClientPool, type McpClientPool } from './createMcpClientPool';
import { type BuiltinTool, createToolbox, type Toolbox } from './createToolbox';
import { createWebSearchTool, type WebSearchProvider } from './createWebSearchTool';
import type { McpServerConfig } from './McpServerConfig';
import type { StdioServerEntry } from './stdioServers';

/** Provider id under which an HTTP MCP server's auth header value is kept in the encrypted key store. */
export const mcpHeaderProvider = (serverId: string) => `mcp-header:${serverId}`;
/** An MCP server's stored auth header: kept in the key store, never listed or managed as a key. */
export const isMcpHeaderProvider = (provider: string) => provider.startsWith('mcp-header:');

/** Web search providers, in the order a workspace's keys are looked for. */
const SEARCH_PROVIDERS: WebSearchProvider[] = ['brave', 'tavily'];

export interface ToolsRuntimeOptions {
  sql: Sql;
  /** Decrypts MCP auth headers and web search keys; absent (a runner without the master key): none. */
  keyStore: ProviderKeyStore | null;
  stdioServers: readonly StdioServerEntry[];
  addressPolicy: AddressPolicy;
  lookup?: LookupAddresses;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export interface ToolsRuntime {
  pool: McpClientPool;
  /** A stored server resolved for connecting: header decrypted, stdio command from the allow-list. */
  resolveServer(workspaceId: string, serverId: string): Promise<McpServerConfig | null>;
  /** What agents of the workspace may call (the runner's `toolboxFor`). */
  toolboxFor(workspaceId: string): Toolbox;
  /** The memory bank as one run reads and writes it (the runner's `memoryFor`). */
  memoryFor(
    workspaceId: string,
    runId: string,
  ): {
    search(query: string, limit: number): Promise<{ id: string; content: string; runId: string | null }[]>;
    write(nodeId: string, content: string): Promise<string>;
  };
  close(): Promise<void>;
}

/**
 * MCP servers, built-in tools and the memory bank for one process (server, embedded or standalone
 * runner): one client pool, every HTTP request through the address-policy guarded fetch, stdio
 * commands only from the operator's list.
 */
export function createToolsRuntime(options: ToolsRuntimeOptions): ToolsRuntime {
  const servers = createMcpServersRepo(options.sql);
  const memory = createMemoryRepo(options.sql);
  const fetch = createGuardedFetch({ policy: options.addressPolicy, lookup: options.lookup ?? systemLookup });
  const pool = createMcpClientPool({
    fetch,
    connectTimeoutMs: options.connectTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs,
  });
  const stdio = new Map(options.stdioServers.map((entry) => [entry.id, entry]));

  async function resolveServer(workspaceId: string, serverId: string): Promise<McpServerConfig | null> {
    const row = await servers.get(workspaceId, serverId);
    if (!row) return null;
    if (row.transport === 'stdio') {
      // The operator may have removed the entry since: then the server is gone.
      const entry = row.stdioEntry ? stdio.get(row.stdioEntry) : undefined;
      if (!entry) return null;
      return {
        id: row.id,
        transport: 'stdio',
        command: entry.command,
        args: entry.args,
        ...(entry.env ? { env: entry.env } : {}),
      };
    }
    if (!row.url) return null;
    const headers: Record<string, string> = {};
    if (row.headerKeyId && row.headerName) {
      const secret = await options.keyStore?.resolveById(workspaceId, row.headerKeyId);
      // The ciphertext is bound to the URL it was saved with; never send it anywhere else.
      if (!secret || secret.baseUrl !== row.url) return null;
      headers[row.headerName] = secret.apiKey;
    }
    return { id: row.id, transport: 'http', url: row.url, headers };
  }

  async function builtinsFor(workspaceId: string, refs: string[]): Promise<BuiltinTool[]> {
    if (!refs.includes('builtin:web_search')) return [];
    for (const provider of SEARCH_PROVIDERS) {
      const key = await options.keyStore?.resolve(workspaceId, provider);
      if (key) return [createWebSearchTool({ provider, apiKey: key.apiKey, baseUrl: key.baseUrl, fetch })];
    }
    return [];
  }

  return {
    pool,
    resolveServer,
    toolboxFor(workspaceId) {
      return {
        async open(refs, signal) {
          const toolbox = createToolbox({
            pool,
            resolveServer: (id) => resolveServer(workspaceId, id),
            builtins: await builtinsFor(workspaceId, refs),
          });
          return toolbox.open(refs, signal);
        },
      };
    },
    memoryFor(workspaceId, runId) {
      return {
        async search(query, limit) {
          const hits = await memory.search(workspaceId, query, limit);
          return hits.map((h) => ({ id: h.id, content: h.content, runId: h.runId }));
        },
        async write(nodeId, content) {
          const entry = await memory.add({
            workspaceId,
            content,
            runId,
            nodeId,
            createdBy: 'runner',
            now: Date.now(),
          });
          return entry.id;
        },
      };
    },
    close: () => pool.close(),
  };
}
