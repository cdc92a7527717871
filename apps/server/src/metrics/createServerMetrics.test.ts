import { describe, expect, it } from 'vitest';
import { createServerMetrics } from './createServerMetrics';
import { exampleSystemStatus } from './test/exampleSystemStatus';

const status = exampleSystemStatus;

/** `name{labels} value` lines, without comments. */
const samples = (text: string) => text.split('\n').filter((line) => line && !line.startsWith('#'));

describe('createServerMetrics', () => {
  it('exposes the status, the commit histogram and counters, and the default process metrics', async () => {
    const metrics = createServerMetrics();
    metrics.commits.committed(0.004, 3);
    metrics.commits.committed(0.2, 2);
    metrics.commits.failed();
    const text = await metrics.render(status());
    expect(metrics.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    const lines = samples(text);
    for (const line of [
      'synapse_database_up 1',
      'synapse_database_ping_seconds 0.002',
      'synapse_sync_connections 5',
      'synapse_sync_documents 2',
      'synapse_persistence_inflight_rows 7',
      'synapse_persistence_lag_seconds 0.25',
      'synapse_persistence_commit_seconds_bucket{le="0.005"} 1',
      'synapse_persistence_commit_seconds_bucket{le="0.25"} 2',
      'synapse_persistence_commit_seconds_bucket{le="+Inf"} 2',
      'synapse_persistence_commit_seconds_count 2',
      'synapse_persistence_committed_rows_total 5',
      'synapse_persistence_commit_failures_total 1',
      'synapse_runs{status="succeeded"} 4',
      'synapse_runs{status="queued"} 0',
      'synapse_run_queue_jobs{state="ready"} 3',
      'synapse_run_queue_jobs{state="active"} 2',
      'synapse_run_queue_oldest_ready_seconds 1.5',
      'synapse_runners_busy 1',
    ])
      expect(lines).toContain(line);
    expect(text).toContain('# TYPE synapse_persistence_committed_rows_total counter');
    expect(text).toMatch(/^process_resident_memory_bytes \d+$/m);
    expect(text).toMatch(/^process_start_time_seconds \d+$/m);
  });

  it('leaves out what the status does not know, and brings it back when it does', async () => {
    const metrics = createServerMetrics();
    const unknown = await metrics.render(
      status({ database: { ok: false, latencyMs: null }, queue: null, runners: null }),
    );
    expect(samples(unknown)).toContain('synapse_database_up 0');
    for (const name of [
      'synapse_database_ping_seconds',
      'synapse_run_queue_jobs',
      'synapse_run_queue_oldest_ready_seconds',
      'synapse_runners_busy',
    ])
      expect(unknown).not.toContain(name);
    expect(samples(await metrics.render(status()))).toContain('synapse_runners_busy 1');
  });

  it('keeps one registry per instance, so two servers in a process do not clash', async () => {
    const a = createServerMetrics();
    const b = createServerMetrics();
    a.commits.committed(0.01, 10);
    expect(samples(await a.render(status()))).toContain('synapse_persistence_committed_rows_total 10');
    expect(samples(await b.render(status()))).toContain('synapse_persistence_committed_rows_total 0');
  });
});
