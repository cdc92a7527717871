import { RUN_STATUSES } from '@synapse/schema';
import type { SystemStatus } from './collectSystemStatus';
import { COMMIT_BUCKETS } from './instrumentDocumentStore';
import { histogramSamples, type MetricFamily, renderPrometheus } from './renderPrometheus';

const gauge = (name: string, help: string, value: number | null): MetricFamily => ({
  name,
  help,
  type: 'gauge',
  samples: value === null ? [] : [{ value }],
});

/** The server's /metrics body. The runner serves its own (runs and nodes it finished, active runs). */
export function renderServerMetrics(status: SystemStatus, processInfo = process): string {
  const p = status.persistence;
  const families: MetricFamily[] = [
    gauge(
      'synapse_database_up',
      'Whether the database answered a ping (1) or not (0).',
      status.database.ok ? 1 : 0,
    ),
    gauge(
      'synapse_database_ping_seconds',
      'Round trip of the ping.',
      status.database.latencyMs === null ? null : status.database.latencyMs / 1000,
    ),
    gauge(
      'synapse_sync_connections',
      'Open sync connections (one per document per client).',
      status.sync.connections,
    ),
    gauge('synapse_sync_documents', 'Documents loaded in memory by the sync server.', status.sync.documents),
    gauge(
      'synapse_persistence_inflight_rows',
      'Update rows sent to the log and not yet committed.',
      p.inflightRows,
    ),
    gauge(
      'synapse_persistence_lag_seconds',
      'Age of the oldest uncommitted update batch (0 when everything is committed).',
      p.oldestInflightMs / 1000,
    ),
    {
      name: 'synapse_persistence_commit_seconds',
      help: 'Duration of group commits of the update log (one INSERT per batch).',
      type: 'histogram',
      samples: histogramSamples(COMMIT_BUCKETS, p.commitBuckets, p.commitSecondsSum),
    },
    {
      name: 'synapse_persistence_committed_rows_total',
      help: 'Update rows committed to the log.',
      type: 'counter',
      samples: [{ value: p.committedRows }],
    },
    {
      name: 'synapse_persistence_commit_failures_total',
      help: 'Group commits that failed (their writers were disconnected to resend).',
      type: 'counter',
      samples: [{ value: p.failures }],
    },
    {
      name: 'synapse_runs',
      help: 'Runs by status, all workspaces.',
      type: 'gauge',
      samples: RUN_STATUSES.map((s) => ({ labels: { status: s }, value: status.runs[s] ?? 0 })),
    },
  ];
  if (status.queue) {
    families.push(
      {
        name: 'synapse_run_queue_jobs',
        help: 'Run-queue jobs: ready to run, deferred (retry backoff) and active (held by a runner).',
        type: 'gauge',
        samples: (['ready', 'deferred', 'active'] as const).map((state) => ({
          labels: { state },
          value: status.queue?.[state] ?? 0,
        })),
      },
      gauge(
        'synapse_run_queue_oldest_ready_seconds',
        'How long the oldest runnable job has waited (0 when none).',
        (status.queue.oldestReadyAgeMs ?? 0) / 1000,
      ),
    );
  }
  if (status.runners) {
    families.push(
      gauge(
        'synapse_runners_busy',
        'Runners holding a running run with a fresh job heartbeat (idle runners are not visible).',
        status.runners.busy,
      ),
    );
  }
  families.push(
    gauge(
      'process_resident_memory_bytes',
      'Resident memory of the server process.',
      processInfo.memoryUsage().rss,
    ),
    gauge(
      'process_start_time_seconds',
      'When the server process started (Unix time).',
      Math.round(Date.now() / 1000 - processInfo.uptime()),
    ),
  );
  return renderPrometheus(families);
}
