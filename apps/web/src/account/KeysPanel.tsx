import type { ProviderKey, Role } from '@synapse/schema/api';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../api/errorMessage';
import { ApiDataState } from '../components/ApiDataState';
import { Banner } from '../components/Banner';
import { ScreenMessage } from '../components/ScreenMessage';
import { ApiKeyField } from './ApiKeyField';
import { accountApi } from './accountApi';
import { KeyHintCells } from './KeyHintCells';
import { useApiData } from './useApiData';

const PROVIDERS: { id: string; label: string; baseUrl: string }[] = [
  { id: 'openai', label: 'OpenAI', baseUrl: 'https://api.openai.com/v1' },
  { id: 'anthropic', label: 'Anthropic', baseUrl: 'https://api.anthropic.com' },
  {
    id: 'gemini',
    label: 'Google Gemini',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
  },
  { id: 'groq', label: 'Groq', baseUrl: 'https://api.groq.com/openai/v1' },
  { id: 'deepseek', label: 'DeepSeek', baseUrl: 'https://api.deepseek.com' },
  { id: 'openrouter', label: 'OpenRouter', baseUrl: 'https://openrouter.ai/api/v1' },
  { id: 'ollama', label: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1' },
  { id: 'custom', label: 'Custom (OpenAI-compatible)', baseUrl: '' },
];

/**
 * The workspace's provider keys. A key typed here goes to the server once and is never shown again: the
 * list has masked hints only, and the input is cleared as soon as the key is sent.
 */
export function KeysPanel({ workspaceId, role }: { workspaceId: string; role: Role | null }) {
  const [keys, reload] = useApiData(() => accountApi.keys(workspaceId), [workspaceId]);
  const [provider, setProvider] = useState('openai');
  const [customName, setCustomName] = useState('');
  const [label, setLabel] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [weight, setWeight] = useState('1');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ tone: 'error' | 'info'; text: string } | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const canEdit = role === 'owner' || role === 'editor';
  const preset = PROVIDERS.find((p) => p.id === provider) ?? PROVIDERS[0];

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const secret = apiKey;
    setApiKey('');
    setBusy(true);
    setNotice(null);
    try {
      const id =
        provider === 'custom'
          ? `custom:${customName
              .trim()
              .toLowerCase()
              .replace(/[^a-z0-9_-]+/g, '-')}`
          : provider;
      const { key } = await accountApi.addKey(workspaceId, {
        provider: id,
        apiKey: secret,
        ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
        ...(label.trim() ? { label: label.trim() } : {}),
        weight: Number(weight) || 1,
      });
      setNotice({ tone: 'info', text: `Saved “${key.label}” (${key.hint}).` });
      setLabel('');
      setBaseUrl('');
      setWeight('1');
      reload();
    } catch (error) {
      setNotice({ tone: 'error', text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  const test = async (keyId: string) => {
    setTesting(keyId);
    setNotice(null);
    try {
      const result = await accountApi.testKey(workspaceId, keyId);
      setNotice({ tone: result.ok ? 'info' : 'error', text: result.message });
      reload();
    } catch (error) {
      setNotice({ tone: 'error', text: errorMessage(error) });
    } finally {
      setTesting(null);
    }
  };

  const changeWeight = async (key: ProviderKey, input: HTMLInputElement) => {
    const weight = Number(input.value);
    if (weight === key.weight) return;
    setNotice(null);
    try {
      await accountApi.setKeyWeight(workspaceId, key.id, { weight });
      setNotice({ tone: 'info', text: `“${key.label}” now has weight ${weight}.` });
      reload();
    } catch (error) {
      input.value = String(key.weight);
      setNotice({ tone: 'error', text: errorMessage(error) });
    }
  };

  const remove = async (keyId: string, name: string) => {
    setNotice(null);
    try {
      await accountApi.deleteKey(workspaceId, keyId);
      setNotice({ tone: 'info', text: `Deleted “${name}”.` });
      reload();
    } catch (error) {
      setNotice({ tone: 'error', text: errorMessage(error) });
    }
  };

  return (
    <div className="settings-stack">
      <header className="settings-section__head">
        <h1 className="settings-section__title">Provider keys</h1>
        <p className="muted">
          Keys are encrypted on the server and only ever sent to the base URL they were saved with. Nobody —
          you included — can read a key back. Workflows pick a provider; when it has several keys (or
          deployments), the runner spreads calls over them by weight and rests a key for a while after it is
          rate limited or fails.
        </p>
      </header>
      {notice && (
        <Banner tone={notice.tone} onDismiss={() => setNotice(null)} testId="keys-notice">
          {notice.text}
        </Banner>
      )}
      <ApiDataState data={keys} reload={reload} loading="Loading keys…" failed="Could not load the keys" />
      {keys.state === 'ready' && keys.data.keys.length === 0 && (
        <ScreenMessage kind="empty" title="No keys yet" testId="keys-empty">
          Runs use the built-in local model until a provider key is added.
        </ScreenMessage>
      )}
      {keys.state === 'ready' && keys.data.keys.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="keys-table">
            <caption className="sr-only">Provider keys</caption>
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Provider</th>
                <th scope="col">Base URL</th>
                <th scope="col">Weight</th>
                <th scope="col">Key</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.keys.map((key) => (
                <tr key={key.id} data-testid={`key-${key.id}`}>
                  <td>{key.label}</td>
                  <td>{key.provider}</td>
                  <td className="muted data-table__url">{key.baseUrl}</td>
                  <td>
                    {canEdit ? (
                      <input
                        className="field__input key-weight-input"
                        type="number"
                        min={1}
                        max={100}
                        step={1}
                        defaultValue={key.weight}
                        aria-label={`Weight of ${key.label}`}
                        onBlur={(e) => void changeWeight(key, e.currentTarget)}
                        data-testid={`key-weight-${key.id}`}
                      />
                    ) : (
                      <span data-testid={`key-weight-${key.id}`}>{key.weight}</span>
                    )}
                  </td>
                  <KeyHintCells hint={key.hint} lastUsedAt={key.lastUsedAt} />
                  <td className="data-table__actions">
                    <button
                      type="button"
                      className="button"
                      disabled={!canEdit || testing === key.id}
                      onClick={() => void test(key.id)}
                      aria-label={`Test ${key.label}`}
                      data-testid={`key-test-${key.id}`}
                    >
                      {testing === key.id ? 'Testing…' : 'Test'}
                    </button>
                    <button
                      type="button"
                      className="button button--danger"
                      disabled={!canEdit}
                      onClick={() => void remove(key.id, key.label)}
                      aria-label={`Delete ${key.label}`}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canEdit ? (
        <form className="settings-section key-form" onSubmit={add} aria-labelledby="add-key-title">
          <h2 id="add-key-title" className="settings-section__subtitle">
            Add a key
          </h2>
          <div className="form-grid">
            <label className="field">
              <span className="field__label">Provider</span>
              <select
                className="field__input"
                value={provider}
                onChange={(e) => setProvider(e.target.value)}
                data-testid="key-provider"
              >
                {PROVIDERS.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                  </option>
                ))}
              </select>
            </label>
            {provider === 'custom' && (
              <label className="field">
                <span className="field__label">Provider name</span>
                <input
                  className="field__input"
                  required
                  value={customName}
                  onChange={(e) => setCustomName(e.target.value)}
                />
              </label>
            )}
            <label className="field">
              <span className="field__label">Label</span>
              <input
                className="field__input"
                value={label}
                maxLength={100}
                placeholder={preset?.label}
                onChange={(e) => setLabel(e.target.value)}
                data-testid="key-label"
              />
            </label>
            <label className="field">
              <span className="field__label">Base URL</span>
              <input
                className="field__input"
                type="url"
                value={baseUrl}
                required={provider === 'custom'}
                placeholder={preset?.baseUrl || 'https://…/v1'}
                onChange={(e) => setBaseUrl(e.target.value)}
                data-testid="key-base-url"
                aria-describedby="base-url-hint"
              />
              <span className="field__hint" id="base-url-hint">
                Leave empty for the provider's own API. Private and local addresses need the operator's
                permission.
              </span>
            </label>
            <label className="field">
              <span className="field__label">Weight</span>
              <input
                className="field__input"
                type="number"
                min={1}
                max={100}
                step={1}
                required
                value={weight}
                onChange={(e) => setWeight(e.target.value)}
                data-testid="key-weight"
                aria-describedby="weight-hint"
              />
              <span className="field__hint" id="weight-hint">
                With several keys for one provider, each gets this share of the calls (3 and 1: three in
                four).
              </span>
            </label>
            <ApiKeyField value={apiKey} onChange={setApiKey} testId="key-secret" />
          </div>
          <button type="submit" className="button button--primary" disabled={busy} data-testid="key-save">
            {busy ? 'Saving…' : 'Save key'}
          </button>
        </form>
      ) : (
        <p className="muted" data-testid="keys-readonly">
          Viewers can see which keys exist, but only editors and owners add, test or delete them.
        </p>
      )}
    </div>
  );
}
