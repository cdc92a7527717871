import type { WorkflowFile } from '@synapse/schema';
import type * as Y from 'yjs';
import { exportWorkflow, serializeWorkflowFile, workflowFileName } from './exportWorkflow';

/** Saves a workflow file through the browser's download. */
export function downloadFile(file: WorkflowFile): void {
  const blob = new Blob([serializeWorkflowFile(file)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = workflowFileName(file.workflow.name);
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Downloads a workflow document as a workflow file — the editor header's "Export", and the list's
 * per-row "Export". Works offline: it reads the local replica.
 */
export function downloadWorkflowFile(doc: Y.Doc): void {
  downloadFile(exportWorkflow(doc));
}
