import { readWorkflowIndex, USER_ORIGIN, upsertWorkflowEntry, type WorkflowEntry } from '@synapse/schema';
import type { SyncedDocument } from './openDocument';

/**
 * Mirrors a workflow's name/updatedAt into the workspace index. An entry this replica has never
 * seen is only created once the index has synced: creating it earlier could race (and, being a
 * whole-entry `set`, overwrite) the real entry another replica already wrote.
 */
export function updateIndexEntry(
  index: SyncedDocument | null,
  workflowId: string,
  patch: Partial<Omit<WorkflowEntry, 'id'>>,
): void {
  if (!index) return;
  const known = readWorkflowIndex(index.doc).some((entry) => entry.id === workflowId);
  if (!known && !index.getSyncState().everSynced) return;
  upsertWorkflowEntry(index.doc, workflowId, patch, USER_ORIGIN);
}
