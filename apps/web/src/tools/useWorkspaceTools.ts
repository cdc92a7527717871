import { useEffect, useState } from 'react';

export interface McpToolView {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

export interface McpServerTools {
  id: string;
  name: string;
  transport: 'http' | 'stdio';
  tools: McpToolView[];
  /** Why the tools could not be listed (the server is down, refused the header, …). */
  error: string | null;
}

export interface WorkspaceTools {
  loading: boolean;
  servers: McpServerTools[];
  /** The server list itself failed (offline, no access). */
  error: string | null;
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json();
}

/** The workspace's MCP servers and each one's tools (with schemas), loaded when the panel opens. */
export function useWorkspaceTools(workspaceId: string | null): WorkspaceTools {
  const [state, setState] = useState<WorkspaceTools>({ loading: true, servers: [], error: null });
  useEffect(() => {
    if (!workspaceId) return;
    let current = true;
    const base = `/api/workspaces/${encodeURIComponent(workspaceId)}/mcp-servers`;
    (async () => {
      try {
        const list = (await getJson(base)) as {
          servers: { id: string; name: string; transport: 'http' | 'stdio' }[];
        };
        const servers = await Promise.all(
          list.servers.map(async (server) => {
            try {
              const tools = (await getJson(`${base}/${encodeURIComponent(server.id)}/tools`)) as {
                tools: McpToolView[];
                error: string | null;
              };
              return { ...server, tools: tools.tools, error: tools.error };
            } catch (error) {
              return { ...server, tools: [], error: (error as Error).message };
            }
          }),
        );
        if (current) setState({ loading: false, servers, error: null });
      } catch (error) {
        if (current) setState({ loading: false, servers: [], error: (error as Error).message });
      }
    })();
    return () => {
      current = false;
    };
  }, [workspaceId]);
  return state;
}
