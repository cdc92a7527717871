import { ChartAxes } from './ChartAxes';
import { CHART, dayLabel, plotWidth, yOf } from './chartGeometry';
import { niceCeiling } from './dailySeries';

interface LineChartProps {
  title: string;
  days: number[];
  /** null: no data that day — the line breaks there. */
  values: (number | null)[];
  format(value: number): string;
  /** Fixed top of the axis (1 for a rate); otherwise rounded up from the data. */
  max?: number;
  tone: string;
  /** Shown over the chart when every value is zero or missing (a flat line says little). */
  emptyNote?: string;
  testId?: string;
}

/** A line per day in inline SVG, broken across days without data, with a dot and tooltip per point. */
export function LineChart({ title, days, values, format, max, tone, emptyNote, testId }: LineChartProps) {
  const top = max ?? niceCeiling(Math.max(0, ...values.map((v) => v ?? 0)));
  const slot = plotWidth / Math.max(1, days.length);
  const points = values.map((v, i) =>
    v === null ? null : { x: CHART.left + slot * (i + 0.5), y: yOf(v, top), v, day: days[i] as number },
  );
  const segments: string[] = [];
  let current = '';
  for (const p of points) {
    if (!p) {
      if (current) segments.push(current);
      current = '';
      continue;
    }
    current += `${current ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)} `;
  }
  if (current) segments.push(current);
  const empty = Boolean(emptyNote) && values.every((v) => !v);
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="chart__title">{title}</figcaption>
      <svg
        viewBox={`0 0 ${CHART.width} ${CHART.height}`}
        className="chart__svg"
        role="img"
        aria-label={title}
      >
        <ChartAxes days={days} max={top} format={format} />
        {empty && (
          <text x={CHART.left + plotWidth / 2} y={CHART.top + 40} className="chart__note">
            {emptyNote}
          </text>
        )}
        {segments.map((d) => (
          <path key={d} d={d} className={`chart__line chart__line--${tone}`} />
        ))}
        {points.map(
          (p) =>
            p &&
            !empty && (
              <circle
                key={p.day}
                cx={p.x}
                cy={p.y}
                r={days.length > 45 ? 2 : 3.5}
                className={`chart__dot chart__line--${tone}`}
              >
                <title>{`${dayLabel(p.day)}: ${format(p.v)}`}</title>
              </circle>
            ),
        )}
      </svg>
    </figure>
  );
}
