import { edgeId } from '../edgeId';
import type { GraphEdge, GraphNode, NodeType, WorkflowGraph } from '../graphTypes';

/**
 * Test-only shorthand: `graphFixture(['a', 'b', ['n', 'note']], [['a', 'b']])`. Nodes default to
 * agents; edges use default handles and deterministic ids.
 */
export function graphFixture(
  nodes: (string | [string, NodeType])[],
  edges: [string, string][] = [],
  data: Record<string, Record<string, unknown>> = {},
): WorkflowGraph {
  const graphNodes: GraphNode[] = nodes.map((n) => {
    const [id, type] = typeof n === 'string' ? [n, 'agent' as const] : n;
    return { id, type, position: { x: 0, y: 0 }, data: { label: id, ...data[id] } };
  });
  const graphEdges: GraphEdge[] = edges.map(([source, target]) => ({
    id: edgeId({ source, target }),
    source,
    target,
    sourceHandle: 'out',
    targetHandle: 'in',
  }));
  return { name: 'test', nodes: graphNodes, edges: graphEdges };
}
