import { readWorkflow, summarizeWorkflowGraph, USER_ORIGIN } from '@synapse/schema';
import { useEffect } from 'react';
import type * as Y from 'yjs';
import type { SyncedDocument } from '../sync/openDocument';
import { updateIndexEntry } from '../sync/updateIndexEntry';
import { createTrailingThrottle } from './createTrailingThrottle';

const TOUCH_EVERY_MS = 15_000;

/**
 * Keeps the workflow list honest without it opening every workflow: local edits bump the index
 * entry's "Updated …" and its preview (node count, thumbnail), at most every 15 s, with the last edit
 * of a burst written when the window ends or the editor closes. `canBackfill` (an editor whose copy has
 * synced) also brings a missing or stale preview up to date on open — entries from before previews
 * existed, or edited by a client that did not write them — without touching "Updated".
 */
export function useIndexTouch(
  doc: Y.Doc,
  index: SyncedDocument | null,
  workflowId: string,
  canBackfill = false,
): void {
  useEffect(() => {
    if (!index || !canBackfill) return;
    updateIndexEntry(index, workflowId, { preview: summarizeWorkflowGraph(readWorkflow(doc)) });
  }, [doc, index, workflowId, canBackfill]);

  useEffect(() => {
    const touch = createTrailingThrottle(
      () =>
        updateIndexEntry(index, workflowId, {
          updatedAt: Date.now(),
          preview: summarizeWorkflowGraph(readWorkflow(doc)),
        }),
      TOUCH_EVERY_MS,
    );
    const onTransaction = (tr: Y.Transaction) => {
      if (tr.origin === USER_ORIGIN && tr.changed.size > 0) touch.request();
    };
    doc.on('afterTransaction', onTransaction);
    return () => {
      doc.off('afterTransaction', onTransaction);
      touch.flush();
    };
  }, [doc, index, workflowId]);
}
