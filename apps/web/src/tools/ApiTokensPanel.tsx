import type { ApiToken } from '@synapse/schema/api';
import { useCallback, useEffect, useState } from 'react';
import { createToken, listTokens, revokeToken } from './toolsApi';

/**
 * Workspace API tokens (owners only) for the MCP endpoint, the run API (/api/v1) and scripts' sync
 * connections: create with a scope (shown once), list with last use, revoke.
 */
export function ApiTokensPanel({ workspaceId }: { workspaceId: string }) {
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<ApiToken['scope']>('run');
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(
    () =>
      listTokens(workspaceId)
        .then((r) => setTokens(r.tokens))
        .catch((e: Error) => setError(e.message)),
    [workspaceId],
  );
  useEffect(() => void reload(), [reload]);
  const endpoint = `${location.origin}/mcp/workspaces/${encodeURIComponent(workspaceId)}`;
  return (
    <section data-testid="api-tokens-panel">
      <h2>MCP endpoint</h2>
      <p className="field__hint">
        Published workflows are tools at <code>{endpoint}</code> (Streamable HTTP,{' '}
        <code>Authorization: Bearer</code> with a token below). The same tokens start runs through the run API
        at <code>{`${location.origin}/api/v1`}</code> (see <code>/api/v1/openapi.json</code>). A token acts as
        its creator's current role, at most as an editor (<em>run</em>) or a viewer (<em>read</em>).
      </p>
      {error && <p role="alert">{error}</p>}
      {created && (
        <p data-testid="api-token-created">
          New token (copy it now, it is not shown again): <code>{created}</code>
        </p>
      )}
      <ul className="memory-list">
        {(tokens ?? []).map((token) => (
          <li key={token.id} data-testid={`api-token-${token.id}`}>
            <strong>{token.name}</strong> <code>{token.hint}</code>{' '}
            <span className="field__hint" data-testid="api-token-scope">
              {token.scope === 'read' ? 'read only' : 'run'} ·{' '}
              {token.lastUsedAt ? `last used ${new Date(token.lastUsedAt).toLocaleString()}` : 'never used'}
            </span>{' '}
            {token.revokedAt ? (
              <span className="field__hint">revoked</span>
            ) : (
              <button
                type="button"
                className="button"
                onClick={() =>
                  revokeToken(workspaceId, token.id)
                    .then(reload)
                    .catch((e: Error) => setError(e.message))
                }
              >
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          createToken(workspaceId, { name, scope })
            .then((r) => {
              setCreated(r.token);
              setName('');
              return reload();
            })
            .catch((e: Error) => setError(e.message));
        }}
      >
        <input
          className="field__input"
          placeholder="Token name"
          aria-label="Token name"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <select
          className="field__input"
          aria-label="Token scope"
          value={scope}
          onChange={(event) => setScope(event.target.value === 'read' ? 'read' : 'run')}
        >
          <option value="run">Run: start and cancel runs, edit workflows (as an editor at most)</option>
          <option value="read">Read: read workflows and runs only (as a viewer)</option>
        </select>
        <button type="submit" className="button" disabled={!name.trim()}>
          Create token
        </button>
      </form>
    </section>
  );
}
