import type { ApiToken } from '@synapse/schema/api';
import { useState } from 'react';
import { formatTime } from '../account/formatTime';
import { useApiData } from '../account/useApiData';
import { useFormAction } from '../account/useFormAction';
import { ApiDataState } from '../components/ApiDataState';
import { Banner } from '../components/Banner';
import { ScreenMessage } from '../components/ScreenMessage';
import { createToken, listTokens, revokeToken } from './toolsApi';

/** Workspace API tokens for the MCP endpoint (owners only): create (shown once) and revoke. */
export function ApiTokensPanel({ workspaceId }: { workspaceId: string }) {
  const [tokens, reload] = useApiData(() => listTokens(workspaceId), [workspaceId]);
  const { busy, error, act } = useFormAction();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<ApiToken['scope']>('run');
  const [created, setCreated] = useState<string | null>(null);
  const endpoint = `${location.origin}/mcp/workspaces/${encodeURIComponent(workspaceId)}`;
  return (
    <section className="page-section" data-testid="api-tokens-panel" aria-labelledby="api-tokens-title">
      <header className="page-section__head">
        <h2 id="api-tokens-title">MCP endpoint</h2>
        <p className="muted">
          Published workflows are tools at <code>{endpoint}</code> (Streamable HTTP,{' '}
          <code>Authorization: Bearer</code> with a token below). The same tokens start runs through the run
          API at <code>{`${location.origin}/api/v1`}</code> (see <code>/api/v1/openapi.json</code>). A token
          acts as its creator's current role, at most as an editor (<em>run</em>) or a viewer (<em>read</em>).
        </p>
      </header>
      {error && (
        <Banner tone="error" testId="api-tokens-error">
          {error}
        </Banner>
      )}
      {created && (
        <Banner tone="info" onDismiss={() => setCreated(null)} testId="api-token-created">
          New token (copy it now, it is not shown again): <code>{created}</code>
        </Banner>
      )}
      <ApiDataState
        data={tokens}
        reload={reload}
        loading="Loading tokens…"
        failed="Could not load the API tokens"
        testId="api-tokens-load-error"
      />
      {tokens.state === 'ready' && tokens.data.tokens.length === 0 && (
        <ScreenMessage kind="empty" title="No API tokens yet" testId="api-tokens-empty">
          <p>An MCP client needs one to call this workspace's published workflows.</p>
        </ScreenMessage>
      )}
      {tokens.state === 'ready' && tokens.data.tokens.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="api-tokens">
            <caption className="sr-only">API tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Token</th>
                <th scope="col">Scope</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.tokens.map((token) => (
                <tr key={token.id} data-testid={`api-token-${token.id}`}>
                  <td>{token.name}</td>
                  <td className="data-table__nowrap">
                    <code>{token.hint}</code>
                  </td>
                  <td data-testid="api-token-scope">{token.scope === 'read' ? 'read only' : 'run'}</td>
                  <td className="muted data-table__nowrap">{formatTime(token.createdAt)}</td>
                  <td className="muted data-table__nowrap">
                    {token.lastUsedAt ? formatTime(token.lastUsedAt) : 'never'}
                  </td>
                  <td className="data-table__actions">
                    {token.revokedAt ? (
                      <span className="muted" title={formatTime(token.revokedAt)}>
                        revoked
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="button button--danger"
                        disabled={busy}
                        aria-label={`Revoke ${token.name}`}
                        onClick={act(async () => {
                          await revokeToken(workspaceId, token.id);
                          reload();
                        })}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        className="page-form"
        onSubmit={act(async () => {
          const { token } = await createToken(workspaceId, { name, scope });
          setCreated(token);
          setName('');
          reload();
        })}
      >
        <label className="field">
          <span className="field__label">Token name</span>
          <input
            className="field__input"
            placeholder="CI, Claude Desktop…"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">Scope</span>
          <select
            className="field__input"
            value={scope}
            onChange={(event) => setScope(event.target.value === 'read' ? 'read' : 'run')}
          >
            <option value="run">Run: start and cancel runs, edit workflows (as an editor at most)</option>
            <option value="read">Read: read workflows and runs only (as a viewer)</option>
          </select>
        </label>
        <button type="submit" className="button button--primary" disabled={busy || !name.trim()}>
          Create token
        </button>
      </form>
    </section>
  );
}
