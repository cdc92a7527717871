import { describe, expect, it } from 'vitest';
import type { SyncState } from './openDocument';
import { syncStatusLabel } from './syncStatusLabel';

const base: SyncState = {
  connected: true,
  connecting: false,
  synced: true,
  unsyncedChanges: 0,
  committed: true,
  everSynced: true,
  readOnly: false,
  rejected: false,
  error: null,
};

describe('syncStatusLabel', () => {
  it('is Offline whenever the socket is down, whatever else is true', () => {
    expect(syncStatusLabel({ ...base, connected: false })).toBe('Offline');
    expect(syncStatusLabel({ ...base, connected: false, unsyncedChanges: 3 })).toBe('Offline');
  });

  it('is Syncing while the page makes its first connection, not Offline', () => {
    expect(syncStatusLabel({ ...base, connected: false, synced: false, connecting: true })).toBe('Syncing');
  });

  it('is Syncing before the handshake and until the server confirms every change committed', () => {
    expect(syncStatusLabel({ ...base, synced: false })).toBe('Syncing');
    expect(syncStatusLabel({ ...base, unsyncedChanges: 1, committed: false })).toBe('Syncing');
    // After a reconnect the provider's counter reads 0 while offline edits are still being committed.
    expect(syncStatusLabel({ ...base, unsyncedChanges: 0, committed: false })).toBe('Syncing');
  });

  it('is Saved only when connected, synced and fully acknowledged', () => {
    expect(syncStatusLabel(base)).toBe('Saved');
  });

  it('is Not saved once the server refused the document, online or not', () => {
    expect(syncStatusLabel({ ...base, rejected: true, error: 'too large' })).toBe('Not saved');
    expect(syncStatusLabel({ ...base, rejected: true, connected: false })).toBe('Not saved');
  });
});
