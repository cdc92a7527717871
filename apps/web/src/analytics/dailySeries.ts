import type { UsageBucket } from '@synapse/schema/api';

const DAY = 86_400_000;

export interface DayTotals {
  day: number;
  runs: number;
  succeeded: number;
  failed: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** One entry per UTC day in [from, to), summed over every key, zero on days without runs. */
export function dailySeries(buckets: readonly UsageBucket[], from: number, to: number): DayTotals[] {
  const first = Math.floor(from / DAY) * DAY;
  const days: DayTotals[] = [];
  const byDay = new Map<number, DayTotals>();
  for (let day = first; day < to; day += DAY) {
    const entry = { day, runs: 0, succeeded: 0, failed: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
    days.push(entry);
    byDay.set(day, entry);
  }
  for (const b of buckets) {
    const entry = b.day === null ? undefined : byDay.get(b.day);
    if (!entry) continue;
    entry.runs += b.runs;
    entry.succeeded += b.succeeded;
    entry.failed += b.failed;
    entry.inputTokens += b.inputTokens;
    entry.outputTokens += b.outputTokens;
    entry.costUsd += b.costUsd;
  }
  return days;
}

/** Succeeded share of finished runs (succeeded + failed); null when nothing finished. */
export function successRate(t: { succeeded: number; failed: number }): number | null {
  const finished = t.succeeded + t.failed;
  return finished === 0 ? null : t.succeeded / finished;
}

/** A round upper bound for a chart axis: 1, 2, 2.5 or 5 × 10^k at or above `max`. */
export function niceCeiling(max: number): number {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}
