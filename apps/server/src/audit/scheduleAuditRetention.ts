import type { AuditRetention, PrunedWorkspace } from '@synapse/db';
import type { PgBoss } from 'pg-boss';
import type { Actor } from '../auth/Principal';
import type { Logger } from '../logger';
import type { AuditRecorder } from './createAuditRecorder';

export const AUDIT_RETENTION_QUEUE = 'synapse-audit-retention';
/** Hourly, off the hour. pg-boss's cron pass sends one job per occurrence however many servers run. */
export const AUDIT_RETENTION_CRON = '17 * * * *';

/** Who `audit.pruned` names: the install's scheduled job, not a member. */
export const RETENTION_ACTOR: Actor = { id: 'system', name: 'Audit retention' };

export interface AuditRetentionDeps {
  retention: AuditRetention;
  audit: AuditRecorder;
  now: () => number;
  logger: Logger;
}

/** One pruning pass: deletes what each workspace's period has passed and records a summary per workspace. */
export async function pruneAuditLog(deps: AuditRetentionDeps): Promise<PrunedWorkspace[]> {
  const pruned = await deps.retention.prune(deps.now());
  for (const p of pruned) {
    await deps.audit.record({
      workspaceId: p.workspaceId,
      actor: RETENTION_ACTOR,
      kind: 'audit.pruned',
      details: {
        count: p.workspaceEvents + p.accountEvents,
        workspaceEvents: p.workspaceEvents,
        accountEvents: p.accountEvents,
        retentionDays: p.retentionDays,
        before: p.before,
      },
    });
  }
  if (pruned.length > 0)
    deps.logger.info({ workspaces: pruned.length }, 'pruned audit events past retention');
  return pruned;
}

/**
 * Puts the pruning pass on pg-boss: a queue, a cron schedule (upserted, so every server starting writes
 * the same row) and a worker. The job goes to one worker per occurrence; a pass that fails is retried.
 */
export async function scheduleAuditRetention(queue: PgBoss, deps: AuditRetentionDeps): Promise<void> {
  const options = { retryLimit: 2, retryDelay: 60, expireInSeconds: 30 * 60 };
  if (await queue.getQueue(AUDIT_RETENTION_QUEUE)) await queue.updateQueue(AUDIT_RETENTION_QUEUE, options);
  else await queue.createQueue(AUDIT_RETENTION_QUEUE, options);
  // `once`: an install that was down at the hour prunes when it comes back rather than an hour later.
  await queue.schedule(AUDIT_RETENTION_QUEUE, AUDIT_RETENTION_CRON, null, { missed: 'once' });
  await queue.work(AUDIT_RETENTION_QUEUE, async () => {
    const pruned = await pruneAuditLog(deps);
    return { workspaces: pruned.length };
  });
}
