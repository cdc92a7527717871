export function OutputSettings() {
  return (
    <p className="field__hint">Collects what its connected nodes produce; the run’s result is its text.</p>
  );
}
