import { toWorkflowFile, type WorkflowBundle, type WorkflowFile, type WorkflowGraph } from '@synapse/schema';
import type * as Y from 'yjs';
import { errorMessage } from '../api/errorMessage';
import { downloadText } from './downloadText';
import { exportWorkflow, serializeWorkflowFile, workflowFileName } from './exportWorkflow';
import { fetchSubworkflowBundle } from './fetchSubworkflowBundle';

/** Saves a workflow file through the browser's download. */
export function downloadFile(file: WorkflowFile): void {
  downloadText(serializeWorkflowFile(file), workflowFileName(file.workflow.name), 'application/json');
}

/**
 * Downloads a workflow document as a workflow file from the local replica alone, asking no server (the
 * rejected-sync rescue); the editor's and the list's "Export" use downloadWorkflowFileWithCalls.
 */
export function downloadWorkflowFile(doc: Y.Doc): void {
  downloadFile(exportWorkflow(doc));
}

/**
 * Downloads the workflow file for `graph` with the graphs its Sub-workflow nodes call (fetched from the
 * server), so it runs with `synapse run` and exports as code anywhere. When they cannot be fetched
 * (offline, or a call the workspace no longer has) the file is still downloaded, without them, and the
 * reason is returned for the caller to show; null when nothing is missing.
 */
export async function downloadWorkflowFileWithCalls(
  graph: WorkflowGraph,
  ids: { workspaceId: string; workflowId: string },
): Promise<string | null> {
  let subworkflows: WorkflowBundle;
  try {
    subworkflows = await fetchSubworkflowBundle(ids.workspaceId, ids.workflowId, graph);
  } catch (error) {
    downloadFile(toWorkflowFile(graph, Date.now()));
    return `Downloaded without the workflows its Sub-workflow nodes call: ${errorMessage(error)}`;
  }
  downloadFile(toWorkflowFile(graph, Date.now(), subworkflows));
  return null;
}
