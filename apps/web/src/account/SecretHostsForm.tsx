import { splitHostList } from '@synapse/schema';
import type { Secret } from '@synapse/schema/api';
import { type FormEvent, useState } from 'react';
import { SecretHostsField } from './SecretHostsField';
import { secretsApi } from './secretsApi';

interface SecretHostsFormProps {
  workspaceId: string;
  secret: Secret;
  /** Runs the save (the row's useFormAction, which shows a refusal). */
  act(work: () => Promise<void>): (event?: FormEvent) => Promise<void>;
  busy: boolean;
  onSaved(notice: string): void;
  onCancel(): void;
}

/** A secret's host list, edited in its table row without touching (or retyping) its value. */
export function SecretHostsForm({ workspaceId, secret, act, busy, onSaved, onCancel }: SecretHostsFormProps) {
  const [text, setText] = useState(secret.allowedHosts.join(', '));
  const testId = `secret-${secret.name}`;
  const save = act(async () => {
    const { secret: saved } = await secretsApi.update(workspaceId, secret.name, {
      allowedHosts: splitHostList(text),
    });
    onSaved(
      saved.allowedHosts.length > 0
        ? `${secret.name} is sent only to ${saved.allowedHosts.join(', ')}.`
        : `${secret.name} may be sent to any host.`,
    );
  });
  return (
    <form className="secret-replace" onSubmit={save}>
      <SecretHostsField value={text} onChange={setText} testId={`${testId}-hosts-input`} />
      <button
        type="submit"
        className="button button--primary"
        disabled={busy}
        data-testid={`${testId}-hosts-save`}
      >
        Save
      </button>
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
