import { RUN_STATUSES } from '@synapse/schema';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { RedisObserver } from '../sync/createRedisSync';
import type { SystemStatus } from './collectSystemStatus';

/** Upper bounds (seconds) of the commit-duration histogram. */
export const COMMIT_BUCKETS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];

/** What instrumentDocumentStore reports as group commits of the update log happen. */
export interface CommitObserver {
  committed(seconds: number, rows: number): void;
  failed(): void;
}

export interface ServerMetrics {
  commits: CommitObserver;
  /** The Redis link between servers (ADR 0015); its metrics appear once a link reports. */
  redis: RedisObserver;
  /** The exposition text, after setting the gauges from one status snapshot. */
  render(status: SystemStatus): Promise<string>;
  contentType: string;
}

/**
 * The server's Prometheus metrics in a registry of its own (several servers share a process in tests),
 * with prom-client's default process metrics. The runner serves its own (runs and nodes it finished).
 */
export function createServerMetrics(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers });
  // Registered only while the status knows them: absent says "unknown", where 0 would be a claim.
  const optionalGauge = (name: string, help: string, labelNames: string[] = []) => {
    const metric = new Gauge({ name, help, labelNames, registers: [] });
    return {
      metric,
      show(known: boolean) {
        registry.removeSingleMetric(name);
        if (known) registry.registerMetric(metric);
      },
    };
  };

  const databaseUp = gauge('synapse_database_up', 'Whether the database answered a ping (1) or not (0).');
  const databasePing = optionalGauge('synapse_database_ping_seconds', 'Round trip of the ping.');
  const syncConnections = gauge(
    'synapse_sync_connections',
    'Open sync connections (one per document per client).',
  );
  const syncDocuments = gauge('synapse_sync_documents', 'Documents loaded in memory by the sync server.');
  const inflightRows = gauge(
    'synapse_persistence_inflight_rows',
    'Update rows sent to the log and not yet committed.',
  );
  const lag = gauge(
    'synapse_persistence_lag_seconds',
    'Age of the oldest uncommitted update batch (0 when everything is committed).',
  );
  const commitSeconds = new Histogram({
    name: 'synapse_persistence_commit_seconds',
    help: 'Duration of group commits of the update log (one INSERT per batch).',
    buckets: [...COMMIT_BUCKETS],
    registers,
  });
  const committedRows = new Counter({
    name: 'synapse_persistence_committed_rows_total',
    help: 'Update rows committed to the log.',
    registers,
  });
  const commitFailures = new Counter({
    name: 'synapse_persistence_commit_failures_total',
    help: 'Group commits that failed (their writers were disconnected to resend).',
    registers,
  });
  const runs = gauge('synapse_runs', 'Runs by status, all workspaces.', ['status']);
  const queueJobs = optionalGauge(
    'synapse_run_queue_jobs',
    'Run-queue jobs: ready to run, deferred (retry backoff) and active (held by a runner).',
    ['state'],
  );
  const oldestReady = optionalGauge(
    'synapse_run_queue_oldest_ready_seconds',
    'How long the oldest runnable job has waited (0 when none).',
  );
  const runnersBusy = optionalGauge(
    'synapse_runners_busy',
    'Runners holding a running run with a fresh job heartbeat (idle runners are not visible).',
  );

  const redisUp = optionalGauge('synapse_redis_up', 'Whether the Redis link to the other servers is up (1).');
  const redisFaults = new Counter({
    name: 'synapse_redis_faults_total',
    help: 'Times the Redis link was lost (each is followed by a catch-up from the update log).',
    registers,
  });
  const catchUps = new Counter({
    name: 'synapse_sync_catchups_total',
    help: 'Loaded documents re-read from the update log after a Redis fault or a peer reconnecting.',
    registers,
  });

  const show = (gauge: ReturnType<typeof optionalGauge>, value: number | null) => {
    if (value !== null) gauge.metric.set(value);
    gauge.show(value !== null);
  };

  return {
    commits: {
      committed(seconds, rows) {
        commitSeconds.observe(seconds);
        committedRows.inc(rows);
      },
      failed: () => commitFailures.inc(),
    },
    redis: {
      up(isUp) {
        redisUp.metric.set(isUp ? 1 : 0);
        redisUp.show(true);
      },
      fault: () => redisFaults.inc(),
      caughtUp: (documents) => catchUps.inc(documents),
    },
    contentType: registry.contentType,
    async render(status) {
      const p = status.persistence;
      databaseUp.set(status.database.ok ? 1 : 0);
      show(databasePing, status.database.latencyMs === null ? null : status.database.latencyMs / 1000);
      syncConnections.set(status.sync.connections);
      syncDocuments.set(status.sync.documents);
      inflightRows.set(p.inflightRows);
      lag.set(p.oldestInflightMs / 1000);
      for (const s of RUN_STATUSES) runs.set({ status: s }, status.runs[s] ?? 0);
      for (const state of ['ready', 'deferred', 'active'] as const)
        queueJobs.metric.set({ state }, status.queue?.[state] ?? 0);
      queueJobs.show(status.queue !== null);
      show(oldestReady, status.queue ? (status.queue.oldestReadyAgeMs ?? 0) / 1000 : null);
      show(runnersBusy, status.runners ? status.runners.busy : null);
      return registry.metrics();
    },
  };
}
