import * as Y from 'yjs';
import { DEFAULT_SOURCE_HANDLE, DEFAULT_TARGET_HANDLE, edgeId } from './edgeId';
import {
  type AgentNodeData,
  DEFAULT_MODEL,
  DEFAULT_PROVIDER,
  type GraphEdge,
  type GraphNode,
  type InputVariable,
  type InputVariableType,
  type ModelRef,
  type Position,
  type RouterBranch,
  type RouterMatch,
  type RouterNodeData,
  type WorkflowGraph,
} from './graphTypes';
import { defaultLabel, defaultRouterBranches, isNodeType } from './nodeDefaults';
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
  if (type === 'agent' || type === 'router') {
    data.provider = text('provider', DEFAULT_PROVIDER);
    data.model = text('model', DEFAULT_MODEL);
    data.systemPrompt = text('systemPrompt', '');
    data.userPrompt = text('userPrompt', '');
  }
  if (type === 'agent') {
    for (const key of [
      'temperature',
      'maxTokens',
      'timeoutMs',
      'retries',
      'maxToolIterations',
      'memoryTopK',
    ]) {
      const n = readFiniteNumber(data[key]);
      if (n === undefined) delete data[key];
    }
    data.fallbacks = readModelRefs(data.fallbacks);
    if (data.tools !== undefined) data.tools = readToolRefs(data.tools);
  } else if (type === 'router') {
    data.mode = data.mode === 'llm' ? 'llm' : 'rule';
    data.branches = readBranches(data.branches);
  } else if (type === 'input') {
    data.value = text('value', '');
    data.variables = readVariables(data.variables);
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

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const VARIABLE_TYPES: readonly InputVariableType[] = ['string', 'number', 'boolean', 'text'];
const MATCHES: readonly RouterMatch[] = ['contains', 'equals', 'startsWith', 'else'];

const TOOL_REF = /^(mcp:[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_.\-/]{1,128}|builtin:[a-z_]{1,32})$/;

/** An agent's tool references, deduplicated; malformed entries are dropped. */
function readToolRefs(raw: unknown): string[] {
  const out: string[] = [];
  for (const item of Array.isArray(raw) ? raw : []) {
    if (typeof item === 'string' && TOOL_REF.test(item) && !out.includes(item)) out.push(item);
  }
  return out;
}

function readModelRefs(raw: unknown): ModelRef[] {
  const out: ModelRef[] = [];
  for (const item of Array.isArray(raw) ? raw : []) {
    const provider = readString(readField(item, 'provider'), '');
    const model = readString(readField(item, 'model'), '');
    if (provider && model) out.push({ provider, model });
  }
  return out;
}

/** Input variables with valid, unique names (first wins); bad entries are dropped, not guessed at. */
export function readVariables(raw: unknown): InputVariable[] {
  const out: InputVariable[] = [];
  const seen = new Set<string>();
  for (const item of Array.isArray(raw) ? raw : []) {
    const name = readString(readField(item, 'name'), '');
    if (!ID.test(name) || seen.has(name)) continue;
    seen.add(name);
    const rawType = readField(item, 'type');
    const type = VARIABLE_TYPES.find((t) => t === rawType) ?? 'string';
    const variable: InputVariable = { name, type, default: readString(readField(item, 'default'), '') };
    const description = readString(readField(item, 'description'), '');
    if (description) variable.description = description;
    if (readField(item, 'required') === true) variable.required = true;
    out.push(variable);
  }
  return out;
}

/** Router branches with valid, unique ids; a router with none left gets the default pair. */
export function readBranches(raw: unknown): RouterBranch[] {
  const out: RouterBranch[] = [];
  const seen = new Set<string>();
  for (const item of Array.isArray(raw) ? raw : []) {
    const id = readString(readField(item, 'id'), '');
    if (!ID.test(id) || seen.has(id)) continue;
    seen.add(id);
    const branch: RouterBranch = { id, label: readString(readField(item, 'label'), id) || id };
    const match = MATCHES.find((m) => m === readField(item, 'match'));
    if (match) branch.match = match;
    const value = readField(item, 'value');
    if (typeof value === 'string') branch.value = value;
    out.push(branch);
  }
  return out.length > 0 ? out : defaultRouterBranches();
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
    fallbacks: readModelRefs(d.fallbacks),
    tools: readToolRefs(d.tools),
  };
  const preset = readString(d.preset, '');
  if (preset) out.preset = preset;
  for (const key of [
    'temperature',
    'maxTokens',
    'timeoutMs',
    'retries',
    'maxToolIterations',
    'memoryTopK',
  ] as const) {
    const n = readFiniteNumber(d[key]);
    if (n !== undefined) out[key] = n;
  }
  if (d.memoryRead === true) out.memoryRead = true;
  if (d.memoryWrite === true) out.memoryWrite = true;
  return out;
}

/** Typed router fields of a node (defaults for anything missing). */
export function routerDataOf(node: GraphNode): RouterNodeData {
  const d = node.data;
  return {
    label: readString(d.label, defaultLabel('router')),
    mode: d.mode === 'llm' ? 'llm' : 'rule',
    provider: readString(d.provider, DEFAULT_PROVIDER),
    model: readString(d.model, DEFAULT_MODEL),
    systemPrompt: readString(d.systemPrompt, ''),
    userPrompt: readString(d.userPrompt, '') || '{{input}}',
    branches: readBranches(d.branches),
  };
}

/** The variables an input node declares. */
export function inputVariablesOf(node: GraphNode): InputVariable[] {
  return node.type === 'input' ? readVariables(node.data.variables) : [];
}
