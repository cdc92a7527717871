import type { RunHistoryRepo, Sql, UsageBucket } from '@synapse/db';
import { toCsv } from './toCsv';

export interface AnalyticsReport {
  from: number;
  to: number;
  /** Per workflow and UTC day. */
  byWorkflow: UsageBucket[];
  /** Per provider/model and UTC day (from node checkpoints: `runs` counts runs that used the model). */
  byModel: UsageBucket[];
  /** The same over the whole range (`day` null): percentiles of the range, not an average of daily ones. */
  workflowTotals: UsageBucket[];
  modelTotals: UsageBucket[];
  /** Names of the workflows in the report, from the workspace index (deleted ones are absent). */
  workflowNames: Record<string, string>;
}

export interface AnalyticsService {
  report(workspaceId: string, from: number, to: number): Promise<AnalyticsReport>;
  csv(workspaceId: string, groupBy: 'workflow' | 'model', from: number, to: number): Promise<string>;
}

type Bucket = UsageBucket & Record<string, unknown>;

function numbers(rows: Bucket[]): UsageBucket[] {
  return rows.map((r) => ({
    day: null,
    key: String(r.key),
    runs: Number(r.runs),
    succeeded: Number(r.succeeded),
    failed: Number(r.failed),
    inputTokens: Number(r.inputTokens),
    outputTokens: Number(r.outputTokens),
    costUsd: Number(r.costUsd),
    p50Ms: r.p50Ms === null ? null : Math.round(Number(r.p50Ms)),
    p95Ms: r.p95Ms === null ? null : Math.round(Number(r.p95Ms)),
  }));
}

// The repository groups by day; the tables want one row per workflow/model over the whole range, with
// percentiles computed over every run in it (daily percentiles cannot be combined).
const WORKFLOW_TOTALS = `select workflow_id as key, count(*) as runs,
    count(*) filter (where status = 'succeeded') as succeeded,
    count(*) filter (where status = 'failed') as failed,
    coalesce(sum(input_tokens), 0) as "inputTokens", coalesce(sum(output_tokens), 0) as "outputTokens",
    coalesce(sum(cost_usd), 0) as "costUsd",
    percentile_cont(0.5) within group (order by finished_at_ms - started_at_ms) as "p50Ms",
    percentile_cont(0.95) within group (order by finished_at_ms - started_at_ms) as "p95Ms"
  from runs where workspace_id = $1 and created_at_ms >= $2 and created_at_ms < $3
  group by 1 order by runs desc, key`;

const MODEL_TOTALS = `select c.provider || '/' || c.model as key, count(distinct c.run_id) as runs,
    count(*) filter (where c.status = 'succeeded') as succeeded,
    count(*) filter (where c.status = 'failed') as failed,
    coalesce(sum(c.input_tokens), 0) as "inputTokens", coalesce(sum(c.output_tokens), 0) as "outputTokens",
    coalesce(sum(c.cost_usd), 0) as "costUsd",
    percentile_cont(0.5) within group (order by c.finished_at_ms - c.started_at_ms) as "p50Ms",
    percentile_cont(0.95) within group (order by c.finished_at_ms - c.started_at_ms) as "p95Ms"
  from run_node_checkpoints c join runs r on r.id = c.run_id
  where r.workspace_id = $1 and c.finished_at_ms >= $2 and c.finished_at_ms < $3 and c.provider is not null
  group by 1 order by runs desc, key`;

const CSV_COLUMNS = [
  'runs',
  'succeeded',
  'failed',
  'input_tokens',
  'output_tokens',
  'cost_usd',
  'p50_ms',
  'p95_ms',
] as const;

function isoDay(day: number | null): string {
  return day === null ? '' : new Date(day).toISOString().slice(0, 10);
}

function usageCells(b: UsageBucket): (number | null)[] {
  return [b.runs, b.succeeded, b.failed, b.inputTokens, b.outputTokens, b.costUsd, b.p50Ms, b.p95Ms];
}

export function createAnalyticsService(deps: {
  sql: Sql;
  history: RunHistoryRepo;
  /** Workflow id → name for a workspace (the index document). */
  workflowNames(workspaceId: string): Promise<Record<string, string>>;
}): AnalyticsService {
  const { sql, history } = deps;
  return {
    async report(workspaceId, from, to) {
      const q = { workspaceId, from, to };
      const [byWorkflow, byModel, workflowTotals, modelTotals, names] = await Promise.all([
        history.byWorkflow(q),
        history.byModel(q),
        sql.query<Bucket>(WORKFLOW_TOTALS, [workspaceId, from, to]).then(numbers),
        sql.query<Bucket>(MODEL_TOTALS, [workspaceId, from, to]).then(numbers),
        deps.workflowNames(workspaceId),
      ]);
      const workflowNames: Record<string, string> = {};
      for (const { key } of workflowTotals)
        if (Object.hasOwn(names, key)) workflowNames[key] = names[key] ?? '';
      return { from, to, byWorkflow, byModel, workflowTotals, modelTotals, workflowNames };
    },

    async csv(workspaceId, groupBy, from, to) {
      const q = { workspaceId, from, to };
      if (groupBy === 'model') {
        const rows = await history.byModel(q);
        return toCsv(
          ['day', 'provider', 'model', ...CSV_COLUMNS],
          rows.map((b) => {
            const slash = b.key.indexOf('/');
            return [isoDay(b.day), b.key.slice(0, slash), b.key.slice(slash + 1), ...usageCells(b)];
          }),
        );
      }
      const [rows, names] = await Promise.all([history.byWorkflow(q), deps.workflowNames(workspaceId)]);
      return toCsv(
        ['day', 'workflow_id', 'workflow_name', ...CSV_COLUMNS],
        rows.map((b) => [isoDay(b.day), b.key, names[b.key] ?? '', ...usageCells(b)]),
      );
    },
  };
}
