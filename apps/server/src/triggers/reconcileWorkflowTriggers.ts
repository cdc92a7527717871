import type { Hocuspocus } from '@hocuspocus/server';
import { listTriggeredWorkflows, type Sql } from '@synapse/db';
import { indexDocName, indexMaps } from '@synapse/schema';
import type { Actor } from '../auth/Principal';
import type { Logger } from '../logger';
import type { WorkflowTriggerCleanup } from './createWorkflowTriggerCleanup';

/**
 * A trigger younger than this is left alone: its workflow's index entry may still be on its way (the API
 * makes triggers without reading the index). The next pass, an hour later, sees it.
 */
export const TRIGGER_RECONCILE_GRACE_MS = 60 * 60 * 1000;

/** Who the audit log names for a removal the reconciliation makes (the deleter is not known any more). */
export const TRIGGER_RECONCILER: Actor = { id: 'system', name: 'Synapse server' };

export interface TriggerReconcileDeps {
  sql: Sql;
  sync: Hocuspocus;
  removeTriggers: WorkflowTriggerCleanup;
  now: () => number;
  logger: Logger;
}

/**
 * Removes the schedules and webhooks of workflows no longer in their workspace's index: the removal a
 * deletion starts (createWorkflowAudit) is not retried, so a database error or a server stopping right
 * after the deletion leaves them. Run at server start and by the hourly prune job. An archived workflow is
 * still in the index and keeps its triggers; a workspace whose index was never written is skipped (no
 * evidence any workflow was deleted). Audited like the direct removal, as TRIGGER_RECONCILER. Returns how
 * many workflows it cleaned up.
 */
export async function reconcileWorkflowTriggers(deps: TriggerReconcileDeps): Promise<number> {
  const triggered = await listTriggeredWorkflows(deps.sql, deps.now() - TRIGGER_RECONCILE_GRACE_MS);
  const byWorkspace = new Map<string, string[]>();
  for (const { workspaceId, workflowId } of triggered)
    byWorkspace.set(workspaceId, [...(byWorkspace.get(workspaceId) ?? []), workflowId]);
  let cleaned = 0;
  for (const [workspaceId, workflowIds] of byWorkspace) {
    const deleted = await deletedWorkflows(deps.sync, workspaceId, workflowIds);
    for (const workflowId of deleted) {
      await deps.removeTriggers(workspaceId, workflowId, TRIGGER_RECONCILER);
      cleaned += 1;
    }
  }
  if (cleaned > 0)
    deps.logger.warn({ workflows: cleaned }, 'removed the leftover triggers of deleted workflows');
  return cleaned;
}

/** Which of `workflowIds` the workspace's index (as the sync server holds it) has no entry for. */
async function deletedWorkflows(
  sync: Hocuspocus,
  workspaceId: string,
  workflowIds: string[],
): Promise<string[]> {
  const connection = await sync.openDirectConnection(indexDocName(workspaceId), {});
  try {
    const doc = connection.document;
    if (!doc || doc.store.clients.size === 0) return [];
    const { workflows } = indexMaps(doc);
    return workflowIds.filter((id) => !workflows.has(id));
  } finally {
    await connection.disconnect();
  }
}
