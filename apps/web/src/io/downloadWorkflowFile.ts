import type { WorkflowFile } from '@synapse/schema';
import type * as Y from 'yjs';
import { downloadText } from './downloadText';
import { exportWorkflow, serializeWorkflowFile, workflowFileName } from './exportWorkflow';

/** Saves a workflow file through the browser's download. */
export function downloadFile(file: WorkflowFile): void {
  downloadText(serializeWorkflowFile(file), workflowFileName(file.workflow.name), 'application/json');
}

/**
 * Downloads a workflow document as a workflow file — the editor header's "Export", and the list's
 * per-row "Export". Works offline: it reads the local replica.
 */
export function downloadWorkflowFile(doc: Y.Doc): void {
  downloadFile(exportWorkflow(doc));
}
