import type { AgentNodeData } from '@synapse/schema';
import { Link } from '../routing/Link';
import { memoryPath, toolsPath } from '../routing/parseRoute';
import { useRoute } from '../routing/useRoute';
import { mcpToolRef, toggleToolRef } from './toggleToolRef';
import { useWorkspaceTools } from './useWorkspaceTools';

interface ToolsSectionProps {
  nodeId: string;
  agent: AgentNodeData;
  readOnly: boolean;
  onTools(tools: string[]): void;
  onMemory(field: 'memoryRead' | 'memoryWrite', on: boolean): void;
}

const WEB_SEARCH = 'builtin:web_search';

/**
 * The agent's tools: every tool of the workspace's MCP servers with its input schema, plus web search,
 * each with a checkbox; and whether the agent reads and writes the memory bank.
 */
export function ToolsSection({ nodeId, agent, readOnly, onTools, onMemory }: ToolsSectionProps) {
  const route = useRoute();
  const workspaceId = 'workspaceId' in route ? route.workspaceId : null;
  const { loading, servers, error } = useWorkspaceTools(workspaceId);
  const checkbox = (ref: string, label: string) => (
    <label>
      <input
        type="checkbox"
        checked={agent.tools.includes(ref)}
        disabled={readOnly}
        data-testid={`tool-${ref}`}
        onChange={(event) => onTools(toggleToolRef(agent.tools, ref, event.target.checked))}
      />{' '}
      {label}
    </label>
  );
  return (
    <details className="inspector__advanced" data-testid="tools-section" open={agent.tools.length > 0}>
      <summary>Tools and memory{agent.tools.length > 0 ? ` (${agent.tools.length})` : ''}</summary>
      <fieldset className="list-editor">
        <legend className="field__label">Tools the agent may call</legend>
        <div>{checkbox(WEB_SEARCH, 'Web search (needs a Brave or Tavily key)')}</div>
        {loading && <p className="field__hint">Loading MCP servers…</p>}
        {error && <p className="field__hint">MCP servers could not be loaded ({error}).</p>}
        {!loading && !error && servers.length === 0 && (
          <p className="field__hint">No MCP servers in this workspace.</p>
        )}
        {workspaceId && (
          <p className="field__hint">
            <Link href={toolsPath(workspaceId)} data-testid="tools-page-link">
              Manage MCP servers
            </Link>
          </p>
        )}
        {servers.map((server) => (
          <div key={server.id} data-testid={`mcp-server-${server.id}`}>
            <p className="field__label">
              {server.name} <span className="field__hint">({server.transport})</span>
            </p>
            {server.error && <p className="field__hint">{server.error}</p>}
            <ul className="list-editor__rows">
              {server.tools.map((tool) => (
                <li key={tool.name}>
                  {checkbox(mcpToolRef(server.id, tool.name), tool.name)}
                  {tool.description && <span className="field__hint"> — {tool.description}</span>}
                  <details>
                    <summary className="field__hint">Input schema</summary>
                    <pre data-testid={`tool-schema-${server.id}-${tool.name}`}>
                      {JSON.stringify(tool.inputSchema, null, 2)}
                    </pre>
                  </details>
                </li>
              ))}
            </ul>
          </div>
        ))}
        {agent.tools
          .filter((ref) => ref !== WEB_SEARCH && !servers.some((s) => ref.startsWith(`mcp:${s.id}:`)))
          .map((ref) => (
            <div key={ref}>{checkbox(ref, `${ref} (server not available)`)}</div>
          ))}
      </fieldset>
      <fieldset className="list-editor">
        <legend className="field__label">Memory</legend>
        <label>
          <input
            id={`node-${nodeId}-memoryRead`}
            type="checkbox"
            checked={agent.memoryRead === true}
            disabled={readOnly}
            data-testid="memory-read"
            onChange={(event) => onMemory('memoryRead', event.target.checked)}
          />{' '}
          Add relevant memory entries to the context
        </label>
        <label>
          <input
            id={`node-${nodeId}-memoryWrite`}
            type="checkbox"
            checked={agent.memoryWrite === true}
            disabled={readOnly}
            data-testid="memory-write"
            onChange={(event) => onMemory('memoryWrite', event.target.checked)}
          />{' '}
          Save the output to memory
        </label>
        {workspaceId && (
          <p className="field__hint">
            <Link href={memoryPath(workspaceId)} data-testid="memory-page-link">
              Browse the workspace memory
            </Link>
          </p>
        )}
      </fieldset>
    </details>
  );
}
