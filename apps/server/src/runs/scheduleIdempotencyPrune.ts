import type { RunIdempotencyRepo } from '@synapse/db';
import type { PgBoss } from 'pg-boss';
import type { Logger } from '../logger';

export const IDEMPOTENCY_PRUNE_QUEUE = 'synapse-idempotency-prune';
/** Hourly, off the hour and away from the audit pruning; pg-boss sends one job per occurrence. */
export const IDEMPOTENCY_PRUNE_CRON = '41 * * * *';

export interface IdempotencyPruneDeps {
  idempotency: Pick<RunIdempotencyRepo, 'prune'>;
  now: () => number;
  logger: Logger;
}

/**
 * Deletes run API idempotency keys past their 24-hour window (a claim reuses an expired row, but keys
 * never used again would stay forever), on pg-boss like audit retention: a queue, an upserted cron
 * schedule, a worker; one server takes each occurrence.
 */
export async function scheduleIdempotencyPrune(queue: PgBoss, deps: IdempotencyPruneDeps): Promise<void> {
  const options = { retryLimit: 2, retryDelay: 60, expireInSeconds: 30 * 60 };
  if (await queue.getQueue(IDEMPOTENCY_PRUNE_QUEUE))
    await queue.updateQueue(IDEMPOTENCY_PRUNE_QUEUE, options);
  else await queue.createQueue(IDEMPOTENCY_PRUNE_QUEUE, options);
  await queue.schedule(IDEMPOTENCY_PRUNE_QUEUE, IDEMPOTENCY_PRUNE_CRON, null, { missed: 'once' });
  await queue.work(IDEMPOTENCY_PRUNE_QUEUE, async () => {
    const deleted = await deps.idempotency.prune(deps.now());
    if (deleted > 0) deps.logger.info({ deleted }, 'pruned expired run idempotency keys');
    return { deleted };
  });
}
