import type { McpServer, McpServerList, McpTool, McpToolList } from '@synapse/schema/api';
import { useEffect, useState } from 'react';
import { apiRequest } from '../api/apiRequest';
import { workspacePath } from '../api/workspacePath';

export interface McpServerTools extends Pick<McpServer, 'id' | 'name' | 'transport'> {
  tools: McpTool[];
  /** Why the tools could not be listed (the server is down, refused the header, …). */
  error: string | null;
}

export interface WorkspaceTools {
  loading: boolean;
  servers: McpServerTools[];
  /** The server list itself failed (offline, no access). */
  error: string | null;
}

/** The workspace's MCP servers and each one's tools (with schemas), loaded when the panel opens. */
export function useWorkspaceTools(workspaceId: string | null): WorkspaceTools {
  const [state, setState] = useState<WorkspaceTools>({ loading: true, servers: [], error: null });
  useEffect(() => {
    if (!workspaceId) return;
    let current = true;
    const base = `${workspacePath(workspaceId)}/mcp-servers`;
    (async () => {
      try {
        const list = await apiRequest<McpServerList>(base);
        const servers = await Promise.all(
          list.servers.map(async ({ id, name, transport }) => {
            const server = { id, name, transport };
            try {
              const tools = await apiRequest<McpToolList>(`${base}/${encodeURIComponent(id)}/tools`);
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
