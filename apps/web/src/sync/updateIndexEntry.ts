import { USER_ORIGIN, updateWorkflowEntry, type WorkflowEntry } from '@synapse/schema';
import type { SyncedDocument } from './openDocument';

/**
 * Mirrors a workflow's name/updatedAt into its workspace index entry. Never creates the entry: only
 * the workflow's creator does (createWorkflowEntry), because a replica that has not seen the real
 * entry yet would replace it in the merge, and a deleted workflow would come back.
 */
export function updateIndexEntry(
  index: SyncedDocument | null,
  workflowId: string,
  patch: Partial<Omit<WorkflowEntry, 'id'>>,
): void {
  if (!index) return;
  updateWorkflowEntry(index.doc, workflowId, patch, USER_ORIGIN);
}
