import type { GraphEdge, GraphNode, NodeType, Position, WorkflowDiff, WorkflowGraph } from '@synapse/schema';
import { type Edge, MarkerType, type Node } from '@xyflow/react';

export type DiffStatus = 'added' | 'removed' | 'changed' | 'same';

export interface DiffNodeData extends Record<string, unknown> {
  label: string;
  nodeType: NodeType;
  provider: string | null;
  model: string | null;
  status: DiffStatus;
  /** Changed fields, for `changed` nodes. */
  fields: string[];
  /** Handle ids the drawn edges attach to, so every edge of either side has somewhere to start and end. */
  sourceHandles: string[];
  targetHandles: string[];
}

export type DiffFlowNode = Node<DiffNodeData, 'diff'>;

function text(node: GraphNode, key: string): string | null {
  const value = node.data[key];
  return typeof value === 'string' ? value : null;
}

function handlesOf(edges: readonly GraphEdge[]) {
  const source = new Map<string, Set<string>>();
  const target = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, node: string, handle: string) => {
    const set = map.get(node) ?? new Set<string>();
    set.add(handle);
    map.set(node, set);
  };
  for (const edge of edges) {
    add(source, edge.source, edge.sourceHandle);
    add(target, edge.target, edge.targetHandle);
  }
  return { source, target };
}

// About one drawn node (`.wf-node` is 220px wide), with a margin, for keeping ghosts clear of nodes.
const NODE_W = 240;
const NODE_H = 100;

function overlaps(a: Position, b: Position): boolean {
  return Math.abs(a.x - b.x) < NODE_W && Math.abs(a.y - b.y) < NODE_H;
}

/** Where a removed node's ghost goes: where it stood, or below that if a node of the newer side is there now. */
function ghostPosition(at: Position, taken: Position[]): Position {
  const spot = { ...at };
  for (let i = 0; i < 50 && taken.some((p) => overlaps(p, spot)); i++) spot.y += NODE_H + 20;
  return spot;
}

/**
 * The canvas of a comparison `from` → `to`: every node of `to` (green when added, amber when changed)
 * plus the nodes `from` had and `to` lost, as red ghosts where they stood (moved down when a node now
 * stands there); the same for edges. Pass
 * the same graph twice (and an empty diff) to draw one version as it was.
 */
export function toDiffElements(
  from: WorkflowGraph,
  to: WorkflowGraph,
  diff: WorkflowDiff,
): { nodes: DiffFlowNode[]; edges: Edge[] } {
  const added = new Set(diff.nodes.added.map((n) => n.id));
  const changed = new Map(diff.nodes.changed.map((c) => [c.id, c.fields]));
  const removedIds = new Set(diff.nodes.removed.map((n) => n.id));
  const addedEdges = new Set(diff.edges.added.map((e) => e.id));
  const removedEdges = diff.edges.removed.filter((e) => !to.edges.some((t) => t.id === e.id));
  const allEdges = [...to.edges, ...removedEdges];
  const handles = handlesOf(allEdges);

  const toNode = (node: GraphNode, status: DiffStatus): DiffFlowNode => ({
    id: node.id,
    type: 'diff',
    position: node.position,
    draggable: false,
    selectable: false,
    connectable: false,
    data: {
      label: node.data.label,
      nodeType: node.type,
      provider: text(node, 'provider'),
      model: text(node, 'model'),
      status,
      fields: changed.get(node.id) ?? [],
      sourceHandles: [...(handles.source.get(node.id) ?? [])].sort(),
      targetHandles: [...(handles.target.get(node.id) ?? [])].sort(),
    },
  });

  const nodes = to.nodes.map((n) =>
    toNode(n, added.has(n.id) ? 'added' : changed.has(n.id) ? 'changed' : 'same'),
  );
  const taken = nodes.map((n) => n.position);
  for (const node of from.nodes) {
    if (!removedIds.has(node.id)) continue;
    const position = ghostPosition(node.position, taken);
    taken.push(position);
    nodes.push(toNode({ ...node, position }, 'removed'));
  }
  const drawn = new Set(nodes.map((n) => n.id));
  const toEdge = (edge: GraphEdge, status: DiffStatus): Edge => ({
    id: `${status}:${edge.id}`,
    source: edge.source,
    target: edge.target,
    sourceHandle: edge.sourceHandle,
    targetHandle: edge.targetHandle,
    type: 'smoothstep',
    className: `diff-edge diff-edge--${status}`,
    // Marker colours are inline SVG styles, so theme variables work here.
    markerEnd: {
      type: MarkerType.ArrowClosed,
      width: 16,
      height: 16,
      color:
        status === 'added'
          ? 'var(--succeeded)'
          : status === 'removed'
            ? 'var(--failed)'
            : 'var(--edge-marker)',
    },
    selectable: false,
    focusable: false,
  });
  const edges = [
    ...to.edges.map((e) => toEdge(e, addedEdges.has(e.id) ? 'added' : 'same')),
    ...removedEdges.map((e) => toEdge(e, 'removed')),
  ].filter((e) => drawn.has(e.source) && drawn.has(e.target));
  return { nodes, edges };
}
