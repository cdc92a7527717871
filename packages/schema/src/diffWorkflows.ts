import type { GraphEdge, GraphNode, WorkflowGraph } from './graphTypes';
import { compareStrings } from './readUntrusted';

/** One node present on both sides whose content differs; `fields` names what changed. */
export interface NodeChange {
  id: string;
  before: GraphNode;
  after: GraphNode;
  /**
   * `type`, `position` and data field names (`label`, `provider`, `model`, `systemPrompt`, …), in a
   * stable order: type, label, provider, model, the prompts, then the rest by name, position last.
   */
  fields: string[];
}

/** What turns graph `a` into graph `b`. Everything is sorted by id. */
export interface WorkflowDiff {
  nodes: { added: GraphNode[]; removed: GraphNode[]; changed: NodeChange[] };
  edges: { added: GraphEdge[]; removed: GraphEdge[] };
}

export interface DiffOptions {
  /** Leave moves out: a node that only moved is not reported as changed. */
  ignorePosition?: boolean;
}

const FIELD_ORDER = ['type', 'label', 'provider', 'model', 'systemPrompt', 'userPrompt'];

function fieldRank(field: string): number {
  if (field === 'position') return FIELD_ORDER.length + 1;
  const rank = FIELD_ORDER.indexOf(field);
  return rank === -1 ? FIELD_ORDER.length : rank;
}

function compareFields(a: string, b: string): number {
  return fieldRank(a) - fieldRank(b) || compareStrings(a, b);
}

/** Structural equality of plain JSON values; object key order does not matter. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra).filter((k) => ra[k] !== undefined);
  if (keys.length !== Object.keys(rb).filter((k) => rb[k] !== undefined).length) return false;
  return keys.every((k) => Object.hasOwn(rb, k) && sameJson(ra[k], rb[k]));
}

function changedFields(before: GraphNode, after: GraphNode, options: DiffOptions): string[] {
  const fields: string[] = [];
  if (before.type !== after.type) fields.push('type');
  const keys = new Set([...Object.keys(before.data), ...Object.keys(after.data)]);
  for (const key of keys) {
    if (!sameJson(before.data[key], after.data[key])) fields.push(key);
  }
  if (
    !options.ignorePosition &&
    (before.position.x !== after.position.x || before.position.y !== after.position.y)
  ) {
    fields.push('position');
  }
  return fields.sort(compareFields);
}

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  // The first of a repeated id wins, as in `deriveValidGraph`.
  for (const item of items) if (!map.has(item.id)) map.set(item.id, item);
  return map;
}

function sameEdge(a: GraphEdge, b: GraphEdge): boolean {
  return (
    a.source === b.source &&
    a.target === b.target &&
    a.sourceHandle === b.sourceHandle &&
    a.targetHandle === b.targetHandle
  );
}

const sortById = <T extends { id: string }>(items: T[]): T[] =>
  items.sort((x, y) => compareStrings(x.id, y.id));

/**
 * The changes that turn workflow `a` into workflow `b`, node by node and field by field, for showing
 * what changed between two versions (or a version and the live document) and for restoring one
 * (`restoreWorkflowGraph`). Pure and order-independent; compare graphs read the same way (both from
 * `readWorkflow`/`normalizeGraph`), so defaults on one side are defaults on the other. Edges are
 * matched by id; an edge whose id stays but whose endpoints differ is reported removed and added.
 * The workflow's name is not part of the graph diff.
 */
export function diffWorkflows(a: WorkflowGraph, b: WorkflowGraph, options: DiffOptions = {}): WorkflowDiff {
  const aNodes = byId(a.nodes);
  const bNodes = byId(b.nodes);
  const diff: WorkflowDiff = {
    nodes: { added: [], removed: [], changed: [] },
    edges: { added: [], removed: [] },
  };
  for (const [id, before] of aNodes) {
    const after = bNodes.get(id);
    if (!after) {
      diff.nodes.removed.push(before);
      continue;
    }
    const fields = changedFields(before, after, options);
    if (fields.length > 0) diff.nodes.changed.push({ id, before, after, fields });
  }
  for (const [id, after] of bNodes) if (!aNodes.has(id)) diff.nodes.added.push(after);

  const aEdges = byId(a.edges);
  const bEdges = byId(b.edges);
  for (const [id, before] of aEdges) {
    const after = bEdges.get(id);
    if (!after || !sameEdge(before, after)) diff.edges.removed.push(before);
  }
  for (const [id, after] of bEdges) {
    const before = aEdges.get(id);
    if (!before || !sameEdge(before, after)) diff.edges.added.push(after);
  }
  sortById(diff.nodes.added);
  sortById(diff.nodes.removed);
  sortById(diff.nodes.changed);
  sortById(diff.edges.added);
  sortById(diff.edges.removed);
  return diff;
}

/** True when the diff holds no change at all. */
export function isEmptyDiff(diff: WorkflowDiff): boolean {
  return (
    diff.nodes.added.length === 0 &&
    diff.nodes.removed.length === 0 &&
    diff.nodes.changed.length === 0 &&
    diff.edges.added.length === 0 &&
    diff.edges.removed.length === 0
  );
}
