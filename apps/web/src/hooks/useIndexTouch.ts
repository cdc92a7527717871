import { USER_ORIGIN } from '@synapse/schema';
import { useEffect } from 'react';
import type * as Y from 'yjs';
import type { SyncedDocument } from '../sync/openDocument';
import { updateIndexEntry } from '../sync/updateIndexEntry';

const TOUCH_EVERY_MS = 15_000;

/** Keeps the workflow list's "Updated …" honest: local edits bump the index entry, at most every 15 s. */
export function useIndexTouch(doc: Y.Doc, index: SyncedDocument | null, workflowId: string): void {
  useEffect(() => {
    let last = 0;
    const onTransaction = (tr: Y.Transaction) => {
      if (tr.origin !== USER_ORIGIN || tr.changed.size === 0) return;
      const now = Date.now();
      if (now - last < TOUCH_EVERY_MS) return;
      last = now;
      updateIndexEntry(index, workflowId, { updatedAt: now });
    };
    doc.on('afterTransaction', onTransaction);
    return () => doc.off('afterTransaction', onTransaction);
  }, [doc, index, workflowId]);
}
