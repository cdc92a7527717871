import { describe, expect, it } from 'vitest';
import { createMetrics } from './createMetrics';

describe('createMetrics', () => {
  it('counts finished runs and nodes by status and tracks active runs', async () => {
    const metrics = createMetrics();
    metrics.activeRuns(1);
    metrics.activeRuns(1);
    metrics.runFinished('succeeded');
    metrics.runFinished('succeeded');
    metrics.runFinished('failed');
    metrics.nodeFinished('succeeded');
    metrics.activeRuns(-1);
    metrics.sharedStateFallback();
    const text = await metrics.render();
    expect(text).toMatch(/^synapse_runner_shared_state_fallbacks_total 1$/m);
    expect(text).toMatch(/^synapse_runs_total\{status="succeeded"\} 2$/m);
    expect(text).toMatch(/^synapse_runs_total\{status="failed"\} 1$/m);
    expect(text).toMatch(/^synapse_nodes_total\{status="succeeded"\} 1$/m);
    expect(text).toMatch(/^synapse_active_runs 1$/m);
    expect(text).toContain('# TYPE synapse_runs_total counter');
    expect(text).toMatch(/^process_resident_memory_bytes \d+$/m);
    expect(metrics.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('keeps each runner’s counts apart (one registry per instance)', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.runFinished('succeeded');
    expect(await b.render()).not.toContain('synapse_runs_total{status="succeeded"}');
  });
});
