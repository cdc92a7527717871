import type { NodeType, WorkflowGraph } from './graphTypes';
import { isPlainRecord, readFiniteNumber } from './readUntrusted';

/**
 * What the workflow list shows of a graph without opening its document: the node count and a
 * thumbnail (types and positions, edges by node index). Labels stay out: the thumbnail cannot show
 * them, and the index is replicated to every member, so it carries only what the list needs.
 */
export interface WorkflowPreview {
  /** Nodes people see on the canvas (notes are annotations and do not count). */
  nodeCount: number;
  nodes: { type: NodeType; x: number; y: number }[];
  /** `[source, target]` as indexes into `nodes`. */
  edges: [number, number][];
}

/** Largest thumbnail kept in the index (a bigger graph is drawn by its first nodes); bounds the entry. */
export const PREVIEW_MAX_NODES = 40;
const PREVIEW_MAX_EDGES = 80;
const TYPES: readonly NodeType[] = ['input', 'agent', 'router', 'map', 'output'];

/** The preview of a graph: non-note nodes in graph order, positions rounded, edges between kept nodes. */
export function summarizeWorkflowGraph(graph: Pick<WorkflowGraph, 'nodes' | 'edges'>): WorkflowPreview {
  const shown = graph.nodes.filter((n) => n.type !== 'note');
  const kept = shown.slice(0, PREVIEW_MAX_NODES);
  const indexOf = new Map(kept.map((n, i) => [n.id, i]));
  const edges: [number, number][] = [];
  for (const e of graph.edges) {
    const s = indexOf.get(e.source);
    const t = indexOf.get(e.target);
    if (s === undefined || t === undefined || edges.length >= PREVIEW_MAX_EDGES) continue;
    edges.push([s, t]);
  }
  return {
    nodeCount: shown.length,
    nodes: kept.map((n) => ({ type: n.type, x: Math.round(n.position.x), y: Math.round(n.position.y) })),
    edges,
  };
}

/** Reads a stored preview tolerantly (another client's, or a newer one's): null when it is not one. */
export function readWorkflowPreview(value: unknown): WorkflowPreview | null {
  if (!isPlainRecord(value)) return null;
  const nodeCount = readFiniteNumber(value.nodeCount);
  if (nodeCount === undefined || !Array.isArray(value.nodes) || !Array.isArray(value.edges)) return null;
  const nodes: WorkflowPreview['nodes'] = [];
  for (const n of value.nodes.slice(0, PREVIEW_MAX_NODES)) {
    if (!isPlainRecord(n)) return null;
    const x = readFiniteNumber(n.x);
    const y = readFiniteNumber(n.y);
    if (x === undefined || y === undefined) return null;
    // An unknown type from a newer client still draws, as a plain agent-shaped box.
    const type = TYPES.includes(n.type as NodeType) ? (n.type as NodeType) : 'agent';
    nodes.push({ type, x, y });
  }
  const edges: [number, number][] = [];
  for (const e of value.edges.slice(0, PREVIEW_MAX_EDGES)) {
    if (!Array.isArray(e) || e.length !== 2) continue;
    const [s, t] = e;
    if (
      Number.isInteger(s) &&
      Number.isInteger(t) &&
      s >= 0 &&
      t >= 0 &&
      s < nodes.length &&
      t < nodes.length
    )
      edges.push([s, t]);
  }
  return { nodeCount: Math.max(0, Math.floor(nodeCount)), nodes, edges };
}

/** Two previews draw the same (so a writer can skip a write that would change nothing). */
export function samePreview(
  a: WorkflowPreview | null | undefined,
  b: WorkflowPreview | null | undefined,
): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
