import { fromPglite, PgBoss } from 'pg-boss';
import type { Database } from './openDatabase';

export const RUN_QUEUE = 'synapse-run';

export interface RunJob {
  runId: string;
  workspaceId: string;
}

export interface JobQueueOptions {
  /** Postgres URL when the database is a server; the embedded driver shares its PGlite instance instead. */
  url?: string;
  /** Seconds without a heartbeat after which a run job is handed to another runner. */
  heartbeatSeconds?: number;
  onError?: (error: Error) => void;
}

/**
 * The run queue is pg-boss on the same Postgres (SKIP LOCKED, retries, heartbeats): an existing engine
 * instead of a home-made one, and in embedded mode it shares the in-process PGlite.
 */
export async function openJobQueue(database: Database, options: JobQueueOptions = {}): Promise<PgBoss> {
  const boss = database.pglite
    ? new PgBoss({
        db: fromPglite(database.pglite),
        backend: 'pglite',
        useListenNotify: true,
        superviseIntervalSeconds: 5,
      })
    : new PgBoss({
        connectionString: requireUrl(options.url),
        useListenNotify: true,
        superviseIntervalSeconds: 5,
      });
  boss.on('error', (error: Error) => options.onError?.(error));
  await boss.start();
  await boss.createQueue(RUN_QUEUE, {
    retryLimit: 2,
    retryDelay: 1,
    expireInSeconds: 60 * 60,
    heartbeatSeconds: options.heartbeatSeconds ?? 15,
  });
  return boss;
}

function requireUrl(url: string | undefined): string {
  if (!url) throw new Error('openJobQueue: a Postgres URL is required when the database is not embedded');
  return url;
}
