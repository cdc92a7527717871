import type { SyncState } from '../sync/openDocument';
import { type SyncStatusLabel, syncStatusLabel } from '../sync/syncStatusLabel';

function detail(state: SyncState, label: SyncStatusLabel): string {
  if (label === 'Not saved')
    return `${state.error ?? 'The server refused this document.'} Edits stay on this device.`;
  if (label === 'Offline')
    return 'Not connected — edits are kept on this device and sync when you reconnect.';
  if (label === 'Syncing') {
    if (!state.connected) return 'Connecting to the server.';
    return state.unsyncedChanges > 0
      ? `Waiting for the server to store ${state.unsyncedChanges} change(s).`
      : 'Exchanging changes with the server.';
  }
  return 'Every change is stored on the server.';
}

export function SyncStatusBadge({ state }: { state: SyncState }) {
  const label = syncStatusLabel(state);
  const modifier = label.toLowerCase().replace(' ', '-');
  return (
    <output
      className={`sync-status sync-status--${modifier}${state.error ? ' sync-status--error' : ''}`}
      title={state.error && label !== 'Not saved' ? state.error : detail(state, label)}
      aria-live="polite"
    >
      <span className="sync-status__dot" aria-hidden="true" />
      <span data-testid="sync-status">{label}</span>
      {state.readOnly && <span className="sync-status__readonly">Read-only</span>}
    </output>
  );
}
