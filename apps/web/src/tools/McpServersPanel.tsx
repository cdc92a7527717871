import { useState } from 'react';
import { formatTime } from '../account/formatTime';
import { useApiData } from '../account/useApiData';
import { useFormAction } from '../account/useFormAction';
import { ApiDataState } from '../components/ApiDataState';
import { Banner } from '../components/Banner';
import { ScreenMessage } from '../components/ScreenMessage';
import { addServer, listServers, removeServer } from './toolsApi';

const EMPTY_FORM = { name: '', url: '', headerName: '', headerValue: '' };

/** The workspace's MCP servers: add a Streamable HTTP URL (optional auth header) or an operator stdio server. */
export function McpServersPanel({ workspaceId }: { workspaceId: string }) {
  const [list, reload] = useApiData(() => listServers(workspaceId), [workspaceId]);
  const { busy, error, act } = useFormAction();
  const [form, setForm] = useState(EMPTY_FORM);
  const change = (work: () => Promise<unknown>) =>
    act(async () => {
      await work();
      reload();
    });
  const field = (key: keyof typeof form, label: string, type = 'text', placeholder?: string) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        className="field__input"
        type={type}
        placeholder={placeholder}
        value={form[key]}
        data-testid={`mcp-form-${key}`}
        onChange={(event) => setForm({ ...form, [key]: event.target.value })}
      />
    </label>
  );
  const choices = list.state === 'ready' ? list.data.stdioChoices : [];
  return (
    <section className="page-section" data-testid="mcp-servers-panel" aria-labelledby="mcp-servers-title">
      <header className="page-section__head">
        <h2 id="mcp-servers-title">MCP servers</h2>
        <p className="muted">
          Every tool of these servers can be turned on per agent, in its Tools section. Auth headers are
          encrypted on the server and never shown again.
        </p>
      </header>
      {error && (
        <Banner tone="error" testId="mcp-error">
          {error}
        </Banner>
      )}
      <ApiDataState
        data={list}
        reload={reload}
        loading="Loading MCP servers…"
        failed="Could not load the MCP servers"
        testId="mcp-load-error"
      />
      {list.state === 'ready' && list.data.servers.length === 0 && (
        <ScreenMessage kind="empty" title="No MCP servers yet" testId="mcp-empty">
          <p>Add one below: its tools then appear in every agent's Tools section.</p>
        </ScreenMessage>
      )}
      {list.state === 'ready' && list.data.servers.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="mcp-servers">
            <caption className="sr-only">MCP servers</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Address</th>
                <th scope="col">Auth</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.servers.map((server) => (
                <tr key={server.id} data-testid={`mcp-row-${server.id}`}>
                  <td>{server.name}</td>
                  <td className="muted data-table__url">
                    {server.transport === 'http' ? server.url : `operator server ${server.stdioEntry}`}
                  </td>
                  <td className="muted">
                    {server.hasHeader ? `${server.headerName} header stored encrypted` : 'none'}
                  </td>
                  <td className="muted data-table__nowrap">{formatTime(server.createdAt)}</td>
                  <td className="data-table__actions">
                    <button
                      type="button"
                      className="button button--danger"
                      disabled={busy}
                      aria-label={`Remove ${server.name}`}
                      onClick={change(() => removeServer(workspaceId, server.id))}
                    >
                      Remove
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
        aria-labelledby="mcp-add-title"
        onSubmit={change(async () => {
          await addServer(workspaceId, {
            transport: 'http',
            name: form.name,
            url: form.url,
            ...(form.headerValue ? { headerValue: form.headerValue } : {}),
            ...(form.headerName ? { headerName: form.headerName } : {}),
          });
          setForm(EMPTY_FORM);
        })}
      >
        <h3 id="mcp-add-title" className="sr-only">
          Add a Streamable HTTP server
        </h3>
        {field('name', 'Name')}
        {field('url', 'Streamable HTTP URL', 'url', 'https://…/mcp')}
        {field('headerName', 'Auth header name', 'text', 'authorization')}
        {field('headerValue', 'Auth header value', 'password')}
        <button
          type="submit"
          className="button button--primary"
          data-testid="mcp-add"
          disabled={busy || !form.name || !form.url}
        >
          Add server
        </button>
      </form>
      {choices.length > 0 && (
        <div className="page-form">
          <h3>Servers your operator provides</h3>
          {choices.map((choice) => (
            <button
              key={choice.id}
              type="button"
              className="button"
              disabled={busy}
              onClick={change(() => addServer(workspaceId, { transport: 'stdio', entry: choice.id }))}
            >
              Add {choice.label}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
