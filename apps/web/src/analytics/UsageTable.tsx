import type { UsageBucket } from '@synapse/schema/api';
import { formatCost, formatDuration } from '../run/formatRunNumbers';
import { successRate } from './dailySeries';

interface UsageTableProps {
  caption: string;
  keyHeader: string;
  rows: UsageBucket[];
  /** Display name of a row's key (a workflow's name); the key itself when absent. */
  nameOf?(key: string): string;
  /** What `runs` counts for this table. */
  runsHeader: string;
  /** What the success column is a share of. */
  successTitle: string;
  testId?: string;
}

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);
const ms = (value: number | null) => (value === null ? '—' : formatDuration(value));

/** Totals over the chosen range, one row per workflow or model, with latency percentiles. */
export function UsageTable({
  caption,
  keyHeader,
  rows,
  nameOf,
  runsHeader,
  successTitle,
  testId,
}: UsageTableProps) {
  return (
    <div className="usage-table__scroll">
      <table className="usage-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th>{keyHeader}</th>
            <th className="usage-table__num">{runsHeader}</th>
            <th className="usage-table__num" title={successTitle}>
              Success
            </th>
            <th className="usage-table__num">Tokens in</th>
            <th className="usage-table__num">Tokens out</th>
            <th className="usage-table__num">Cost</th>
            <th className="usage-table__num">p50</th>
            <th className="usage-table__num">p95</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={8} className="usage-table__empty">
                Nothing in this range.
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.key}>
                <td className="usage-table__key" title={row.key}>
                  {nameOf ? nameOf(row.key) : row.key}
                </td>
                <td className="usage-table__num">{row.runs.toLocaleString()}</td>
                <td className="usage-table__num">{percent(successRate(row))}</td>
                <td className="usage-table__num">{row.inputTokens.toLocaleString()}</td>
                <td className="usage-table__num">{row.outputTokens.toLocaleString()}</td>
                <td className="usage-table__num">{formatCost(row.costUsd)}</td>
                <td className="usage-table__num">{ms(row.p50Ms)}</td>
                <td className="usage-table__num">{ms(row.p95Ms)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
