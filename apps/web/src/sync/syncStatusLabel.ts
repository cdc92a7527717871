import type { SyncState } from './openDocument';

export type SyncStatusLabel = 'Offline' | 'Syncing' | 'Saved';

/** "Saved" only when the server has acknowledged everything — and it acks only after commit. */
export function syncStatusLabel(state: SyncState): SyncStatusLabel {
  if (!state.connected) return 'Offline';
  if (!state.synced || state.unsyncedChanges > 0) return 'Syncing';
  return 'Saved';
}
