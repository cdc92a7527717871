import type { SyncedDocument } from './openDocument';

/**
 * Resolves once the server has confirmed every local change committed, refused the document, or after
 * `timeoutMs`, so a run started right after an edit freezes what the user sees.
 */
export function whenSaved(synced: SyncedDocument, timeoutMs: number): Promise<void> {
  const isSaved = () => {
    const s = synced.getSyncState();
    return s.rejected || (s.connected && s.synced && s.committed);
  };
  if (isSaved()) return Promise.resolve();
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(finish, timeoutMs);
    const unsubscribe = synced.subscribe(() => {
      if (isSaved()) finish();
    });
  });
}
