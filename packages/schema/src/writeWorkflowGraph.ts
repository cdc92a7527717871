import * as Y from 'yjs';
import { addNode } from './addNode';
import { isValidId } from './docNames';
import { edgeId } from './edgeId';
import type { WorkflowGraph } from './graphTypes';
import { DATA_FIELD_TYPES } from './nodeDefaults';
import type { TxOrigin } from './origins';
import { initWorkflowDoc, workflowMaps } from './workflowDoc';

function fitsKnownType(field: string, value: unknown): boolean {
  const expected = Object.hasOwn(DATA_FIELD_TYPES, field) ? DATA_FIELD_TYPES[field] : undefined;
  if (!expected) return true;
  if (expected === 'array') return Array.isArray(value);
  return typeof value === expected && (expected !== 'number' || Number.isFinite(value));
}

/**
 * Writes a plain graph (an imported file, or a copy of another workflow) into a workflow document that
 * does not hold it yet, in one transaction: meta, nodes with their ids and data (prompts as Y.Text),
 * and edges under their deterministic ids. Only ever creates keys: nodes or edges the document already
 * has are left alone, so it can never resurrect anything. Edges whose endpoints are not in the graph
 * are skipped; cycles are kept (they are shown and block Run, like any merged cycle). Data fields of a
 * known field with the wrong type are dropped rather than refused.
 */
export function writeWorkflowGraph(doc: Y.Doc, graph: WorkflowGraph, origin: TxOrigin): void {
  doc.transact(() => {
    initWorkflowDoc(doc, { name: graph.name }, origin);
    const { nodes, edges } = workflowMaps(doc);
    const written = new Set<string>();
    for (const node of graph.nodes) {
      if (!isValidId(node.id)) continue;
      if (nodes.has(node.id)) {
        written.add(node.id);
        continue;
      }
      const data: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(node.data)) {
        if (field !== '__proto__' && fitsKnownType(field, value)) data[field] = value;
      }
      addNode(doc, { id: node.id, type: node.type, position: node.position, data }, origin);
      written.add(node.id);
    }
    for (const edge of graph.edges) {
      const ends = [edge.source, edge.target, edge.sourceHandle, edge.targetHandle];
      if (!ends.every(isValidId) || !written.has(edge.source) || !written.has(edge.target)) continue;
      const id = edgeId(edge);
      if (edges.has(id)) continue;
      const map = new Y.Map<unknown>();
      edges.set(id, map);
      map.set('source', edge.source);
      map.set('target', edge.target);
      map.set('sourceHandle', edge.sourceHandle);
      map.set('targetHandle', edge.targetHandle);
    }
  }, origin);
}
