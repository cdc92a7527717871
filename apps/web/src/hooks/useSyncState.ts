import { useSyncExternalStore } from 'react';
import type { SyncedDocument, SyncState } from '../sync/openDocument';

const NOT_OPEN: SyncState = {
  connected: false,
  synced: false,
  unsyncedChanges: 0,
  everSynced: false,
  readOnly: false,
  error: null,
};
const noop = () => () => undefined;

export function useSyncState(synced: SyncedDocument | null): SyncState {
  return useSyncExternalStore(
    synced ? synced.subscribe : noop,
    synced ? synced.getSyncState : () => NOT_OPEN,
  );
}
