import type { SystemStatusRepo } from '@synapse/db';
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
  repo: SystemStatusRepo;
  sync: { getConnectionsCount(): number; getDocumentsCount(): number };
  persistence(): PersistenceStats;
  now(): number;
}

/**
 * What the health page and /metrics report. Runners are separate processes the server cannot ping;
 * pg-boss heartbeats of the jobs they hold are the honest signal for busy ones, and an idle runner is
 * invisible — so the last completed job and a stalled-queue warning stand in for "is anyone there".
 */
export async function collectSystemStatus(deps: SystemStatusDeps): Promise<SystemStatus> {
  const { repo } = deps;
  const checkedAt = deps.now();
  const sync = { connections: deps.sync.getConnectionsCount(), documents: deps.sync.getDocumentsCount() };
  const persistence = deps.persistence();
  const started = performance.now();
  try {
    await repo.ping();
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

  const runs = await repo.runCounts();

  let queue: SystemStatus['queue'] = null;
  let runners: SystemStatus['runners'] = null;
  try {
    const { busyRunners, lastCompletedAt, ...waiting } = await repo.runQueue(RUNNER_HEARTBEAT_WINDOW_S);
    queue = waiting;
    runners = {
      busy: busyRunners,
      lastCompletedAt,
      stalled: busyRunners === 0 && (queue.oldestReadyAgeMs ?? 0) > STALLED_AFTER_MS,
    };
  } catch {
    // The queue's tables belong to pg-boss; if they cannot be read the rest of the status still stands.
  }
  return { checkedAt, database: { ok: true, latencyMs }, queue, runs, runners, sync, persistence };
}
