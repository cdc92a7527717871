const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type TimeRange = 'all' | '24h' | '7d' | '30d' | '90d';

export const TIME_RANGES: { id: TimeRange; label: string }[] = [
  { id: 'all', label: 'Any time' },
  { id: '24h', label: 'Last 24 hours' },
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
  { id: '90d', label: 'Last 90 days' },
];

const SPANS: Record<Exclude<TimeRange, 'all'>, number> = {
  '24h': DAY,
  '7d': 7 * DAY,
  '30d': 30 * DAY,
  '90d': 90 * DAY,
};

/** `from` for a range ending now (undefined: no lower bound). */
export function rangeStart(range: TimeRange, now: number): number | undefined {
  return range === 'all' ? undefined : now - SPANS[range];
}

/** Whole UTC days covering the last `days` days including today: [from, to) for the analytics API. */
export function dayWindow(days: number, now: number): { from: number; to: number } {
  const to = Math.floor(now / DAY) * DAY + DAY;
  return { from: to - days * DAY, to };
}
