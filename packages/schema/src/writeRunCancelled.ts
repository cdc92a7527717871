import type * as Y from 'yjs';
import type { TxOrigin } from './origins';
import { readRun } from './readRun';
import { updateNodeRun, updateRunMeta } from './runDoc';

/**
 * Ends the document of a run cancelled while no runner held it (queued, or waiting at an approval or a
 * child run): the run and every node still queued, running or waiting turn `cancelled`, in one
 * transaction. Nobody else will: no runner takes a cancelled run.
 */
export function writeRunCancelled(doc: Y.Doc, at: number, origin: TxOrigin): void {
  doc.transact(() => {
    updateRunMeta(doc, { cancelRequestedAt: at, status: 'cancelled', finishedAt: at }, origin);
    for (const [nodeId, node] of Object.entries(readRun(doc)?.nodes ?? {})) {
      if (node.status === 'queued' || node.status === 'running' || node.status === 'waiting')
        updateNodeRun(doc, nodeId, { status: 'cancelled', finishedAt: at }, origin);
    }
  }, origin);
}
