import { RUN_QUEUE } from './openJobQueue';
import type { Sql } from './Sql';

/** The run queue as pg-boss holds it, and the runners working on it. */
export interface RunQueueStatus {
  ready: number;
  deferred: number;
  active: number;
  /** How long the oldest runnable job has waited; null when none waits. */
  oldestReadyAgeMs: number | null;
  /** When a runner last completed a run job (pg-boss keeps completed jobs for a while). */
  lastCompletedAt: number | null;
  /** Distinct runners holding a running run whose job heartbeat is newer than the window. */
  busyRunners: number;
}

export interface SystemStatusRepo {
  /** One round trip; throws when the database cannot answer. */
  ping(): Promise<void>;
  /** Runs by status across the install. */
  runCounts(): Promise<Record<string, number>>;
  /** Throws when pg-boss's tables cannot be read (not created yet, no permission). */
  runQueue(heartbeatWindowS: number): Promise<RunQueueStatus>;
}

const n = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));
const msOrNull = (value: unknown) =>
  value === null || value === undefined ? null : Math.round(Number(value));

/** The install-wide reads behind the health page and /metrics. */
export function createSystemStatusRepo(sql: Sql): SystemStatusRepo {
  return {
    async ping() {
      await sql.query('select 1');
    },

    async runCounts() {
      const runs: Record<string, number> = {};
      for (const row of await sql.query<{ status: string; count: unknown }>(
        'select status, count(*) as count from runs group by status',
      ))
        runs[row.status] = n(row.count);
      return runs;
    },

    async runQueue(heartbeatWindowS) {
      const [q] = await sql.query(
        `select count(*) filter (where state in ('created', 'retry') and start_after <= now()) as ready,
           count(*) filter (where state in ('created', 'retry') and start_after > now()) as deferred,
           count(*) filter (where state = 'active') as active,
           extract(epoch from now() - min(start_after) filter (where state in ('created', 'retry')
             and start_after <= now())) * 1000 as "oldestReadyAgeMs",
           extract(epoch from max(completed_on) filter (where state = 'completed')) * 1000 as "lastCompletedAt"
         from pgboss.job where name = $1`,
        [RUN_QUEUE],
      );
      const [busy] = await sql.query(
        `select count(distinct r.lease_owner) as busy
         from pgboss.job j join runs r on r.id = j.data ->> 'runId'
         where j.name = $1 and j.state = 'active' and r.status = 'running'
           and j.heartbeat_on > now() - make_interval(secs => $2)`,
        [RUN_QUEUE, heartbeatWindowS],
      );
      return {
        ready: n(q?.ready),
        deferred: n(q?.deferred),
        active: n(q?.active),
        oldestReadyAgeMs: msOrNull(q?.oldestReadyAgeMs),
        lastCompletedAt: msOrNull(q?.lastCompletedAt),
        busyRunners: n(busy?.busy),
      };
    },
  };
}
