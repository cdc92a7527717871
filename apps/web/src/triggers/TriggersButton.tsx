/** Opens the triggers panel: API snippets, webhooks and schedules (shortcut `T`). */
export function TriggersButton({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      className="button"
      onClick={onToggle}
      aria-pressed={open}
      aria-controls="triggers-panel"
      aria-keyshortcuts="T"
      title="Triggers: API, webhooks and schedules (T)"
      data-testid="triggers-button"
    >
      <svg viewBox="0 0 20 20" aria-hidden="true" className="button__icon triggers-button__icon">
        <path d="M11 2 4 11h5l-1 7 7-9h-5z" />
      </svg>
      Triggers
    </button>
  );
}
