import { RUN_QUEUE, type Sql } from '@synapse/db';
import type { PersistenceStats } from './instrumentDocumentStore';

/** Heartbeats are refreshed every 7.5 s (pg-boss: half the queue's 15 s); two missed ones mean gone. */
export const RUNNER_HEARTBEAT_WINDOW_S = 30;
/** Runnable jobs waiting longer than this with nobody busy suggest that no runner is up. */
export const STALLED_AFTER_MS = 60_000;

export interface SystemStatus {
  checkedAt: number;
  database: { ok: boolean; latencyMs: number | null; error?: string };
  /** The run queue (pg-boss jobs of the run queue); null when it could not be read. */
  queue: { ready: number; deferred: number; active: number; oldestReadyAgeMs: number | null } | null;
  /** Runs by status across the install. */
  runs: Record<string, number>;
  runners: {
    /** Distinct runners holding a running run whose job heartbeat is fresh. */
    busy: number;
    /** When a runner last completed a run job (pg-boss keeps completed jobs for a while). */
    lastCompletedAt: number | null;
    /** Runnable jobs have waited over STALLED_AFTER_MS and no runner is busy. */
    stalled: boolean;
  } | null;
  sync: { connections: number; documents: number };
  persistence: PersistenceStats;
}

export interface SystemStatusDeps {
  sql: Sql;
  sync: { getConnectionsCount(): number; getDocumentsCount(): number };
  persistence(): PersistenceStats;
  now(): number;
}

const n = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));
const msOrNull = (value: unknown) =>
  value === null || value === undefined ? null : Math.round(Number(value));

/**
 * What the health page and /metrics report. Runners are separate processes the server cannot ping;
 * pg-boss heartbeats of the jobs they hold are the honest signal for busy ones, and an idle runner is
 * invisible — so the last completed job and a stalled-queue warning stand in for "is anyone there".
 */
export async function collectSystemStatus(deps: SystemStatusDeps): Promise<SystemStatus> {
  const { sql } = deps;
  const checkedAt = deps.now();
  const sync = { connections: deps.sync.getConnectionsCount(), documents: deps.sync.getDocumentsCount() };
  const persistence = deps.persistence();
  const started = performance.now();
  try {
    await sql.query('select 1');
  } catch (error) {
    return {
      checkedAt,
      database: { ok: false, latencyMs: null, error: error instanceof Error ? error.message : String(error) },
      queue: null,
      runs: {},
      runners: null,
      sync,
      persistence,
    };
  }
  const latencyMs = Math.round((performance.now() - started) * 100) / 100;

  const runs: Record<string, number> = {};
  for (const row of await sql.query<{ status: string; count: unknown }>(
    'select status, count(*) as count from runs group by status',
  ))
    runs[row.status] = n(row.count);

  let queue: SystemStatus['queue'] = null;
  let runners: SystemStatus['runners'] = null;
  try {
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
      [RUN_QUEUE, RUNNER_HEARTBEAT_WINDOW_S],
    );
    queue = {
      ready: n(q?.ready),
      deferred: n(q?.deferred),
      active: n(q?.active),
      oldestReadyAgeMs: msOrNull(q?.oldestReadyAgeMs),
    };
    runners = {
      busy: n(busy?.busy),
      lastCompletedAt: msOrNull(q?.lastCompletedAt),
      stalled: n(busy?.busy) === 0 && (queue.oldestReadyAgeMs ?? 0) > STALLED_AFTER_MS,
    };
  } catch {
    // The queue's tables belong to pg-boss; if they cannot be read the rest of the status still stands.
  }
  return { checkedAt, database: { ok: true, latencyMs }, queue, runs, runners, sync, persistence };
}
