import type { RunRow } from '@synapse/db';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchRun } from './watchRun';

/** The run as the database holds it: only the fencing token matters to the watch. */
function runsHolding(token: number) {
  const row = { id: 'r', fencingToken: token } as RunRow;
  return { row, runs: { get: async () => row } };
}

describe('watchRun', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 10_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function watch(options: {
    token?: number;
    deadlineAt?: number | null;
    runs?: { get(): Promise<RunRow | null> };
  }) {
    const controller = new AbortController();
    const errors: unknown[] = [];
    const handle = watchRun({
      runs: options.runs ?? runsHolding(1).runs,
      runId: 'r',
      token: options.token ?? 1,
      deadlineAt: options.deadlineAt ?? null,
      controller,
      now: Date.now,
      fenceCheckMs: 1000,
      onError: (error) => errors.push(error),
    });
    return { controller, errors, handle };
  }

  it('aborts with "deadline" when the deadline passes, not before', async () => {
    const { controller, handle } = watch({ deadlineAt: 15_000 });

    await vi.advanceTimersByTimeAsync(4_999);
    expect(controller.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(controller.signal.reason).toBe('deadline');
    handle.stop();
  });

  it('aborts at once when the deadline already passed', async () => {
    const { controller, handle } = watch({ deadlineAt: 9_000 });

    await vi.advanceTimersByTimeAsync(0);
    expect(controller.signal.reason).toBe('deadline');
    handle.stop();
  });

  it('aborts with "fenced" at the first check after another runner claimed the run', async () => {
    const { row, runs } = runsHolding(1);
    const { controller, handle } = watch({ runs });

    await vi.advanceTimersByTimeAsync(3_000);
    expect(controller.signal.aborted).toBe(false);
    row.fencingToken = 2;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(controller.signal.reason).toBe('fenced');
    handle.stop();
  });

  it('reports a failed check and keeps watching', async () => {
    let failing = true;
    const { row } = runsHolding(2);
    const runs = { get: async () => (failing ? Promise.reject(new Error('db down')) : row) };
    const { controller, errors, handle } = watch({ runs });

    await vi.advanceTimersByTimeAsync(1_000);
    expect(errors).toEqual([new Error('db down')]);
    failing = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(controller.signal.reason).toBe('fenced');
    handle.stop();
  });

  it('does nothing more once stopped', async () => {
    const { row, runs } = runsHolding(1);
    const { controller, handle } = watch({ runs, deadlineAt: 12_000 });

    handle.stop();
    row.fencingToken = 2;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(controller.signal.aborted).toBe(false);
  });
});
