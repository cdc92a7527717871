import type { Secret } from '@synapse/schema/api';
import { useState } from 'react';
import { Banner } from '../components/Banner';
import { ApiKeyField } from './ApiKeyField';
import { formatTime } from './formatTime';
import { secretsApi } from './secretsApi';
import { useFormAction } from './useFormAction';

interface SecretRowProps {
  workspaceId: string;
  secret: Secret;
  canEdit: boolean;
  /** After a replace or delete, with what to tell the user. */
  onChanged(notice: string): void;
}

/** One secret: its name, hint, creator and last use; editors replace its value or delete it. */
export function SecretRow({ workspaceId, secret, canEdit, onChanged }: SecretRowProps) {
  const [replacing, setReplacing] = useState(false);
  const [value, setValue] = useState('');
  const { busy, error, act } = useFormAction();
  const testId = `secret-${secret.name}`;

  const replace = act(async () => {
    const next = value;
    setValue('');
    await secretsApi.update(workspaceId, secret.name, next);
    setReplacing(false);
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
      <td className="muted">{secret.createdByName ?? secret.createdBy ?? '—'}</td>
      <td className="muted data-table__nowrap">
        {secret.lastUsedAt ? formatTime(secret.lastUsedAt) : 'never'}
      </td>
      <td className="data-table__actions">
        {replacing ? (
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
            <button type="button" className="button" onClick={() => setReplacing(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <>
            <button
              type="button"
              className="button"
              disabled={!canEdit || busy}
              onClick={() => setReplacing(true)}
              aria-label={`Replace the value of ${secret.name}`}
              data-testid={`${testId}-replace`}
            >
              Replace
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
