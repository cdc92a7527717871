interface VersionsButtonProps {
  open: boolean;
  onToggle: () => void;
}

/** Opens the versions panel: save a named version, compare versions, restore one. */
export function VersionsButton({ open, onToggle }: VersionsButtonProps) {
  return (
    <button
      type="button"
      className="button"
      onClick={onToggle}
      aria-pressed={open}
      aria-controls="versions-panel"
      title="Versions: save, compare and restore"
      data-testid="versions-button"
    >
      <svg viewBox="0 0 20 20" aria-hidden="true" className="button__icon versions-button__icon">
        <circle cx="10" cy="10" r="7" />
        <path d="M10 6v4l3 2" />
      </svg>
      Versions
    </button>
  );
}
