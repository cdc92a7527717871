import { docSchemaVersion } from '@synapse/schema';
import type * as Y from 'yjs';
import { acquireDocument } from './acquireDocument';
import { isOnline } from './onlineStatus';

/**
 * Reads a document that may not be open: from this device's replica when it has one, else once the
 * server has sent it (up to `waitMs`). Null when neither has it — not opened here and offline, or
 * never created. Shares the open copy when a screen already holds it.
 */
export async function readDocument<T>(
  name: string,
  read: (doc: Y.Doc) => T,
  waitMs = 8_000,
): Promise<T | null> {
  const lease = acquireDocument(name, { readOnly: false });
  try {
    const synced = await lease.ready;
    const hasContent = () => docSchemaVersion(synced.doc) > 0;
    if (!hasContent() && isOnline()) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          unsubscribe();
          resolve();
        };
        const timer = setTimeout(done, waitMs);
        const unsubscribe = synced.subscribe(() => {
          const state = synced.getSyncState();
          if (hasContent() || state.everSynced || state.rejected) done();
        });
      });
    }
    return hasContent() ? read(synced.doc) : null;
  } finally {
    lease.release();
  }
}
