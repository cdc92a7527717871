import type { WorkflowGraph } from '@synapse/schema';

/** "Writer → Critic, Critic → Writer" for a list of edge ids, using node labels where known. */
export function describeEdges(graph: WorkflowGraph, edgeIds: readonly string[]): string {
  const labelOf = (id: string) => graph.nodes.find((n) => n.id === id)?.data.label || id;
  return edgeIds
    .map((edgeId) => {
      const edge = graph.edges.find((e) => e.id === edgeId);
      return edge ? `${labelOf(edge.source)} → ${labelOf(edge.target)}` : edgeId;
    })
    .join(', ');
}
