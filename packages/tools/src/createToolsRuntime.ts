import {
  type AddressPolicy,
  createGuardedFetch,
  createMcpServersRepo,
  createMemoryRepo,
  createMemoryUsageRepo,
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
  /**
   * What agents of the workspace may call (the runner's `toolboxFor`). Take one per run: it keeps the
   * secrets it decrypted for the run's later nodes.
   */
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
  const usage = createMemoryUsageRepo(options.sql);
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

  async function searchToolFor(workspaceId: string): Promise<BuiltinTool | null> {
    for (const provider of SEARCH_PROVIDERS) {
      const key = await options.keyStore?.resolve(workspaceId, provider);
      if (key) return createWebSearchTool({ provider, apiKey: key.apiKey, baseUrl: key.baseUrl, fetch });
    }
    return null;
  }

  return {
    pool,
    resolveServer,
    toolboxFor(workspaceId) {
      // One toolbox serves one run: each server's header and the search key are decrypted the first time
      // a node needs them and reused by every later node of the run, not decrypted again per node.
      const server = memoizeSettled((id: string) => resolveServer(workspaceId, id));
      const search = memoizeSettled(() => searchToolFor(workspaceId));
      return {
        async open(refs, signal) {
          const webSearch = refs.includes('builtin:web_search') ? await search('web_search') : null;
          const toolbox = createToolbox({
            pool,
            resolveServer: server,
            builtins: webSearch ? [webSearch] : [],
          });
          return toolbox.open(refs, signal);
        },
      };
    },
    memoryFor(workspaceId, runId) {
      // Usage for the Analytics page. Recording is best effort: a failed insert must not fail the agent.
      const record = (kind: 'read' | 'write', nodeId: string | null, entryIds: string[]) =>
        usage.record({ workspaceId, runId, nodeId, kind, entryIds, now: Date.now() }).catch(() => undefined);
      return {
        async search(query, limit) {
          const hits = await memory.search(workspaceId, query, limit);
          await record(
            'read',
            null,
            hits.map((h) => h.id),
          );
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
          await record('write', nodeId, [entry.id]);
          return entry.id;
        },
      };
    },
    close: () => pool.close(),
  };
}

/** `load` called once per key; a rejected load is forgotten so the next caller tries again. */
function memoizeSettled<T>(load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const loaded = new Map<string, Promise<T>>();
  return (key) => {
    let value = loaded.get(key);
    if (!value) {
      value = load(key);
      loaded.set(key, value);
      value.catch(() => loaded.delete(key));
    }
    return value;
  };
}
