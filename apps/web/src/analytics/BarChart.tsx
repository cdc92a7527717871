import { ChartAxes } from './ChartAxes';
import { CHART, dayLabel, plotWidth, yOf } from './chartGeometry';
import { niceCeiling } from './dailySeries';

export interface BarSeries {
  label: string;
  /** CSS modifier: `chart__bar--<tone>`. */
  tone: string;
  values: number[];
}

interface BarChartProps {
  title: string;
  days: number[];
  /** Stacked bottom to top in this order. */
  series: BarSeries[];
  format(value: number): string;
  testId?: string;
}

/** Stacked bars per day in inline SVG; each segment carries a tooltip. */
export function BarChart({ title, days, series, format, testId }: BarChartProps) {
  const totals = days.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = niceCeiling(Math.max(0, ...totals));
  const slot = plotWidth / Math.max(1, days.length);
  const barWidth = Math.max(2, Math.min(28, slot * 0.7));
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="chart__title">
        {title}
        <span className="chart__legend">
          {series.map((s) => (
            <span key={s.label} className="chart__legend-item">
              <span className={`chart__swatch chart__bar--${s.tone}`} />
              {s.label}
            </span>
          ))}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${CHART.width} ${CHART.height}`}
        className="chart__svg"
        role="img"
        aria-label={title}
      >
        <ChartAxes days={days} max={max} format={format} />
        {days.map((day, i) => {
          const x = CHART.left + slot * i + (slot - barWidth) / 2;
          let base = 0;
          return (
            <g key={day}>
              {series.map((s) => {
                const value = s.values[i] ?? 0;
                if (value <= 0) return null;
                const y = yOf(base + value, max);
                const height = yOf(base, max) - y;
                base += value;
                return (
                  <rect
                    key={s.label}
                    x={x}
                    y={y}
                    width={barWidth}
                    height={Math.max(1, height)}
                    rx={2}
                    className={`chart__bar--${s.tone}`}
                  >
                    <title>{`${dayLabel(day)} · ${s.label}: ${format(value)}`}</title>
                  </rect>
                );
              })}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
