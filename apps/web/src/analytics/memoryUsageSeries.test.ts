import { describe, expect, it } from 'vitest';
import { hitRate, memoryByWorkflow, memoryDailySeries, memoryTotals } from './memoryUsageSeries';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);
const daily = [
  { day: T0, workflowId: 'a', reads: 2, readsWithHits: 1, writes: 1 },
  { day: T0, workflowId: 'b', reads: 1, readsWithHits: 1, writes: 0 },
  { day: T0 + 2 * DAY, workflowId: 'b', reads: 3, readsWithHits: 0, writes: 2 },
];

describe('memory usage series', () => {
  it('sums workflows per day and fills days without use with zeros', () => {
    expect(memoryDailySeries(daily, T0 + 5, T0 + 3 * DAY)).toEqual([
      { day: T0, reads: 3, readsWithHits: 2, writes: 1 },
      { day: T0 + DAY, reads: 0, readsWithHits: 0, writes: 0 },
      { day: T0 + 2 * DAY, reads: 3, readsWithHits: 0, writes: 2 },
    ]);
  });

  it('totals per workflow, most reads first', () => {
    expect(memoryByWorkflow(daily)).toEqual([
      { workflowId: 'b', reads: 4, readsWithHits: 1, writes: 2 },
      { workflowId: 'a', reads: 2, readsWithHits: 1, writes: 1 },
    ]);
  });

  it('says how often a read found something, and nothing without reads', () => {
    expect(hitRate(memoryTotals(daily))).toBe(2 / 6);
    expect(hitRate(memoryTotals([]))).toBeNull();
  });
});
