import { useMemo, useState } from 'react';
import { formatTime } from '../account/formatTime';
import { useApiData } from '../account/useApiData';
import { useFormAction } from '../account/useFormAction';
import { ApiDataState } from '../components/ApiDataState';
import { Banner } from '../components/Banner';
import { ScreenMessage } from '../components/ScreenMessage';
import { useWorkflowNames } from '../history/useWorkflowNames';
import { listPublished, publishWorkflow, suggestToolName, unpublishWorkflow } from './toolsApi';

/**
 * Workflows published as tools on the workspace MCP endpoint: publish one under a tool name (its Input
 * nodes become the tool's input schema) or stop publishing it. Viewers see the list; the server refuses
 * their changes, and its message is shown.
 */
export function PublishedToolsPanel({ workspaceId }: { workspaceId: string }) {
  const { entries, names } = useWorkflowNames(workspaceId);
  const [tools, reload] = useApiData(() => listPublished(workspaceId), [workspaceId]);
  const { busy, error, act } = useFormAction();
  const [workflowId, setWorkflowId] = useState('');
  const [toolName, setToolName] = useState('');
  const [description, setDescription] = useState('');

  const list = tools.state === 'ready' ? tools.data.tools : [];
  const published = useMemo(() => new Set(list.map((t) => t.workflowId)), [list]);
  const choices = entries.filter((e) => !e.archived && !published.has(e.id));

  const choose = (id: string) => {
    setWorkflowId(id);
    setToolName(id ? suggestToolName(names.get(id) ?? '') : '');
  };

  return (
    <section
      className="page-section"
      data-testid="published-tools-panel"
      aria-labelledby="published-tools-title"
    >
      <header className="page-section__head">
        <h2 id="published-tools-title">Workflows as tools</h2>
        <p className="muted">
          A published workflow is a tool on the MCP endpoint below: its Input nodes are the tool's arguments,
          its Output nodes the result.
        </p>
      </header>
      {error && (
        <Banner tone="error" testId="published-tools-error">
          {error}
        </Banner>
      )}
      <ApiDataState
        data={tools}
        reload={reload}
        loading="Loading published workflows…"
        failed="Could not load the published workflows"
        testId="published-tools-load-error"
      />
      {tools.state === 'ready' && list.length === 0 && (
        <ScreenMessage kind="empty" title="No workflow is published yet." testId="published-tools-empty">
          <p>Publish one below to call it from any MCP client.</p>
        </ScreenMessage>
      )}
      {list.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="published-tools">
            <caption className="sr-only">Published workflows</caption>
            <thead>
              <tr>
                <th scope="col">Tool</th>
                <th scope="col">Workflow</th>
                <th scope="col">Description</th>
                <th scope="col">Published</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((tool) => (
                <tr key={tool.workflowId} data-testid={`published-tool-${tool.toolName}`}>
                  <td className="data-table__nowrap">
                    <code>{tool.toolName}</code>
                  </td>
                  <td>{names.get(tool.workflowId) ?? tool.workflowId}</td>
                  <td className="muted">{tool.description || '—'}</td>
                  <td className="muted data-table__nowrap">{formatTime(tool.publishedAt)}</td>
                  <td className="data-table__actions">
                    <button
                      type="button"
                      className="button"
                      disabled={busy}
                      aria-label={`Stop publishing ${tool.toolName}`}
                      onClick={act(async () => {
                        await unpublishWorkflow(workspaceId, tool.workflowId);
                        reload();
                      })}
                    >
                      Unpublish
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        className="page-form"
        aria-labelledby="publish-title"
        onSubmit={act(async () => {
          await publishWorkflow(workspaceId, workflowId, {
            toolName: toolName.trim(),
            ...(description.trim() ? { description: description.trim() } : {}),
          });
          choose('');
          setDescription('');
          reload();
        })}
      >
        <h3 id="publish-title" className="sr-only">
          Publish a workflow
        </h3>
        <label className="field">
          <span className="field__label">Workflow to publish</span>
          <select
            className="field__input"
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
        </label>
        <label className="field">
          <span className="field__label">Tool name</span>
          <input
            className="field__input"
            placeholder="tool_name"
            pattern="[A-Za-z0-9_\-]{1,64}"
            title="Letters, digits, _ and -"
            value={toolName}
            onChange={(event) => setToolName(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">Tool description</span>
          <input
            className="field__input"
            placeholder="What the tool does (shown to the calling model)"
            maxLength={1000}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        </label>
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || !workflowId || !toolName.trim()}
        >
          Publish
        </button>
      </form>
    </section>
  );
}
