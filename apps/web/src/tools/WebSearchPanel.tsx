import { type FormEvent, useState } from 'react';
import { ApiKeyField } from '../account/ApiKeyField';
import { accountApi } from '../account/accountApi';
import { KeyHintCells } from '../account/KeyHintCells';
import { useApiData } from '../account/useApiData';
import { useFormAction } from '../account/useFormAction';
import { useWorkspaceRole } from '../account/useWorkspaceRole';
import { ApiDataState } from '../components/ApiDataState';
import { Banner } from '../components/Banner';
import { ScreenMessage } from '../components/ScreenMessage';

// The order the runner tries them in (packages/tools createToolsRuntime: SEARCH_PROVIDERS).
const SEARCH_PROVIDERS = [
  { id: 'brave', label: 'Brave Search' },
  { id: 'tavily', label: 'Tavily' },
] as const;

const labelOf = (provider: string) => SEARCH_PROVIDERS.find((p) => p.id === provider)?.label ?? provider;

/**
 * The key behind agents' built-in web search: a Brave Search or Tavily key, stored in the workspace's
 * encrypted key store as provider `brave` / `tavily` and sent only to that API. Editors and owners
 * add, test and remove them; everyone sees which exist.
 */
export function WebSearchPanel({ workspaceId }: { workspaceId: string }) {
  const role = useWorkspaceRole(workspaceId);
  const canEdit = role === 'owner' || role === 'editor';
  const [keys, reload] = useApiData(() => accountApi.keys(workspaceId), [workspaceId]);
  const [provider, setProvider] = useState<string>('brave');
  const [apiKey, setApiKey] = useState('');
  const { error, act: perform } = useFormAction();
  // Which action runs ('save', 'test-<id>', 'remove-<id>'), for its button's label; and what it said.
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const act = (what: string, work: () => Promise<string>) =>
    perform(async () => {
      setBusy(what);
      setDone(null);
      try {
        setDone(await work());
        reload();
      } finally {
        setBusy(null);
      }
    })();

  const save = (event: FormEvent) => {
    event.preventDefault();
    const secret = apiKey;
    setApiKey('');
    void act('save', async () => {
      const { key } = await accountApi.addKey(workspaceId, {
        provider,
        apiKey: secret,
        label: labelOf(provider),
      });
      return `Saved the ${labelOf(key.provider)} key (${key.hint}).`;
    });
  };

  const searchKeys =
    keys.state === 'ready'
      ? keys.data.keys.filter((k) => SEARCH_PROVIDERS.some((p) => p.id === k.provider))
      : [];
  const inUse = SEARCH_PROVIDERS.find((p) => searchKeys.some((k) => k.provider === p.id));

  return (
    <section className="page-section" data-testid="web-search-panel" aria-labelledby="web-search-title">
      <header className="page-section__head">
        <h2 id="web-search-title">Web search</h2>
        <p className="muted">
          Agents with “Web search” turned on search through the workspace's Brave Search or Tavily key
          {inUse ? (
            <>
              {' '}
              — now <strong data-testid="web-search-in-use">{inUse.label}</strong>
            </>
          ) : (
            ''
          )}
          . Keys are encrypted on the server, sent only to that search API, and never shown again.
        </p>
      </header>
      {error && (
        <Banner tone="error" testId="web-search-notice">
          {error}
        </Banner>
      )}
      {done && !error && (
        <Banner tone="info" onDismiss={() => setDone(null)} testId="web-search-notice">
          {done}
        </Banner>
      )}
      <ApiDataState
        data={keys}
        reload={reload}
        loading="Loading search keys…"
        failed="Could not load the search keys"
      />
      {keys.state === 'ready' && searchKeys.length === 0 && (
        <ScreenMessage kind="empty" title="No search key yet" testId="web-search-empty">
          Until one is added, an agent with web search turned on fails with “the workspace has no Brave or
          Tavily key”.
        </ScreenMessage>
      )}
      {searchKeys.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="web-search-keys">
            <caption className="sr-only">Web search keys</caption>
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Key</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {searchKeys.map((key) => (
                <tr key={key.id} data-testid={`web-search-key-${key.provider}`}>
                  <td>{labelOf(key.provider)}</td>
                  <KeyHintCells hint={key.hint} lastUsedAt={key.lastUsedAt} />
                  <td className="data-table__actions">
                    <button
                      type="button"
                      className="button"
                      disabled={!canEdit || busy !== null}
                      aria-label={`Test the ${labelOf(key.provider)} key`}
                      data-testid={`web-search-test-${key.provider}`}
                      onClick={() =>
                        void act(`test-${key.id}`, async () => {
                          const result = await accountApi.testKey(workspaceId, key.id);
                          if (!result.ok) throw new Error(result.message);
                          return result.message;
                        })
                      }
                    >
                      {busy === `test-${key.id}` ? 'Testing…' : 'Test'}
                    </button>
                    <button
                      type="button"
                      className="button button--danger"
                      disabled={!canEdit || busy !== null}
                      aria-label={`Remove the ${labelOf(key.provider)} key`}
                      data-testid={`web-search-remove-${key.provider}`}
                      onClick={() =>
                        void act(`remove-${key.id}`, async () => {
                          await accountApi.deleteKey(workspaceId, key.id);
                          return `Removed the ${labelOf(key.provider)} key.`;
                        })
                      }
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
      {canEdit ? (
        <form className="key-form" onSubmit={save} aria-labelledby="web-search-add-title">
          <h3 id="web-search-add-title" className="settings-section__subtitle">
            Add a search key
          </h3>
          <div className="form-grid">
            <label className="field">
              <span className="field__label">Search provider</span>
              <select
                className="field__input"
                value={provider}
                onChange={(event) => setProvider(event.target.value)}
                data-testid="web-search-provider"
              >
                {SEARCH_PROVIDERS.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                  </option>
                ))}
              </select>
            </label>
            <ApiKeyField value={apiKey} onChange={setApiKey} testId="web-search-secret" />
          </div>
          <button
            type="submit"
            className="button button--primary"
            disabled={busy !== null}
            data-testid="web-search-save"
          >
            {busy === 'save' ? 'Saving…' : 'Save key'}
          </button>
        </form>
      ) : (
        <p className="muted" data-testid="web-search-readonly">
          Only editors and owners add, test or remove search keys.
        </p>
      )}
    </section>
  );
}
