import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSweeper } from './sweepOverdueRuns';

describe('startSweeper', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A sweeper over runs that lists nothing overdue, counting how often it looked; `slow` never answers. */
  function sweeper(intervalMs: number, slow = false) {
    let looked = 0;
    const warnings: unknown[] = [];
    const logger = pino({ level: 'silent' });
    logger.warn = ((...args: unknown[]) => warnings.push(args)) as typeof logger.warn;
    const handle = startSweeper({
      runs: {
        listOverdue: () => {
          looked += 1;
          if (slow) return new Promise(() => undefined);
          return looked === 2 ? Promise.reject(new Error('db down')) : Promise.resolve([]);
        },
        claim: async () => null,
        updateFenced: async () => false,
      },
      runnerId: 'r',
      openDocument: () => Promise.reject(new Error('nothing to open')),
      graceMs: 0,
      now: Date.now,
      logger,
      intervalMs,
    });
    return { handle, looked: () => looked, warnings };
  }

  it('sweeps every interval, logs a failed sweep and goes on, and stops when told', async () => {
    const { handle, looked, warnings } = sweeper(1_000);

    await vi.advanceTimersByTimeAsync(3_000);
    expect(looked()).toBe(3);
    expect(warnings).toHaveLength(1);
    handle.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(looked()).toBe(3);
  });

  it('never starts a sweep while the last one is still going', async () => {
    const { handle, looked } = sweeper(1_000, true);

    await vi.advanceTimersByTimeAsync(5_000);
    expect(looked()).toBe(1);
    handle.stop();
  });

  it('does not sweep with an interval of 0', async () => {
    const { handle, looked } = sweeper(0);

    await vi.advanceTimersByTimeAsync(60_000);
    expect(looked()).toBe(0);
    handle.stop();
  });
});
