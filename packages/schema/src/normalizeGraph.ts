import * as Y from 'yjs';
import { DEFAULT_SOURCE_HANDLE, DEFAULT_TARGET_HANDLE, edgeId } from './edgeId';
import type { GraphEdge, GraphNode, Position, WorkflowGraph } from './graphTypes';
import { defaultLabel, isNodeType } from './nodeDefaults';
import { nodeDefinition } from './nodes/nodeDefinitions';
import {
  compareStrings,
  isPlainRecord,
  readEntries,
  readField,
  readFiniteNumber,
  readString,
  toPlainValue,
} from './readUntrusted';

// One normalisation for nodes and edges, whether they come from Y.Maps in a workflow document or
// from plain JSON (a run's frozen graph, a file): every reader derives the same graph from one state.

function isContainer(value: unknown): boolean {
  return value instanceof Y.Map || isPlainRecord(value);
}

export function normalizePosition(raw: unknown): Position {
  return { x: readFiniteNumber(readField(raw, 'x')) ?? 0, y: readFiniteNumber(readField(raw, 'y')) ?? 0 };
}

/**
 * A node from a Y.Map or plain object, with per-type defaults for missing or mistyped fields (each
 * type's `normalize`, packages/schema/src/nodes). A type this version does not know (a newer client's)
 * reads as an inert note that keeps it in `originalType`.
 */
export function normalizeNode(id: string, raw: unknown): GraphNode | null {
  if (!isContainer(raw)) return null;
  const rawType = readField(raw, 'type');
  const type = isNodeType(rawType) ? rawType : 'note';
  const data: Record<string, unknown> = {};
  for (const [key, value] of readEntries(readField(raw, 'data'))) data[key] = toPlainValue(value);
  const label = readString(data.label, defaultLabel(type));
  nodeDefinition(type).normalize(data);
  if (!isNodeType(rawType) && typeof rawType === 'string') data.originalType = rawType;
  return { id, type, position: normalizePosition(readField(raw, 'position')), data: { ...data, label } };
}

/** An edge needs string endpoints; handles default to `out`/`in`. */
export function normalizeEdge(id: string, raw: unknown): GraphEdge | null {
  if (!isContainer(raw)) return null;
  const source = readField(raw, 'source');
  const target = readField(raw, 'target');
  if (typeof source !== 'string' || typeof target !== 'string' || !source || !target) return null;
  return {
    id,
    source,
    target,
    sourceHandle: readString(readField(raw, 'sourceHandle'), DEFAULT_SOURCE_HANDLE),
    targetHandle: readString(readField(raw, 'targetHandle'), DEFAULT_TARGET_HANDLE),
  };
}

/** A WorkflowGraph from untrusted plain JSON: first node/edge of each id wins; sorted by id. */
export function normalizeGraph(raw: unknown): WorkflowGraph {
  const nodes = new Map<string, GraphNode>();
  const rawNodes = readField(raw, 'nodes');
  for (const item of Array.isArray(rawNodes) ? rawNodes : []) {
    const id = readField(item, 'id');
    if (typeof id !== 'string' || !id || nodes.has(id)) continue;
    const node = normalizeNode(id, item);
    if (node) nodes.set(id, node);
  }
  const edges = new Map<string, GraphEdge>();
  const rawEdges = readField(raw, 'edges');
  for (const item of Array.isArray(rawEdges) ? rawEdges : []) {
    const given = readField(item, 'id');
    const edge = normalizeEdge(typeof given === 'string' && given ? given : '', item);
    if (!edge) continue;
    if (!edge.id) edge.id = edgeId(edge);
    if (!edges.has(edge.id)) edges.set(edge.id, edge);
  }
  return {
    name: readString(readField(raw, 'name'), ''),
    nodes: [...nodes.values()].sort((a, b) => compareStrings(a.id, b.id)),
    edges: [...edges.values()].sort((a, b) => compareStrings(a.id, b.id)),
  };
}
