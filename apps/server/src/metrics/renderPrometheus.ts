/** One metric family in Prometheus text exposition format 0.0.4. */
export interface MetricFamily {
  name: string;
  help: string;
  type: 'gauge' | 'counter' | 'histogram';
  samples: MetricSample[];
}

export interface MetricSample {
  /** Appended to the family name: `_bucket`, `_sum`, `_count` for histograms. */
  suffix?: string;
  labels?: Record<string, string>;
  value: number;
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function escapeLabel(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function sampleLine(name: string, sample: MetricSample): string {
  const labels = Object.entries(sample.labels ?? {});
  const labelText =
    labels.length === 0 ? '' : `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
  return `${name}${sample.suffix ?? ''}${labelText} ${formatValue(sample.value)}`;
}

/** HELP and TYPE once per family, then its samples; ends with a newline as the format requires. */
export function renderPrometheus(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help.replaceAll('\\', '\\\\').replaceAll('\n', '\\n')}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) lines.push(sampleLine(family.name, sample));
  }
  return `${lines.join('\n')}\n`;
}

/** Cumulative `_bucket` samples (with `+Inf`), `_sum` and `_count` of a histogram. */
export function histogramSamples(
  bounds: readonly number[],
  counts: readonly number[],
  sum: number,
): MetricSample[] {
  const samples: MetricSample[] = [];
  let cumulative = 0;
  bounds.forEach((bound, i) => {
    cumulative += counts[i] ?? 0;
    samples.push({ suffix: '_bucket', labels: { le: String(bound) }, value: cumulative });
  });
  cumulative += counts[bounds.length] ?? 0;
  samples.push({ suffix: '_bucket', labels: { le: '+Inf' }, value: cumulative });
  samples.push({ suffix: '_sum', value: sum });
  samples.push({ suffix: '_count', value: cumulative });
  return samples;
}
