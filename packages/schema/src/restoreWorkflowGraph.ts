import * as Y from 'yjs';
import { disconnect } from './connect';
import { diffWorkflows, isEmptyDiff, type WorkflowDiff } from './diffWorkflows';
import type { WorkflowGraph } from './graphTypes';
import { moveNode } from './moveNode';
import { normalizeGraph } from './normalizeGraph';
import type { TxOrigin } from './origins';
import { readWorkflow } from './readWorkflow';
import { removeNode } from './removeNode';
import { type JsonValue, setNodeField } from './setNodeField';
import { workflowMaps } from './workflowDoc';
import { writeWorkflowGraph } from './writeWorkflowGraph';

function writeField(doc: Y.Doc, id: string, field: string, value: unknown, origin: TxOrigin): void {
  if (value === undefined) {
    // Not `setNodeField(…, null)`: that empties a prompt rather than removing a field the version lacks.
    const data = workflowMaps(doc).nodes.get(id)?.get('data');
    if (data instanceof Y.Map && data.has(field)) data.delete(field);
    return;
  }
  try {
    setNodeField(doc, id, field, value as JsonValue, origin);
  } catch (error) {
    // A value of the wrong type for a field this version knows cannot be stored: it is left as it is.
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
  }
}

/**
 * Makes the live workflow document read like `target` (a saved version's graph) with ordinary
 * field-level edits, in ONE transaction with `origin`, so it reaches peers as one change and a user's
 * undo manager takes it back in one step. Only what differs is written (`diffWorkflows`): nodes the
 * version does not have are deleted with their edges, missing nodes and edges are created under their
 * own ids (`writeWorkflowGraph`), and changed nodes get only their changed fields set in place —
 * prompts through a minimal text edit, position through `moveNode`. Nothing is re-set over an existing
 * key, so a collaborator's concurrent edit to anything the restore does not change survives the merge.
 * A node whose type differs is deleted and created again. The workflow's name is left alone. Returns
 * what was applied (the diff from the document as it was to `target`).
 */
export function restoreWorkflowGraph(doc: Y.Doc, target: WorkflowGraph, origin: TxOrigin): WorkflowDiff {
  const wanted = normalizeGraph(target);
  // Read and written in one synchronous call: no remote update can land in between.
  const current = readWorkflow(doc);
  const diff = diffWorkflows(current, wanted);
  if (isEmptyDiff(diff)) return diff;
  doc.transact(() => {
    const retyped = diff.nodes.changed.filter((c) => c.fields.includes('type'));
    for (const node of diff.nodes.removed) removeNode(doc, node.id, origin);
    for (const change of retyped) removeNode(doc, change.id, origin);
    for (const edge of diff.edges.removed) disconnect(doc, edge.id, origin);
    for (const change of diff.nodes.changed) {
      if (change.fields.includes('type')) continue;
      for (const field of change.fields) {
        if (field === 'position') moveNode(doc, change.id, change.after.position, origin);
        else writeField(doc, change.id, field, change.after.data[field], origin);
      }
    }
    // Creates only what is missing now: added and re-typed nodes, and every edge of the version that
    // the document lacks; existing nodes and edges are skipped, never re-set.
    writeWorkflowGraph(doc, { name: current.name, nodes: wanted.nodes, edges: wanted.edges }, origin);
  }, origin);
  return diff;
}
