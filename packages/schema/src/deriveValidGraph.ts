import type { GraphEdge, GraphNode, WorkflowGraph } from './graphTypes';
import { isExecutableNodeType } from './nodeDefaults';

export interface DerivedGraph {
  /** The graph every reader works on: only edges between two existing, connectable nodes. */
  graph: WorkflowGraph;
  /** Edges whose source or target node is missing (a merge of "connect" with a concurrent delete). */
  danglingEdges: GraphEdge[];
  /** Edges that touch a note; notes are annotations and never take part in the flow. */
  noteEdges: GraphEdge[];
}

/**
 * The valid view of a merged graph. A CRDT merge can produce dangling edges, so every reader (canvas,
 * server run intake, runner) drops them the same way instead of trusting the document. Self-loops are
 * kept: they are cycles, reported by `findCycleEdges`. The first node or edge of a repeated id wins.
 */
export function deriveValidGraph(g: WorkflowGraph): DerivedGraph {
  const nodes: GraphNode[] = [];
  const byId = new Map<string, GraphNode>();
  for (const node of g.nodes) {
    if (byId.has(node.id)) continue;
    byId.set(node.id, node);
    nodes.push(node);
  }
  const edges: GraphEdge[] = [];
  const danglingEdges: GraphEdge[] = [];
  const noteEdges: GraphEdge[] = [];
  const seenEdges = new Set<string>();
  for (const edge of g.edges) {
    if (seenEdges.has(edge.id)) continue;
    seenEdges.add(edge.id);
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) danglingEdges.push(edge);
    else if (!isExecutableNodeType(source.type) || !isExecutableNodeType(target.type)) noteEdges.push(edge);
    else edges.push(edge);
  }
  return { graph: { name: g.name, nodes, edges }, danglingEdges, noteEdges };
}
