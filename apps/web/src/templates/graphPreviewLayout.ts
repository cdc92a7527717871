import type { NodeType, WorkflowGraph } from '@synapse/schema';

export const PREVIEW_NODE_W = 200;
export const PREVIEW_NODE_H = 64;
const PAD = 24;

export interface PreviewNode {
  id: string;
  type: NodeType;
  label: string;
  x: number;
  y: number;
}

export interface PreviewEdge {
  id: string;
  source: string;
  target: string;
  /** SVG path from the source's right edge to the target's left edge. */
  d: string;
}

export interface PreviewLayout {
  viewBox: string;
  width: number;
  height: number;
  nodes: PreviewNode[];
  edges: PreviewEdge[];
}

/**
 * Where a read-only picture of the graph draws things: nodes at their canvas positions (notes left out,
 * they are annotations), edges as curves between the node sides, fitted into a padded view box.
 */
export function graphPreviewLayout(graph: WorkflowGraph): PreviewLayout {
  const nodes: PreviewNode[] = graph.nodes
    .filter((n) => n.type !== 'note')
    .map((n) => ({ id: n.id, type: n.type, label: n.data.label || n.id, x: n.position.x, y: n.position.y }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges: PreviewEdge[] = [];
  for (const e of graph.edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t) continue;
    const x1 = s.x + PREVIEW_NODE_W;
    const y1 = s.y + PREVIEW_NODE_H / 2;
    const x2 = t.x;
    const y2 = t.y + PREVIEW_NODE_H / 2;
    const bend = Math.max(40, Math.abs(x2 - x1) / 2);
    edges.push({
      id: e.id,
      source: e.source,
      target: e.target,
      d: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`,
    });
  }
  if (nodes.length === 0) return { viewBox: '0 0 400 120', width: 400, height: 120, nodes, edges };
  const minX = Math.min(...nodes.map((n) => n.x)) - PAD;
  const minY = Math.min(...nodes.map((n) => n.y)) - PAD;
  const maxX = Math.max(...nodes.map((n) => n.x + PREVIEW_NODE_W)) + PAD;
  const maxY = Math.max(...nodes.map((n) => n.y + PREVIEW_NODE_H)) + PAD;
  const width = maxX - minX;
  const height = maxY - minY;
  return { viewBox: `${minX} ${minY} ${width} ${height}`, width, height, nodes, edges };
}
