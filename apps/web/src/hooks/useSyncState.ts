import { useSyncExternalStore } from 'react';
import type { SyncedDocument, SyncState } from '../sync/openDocument';

// While the document is still opening: shown as "Syncing", not "Offline".
const NOT_OPEN: SyncState = {
  connected: false,
  connecting: true,
  synced: false,
  unsyncedChanges: 0,
  committed: false,
  everSynced: false,
  readOnly: false,
  rejected: false,
  error: null,
};
const noop = () => () => undefined;

export function useSyncState(synced: SyncedDocument | null): SyncState {
  return useSyncExternalStore(
    synced ? synced.subscribe : noop,
    synced ? synced.getSyncState : () => NOT_OPEN,
  );
}
