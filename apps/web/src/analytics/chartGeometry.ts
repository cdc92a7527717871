/** The plotting area inside every chart's 640 × 200 view box (left room for the axis labels). */
export const CHART = { width: 640, height: 200, left: 48, right: 10, top: 12, bottom: 26 } as const;

export const plotWidth = CHART.width - CHART.left - CHART.right;
export const plotHeight = CHART.height - CHART.top - CHART.bottom;

/** y coordinate of `value` on an axis from 0 to `max`. */
export function yOf(value: number, max: number): number {
  return CHART.top + plotHeight - (value / max) * plotHeight;
}

/** Short UTC day label: `Jan 5`. */
export function dayLabel(day: number): string {
  return new Date(day).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** Indices of the days that get an x-axis label: first, last and a few evenly between. */
export function labelledDays(count: number, wanted = 5): number[] {
  if (count <= wanted) return Array.from({ length: count }, (_, i) => i);
  const step = (count - 1) / (wanted - 1);
  return Array.from({ length: wanted }, (_, i) => Math.round(i * step));
}
