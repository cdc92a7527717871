import { deriveValidGraph, readWorkflow, toWorkflowFile, type WorkflowFile } from '@synapse/schema';
import type * as Y from 'yjs';

/** The graph a workflow file holds for a document: the derived valid view (edges to missing nodes left out). */
export function fileGraphOf(doc: Y.Doc) {
  return deriveValidGraph(readWorkflow(doc)).graph;
}

/**
 * The workflow file for a workflow document as its reader sees it. Format: docs/workflow-file-format.md;
 * with the graphs its Sub-workflow nodes call: downloadWorkflowFileWithCalls.
 */
export function exportWorkflow(doc: Y.Doc, now = Date.now()): WorkflowFile {
  return toWorkflowFile(fileGraphOf(doc), now);
}

/** `My workflow` → `my-workflow.synapse.json`; never empty, never a path. */
export function workflowFileName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'workflow'}.synapse.json`;
}

/** Pretty-printed, with a final newline, so exported files diff well in version control. */
export function serializeWorkflowFile(file: WorkflowFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}
