import { deriveValidGraph, readWorkflow, toWorkflowFile, type WorkflowFile } from '@synapse/schema';
import type * as Y from 'yjs';

/**
 * The workflow file for a workflow document as its reader sees it (the derived valid view: edges to
 * missing nodes are left out). Format: docs/workflow-file-format.md.
 */
export function exportWorkflow(doc: Y.Doc, now = Date.now()): WorkflowFile {
  return toWorkflowFile(deriveValidGraph(readWorkflow(doc)).graph, now);
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
