import * as Y from 'yjs';
import { isValidId } from './docNames';
import { DEFAULT_SOURCE_HANDLE, DEFAULT_TARGET_HANDLE, edgeId } from './edgeId';
import { findCycleEdges } from './findCycleEdges';
import type { GraphEdge } from './graphTypes';
import { isExecutableNodeType } from './nodeDefaults';
import type { TxOrigin } from './origins';
import { readWorkflow } from './readWorkflow';
import { workflowMaps } from './workflowDoc';

export type ConnectRefusal = 'missing_node' | 'self_loop' | 'cycle' | 'duplicate' | 'not_connectable';

export type ConnectResult = { ok: true; id: string } | { ok: false; reason: ConnectRefusal; message: string };

export interface NewEdge {
  source: string;
  target: string;
  sourceHandle?: string;
  targetHandle?: string;
}

function assertEdgeIds(e: NewEdge): void {
  for (const [what, id] of [
    ['source', e.source],
    ['target', e.target],
    ['sourceHandle', e.sourceHandle ?? DEFAULT_SOURCE_HANDLE],
    ['targetHandle', e.targetHandle ?? DEFAULT_TARGET_HANDLE],
  ] as const) {
    if (!isValidId(id)) throw new RangeError(`connect: invalid ${what} ${JSON.stringify(id)}`);
  }
}

/**
 * Creates the edge under its deterministic id, unless this replica can already tell it is wrong:
 * an endpoint is missing, it is a self-loop, it touches a note, it exists, or it would close a cycle.
 * These checks are local only; a merge can still produce dangling edges and cycles, which every
 * reader handles through `deriveValidGraph` and `findCycleEdges`.
 */
export function connect(doc: Y.Doc, e: NewEdge, origin: TxOrigin): ConnectResult {
  assertEdgeIds(e);
  const edge: GraphEdge = {
    id: edgeId(e),
    source: e.source,
    target: e.target,
    sourceHandle: e.sourceHandle ?? DEFAULT_SOURCE_HANDLE,
    targetHandle: e.targetHandle ?? DEFAULT_TARGET_HANDLE,
  };
  let result: ConnectResult = { ok: true, id: edge.id };
  doc.transact(() => {
    result = checkConnection(doc, edge);
    if (!result.ok) return;
    const map = new Y.Map<unknown>();
    workflowMaps(doc).edges.set(edge.id, map);
    map.set('source', edge.source);
    map.set('target', edge.target);
    map.set('sourceHandle', edge.sourceHandle);
    map.set('targetHandle', edge.targetHandle);
  }, origin);
  return result;
}

function checkConnection(doc: Y.Doc, edge: GraphEdge): ConnectResult {
  const graph = readWorkflow(doc);
  const source = graph.nodes.find((n) => n.id === edge.source);
  const target = graph.nodes.find((n) => n.id === edge.target);
  if (!source || !target) {
    const missing = source ? edge.target : edge.source;
    return { ok: false, reason: 'missing_node', message: `Node ${missing} does not exist.` };
  }
  if (edge.source === edge.target) {
    return { ok: false, reason: 'self_loop', message: 'A node cannot be connected to itself.' };
  }
  if (!isExecutableNodeType(source.type) || !isExecutableNodeType(target.type)) {
    return { ok: false, reason: 'not_connectable', message: 'Notes cannot be connected.' };
  }
  if (workflowMaps(doc).edges.has(edge.id)) {
    return { ok: false, reason: 'duplicate', message: 'These nodes are already connected.' };
  }
  const withEdge = { ...graph, edges: [...graph.edges, edge] };
  if (findCycleEdges(withEdge).includes(edge.id)) {
    return { ok: false, reason: 'cycle', message: 'This connection would create a cycle.' };
  }
  return { ok: true, id: edge.id };
}

/** Deletes an edge by id (a no-op if it is already gone). Reconnecting is disconnect + connect. */
export function disconnect(doc: Y.Doc, id: string, origin: TxOrigin): void {
  doc.transact(() => {
    const { edges } = workflowMaps(doc);
    if (edges.has(id)) edges.delete(id);
  }, origin);
}
