/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export interface Timing {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export function timing(samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/**
 * Runs `fn` `warmup` times unmeasured, then `reps` times, alternating with `other` when given so both
 * sides see the same machine noise; returns the wall-clock samples in ms.
 */
export async function measure(fn: () => Promise<unknown>, reps: number, warmup = 3): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return samples;
}

/** Interleaves two measurements rep by rep (A, B, A, B, …) so load spikes hit both alike. */
export async function measurePair(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  reps: number,
  warmup = 3,
): Promise<[number[], number[]]> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < reps; i++) {
    let started = performance.now();
    await a();
    sa.push(performance.now() - started);
    started = performance.now();
    await b();
    sb.push(performance.now() - started);
  }
  return [sa, sb];
}

export function fmt(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return '–';
  return value >= 100 ? value.toFixed(0) : value.toFixed(digits);
}

/** A plain-text table with right-aligned numbers, as the other benches print. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
