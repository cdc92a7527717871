import * as Y from 'yjs';

/**
 * Makes `change` on a scratch copy (its own client id) and applies the difference to `doc`. A document
 * the server loads may carry an edit of its own client id that was never stored — a schema migration
 * applied while loading, before the persistence listener is attached — and any later edit from that
 * client id would depend on it, so after a reload it could never be applied. Edits made here depend only
 * on stored state.
 */
export function writeThroughScratchDoc(doc: Y.Doc, change: (scratch: Y.Doc) => void, origin: unknown): void {
  const scratch = new Y.Doc();
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(scratch);
  change(scratch);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(scratch, before), origin);
  scratch.destroy();
}
