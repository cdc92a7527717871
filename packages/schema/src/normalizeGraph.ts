import * as Y from 'yjs';
import { DEFAULT_SOURCE_HANDLE, DEFAULT_TARGET_HANDLE, edgeId } from './edgeId';
import {
  type AgentNodeData,
  DEFAULT_MODEL,
  DEFAULT_PROVIDER,
  type GraphEdge,
  type GraphNode,
  type Position,
  type WorkflowGraph,
} from './graphTypes';
import { defaultLabel, isNodeType } from './nodeDefaults';
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
 * A node from a Y.Map or plain object, with per-type defaults for missing or mistyped fields. A type
 * this version does not know (a newer client's) reads as an inert note that keeps it in `originalType`.
 */
export function normalizeNode(id: string, raw: unknown): GraphNode | null {
  if (!isContainer(raw)) return null;
  const rawType = readField(raw, 'type');
  const type = isNodeType(rawType) ? rawType : 'note';
  const rawData = readField(raw, 'data');
  const data: Record<string, unknown> = {};
  for (const [key, value] of readEntries(rawData)) data[key] = toPlainValue(value);
  const text = (key: string, fallback: string) => readString(readField(rawData, key), fallback);
  const label = text('label', defaultLabel(type));
  if (type === 'agent') {
    data.provider = text('provider', DEFAULT_PROVIDER);
    data.model = text('model', DEFAULT_MODEL);
    data.systemPrompt = text('systemPrompt', '');
    data.userPrompt = text('userPrompt', '');
    for (const key of ['temperature', 'maxTokens']) {
      const n = readFiniteNumber(data[key]);
      if (n === undefined) delete data[key];
    }
  } else if (type === 'input') {
    data.value = text('value', '');
  } else if (type === 'note') {
    data.text = text('text', '');
    if (!isNodeType(rawType) && typeof rawType === 'string') data.originalType = rawType;
  }
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

/** Typed agent fields of a node (defaults for anything missing), for the runner and the inspector. */
export function agentDataOf(node: GraphNode): AgentNodeData {
  const d = node.data;
  const out: AgentNodeData = {
    label: readString(d.label, defaultLabel('agent')),
    provider: readString(d.provider, DEFAULT_PROVIDER),
    model: readString(d.model, DEFAULT_MODEL),
    systemPrompt: readString(d.systemPrompt, ''),
    userPrompt: readString(d.userPrompt, ''),
  };
  const temperature = readFiniteNumber(d.temperature);
  const maxTokens = readFiniteNumber(d.maxTokens);
  if (temperature !== undefined) out.temperature = temperature;
  if (maxTokens !== undefined) out.maxTokens = maxTokens;
  return out;
}
