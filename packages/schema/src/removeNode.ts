import type * as Y from 'yjs';
import type { TxOrigin } from './origins';
import { readField } from './readUntrusted';
import { workflowMaps } from './workflowDoc';

/**
 * Deletes the node and every edge touching it that this replica knows of. Edges another replica
 * creates concurrently will dangle after the merge; readers ignore them (`deriveValidGraph`).
 */
export function removeNode(doc: Y.Doc, id: string, origin: TxOrigin): void {
  doc.transact(() => {
    const { nodes, edges } = workflowMaps(doc);
    if (nodes.has(id)) nodes.delete(id);
    const touching = [...edges.entries()]
      .filter(([, edge]) => readField(edge, 'source') === id || readField(edge, 'target') === id)
      .map(([edgeKey]) => edgeKey);
    for (const edgeKey of touching) edges.delete(edgeKey);
  }, origin);
}
