import type { SyncState } from '../sync/openDocument';
import { syncStatusLabel } from '../sync/syncStatusLabel';

function detail(state: SyncState, label: string): string {
  if (label === 'Offline')
    return 'Not connected — edits are kept on this device and sync when you reconnect.';
  if (label === 'Syncing') {
    return state.unsyncedChanges > 0
      ? `Waiting for the server to store ${state.unsyncedChanges} change(s).`
      : 'Exchanging changes with the server.';
  }
  return 'Every change is stored on the server.';
}

export function SyncStatusBadge({ state }: { state: SyncState }) {
  const label = syncStatusLabel(state);
  return (
    <output
      className={`sync-status sync-status--${label.toLowerCase()}${state.error ? ' sync-status--error' : ''}`}
      title={state.error ?? detail(state, label)}
      aria-live="polite"
    >
      <span className="sync-status__dot" aria-hidden="true" />
      <span data-testid="sync-status">{label}</span>
      {state.readOnly && <span className="sync-status__readonly">Read-only</span>}
    </output>
  );
}
