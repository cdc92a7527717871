import type { PublishedWorkflow } from '@synapse/schema/api';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useWorkflowNames } from '../history/useWorkflowNames';
import { listPublished, publishWorkflow, suggestToolName, unpublishWorkflow } from './toolsApi';

/**
 * Workflows published as tools on the workspace MCP endpoint: publish one under a tool name (its Input
 * nodes become the tool's input schema) or stop publishing it. Viewers see the list; the server refuses
 * their changes, and its message is shown.
 */
export function PublishedToolsPanel({ workspaceId }: { workspaceId: string }) {
  const { entries, names } = useWorkflowNames(workspaceId);
  const [tools, setTools] = useState<PublishedWorkflow[] | null>(null);
  const [workflowId, setWorkflowId] = useState('');
  const [toolName, setToolName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reload = useCallback(
    () =>
      listPublished(workspaceId)
        .then((r) => setTools(r.tools))
        .catch((e: Error) => setError(e.message)),
    [workspaceId],
  );
  useEffect(() => void reload(), [reload]);

  const published = useMemo(() => new Set((tools ?? []).map((t) => t.workflowId)), [tools]);
  const choices = entries.filter((e) => !e.archived && !published.has(e.id));

  const choose = (id: string) => {
    setWorkflowId(id);
    setToolName(id ? suggestToolName(names.get(id) ?? '') : '');
  };

  return (
    <section data-testid="published-tools-panel" aria-labelledby="published-tools-title">
      <h2 id="published-tools-title">Workflows as tools</h2>
      <p className="field__hint">
        A published workflow is a tool on the MCP endpoint below: its Input nodes are the tool's arguments,
        its Output nodes the result.
      </p>
      {error && <p role="alert">{error}</p>}
      {tools && tools.length === 0 && <p className="field__hint">No workflow is published yet.</p>}
      <ul className="memory-list">
        {(tools ?? []).map((tool) => (
          <li key={tool.workflowId} data-testid={`published-tool-${tool.toolName}`}>
            <code>{tool.toolName}</code> — {names.get(tool.workflowId) ?? tool.workflowId}
            {tool.description && <span className="field__hint"> · {tool.description}</span>}{' '}
            <button
              type="button"
              className="button"
              aria-label={`Stop publishing ${tool.toolName}`}
              onClick={() => {
                setError(null);
                unpublishWorkflow(workspaceId, tool.workflowId)
                  .then(reload)
                  .catch((e: Error) => setError(e.message));
              }}
            >
              Unpublish
            </button>
          </li>
        ))}
      </ul>
      <h3>Publish a workflow</h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setError(null);
          setBusy(true);
          publishWorkflow(workspaceId, workflowId, {
            toolName: toolName.trim(),
            ...(description.trim() ? { description: description.trim() } : {}),
          })
            .then(() => {
              choose('');
              setDescription('');
              return reload();
            })
            .catch((e: Error) => setError(e.message))
            .finally(() => setBusy(false));
        }}
      >
        <select
          className="field__input"
          aria-label="Workflow to publish"
          data-testid="publish-workflow"
          value={workflowId}
          onChange={(event) => choose(event.target.value)}
        >
          <option value="">Choose a workflow…</option>
          {choices.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {names.get(entry.id)}
            </option>
          ))}
        </select>
        <input
          className="field__input"
          aria-label="Tool name"
          placeholder="tool_name"
          pattern="[A-Za-z0-9_\-]{1,64}"
          title="Letters, digits, _ and -"
          value={toolName}
          onChange={(event) => setToolName(event.target.value)}
        />
        <input
          className="field__input"
          aria-label="Tool description"
          placeholder="What the tool does (shown to the calling model)"
          maxLength={1000}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
        <button type="submit" className="button" disabled={busy || !workflowId || !toolName.trim()}>
          Publish
        </button>
      </form>
    </section>
  );
}
