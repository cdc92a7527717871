import { useEffect, useRef } from 'react';

interface ConfirmDeleteDialogProps {
  name: string;
  onConfirm(): void;
  onCancel(): void;
}

/** A modal `<dialog>`: the browser traps focus, Escape cancels, and focus starts on Cancel. */
export function ConfirmDeleteDialog({ name, onConfirm, onCancel }: ConfirmDeleteDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="delete-dialog-title"
      aria-describedby="delete-dialog-body"
      data-testid="delete-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id="delete-dialog-title" className="dialog__title">
        Delete “{name}”?
      </h2>
      <p id="delete-dialog-body" className="dialog__body">
        It disappears from the list for everyone in this workspace, and its schedules and webhooks are deleted
        (archive it instead to keep them). Export it first if you may need it again.
      </p>
      <div className="dialog__actions">
        {/* biome-ignore lint/a11y/noAutofocus: a confirmation dialog starts on its safe choice */}
        <button type="button" className="button" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button
          type="button"
          className="button button--danger-solid"
          onClick={onConfirm}
          data-testid="confirm-delete"
        >
          Delete
        </button>
      </div>
    </dialog>
  );
}
