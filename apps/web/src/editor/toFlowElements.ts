import type { GraphEdge, GraphNode, NodeRunState, NodeRunStatus, NodeType } from '@synapse/schema';
import { type Edge, MarkerType, type Node } from '@xyflow/react';

export interface WorkflowNodeData extends Record<string, unknown> {
  label: string;
  nodeType: NodeType;
  provider: string | null;
  model: string | null;
  runStatus: NodeRunStatus | null;
}

export type WorkflowFlowNode = Node<WorkflowNodeData, 'workflow'>;

function stringField(node: GraphNode, key: string): string | null {
  const value = node.data[key];
  return typeof value === 'string' ? value : null;
}

function sameData(a: WorkflowNodeData, b: WorkflowNodeData): boolean {
  return (
    a.label === b.label &&
    a.nodeType === b.nodeType &&
    a.provider === b.provider &&
    a.model === b.model &&
    a.runStatus === b.runStatus
  );
}

/**
 * Merges the document's nodes with the canvas's local state. The document owns existence, data and
 * resting position; the canvas owns selection, measured size and the live position while dragging
 * (positions reach the document only on drag end). Unchanged nodes keep their object identity so
 * React Flow re-renders only what changed.
 */
export function toFlowNodes(
  graphNodes: GraphNode[],
  runNodes: Record<string, NodeRunState> | null,
  previous: WorkflowFlowNode[],
): WorkflowFlowNode[] {
  const previousById = new Map(previous.map((node) => [node.id, node]));
  return graphNodes.map((graphNode) => {
    const prev = previousById.get(graphNode.id);
    const data: WorkflowNodeData = {
      label: graphNode.data.label,
      nodeType: graphNode.type,
      provider: stringField(graphNode, 'provider'),
      model: stringField(graphNode, 'model'),
      runStatus: runNodes?.[graphNode.id]?.status ?? null,
    };
    if (!prev) return { id: graphNode.id, type: 'workflow', position: graphNode.position, data };
    const position = prev.dragging ? prev.position : graphNode.position;
    const samePosition = position.x === prev.position.x && position.y === prev.position.y;
    const keepData = sameData(prev.data, data);
    if (samePosition && keepData) return prev;
    return { ...prev, position: samePosition ? prev.position : position, data: keepData ? prev.data : data };
  });
}

export function toFlowEdges(
  graphEdges: GraphEdge[],
  cycleEdges: ReadonlySet<string>,
  runNodes: Record<string, NodeRunState> | null,
  previous: Edge[],
): Edge[] {
  const previousById = new Map(previous.map((edge) => [edge.id, edge]));
  return graphEdges.map((graphEdge) => {
    const inCycle = cycleEdges.has(graphEdge.id);
    const flowing = runNodes?.[graphEdge.target]?.status === 'running';
    const className = inCycle ? 'edge--cycle' : flowing ? 'edge--flowing' : undefined;
    const prev = previousById.get(graphEdge.id);
    if (prev && prev.className === className && prev.animated === flowing) return prev;
    return {
      id: graphEdge.id,
      type: 'workflow',
      source: graphEdge.source,
      target: graphEdge.target,
      sourceHandle: graphEdge.sourceHandle,
      targetHandle: graphEdge.targetHandle,
      className,
      animated: flowing,
      selected: prev?.selected ?? false,
      // Marker colours are inline SVG styles, so theme variables work here.
      markerEnd: {
        type: MarkerType.ArrowClosed,
        width: 16,
        height: 16,
        color: inCycle ? 'var(--failed)' : flowing ? 'var(--running)' : 'var(--edge-marker)',
      },
    };
  });
}
