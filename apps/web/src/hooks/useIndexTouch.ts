import { readWorkflow, summarizeWorkflowGraph, USER_ORIGIN } from '@synapse/schema';
import { useEffect } from 'react';
import type * as Y from 'yjs';
import type { SyncedDocument } from '../sync/openDocument';
import { updateIndexEntry } from '../sync/updateIndexEntry';

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
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const write = () => {
      timer = undefined;
      last = Date.now();
      updateIndexEntry(index, workflowId, {
        updatedAt: last,
        preview: summarizeWorkflowGraph(readWorkflow(doc)),
      });
    };
    const onTransaction = (tr: Y.Transaction) => {
      if (tr.origin !== USER_ORIGIN || tr.changed.size === 0 || timer !== undefined) return;
      const wait = last + TOUCH_EVERY_MS - Date.now();
      if (wait <= 0) write();
      else timer = setTimeout(write, wait);
    };
    doc.on('afterTransaction', onTransaction);
    return () => {
      doc.off('afterTransaction', onTransaction);
      if (timer !== undefined) {
        clearTimeout(timer);
        write();
      }
    };
  }, [doc, index, workflowId]);
}
