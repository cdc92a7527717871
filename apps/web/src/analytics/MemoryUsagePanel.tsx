import { type ReactNode, useMemo, useState } from 'react';
import { useApiData } from '../account/useApiData';
import { historyApi } from '../history/historyApi';
import { BarChart } from './BarChart';
import { LineChart } from './LineChart';
import { hitRate, memoryByWorkflow, memoryDailySeries, memoryTotals } from './memoryUsageSeries';

interface MemoryUsagePanelProps {
  workspaceId: string;
  range: { from: number; to: number };
  /** Display name of a workflow id (deleted ones get a placeholder). */
  nameOf(workflowId: string): string;
}

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

/** How agents use the workspace's memory bank: reads, reads that found something, writes, top entries. */
export function MemoryUsagePanel({ workspaceId, range, nameOf }: MemoryUsagePanelProps) {
  const [workflowId, setWorkflowId] = useState('');
  // The workflow picker lists the workflows of the whole workspace's report, so it is read unfiltered.
  const [all, reloadAll] = useApiData(
    () => historyApi.memoryUsage(workspaceId, range.from, range.to),
    [workspaceId, range],
  );
  const [one] = useApiData(
    () =>
      workflowId
        ? historyApi.memoryUsage(workspaceId, range.from, range.to, workflowId)
        : Promise.resolve(null),
    [workspaceId, range, workflowId],
  );
  const report = workflowId
    ? one.state === 'ready'
      ? one.data
      : null
    : all.state === 'ready'
      ? all.data
      : null;
  const workflows = useMemo(() => (all.state === 'ready' ? memoryByWorkflow(all.data.daily) : []), [all]);
  const series = useMemo(
    () => (report ? memoryDailySeries(report.daily, range.from, range.to) : []),
    [report, range],
  );
  const totals = useMemo(() => memoryTotals(report?.daily ?? []), [report]);
  const days = series.map((d) => d.day);
  const label = (id: string) => (id === '' ? 'runs no longer recorded' : nameOf(id));

  let content: ReactNode;
  if (all.state === 'error')
    content = (
      <p className="memory-usage__message" role="alert">
        Could not load memory usage: {all.message}{' '}
        <button type="button" className="button button--small" onClick={reloadAll}>
          Try again
        </button>
      </p>
    );
  else if (!report) content = <p className="memory-usage__message muted">Adding up memory use…</p>;
  else if (totals.reads + totals.writes === 0)
    content = (
      <p className="memory-usage__message muted" data-testid="memory-usage-empty">
        No agent read or wrote the memory bank in this range. Turn on “Read memory” or “Save output to memory”
        on an agent to use it.
      </p>
    );
  else
    content = (
      <>
        <dl className="analytics-stats" data-testid="memory-usage-stats">
          <div>
            <dt>Reads</dt>
            <dd data-testid="memory-reads">{totals.reads.toLocaleString()}</dd>
          </div>
          <div>
            <dt>Reads that found something</dt>
            <dd data-testid="memory-hit-rate">{percent(hitRate(totals))}</dd>
          </div>
          <div>
            <dt>Writes</dt>
            <dd data-testid="memory-writes">{totals.writes.toLocaleString()}</dd>
          </div>
        </dl>
        <div className="analytics-charts">
          <BarChart
            title="Memory reads and writes per day"
            days={days}
            series={[
              { label: 'read, found', tone: 'succeeded', values: series.map((d) => d.readsWithHits) },
              { label: 'read, nothing', tone: 'other', values: series.map((d) => d.reads - d.readsWithHits) },
              { label: 'write', tone: 'output', values: series.map((d) => d.writes) },
            ]}
            format={(v) => Math.round(v).toLocaleString()}
            testId="chart-memory"
          />
          <LineChart
            title="Reads that found something"
            days={days}
            values={series.map(hitRate)}
            max={1}
            format={(v) => `${Math.round(v * 100)}%`}
            tone="succeeded"
            testId="chart-memory-hits"
          />
        </div>
        <div className="usage-table__scroll">
          <table className="usage-table" data-testid="memory-usage-workflows">
            <caption>Memory use by workflow</caption>
            <thead>
              <tr>
                <th>Workflow</th>
                <th className="usage-table__num">Reads</th>
                <th className="usage-table__num">Found something</th>
                <th className="usage-table__num">Writes</th>
              </tr>
            </thead>
            <tbody>
              {memoryByWorkflow(report.daily).map((row) => (
                <tr key={row.workflowId}>
                  <td className="usage-table__key">{label(row.workflowId)}</td>
                  <td className="usage-table__num">{row.reads.toLocaleString()}</td>
                  <td className="usage-table__num">{percent(hitRate(row))}</td>
                  <td className="usage-table__num">{row.writes.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="usage-table__scroll">
          <table className="usage-table" data-testid="memory-usage-entries">
            <caption>Most used entries</caption>
            <thead>
              <tr>
                <th>Entry</th>
                <th className="usage-table__num">Times read</th>
              </tr>
            </thead>
            <tbody>
              {report.topEntries.length === 0 ? (
                <tr>
                  <td colSpan={2} className="usage-table__empty">
                    No read found an entry in this range.
                  </td>
                </tr>
              ) : (
                report.topEntries.map((entry) => (
                  <tr key={entry.entryId}>
                    <td className="usage-table__key" title={entry.preview ?? undefined}>
                      {entry.preview ?? (
                        <span className="muted">deleted entry ({entry.entryId.slice(0, 8)})</span>
                      )}
                    </td>
                    <td className="usage-table__num">{entry.uses.toLocaleString()}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      </>
    );

  return (
    <section className="memory-usage" aria-labelledby="memory-usage-title" data-testid="memory-usage">
      <div className="memory-usage__head">
        <h2 id="memory-usage-title">Memory bank</h2>
        <label className="memory-usage__filter">
          <span className="muted">Workflow</span>
          <select
            value={workflowId}
            onChange={(e) => setWorkflowId(e.target.value)}
            data-testid="memory-usage-workflow"
          >
            <option value="">All workflows</option>
            {workflows
              .filter((w) => w.workflowId !== '')
              .map((w) => (
                <option key={w.workflowId} value={w.workflowId}>
                  {label(w.workflowId)}
                </option>
              ))}
          </select>
        </label>
      </div>
      {content}
    </section>
  );
}
