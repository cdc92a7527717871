import type { Sql } from '@synapse/db';
import type { PgBoss } from 'pg-boss';
import type { Logger } from '../logger';

export const EMBEDDED_VACUUM_QUEUE = 'synapse-embedded-vacuum';
/** Hourly, away from the other hourly jobs (audit retention on the hour, key pruning at :41). */
export const EMBEDDED_VACUUM_CRON = '23 * * * *';

/**
 * PGlite has no autovacuum: without this, the rows pg-boss deletes (every finished job, every minute's
 * cron tick), pruned keys and audit entries past retention stay on disk as dead tuples and the data
 * directory only grows. One plain VACUUM an hour marks that space free for reuse (ADR 0029); the document
 * store vacuums its own tables after compactions. Postgres needs none of this: its autovacuum does it.
 */
export async function scheduleEmbeddedVacuum(
  queue: PgBoss,
  deps: { sql: Sql; logger: Logger },
): Promise<void> {
  const options = { retryLimit: 1, retryDelay: 60, expireInSeconds: 30 * 60 };
  if (await queue.getQueue(EMBEDDED_VACUUM_QUEUE)) await queue.updateQueue(EMBEDDED_VACUUM_QUEUE, options);
  else await queue.createQueue(EMBEDDED_VACUUM_QUEUE, options);
  await queue.schedule(EMBEDDED_VACUUM_QUEUE, EMBEDDED_VACUUM_CRON, null, { missed: 'once' });
  await queue.work(EMBEDDED_VACUUM_QUEUE, async () => {
    const started = Date.now();
    await deps.sql.exec('vacuum');
    deps.logger.info({ ms: Date.now() - started }, 'vacuumed the embedded database');
  });
}
