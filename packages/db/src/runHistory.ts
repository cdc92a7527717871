import type { RunRow } from './runsRepo';
import type { Sql } from './Sql';

export interface RunHistoryFilter {
  workspaceId: string;
  workflowId?: string;
  status?: string;
  requestedBy?: string;
  /** Created at or after (epoch ms). */
  from?: number;
  /** Created before (epoch ms). */
  to?: number;
  /** Keyset cursor: the `createdAt`/`id` of the last row of the previous page. */
  before?: { createdAt: number; id: string };
  limit?: number;
}

export interface RunHistoryPage {
  runs: RunRow[];
  /** Pass as `before` for the next page; null on the last page. */
  next: { createdAt: number; id: string } | null;
}

export interface UsageBucket {
  /** Day (UTC, epoch ms at 00:00) or '' when not grouped by time. */
  day: number | null;
  key: string;
  runs: number;
  succeeded: number;
  failed: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface AnalyticsQuery {
  workspaceId: string;
  from: number;
  to: number;
}

export interface RunHistoryRepo {
  list(filter: RunHistoryFilter): Promise<RunHistoryPage>;
  /**
   * The newest run of every workflow of the workspace that has run (newest `createdAt`, ties by id), however
   * far back it is in the history: one row per workflow, for the list's cards.
   */
  latestPerWorkflow(workspaceId: string): Promise<RunRow[]>;
  /** Per workflow and day: runs, success, tokens, cost and run duration percentiles. */
  byWorkflow(q: AnalyticsQuery): Promise<UsageBucket[]>;
  /** Per provider/model and day, from node checkpoints: calls, tokens, cost and node latency percentiles. */
  byModel(q: AnalyticsQuery): Promise<UsageBucket[]>;
  /**
   * The same per workflow over the whole range (`day` null), with percentiles over every run in it:
   * daily percentiles cannot be combined.
   */
  workflowTotals(q: AnalyticsQuery): Promise<UsageBucket[]>;
  /** The same per provider/model over the whole range (`day` null). */
  modelTotals(q: AnalyticsQuery): Promise<UsageBucket[]>;
  /**
   * Range totals by the kind of trigger that started each run: `manual`, `api`, `mcp`, `webhook`,
   * `schedule` (runs from before triggers were recorded count as `manual`).
   */
  triggerTotals(q: AnalyticsQuery): Promise<UsageBucket[]>;
}

const COLUMNS = `id, workspace_id as "workspaceId", workflow_id as "workflowId", version_id as "versionId",
  status, requested_by as "requestedBy", inputs, error, input_tokens as "inputTokens",
  output_tokens as "outputTokens", created_at_ms as "createdAt", started_at_ms as "startedAt",
  finished_at_ms as "finishedAt", fencing_token as "fencingToken",
  cancel_requested_at_ms as "cancelRequestedAt", deadline_at_ms as "deadlineAt", cost_usd as "costUsd",
  version_source as "versionSource", version_name as "versionName", trigger,
  parent_run_id as "parentRunId", parent_node_id as "parentNodeId"`;

const DAY_MS = 86_400_000;

type Bucket = UsageBucket & Record<string, unknown>;

function numbers(rows: Bucket[]): UsageBucket[] {
  // Aggregates come back as strings from some drivers (numeric); normalise once here.
  return rows.map((r) => ({
    day: r.day === null ? null : Number(r.day),
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

/**
 * One usage aggregate, written once for daily buckets and range totals: which rows, grouped by what key.
 * Totals order by volume (the tables), daily buckets by day then key (charts and CSV).
 */
interface UsageSource {
  key: string;
  runs: string;
  /** Table alias prefix of the aggregated columns ('' or 'c.'). */
  col: string;
  from: string;
  where: string;
  /** The time column a row's day comes from. */
  at: string;
}

const WORKFLOW_USAGE: UsageSource = {
  key: 'workflow_id',
  runs: 'count(*)',
  col: '',
  from: 'runs',
  where: 'workspace_id = $1 and created_at_ms >= $2 and created_at_ms < $3',
  at: 'created_at_ms',
};

const MODEL_USAGE: UsageSource = {
  key: "c.provider || '/' || c.model",
  runs: 'count(distinct c.run_id)',
  col: 'c.',
  from: 'run_node_checkpoints c join runs r on r.id = c.run_id',
  where:
    'r.workspace_id = $1 and c.finished_at_ms >= $2 and c.finished_at_ms < $3 and c.provider is not null',
  at: 'c.finished_at_ms',
};

const TRIGGER_USAGE: UsageSource = {
  ...WORKFLOW_USAGE,
  key: "split_part(coalesce(trigger, 'manual'), ':', 1)",
};

async function usage(sql: Sql, s: UsageSource, q: AnalyticsQuery, perDay: boolean): Promise<UsageBucket[]> {
  const c = s.col;
  const day = perDay ? `(${s.at} / ${DAY_MS}) * ${DAY_MS}` : 'null::bigint';
  return numbers(
    await sql.query<Bucket>(
      `select ${day} as day, ${s.key} as key, ${s.runs} as runs,
         count(*) filter (where ${c}status = 'succeeded') as succeeded,
         count(*) filter (where ${c}status = 'failed') as failed,
         coalesce(sum(${c}input_tokens), 0) as "inputTokens",
         coalesce(sum(${c}output_tokens), 0) as "outputTokens",
         coalesce(sum(${c}cost_usd), 0) as "costUsd",
         percentile_cont(0.5) within group (order by ${c}finished_at_ms - ${c}started_at_ms) as "p50Ms",
         percentile_cont(0.95) within group (order by ${c}finished_at_ms - ${c}started_at_ms) as "p95Ms"
       from ${s.from}
       where ${s.where}
       group by ${perDay ? '1, 2 order by 1, 2' : '2 order by runs desc, key'}`,
      [q.workspaceId, q.from, q.to],
    ),
  );
}

export function createRunHistoryRepo(sql: Sql): RunHistoryRepo {
  return {
    async list(f) {
      const limit = Math.max(1, Math.min(200, f.limit ?? 50));
      const where = ['workspace_id = $1'];
      const params: unknown[] = [f.workspaceId];
      const add = (clause: string, value: unknown) => {
        params.push(value);
        where.push(clause.replaceAll('?', `$${params.length}`));
      };
      if (f.workflowId) add('workflow_id = ?', f.workflowId);
      if (f.status) add('status = ?', f.status);
      if (f.requestedBy) add('requested_by = ?', f.requestedBy);
      if (f.from !== undefined) add('created_at_ms >= ?', f.from);
      if (f.to !== undefined) add('created_at_ms < ?', f.to);
      if (f.before) {
        params.push(f.before.createdAt, f.before.id);
        where.push(`(created_at_ms, id) < ($${params.length - 1}, $${params.length})`);
      }
      params.push(limit + 1);
      const rows = await sql.query<RunRow & Record<string, unknown>>(
        `select ${COLUMNS} from runs where ${where.join(' and ')}
         order by created_at_ms desc, id desc limit $${params.length}`,
        params,
      );
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        runs: page,
        next: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null,
      };
    },

    latestPerWorkflow: (workspaceId) =>
      // runs_workflow_created_idx serves the per-workflow order; one row per workflow comes back.
      sql.query<RunRow & Record<string, unknown>>(
        `select distinct on (workflow_id) ${COLUMNS} from runs where workspace_id = $1
         order by workflow_id, created_at_ms desc, id desc`,
        [workspaceId],
      ),

    byWorkflow: (q) => usage(sql, WORKFLOW_USAGE, q, true),
    byModel: (q) => usage(sql, MODEL_USAGE, q, true),
    workflowTotals: (q) => usage(sql, WORKFLOW_USAGE, q, false),
    modelTotals: (q) => usage(sql, MODEL_USAGE, q, false),
    triggerTotals: (q) => usage(sql, TRIGGER_USAGE, q, false),
  };
}
