import type { Secret } from '@synapse/schema/api';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import { ApiKeyField } from './ApiKeyField';
import { formatTime } from './formatTime';
import { SecretHostsForm } from './SecretHostsForm';
import { secretsApi } from './secretsApi';
import { useFormAction } from './useFormAction';

interface SecretRowProps {
  workspaceId: string;
  secret: Secret;
  canEdit: boolean;
  /** After a replace or delete, with what to tell the user. */
  onChanged(notice: string): void;
}

/**
 * One secret: its name, hint, the hosts it may be sent to, creator and last use; editors replace its value,
 * change its hosts or delete it.
 */
export function SecretRow({ workspaceId, secret, canEdit, onChanged }: SecretRowProps) {
  const [editing, setEditing] = useState<'value' | 'hosts' | null>(null);
  const [value, setValue] = useState('');
  const { busy, error, act } = useFormAction();
  const testId = `secret-${secret.name}`;

  const replace = act(async () => {
    const next = value;
    setValue('');
    await secretsApi.update(workspaceId, secret.name, { value: next });
    setEditing(null);
    onChanged(`Replaced the value of ${secret.name}.`);
  });
  const remove = act(async () => {
    await secretsApi.remove(workspaceId, secret.name);
    onChanged(`Deleted ${secret.name}.`);
  });

  return (
    <tr data-testid={testId}>
      <td>
        <code>{secret.name}</code>
      </td>
      <td className="data-table__nowrap">
        <code data-testid={`${testId}-hint`}>{secret.hint ?? '••••'}</code>
      </td>
      <td className="muted" data-testid={`${testId}-hosts`}>
        {secret.allowedHosts.length > 0 ? secret.allowedHosts.join(', ') : 'any host'}
      </td>
      <td className="muted">{secret.createdByName ?? secret.createdBy ?? '—'}</td>
      <td className="muted data-table__nowrap">
        {secret.lastUsedAt ? formatTime(secret.lastUsedAt) : 'never'}
      </td>
      <td className="data-table__actions">
        {editing === 'hosts' ? (
          <SecretHostsForm
            workspaceId={workspaceId}
            secret={secret}
            act={act}
            busy={busy}
            onSaved={(notice) => {
              setEditing(null);
              onChanged(notice);
            }}
            onCancel={() => setEditing(null)}
          />
        ) : editing === 'value' ? (
          <form className="secret-replace" onSubmit={replace}>
            <ApiKeyField
              value={value}
              onChange={setValue}
              testId={`${testId}-new-value`}
              label="New value"
              minLength={1}
            />
            <button type="submit" className="button button--primary" disabled={busy}>
              Save
            </button>
            <button type="button" className="button" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </form>
        ) : (
          <>
            <button
              type="button"
              className="button"
              disabled={!canEdit || busy}
              onClick={() => setEditing('value')}
              aria-label={`Replace the value of ${secret.name}`}
              data-testid={`${testId}-replace`}
            >
              Replace
            </button>
            <button
              type="button"
              className="button"
              disabled={!canEdit || busy}
              onClick={() => setEditing('hosts')}
              aria-label={`Choose the hosts ${secret.name} may be sent to`}
              data-testid={`${testId}-edit-hosts`}
            >
              Hosts
            </button>
            <button
              type="button"
              className="button button--danger"
              disabled={!canEdit || busy}
              onClick={() => void remove()}
              aria-label={`Delete ${secret.name}`}
              data-testid={`${testId}-delete`}
            >
              Delete
            </button>
          </>
        )}
        {error && <Banner tone="error">{error}</Banner>}
      </td>
    </tr>
  );
}
