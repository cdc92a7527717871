import type { WorkflowGraph, WorkflowPreview } from '@synapse/schema';

/** The index entry's preview as the graph GraphPreview draws (no labels: the thumbnail is compact). */
export function previewGraph(preview: WorkflowPreview): WorkflowGraph {
  return {
    name: '',
    nodes: preview.nodes.map((n, i) => ({
      id: `n${i}`,
      type: n.type,
      position: { x: n.x, y: n.y },
      data: { label: '' },
    })),
    edges: preview.edges.map(([s, t], i) => ({
      id: `e${i}`,
      source: `n${s}`,
      target: `n${t}`,
      sourceHandle: 'out',
      targetHandle: 'in',
    })),
  };
}
