import { type FormEvent, useState } from 'react';

interface SaveVersionFormProps {
  disabledReason: string | null;
  onSave: (name: string) => Promise<boolean>;
}

/** Names the workflow as it is now; the server freezes what it holds once local edits reached it. */
export function SaveVersionForm({ disabledReason, onSave }: SaveVersionFormProps) {
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  const trimmed = name.trim();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!trimmed || saving || disabledReason) return;
    setSaving(true);
    try {
      if (await onSave(trimmed)) setName('');
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="versions-save" onSubmit={submit} title={disabledReason ?? undefined}>
      <label className="visually-hidden" htmlFor="version-name-input">
        Version name
      </label>
      <input
        id="version-name-input"
        className="field__input"
        placeholder="Name this version, e.g. “v1”"
        value={name}
        maxLength={120}
        onChange={(event) => setName(event.target.value)}
        disabled={disabledReason !== null}
        data-testid="version-name-input"
      />
      <button
        type="submit"
        className="button button--primary"
        disabled={!trimmed || saving || disabledReason !== null}
        data-testid="save-version-button"
      >
        {saving ? 'Saving…' : 'Save'}
      </button>
    </form>
  );
}
