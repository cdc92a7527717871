import {
  approvalNode,
  type GraphEdge,
  type GraphNode,
  httpDataOf,
  inputVariablesOf,
  type NodeRunState,
  type NodeRunStatus,
  type NodeType,
  nodeDefinition,
  type Position,
  routerDataOf,
  subworkflowDataOf,
} from '@synapse/schema';
import { type Edge, MarkerType, type Node } from '@xyflow/react';

/** A collaborator's mark on a node: they have it selected, or are dragging it right now. */
export interface PeerMark {
  name: string;
  color: string;
  dragging: boolean;
}

export interface WorkflowNodeData extends Record<string, unknown> {
  label: string;
  nodeType: NodeType;
  provider: string | null;
  model: string | null;
  preset: string | null;
  runStatus: NodeRunStatus | null;
  /** The status is the last run's and the graph has changed since, so it may not hold any more. */
  runStale: boolean;
  /** The single `out` source handle (its type's `sourceHandles`); a router has one per branch instead. */
  outHandle: boolean;
  /** Router: one source handle per branch, top to bottom. */
  branches: { id: string; label: string }[];
  routerMode: 'llm' | 'rule' | null;
  /** Input: the declared variable names. */
  variables: string[];
  /** Note: its text. */
  text: string;
  /** HTTP request: method and URL template, e.g. `GET {{input.apiBaseUrl}}/repos/…`. */
  request: string | null;
  /** Sub-workflow: the workflow it calls ('' = none chosen) and the version ('' = published). */
  calls: { workflowId: string; versionId: string } | null;
  /** Why this node needs attention (deleted neighbour, unknown reference, …), for its warning badge. */
  problems: string[];
  peers: PeerMark[];
}

export type WorkflowFlowNode = Node<WorkflowNodeData, 'workflow'>;

export interface NodeDecorations {
  runNodes: Record<string, NodeRunState> | null;
  /** The graph was edited since the run shown (see runIsStale). */
  runStale: boolean;
  /** Positions shown instead of the document's: a layout animation or a collaborator's live drag. */
  positions: ReadonlyMap<string, Position>;
  peers: ReadonlyMap<string, PeerMark[]>;
  problems: ReadonlyMap<string, string[]>;
}

export const NO_DECORATIONS: NodeDecorations = {
  runNodes: null,
  runStale: false,
  positions: new Map(),
  peers: new Map(),
  problems: new Map(),
};

function stringField(node: GraphNode, key: string): string | null {
  const value = node.data[key];
  return typeof value === 'string' ? value : null;
}

function httpSummary(node: GraphNode): string {
  const http = httpDataOf(node);
  return `${http.method} ${http.url}`;
}

function subworkflowCall(node: GraphNode): { workflowId: string; versionId: string } {
  const { workflowId, versionId } = subworkflowDataOf(node);
  return { workflowId, versionId };
}

function nodeData(node: GraphNode, decorations: NodeDecorations): WorkflowNodeData {
  const router = node.type === 'router' ? routerDataOf(node) : null;
  return {
    label: node.data.label,
    nodeType: node.type,
    provider: stringField(node, 'provider'),
    model: stringField(node, 'model'),
    preset: stringField(node, 'preset'),
    runStatus: decorations.runNodes?.[node.id]?.status ?? null,
    runStale: decorations.runStale && Boolean(decorations.runNodes?.[node.id]),
    outHandle: !router && nodeDefinition(node.type).sourceHandles(node).includes('out'),
    branches: router
      ? router.branches.map((b) => ({ id: b.id, label: b.label }))
      : node.type === 'approval'
        ? approvalNode.sourceHandles(node).map((h) => ({ id: h, label: h }))
        : [],
    routerMode: router?.mode ?? null,
    variables: inputVariablesOf(node).map((v) => v.name),
    text: node.type === 'note' ? (stringField(node, 'text') ?? '') : '',
    request: node.type === 'http' ? httpSummary(node) : null,
    calls: node.type === 'subworkflow' ? subworkflowCall(node) : null,
    problems: decorations.problems.get(node.id) ?? [],
    peers: decorations.peers.get(node.id) ?? [],
  };
}

/** Data is small plain JSON; comparing it as text is simple and cheap enough per update. */
function sameData(a: WorkflowNodeData, b: WorkflowNodeData): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Merges the document's nodes with the canvas's local state. The document owns existence, data and
 * resting position; the canvas owns selection, measured size and the live position while dragging
 * (positions reach the document only on drag end). Unchanged nodes keep their object identity so
 * React Flow re-renders only what changed.
 */
export function toFlowNodes(
  graphNodes: GraphNode[],
  previous: WorkflowFlowNode[],
  decorations: NodeDecorations = NO_DECORATIONS,
): WorkflowFlowNode[] {
  const previousById = new Map(previous.map((node) => [node.id, node]));
  return graphNodes.map((graphNode) => {
    const prev = previousById.get(graphNode.id);
    const data = nodeData(graphNode, decorations);
    const shown = decorations.positions.get(graphNode.id) ?? graphNode.position;
    const ariaLabel = `${graphNode.type} node ${graphNode.data.label || 'Untitled'}`;
    if (!prev) return { id: graphNode.id, type: 'workflow', position: shown, data, ariaLabel };
    const position = prev.dragging ? prev.position : shown;
    const samePosition = position.x === prev.position.x && position.y === prev.position.y;
    const keepData = sameData(prev.data, data);
    if (samePosition && keepData) return prev;
    return {
      ...prev,
      position: samePosition ? prev.position : position,
      data: keepData ? prev.data : data,
      ariaLabel,
    };
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
      data: { inCycle },
      ariaLabel: inCycle ? 'Connection on a cycle' : 'Connection',
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
