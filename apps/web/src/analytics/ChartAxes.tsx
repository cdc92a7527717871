import { CHART, dayLabel, labelledDays, plotWidth, yOf } from './chartGeometry';

interface ChartAxesProps {
  days: number[];
  max: number;
  format(value: number): string;
}

/** Horizontal grid lines at 0, ½ and the top of the axis, and a few day labels along the bottom. */
export function ChartAxes({ days, max, format }: ChartAxesProps) {
  const slot = plotWidth / Math.max(1, days.length);
  return (
    <g className="chart__axes">
      {[0, max / 2, max].map((value) => (
        <g key={value}>
          <line
            x1={CHART.left}
            x2={CHART.width - CHART.right}
            y1={yOf(value, max)}
            y2={yOf(value, max)}
            className="chart__grid"
          />
          <text x={CHART.left - 6} y={yOf(value, max) + 4} className="chart__tick chart__tick--y">
            {format(value)}
          </text>
        </g>
      ))}
      {labelledDays(days.length).map((i) => (
        <text
          key={i}
          x={CHART.left + slot * (i + 0.5)}
          y={CHART.height - 6}
          className="chart__tick chart__tick--x"
        >
          {dayLabel(days[i] as number)}
        </text>
      ))}
    </g>
  );
}
