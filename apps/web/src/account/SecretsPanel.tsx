import { SECRET_NAME_PATTERN, splitHostList } from '@synapse/schema';
import type { Role } from '@synapse/schema/api';
import { useState } from 'react';
import { ApiDataState } from '../components/ApiDataState';
import { Banner } from '../components/Banner';
import { ScreenMessage } from '../components/ScreenMessage';
import { ApiKeyField } from './ApiKeyField';
import { SecretHostsField } from './SecretHostsField';
import { SecretRow } from './SecretRow';
import { secretsApi } from './secretsApi';
import { useApiData } from './useApiData';
import { useFormAction } from './useFormAction';

/**
 * The workspace's secrets vault: values HTTP request nodes reference by name (`{{secrets.GITHUB_TOKEN}}`).
 * A value typed here goes to the server once and is never shown again; the list has names and hints only.
 */
export function SecretsPanel({ workspaceId, role }: { workspaceId: string; role: Role | null }) {
  const [secrets, reload] = useApiData(() => secretsApi.list(workspaceId), [workspaceId]);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [hosts, setHosts] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, act } = useFormAction();
  const canEdit = role === 'owner' || role === 'editor';

  const add = act(async () => {
    const secretValue = value;
    setValue('');
    setNotice(null);
    const { secret } = await secretsApi.create(workspaceId, {
      name: name.trim(),
      value: secretValue,
      allowedHosts: splitHostList(hosts),
    });
    setNotice(`Saved ${secret.name}.`);
    setName('');
    setHosts('');
    reload();
  });

  return (
    <div className="settings-stack">
      <header className="settings-section__head">
        <h1 className="settings-section__title">Secrets</h1>
        <p className="muted">
          Tokens and passwords that HTTP request nodes send, referenced by name — they never enter a workflow.
          Values are encrypted on the server and nobody, you included, can read one back. Anyone who can edit
          workflows can send a secret to any address a request node may reach, unless you limit it to hosts.
        </p>
      </header>
      {notice && (
        <Banner tone="info" onDismiss={() => setNotice(null)} testId="secrets-notice">
          {notice}
        </Banner>
      )}
      <ApiDataState
        data={secrets}
        reload={reload}
        loading="Loading secrets…"
        failed="Could not load the secrets"
        testId="secrets-error"
      />
      {secrets.state === 'ready' && secrets.data.secrets.length === 0 && (
        <ScreenMessage kind="empty" title="No secrets yet" testId="secrets-empty">
          Add a token here, then reference it by name in an HTTP request node.
        </ScreenMessage>
      )}
      {secrets.state === 'ready' && secrets.data.secrets.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="secrets-table">
            <caption className="sr-only">Secrets</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Value</th>
                <th scope="col">Sent to</th>
                <th scope="col">Created by</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {secrets.data.secrets.map((secret) => (
                <SecretRow
                  key={secret.name}
                  workspaceId={workspaceId}
                  secret={secret}
                  canEdit={canEdit}
                  onChanged={(text) => {
                    setNotice(text);
                    reload();
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canEdit ? (
        <form className="settings-section key-form" onSubmit={add} aria-labelledby="add-secret-title">
          <h2 id="add-secret-title" className="settings-section__subtitle">
            Add a secret
          </h2>
          {error && (
            <Banner tone="error" testId="secret-error">
              {error}
            </Banner>
          )}
          <div className="form-grid">
            <label className="field">
              <span className="field__label">Name</span>
              <input
                className="field__input"
                required
                maxLength={64}
                pattern={SECRET_NAME_PATTERN.source.slice(1, -1)}
                placeholder="GITHUB_TOKEN"
                spellCheck={false}
                autoComplete="off"
                value={name}
                onChange={(e) => setName(e.target.value)}
                aria-describedby="secret-name-hint"
                data-testid="secret-name"
              />
              <span className="field__hint" id="secret-name-hint">
                Letters, digits and _, not starting with a digit.
              </span>
            </label>
            <ApiKeyField
              value={value}
              onChange={setValue}
              testId="secret-value"
              label="Value"
              minLength={1}
            />
            <SecretHostsField value={hosts} onChange={setHosts} testId="secret-hosts" />
          </div>
          <button type="submit" className="button button--primary" disabled={busy} data-testid="secret-save">
            {busy ? 'Saving…' : 'Save secret'}
          </button>
        </form>
      ) : (
        <p className="muted" data-testid="secrets-readonly">
          Viewers see which secrets exist; only editors and owners add, replace or delete them.
        </p>
      )}
    </div>
  );
}
