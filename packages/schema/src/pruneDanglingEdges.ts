import type * as Y from 'yjs';
import { deriveValidGraph } from './deriveValidGraph';
import type { TxOrigin } from './origins';
import { readWorkflow } from './readWorkflow';
import { workflowMaps } from './workflowDoc';

/**
 * Deletes edges whose source or target node is missing and returns their ids. Deletes are idempotent,
 * so concurrent janitors converge. Run it only where the whole causal history is present (the
 * server): a peer that received an edge before the node it points to would see it as dangling.
 */
export function pruneDanglingEdges(doc: Y.Doc, origin: TxOrigin): string[] {
  const pruned: string[] = [];
  doc.transact(() => {
    const { edges } = workflowMaps(doc);
    for (const edge of deriveValidGraph(readWorkflow(doc)).danglingEdges) {
      edges.delete(edge.id);
      pruned.push(edge.id);
    }
  }, origin);
  return pruned;
}
