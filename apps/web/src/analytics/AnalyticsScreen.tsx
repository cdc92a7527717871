import './analytics.css';
import { type ReactNode, useMemo, useState } from 'react';
import { useApiData } from '../account/useApiData';
import { AppHeader } from '../components/AppHeader';
import { ScreenMessage } from '../components/ScreenMessage';
import { historyApi } from '../history/historyApi';
import { PageCrumbs } from '../history/PageCrumbs';
import { dayWindow } from '../history/timeRanges';
import { triggerKindName } from '../history/triggerLabel';
import { formatCost } from '../run/formatRunNumbers';
import { BarChart } from './BarChart';
import { dailySeries, successRate } from './dailySeries';
import { LineChart } from './LineChart';
import { MemoryUsagePanel } from './MemoryUsagePanel';
import { UsageTable } from './UsageTable';

const RANGES = [7, 30, 90] as const;

const compact = (n: number) =>
  n >= 1_000_000
    ? `${(n / 1_000_000).toFixed(1)}M`
    : n >= 10_000
      ? `${Math.round(n / 1000)}k`
      : n.toLocaleString();

/** Runs, success, tokens and cost over time, and per-model / per-workflow tables with latency. */
export function AnalyticsScreen({ workspaceId }: { workspaceId: string }) {
  const [days, setDays] = useState<(typeof RANGES)[number]>(30);
  const range = useMemo(() => dayWindow(days, Date.now()), [days]);
  const [report, reload] = useApiData(
    () => historyApi.analytics(workspaceId, range.from, range.to),
    [workspaceId, range],
  );

  const data = report.state === 'ready' ? report.data : null;
  const series = useMemo(() => (data ? dailySeries(data.byWorkflow, data.from, data.to) : []), [data]);
  const totals = useMemo(
    () =>
      series.reduce(
        (t, d) => ({
          runs: t.runs + d.runs,
          succeeded: t.succeeded + d.succeeded,
          failed: t.failed + d.failed,
          tokens: t.tokens + d.inputTokens + d.outputTokens,
          cost: t.cost + d.costUsd,
        }),
        { runs: 0, succeeded: 0, failed: 0, tokens: 0, cost: 0 },
      ),
    [series],
  );
  const dayList = series.map((d) => d.day);
  const workflowName = (id: string) => data?.workflowNames[id] || `deleted workflow (${id.slice(0, 8)})`;
  const rate = successRate(totals);

  let body: ReactNode;
  if (report.state === 'loading') body = <ScreenMessage kind="loading" title="Adding up runs…" />;
  else if (report.state === 'error')
    body = (
      <ScreenMessage kind="error" title="Could not load analytics">
        <p>{report.message}</p>
        <button type="button" className="button" onClick={reload}>
          Try again
        </button>
      </ScreenMessage>
    );
  else if (data && totals.runs === 0)
    body = (
      <ScreenMessage kind="empty" title={`No runs in the last ${days} days`} testId="analytics-empty">
        <p>Charts and tables fill in as workflows run.</p>
      </ScreenMessage>
    );
  else if (data)
    body = (
      <>
        <dl className="analytics-stats" data-testid="analytics-stats">
          <div>
            <dt>Runs</dt>
            <dd data-testid="analytics-runs">{totals.runs.toLocaleString()}</dd>
          </div>
          <div>
            <dt>Success rate</dt>
            <dd>{rate === null ? '—' : `${Math.round(rate * 100)}%`}</dd>
          </div>
          <div>
            <dt>Tokens</dt>
            <dd>{compact(totals.tokens)}</dd>
          </div>
          <div>
            <dt>Estimated cost</dt>
            <dd>{formatCost(totals.cost)}</dd>
          </div>
        </dl>
        <div className="analytics-charts">
          <BarChart
            title="Runs per day"
            days={dayList}
            series={[
              { label: 'succeeded', tone: 'succeeded', values: series.map((d) => d.succeeded) },
              { label: 'failed', tone: 'failed', values: series.map((d) => d.failed) },
              { label: 'other', tone: 'other', values: series.map((d) => d.runs - d.succeeded - d.failed) },
            ]}
            format={(v) => compact(Math.round(v))}
            testId="chart-runs"
          />
          <LineChart
            title="Success rate"
            days={dayList}
            values={series.map(successRate)}
            max={1}
            format={(v) => `${Math.round(v * 100)}%`}
            tone="succeeded"
            testId="chart-success"
          />
          <BarChart
            title="Tokens per day"
            days={dayList}
            series={[
              { label: 'input', tone: 'input', values: series.map((d) => d.inputTokens) },
              { label: 'output', tone: 'output', values: series.map((d) => d.outputTokens) },
            ]}
            format={(v) => compact(Math.round(v))}
            testId="chart-tokens"
          />
          <LineChart
            title="Estimated cost per day"
            days={dayList}
            values={series.map((d) => d.costUsd)}
            format={(v) => (v === 0 ? '$0' : formatCost(v))}
            tone="cost"
            emptyNote="No cost so far: the local model is free"
            testId="chart-cost"
          />
        </div>
        <UsageTable
          caption="By provider and model"
          keyHeader="Provider / model"
          rows={data.modelTotals}
          runsHeader="Runs using it"
          successTitle="Share of this model's node calls that succeeded"
          testId="analytics-models"
        />
        <UsageTable
          caption="By workflow"
          keyHeader="Workflow"
          rows={data.workflowTotals}
          nameOf={workflowName}
          runsHeader="Runs"
          successTitle="Share of finished runs that succeeded"
          testId="analytics-workflows"
        />
        <UsageTable
          caption="By trigger"
          keyHeader="Started by"
          rows={data.triggerTotals}
          nameOf={triggerKindName}
          runsHeader="Runs"
          successTitle="Share of finished runs that succeeded"
          testId="analytics-triggers"
        />
        <MemoryUsagePanel workspaceId={workspaceId} range={range} nameOf={workflowName} />
        <p className="muted analytics-note">
          Latency: p50/p95 of run duration per workflow and of node call duration per model. Cost is estimated
          from list prices; the local model is free. Days are UTC.
        </p>
      </>
    );

  const csv = (groupBy: 'workflow' | 'model' | 'memory') =>
    historyApi.analyticsCsvUrl(workspaceId, groupBy, range.from, range.to);
  return (
    <div className="app-shell">
      <AppHeader>
        <PageCrumbs workspaceId={workspaceId} current="Analytics" />
      </AppHeader>
      <main className="analytics-page" data-testid="analytics-page">
        <div className="analytics-page__head">
          <div>
            <h1>Analytics</h1>
            <p className="muted">Usage of this workspace: runs, success, tokens, cost and latency.</p>
          </div>
          <div className="analytics-page__actions">
            <fieldset className="segmented" aria-label="Time range">
              {RANGES.map((d) => (
                <button
                  key={d}
                  type="button"
                  className="segmented__option"
                  aria-pressed={d === days}
                  onClick={() => setDays(d)}
                  data-testid={`analytics-range-${d}`}
                >
                  {d} days
                </button>
              ))}
            </fieldset>
            <a className="button" href={csv('workflow')} download data-testid="csv-workflow">
              CSV by workflow
            </a>
            <a className="button" href={csv('model')} download data-testid="csv-model">
              CSV by model
            </a>
            <a className="button" href={csv('memory')} download data-testid="csv-memory">
              CSV of memory use
            </a>
          </div>
        </div>
        {body}
      </main>
    </div>
  );
}
