import type { PaintMarks } from './pageProbes';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const fmt = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : '–');

export function summarize(label: string, runs: PaintMarks[]) {
  const of = (key: keyof PaintMarks) =>
    median(runs.map((r) => r[key]).filter((v): v is number => v !== undefined));
  const painted = runs.map((r) => r.painted ?? Number.NaN);
  return {
    label,
    dcl: fmt(of('dcl')),
    replica: fmt(of('replica')),
    dom: fmt(of('dom')),
    visible: fmt(of('visible')),
    painted: fmt(of('painted')),
    paintedMedian: of('painted'),
    range: `${fmt(Math.min(...painted))}–${fmt(Math.max(...painted))}`,
  };
}

export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
