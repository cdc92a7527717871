import type { McpServer } from '@synapse/schema/api';
import { useCallback, useEffect, useState } from 'react';
import { addServer, listServers, removeServer } from './toolsApi';

/** The workspace's MCP servers: add a Streamable HTTP URL (optional auth header) or an operator stdio server. */
export function McpServersPanel({ workspaceId }: { workspaceId: string }) {
  const [servers, setServers] = useState<McpServer[]>([]);
  const [choices, setChoices] = useState<{ id: string; label: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({ name: '', url: '', headerName: '', headerValue: '' });
  const reload = useCallback(
    () =>
      listServers(workspaceId)
        .then((r) => {
          setServers(r.servers);
          setChoices(r.stdioChoices);
        })
        .catch((e: Error) => setError(e.message)),
    [workspaceId],
  );
  useEffect(() => void reload(), [reload]);
  const act = (work: Promise<unknown>) =>
    work
      .then(() => {
        setError(null);
        return reload();
      })
      .catch((e: Error) => setError(e.message));
  const field = (key: keyof typeof form, label: string, type = 'text') => (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        className="field__input"
        type={type}
        value={form[key]}
        data-testid={`mcp-form-${key}`}
        onChange={(event) => setForm({ ...form, [key]: event.target.value })}
      />
    </label>
  );
  return (
    <section data-testid="mcp-servers-panel">
      <h2>MCP servers</h2>
      {error && (
        <p role="alert" data-testid="mcp-error">
          {error}
        </p>
      )}
      <ul className="memory-list">
        {servers.map((server) => (
          <li key={server.id} data-testid={`mcp-row-${server.id}`}>
            <strong>{server.name}</strong>{' '}
            <span className="field__hint">
              {server.transport === 'http' ? server.url : `operator server ${server.stdioEntry}`}
              {server.hasHeader ? ` · ${server.headerName} header stored encrypted` : ''}
            </span>{' '}
            <button
              type="button"
              className="button"
              onClick={() => act(removeServer(workspaceId, server.id))}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          act(
            addServer(workspaceId, {
              transport: 'http',
              name: form.name,
              url: form.url,
              ...(form.headerValue ? { headerValue: form.headerValue } : {}),
              ...(form.headerName ? { headerName: form.headerName } : {}),
            }).then(() => setForm({ name: '', url: '', headerName: '', headerValue: '' })),
          );
        }}
      >
        <h3>Add a Streamable HTTP server</h3>
        {field('name', 'Name')}
        {field('url', 'URL')}
        {field('headerName', 'Auth header name (default authorization)')}
        {field('headerValue', 'Auth header value (stored encrypted)', 'password')}
        <button type="submit" className="button" data-testid="mcp-add" disabled={!form.name || !form.url}>
          Add server
        </button>
      </form>
      {choices.length > 0 && (
        <div>
          <h3>Servers your operator provides</h3>
          {choices.map((choice) => (
            <button
              key={choice.id}
              type="button"
              className="button"
              onClick={() => act(addServer(workspaceId, { transport: 'stdio', entry: choice.id }))}
            >
              Add {choice.label}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
