import type * as Y from 'yjs';
import type { GraphEdge, GraphNode, WorkflowGraph } from './graphTypes';
import { normalizeEdge, normalizeNode } from './normalizeGraph';
import { readEntries, readString } from './readUntrusted';
import { workflowMaps } from './workflowDoc';

/**
 * A detached plain snapshot of the workflow, nodes and edges sorted by id. Tolerates any merged state:
 * missing or mistyped fields read as defaults, entries that are not maps are skipped, and dangling
 * edges are kept here (they are real document content) and dropped by `deriveValidGraph`.
 */
export function readWorkflow(doc: Y.Doc): WorkflowGraph {
  const { meta, nodes, edges } = workflowMaps(doc);
  const graphNodes: GraphNode[] = [];
  for (const [id, value] of readEntries(nodes)) {
    const node = normalizeNode(id, value);
    if (node) graphNodes.push(node);
  }
  const graphEdges: GraphEdge[] = [];
  for (const [id, value] of readEntries(edges)) {
    const edge = normalizeEdge(id, value);
    if (edge) graphEdges.push(edge);
  }
  return { name: readString(meta.get('name'), ''), nodes: graphNodes, edges: graphEdges };
}
