import { deleteWorkflowTriggers, type RemovedTriggers, type Sql } from '@synapse/db';
import type { AuditRecorder } from '../audit/createAuditRecorder';
import type { Actor, Principal } from '../auth/Principal';
import type { Logger } from '../logger';
import type { ScheduleTicks } from '../schedules/createScheduleService';

/**
 * Removes a deleted workflow's triggers, as `actor` (who deleted the workflow, or the server when the
 * reconciliation finds them left behind: reconcileWorkflowTriggers).
 */
export type WorkflowTriggerCleanup = (
  workspaceId: string,
  workflowId: string,
  actor: Principal | Actor,
) => Promise<RemovedTriggers>;

/**
 * A workflow deleted from the index takes its schedules and webhooks with it: otherwise its schedules keep
 * ticking (each tick recorded as failed) and its webhook URLs keep answering. The rows go in one database
 * transaction (the workflow's deletion itself is a document edit, not a database write, so it cannot share
 * it); then pg-boss drops the ticks — a tick it queued meanwhile finds no schedule and records nothing, and
 * a tick row this misses (the queue down) is dropped by `reconcile` at the next start. Each removal is
 * audited like a deletion through the API, with `reason: 'workflow deleted'`.
 */
export function createWorkflowTriggerCleanup(deps: {
  sql: Sql;
  ticks: ScheduleTicks;
  audit: AuditRecorder;
  logger: Logger;
}): WorkflowTriggerCleanup {
  return async (workspaceId, workflowId, actor) => {
    const removed = await deleteWorkflowTriggers(deps.sql, workspaceId, workflowId);
    const details = (name: string) => ({ name, workflowId, reason: 'workflow deleted' });
    for (const schedule of removed.schedules) {
      await deps.ticks.remove(schedule.id).catch((error: unknown) => {
        deps.logger.warn(
          { err: error, scheduleId: schedule.id },
          'could not drop the ticks of a deleted schedule',
        );
      });
      await deps.audit.record({
        workspaceId,
        actor,
        kind: 'schedule.deleted',
        target: schedule.id,
        details: details(schedule.name),
      });
    }
    for (const webhook of removed.webhooks)
      await deps.audit.record({
        workspaceId,
        actor,
        kind: 'webhook.deleted',
        target: webhook.id,
        details: details(webhook.name),
      });
    if (removed.schedules.length + removed.webhooks.length > 0)
      deps.logger.info(
        { workspaceId, workflowId, schedules: removed.schedules.length, webhooks: removed.webhooks.length },
        'removed the triggers of a deleted workflow',
      );
    return removed;
  };
}
