/** The first three upcoming ticks, in `timeZone` (default: the browser's), for a line of text. */
export function formatTicks(ticks: readonly number[], timeZone?: string): string {
  return ticks
    .slice(0, 3)
    .map((at) =>
      new Date(at).toLocaleString(undefined, { timeZone, dateStyle: 'medium', timeStyle: 'short' }),
    )
    .join(' · ');
}
