import type { UsageBucket } from '@synapse/schema/api';
import { describe, expect, it } from 'vitest';
import { dailySeries, niceCeiling, successRate } from './dailySeries';

const DAY = 86_400_000;
const D0 = Date.UTC(2026, 0, 1);

function bucket(day: number, key: string, runs: number, succeeded: number, costUsd = 0): UsageBucket {
  return {
    day,
    key,
    runs,
    succeeded,
    failed: runs - succeeded,
    inputTokens: runs * 10,
    outputTokens: runs * 20,
    costUsd,
    p50Ms: null,
    p95Ms: null,
  };
}

describe('dailySeries', () => {
  it('sums every key per day and fills days without runs with zeros', () => {
    const days = dailySeries(
      [bucket(D0, 'a', 2, 2, 0.5), bucket(D0, 'b', 1, 0), bucket(D0 + 2 * DAY, 'a', 4, 3)],
      D0,
      D0 + 3 * DAY,
    );
    expect(days.map((d) => [d.day, d.runs, d.succeeded, d.failed, d.inputTokens, d.costUsd])).toEqual([
      [D0, 3, 2, 1, 30, 0.5],
      [D0 + DAY, 0, 0, 0, 0, 0],
      [D0 + 2 * DAY, 4, 3, 1, 40, 0],
    ]);
  });

  it('ignores buckets outside the window', () => {
    expect(dailySeries([bucket(D0 - DAY, 'a', 9, 9)], D0, D0 + DAY)[0]?.runs).toBe(0);
  });
});

describe('successRate and niceCeiling', () => {
  it('is the succeeded share of finished runs, null when none finished', () => {
    expect(successRate({ succeeded: 3, failed: 1 })).toBe(0.75);
    expect(successRate({ succeeded: 0, failed: 0 })).toBeNull();
  });

  it('rounds an axis maximum up to 1, 2, 2.5 or 5 × a power of ten', () => {
    expect([0, 0.7, 3, 7, 23, 240, 1001].map(niceCeiling)).toEqual([1, 1, 5, 10, 25, 250, 2000]);
  });
});
