import { AppHeader } from '../components/AppHeader';
import { PageCrumbs } from '../history/PageCrumbs';
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
    <div className="app-shell">
      <AppHeader>
        <PageCrumbs workspaceId={workspaceId} current="Tools" />
      </AppHeader>
      <main className="list-page" data-testid="tools-page">
        <h1>Tools</h1>
        <McpServersPanel workspaceId={workspaceId} />
        <WebSearchPanel workspaceId={workspaceId} />
        <PublishedToolsPanel workspaceId={workspaceId} />
        <ApiTokensPanel workspaceId={workspaceId} />
      </main>
    </div>
  );
}
