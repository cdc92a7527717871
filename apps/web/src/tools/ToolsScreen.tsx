import { WorkspacePage } from '../components/WorkspacePage';
import { ApiTokensPanel } from './ApiTokensPanel';
import { McpServersPanel } from './McpServersPanel';
import { PublishedToolsPanel } from './PublishedToolsPanel';
import { WebSearchPanel } from './WebSearchPanel';

/**
 * Workspace tools settings: MCP servers agents may use, the web search key, workflows published as
 * tools, and API tokens for the workspace MCP endpoint.
 */
export function ToolsScreen({ workspaceId }: { workspaceId: string }) {
  return (
    <WorkspacePage
      workspaceId={workspaceId}
      title="Tools"
      testId="tools-page"
      description="What agents can call besides models — MCP servers and web search — and this workspace's workflows offered as tools to other MCP clients."
    >
      <McpServersPanel workspaceId={workspaceId} />
      <WebSearchPanel workspaceId={workspaceId} />
      <PublishedToolsPanel workspaceId={workspaceId} />
      <ApiTokensPanel workspaceId={workspaceId} />
    </WorkspacePage>
  );
}
