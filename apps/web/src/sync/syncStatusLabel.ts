import type { SyncState } from './openDocument';

export type SyncStatusLabel = 'Offline' | 'Syncing' | 'Saved' | 'Not saved';

/**
 * "Saved" only when the server has confirmed that everything local is committed (ADR 0017). "Not
 * saved" when the server refused the document: edits stay on this device until the page reloads.
 */
export function syncStatusLabel(state: SyncState): SyncStatusLabel {
  if (state.rejected) return 'Not saved';
  if (!state.connected) return state.connecting ? 'Syncing' : 'Offline';
  if (!state.synced || !state.committed) return 'Syncing';
  return 'Saved';
}
