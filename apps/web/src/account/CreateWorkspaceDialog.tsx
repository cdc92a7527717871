import type { WorkspaceMembership } from '@synapse/schema/api';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/errorMessage';
import { Banner } from '../components/Banner';
import { accountApi } from './accountApi';

/** A modal form for a new workspace's name; the creator becomes its owner. */
export function CreateWorkspaceDialog({
  onClose,
  onCreated,
}: {
  onClose(): void;
  onCreated(w: WorkspaceMembership): void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      onCreated((await accountApi.createWorkspace(name.trim())).workspace);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="new-workspace-title" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="new-workspace-title" className="dialog__title">
          New workspace
        </h2>
        {error && <Banner tone="error">{error}</Banner>}
        <label className="field">
          <span className="field__label">Name</span>
          <input
            className="field__input"
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-testid="new-workspace-name"
          />
        </label>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy || !name.trim()}>
            Create
          </button>
        </div>
      </form>
    </dialog>
  );
}
