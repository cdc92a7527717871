import * as Y from 'yjs';
import { USER_ORIGIN } from './origins';
import { workflowMaps } from './workflowDoc';

/** Typing within this window is one undo step; discrete actions call `stopCapturing()` around them. */
export const UNDO_CAPTURE_MS = 500;

/**
 * A per-user undo stack for a workflow document: it tracks only this replica's `USER_ORIGIN`
 * transactions, so remote edits (which arrive with the provider as origin), runner and server writes
 * are never undone by someone else's Ctrl+Z. Undo is itself a local edit that syncs like any other.
 */
export function createUndoManager(doc: Y.Doc, captureTimeout = UNDO_CAPTURE_MS): Y.UndoManager {
  const { meta, nodes, edges } = workflowMaps(doc);
  return new Y.UndoManager([nodes, edges, meta], {
    trackedOrigins: new Set([USER_ORIGIN]),
    captureTimeout,
  });
}
