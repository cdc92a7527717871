import type { ApiToken } from '@synapse/schema/api';
import { useCallback, useEffect, useState } from 'react';
import { createToken, listTokens, revokeToken } from './toolsApi';

/** Workspace API tokens for the MCP endpoint (owners only): create (shown once) and revoke. */
export function ApiTokensPanel({ workspaceId }: { workspaceId: string }) {
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [name, setName] = useState('');
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
        <code>Authorization: Bearer</code> with a token below).
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
          createToken(workspaceId, name)
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
        <button type="submit" className="button" disabled={!name.trim()}>
          Create token
        </button>
      </form>
    </section>
  );
}
