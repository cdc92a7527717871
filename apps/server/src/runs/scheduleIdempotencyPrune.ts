import type { RunIdempotencyRepo, WebhooksRepo } from '@synapse/db';
import type { PgBoss } from 'pg-boss';
import type { Logger } from '../logger';

export const IDEMPOTENCY_PRUNE_QUEUE = 'synapse-idempotency-prune';
/** Hourly, off the hour and away from the audit pruning; pg-boss sends one job per occurrence. */
export const IDEMPOTENCY_PRUNE_CRON = '41 * * * *';

export interface IdempotencyPruneDeps {
  idempotency: Pick<RunIdempotencyRepo, 'prune'>;
  /** Webhook delivery ids (replay protection) past WEBHOOK_REPLAY_WINDOW_MS. */
  webhooks: Pick<WebhooksRepo, 'pruneDeliveryKeys'>;
  now: () => number;
  logger: Logger;
  /**
   * Removes the schedules and webhooks of workflows deleted from their index whose removal was lost
   * (reconcileWorkflowTriggers); returns how many workflows it cleaned up.
   */
  reconcileTriggers?: () => Promise<number>;
}

/**
 * One pass of the job: every key past its window, run API keys and webhook delivery ids alike; then the
 * triggers deleted workflows left behind.
 */
export async function pruneExpiredKeys(
  deps: IdempotencyPruneDeps,
): Promise<{ deleted: number; deliveryKeys: number; triggers: number }> {
  const at = deps.now();
  const deleted = await deps.idempotency.prune(at);
  if (deleted > 0) deps.logger.info({ deleted }, 'pruned expired run idempotency keys');
  const deliveryKeys = await deps.webhooks.pruneDeliveryKeys(at);
  if (deliveryKeys > 0) deps.logger.info({ deleted: deliveryKeys }, 'pruned expired webhook delivery ids');
  const triggers = (await deps.reconcileTriggers?.()) ?? 0;
  return { deleted, deliveryKeys, triggers };
}

/**
 * Deletes run API idempotency keys past their 24-hour window and webhook delivery ids past their replay
 * window (a claim reuses an expired row, but keys never used again would stay forever), and reconciles
 * deleted workflows' triggers, on pg-boss like
 * audit retention: a queue, an upserted cron schedule, a worker; one server takes each occurrence.
 */
export async function scheduleIdempotencyPrune(queue: PgBoss, deps: IdempotencyPruneDeps): Promise<void> {
  const options = { retryLimit: 2, retryDelay: 60, expireInSeconds: 30 * 60 };
  if (await queue.getQueue(IDEMPOTENCY_PRUNE_QUEUE))
    await queue.updateQueue(IDEMPOTENCY_PRUNE_QUEUE, options);
  else await queue.createQueue(IDEMPOTENCY_PRUNE_QUEUE, options);
  await queue.schedule(IDEMPOTENCY_PRUNE_QUEUE, IDEMPOTENCY_PRUNE_CRON, null, { missed: 'once' });
  await queue.work(IDEMPOTENCY_PRUNE_QUEUE, () => pruneExpiredKeys(deps));
}
