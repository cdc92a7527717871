import type { MemoryUsageReport } from '@synapse/schema/api';

const DAY = 86_400_000;

export interface MemoryTotals {
  reads: number;
  readsWithHits: number;
  writes: number;
}

type Daily = MemoryUsageReport['daily'];

const zero = (): MemoryTotals => ({ reads: 0, readsWithHits: 0, writes: 0 });

function add(into: MemoryTotals, d: MemoryTotals): void {
  into.reads += d.reads;
  into.readsWithHits += d.readsWithHits;
  into.writes += d.writes;
}

/** One entry per UTC day in [from, to), summed over workflows, zero on days without memory use. */
export function memoryDailySeries(
  daily: Daily,
  from: number,
  to: number,
): (MemoryTotals & { day: number })[] {
  const days: (MemoryTotals & { day: number })[] = [];
  const byDay = new Map<number, MemoryTotals>();
  for (let day = Math.floor(from / DAY) * DAY; day < to; day += DAY) {
    const entry = { day, ...zero() };
    days.push(entry);
    byDay.set(day, entry);
  }
  for (const d of daily) {
    const entry = byDay.get(d.day);
    if (entry) add(entry, d);
  }
  return days;
}

/** Totals per workflow over the range, most reads first (then most writes, then id). */
export function memoryByWorkflow(daily: Daily): (MemoryTotals & { workflowId: string })[] {
  const byWorkflow = new Map<string, MemoryTotals & { workflowId: string }>();
  for (const d of daily) {
    let entry = byWorkflow.get(d.workflowId);
    if (!entry) {
      entry = { workflowId: d.workflowId, ...zero() };
      byWorkflow.set(d.workflowId, entry);
    }
    add(entry, d);
  }
  return [...byWorkflow.values()].sort(
    (a, b) => b.reads - a.reads || b.writes - a.writes || a.workflowId.localeCompare(b.workflowId),
  );
}

export function memoryTotals(daily: Daily): MemoryTotals {
  const total = zero();
  for (const d of daily) add(total, d);
  return total;
}

/** Share of reads that found at least one entry; null without reads. */
export function hitRate(t: MemoryTotals): number | null {
  return t.reads === 0 ? null : t.readsWithHits / t.reads;
}
