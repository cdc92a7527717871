import type { Sql } from './Sql';

/** What deleteWorkflowTriggers removed, for the audit log and pg-boss's schedule rows. */
export interface RemovedTriggers {
  schedules: { id: string; name: string }[];
  webhooks: { id: string; name: string }[];
}

/**
 * Deletes every schedule and webhook of a workflow (with their firings, deliveries and delivery ids, by
 * cascade) in one transaction: a workflow deleted from the index must not keep firing ticks that fail, or a
 * URL that answers. Deleting nothing is fine, so a second call for the same workflow is harmless.
 */
export async function deleteWorkflowTriggers(
  sql: Sql,
  workspaceId: string,
  workflowId: string,
): Promise<RemovedTriggers> {
  return sql.transaction(async (tx) => {
    const schedules = await tx.query<{ id: string; name: string }>(
      'delete from schedules where workspace_id = $1 and workflow_id = $2 returning id, name',
      [workspaceId, workflowId],
    );
    const webhooks = await tx.query<{ id: string; name: string }>(
      'delete from webhooks where workspace_id = $1 and workflow_id = $2 returning id, name',
      [workspaceId, workflowId],
    );
    return { schedules, webhooks };
  });
}

/**
 * The workflows that have a schedule or a webhook made before `createdBefore`, by workspace: what the
 * trigger reconciliation checks against the workspace indexes.
 */
export async function listTriggeredWorkflows(
  sql: Sql,
  createdBefore: number,
): Promise<{ workspaceId: string; workflowId: string }[]> {
  return sql.query<{ workspaceId: string; workflowId: string }>(
    `select workspace_id as "workspaceId", workflow_id as "workflowId" from schedules
       where created_at_ms < $1
     union
     select workspace_id, workflow_id from webhooks where created_at_ms < $1
     order by 1, 2`,
    [createdBefore],
  );
}
