import { type Clock, fromPglite, PgBoss } from 'pg-boss';
import type { Database } from './openDatabase';

export const RUN_QUEUE = 'synapse-run';

export interface RunJob {
  runId: string;
  workspaceId: string;
  /** A delayed job sent when a Human approval node starts waiting: at its time, decide `timeout`. */
  approvalTimeout?: { nodeId: string };
}

export interface JobQueueOptions {
  /** Postgres URL when the database is a server; the embedded driver shares its PGlite instance instead. */
  url?: string;
  /** Seconds without a heartbeat after which a run job is handed to another runner. */
  heartbeatSeconds?: number;
  onError?: (error: Error) => void;
  /**
   * Tests only: pg-boss's clock (its `TestClock` moves cron ticks, polls and the database's `job_now()` by
   * hand, so a schedule's tick is driven without waiting a minute). Default: the system clock.
   */
  clock?: Clock;
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
        // Housekeeping runs on the server's own thread here and stalls every edit in flight (ADR 0029).
        // PGlite has no autovacuum to watch: the vacuum check's catalog scan (~30 ms per pass, measured)
        // could only warn about something that cannot apply. One process owns the data directory, so a
        // stale heartbeat can only be a crashed earlier process's: expiring it within 30 s of a restart,
        // not 5, is enough, and the maintenance pass keeps pg-boss's default minute.
        monitorVacuum: false,
        monitorIntervalSeconds: 30,
        ...(options.clock ? { clock: options.clock } : {}),
      })
    : new PgBoss({
        connectionString: requireUrl(options.url),
        useListenNotify: true,
        superviseIntervalSeconds: 5,
        // Stale heartbeats are failed (and the run handed to another runner) by the monitor pass, not
        // the supervise pass: its 60 s default made a dead runner's run wait a minute.
        monitorIntervalSeconds: 5,
        ...(options.clock ? { clock: options.clock } : {}),
      });
  boss.on('error', (error: Error) => options.onError?.(error));
  await boss.start();
  const queueOptions = {
    retryLimit: 2,
    retryDelay: 1,
    expireInSeconds: 60 * 60,
    heartbeatSeconds: options.heartbeatSeconds ?? 15,
    // Wake idle runners by NOTIFY the moment a run is queued, instead of on their next poll (~1 s):
    // run request → first node running goes from ~380 ms to ~35 ms (bench/runner).
    notify: true,
  };
  if (await boss.getQueue(RUN_QUEUE)) await boss.updateQueue(RUN_QUEUE, queueOptions);
  else await boss.createQueue(RUN_QUEUE, queueOptions);
  return boss;
}

function requireUrl(url: string | undefined): string {
  if (!url) throw new Error('openJobQueue: a Postgres URL is required when the database is not embedded');
  return url;
}
