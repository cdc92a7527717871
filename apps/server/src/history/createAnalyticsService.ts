import type { MemoryUsageRepo, RunHistoryRepo, UsageBucket } from '@synapse/db';
import type { MemoryUsageReport } from '@synapse/schema/api';
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
  /** By the kind of trigger that started the runs (manual, api, mcp, webhook, schedule). */
  triggerTotals: UsageBucket[];
  /** Names of the workflows in the report, from the workspace index (deleted ones are absent). */
  workflowNames: Record<string, string>;
}

export interface AnalyticsService {
  report(workspaceId: string, from: number, to: number): Promise<AnalyticsReport>;
  csv(
    workspaceId: string,
    groupBy: 'workflow' | 'model' | 'memory',
    from: number,
    to: number,
  ): Promise<string>;
  /** Agents' memory bank use, of the workspace or of one workflow. */
  memory(workspaceId: string, from: number, to: number, workflowId?: string): Promise<MemoryUsageReport>;
}

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
  history: RunHistoryRepo;
  memoryUsage: MemoryUsageRepo;
  /** Workflow id → name for a workspace (the index document). */
  workflowNames(workspaceId: string): Promise<Record<string, string>>;
}): AnalyticsService {
  const { history } = deps;
  return {
    async report(workspaceId, from, to) {
      const q = { workspaceId, from, to };
      const [byWorkflow, byModel, workflowTotals, modelTotals, triggerTotals, names] = await Promise.all([
        history.byWorkflow(q),
        history.byModel(q),
        history.workflowTotals(q),
        history.modelTotals(q),
        history.triggerTotals(q),
        deps.workflowNames(workspaceId),
      ]);
      const workflowNames: Record<string, string> = {};
      for (const { key } of workflowTotals)
        if (Object.hasOwn(names, key)) workflowNames[key] = names[key] ?? '';
      return { from, to, byWorkflow, byModel, workflowTotals, modelTotals, triggerTotals, workflowNames };
    },

    async memory(workspaceId, from, to, workflowId) {
      const [usage, names] = await Promise.all([
        deps.memoryUsage.report(workspaceId, { from, to, ...(workflowId ? { workflowId } : {}) }),
        deps.workflowNames(workspaceId),
      ]);
      const workflowNames: Record<string, string> = {};
      for (const { workflowId: id } of usage.daily)
        if (Object.hasOwn(names, id)) workflowNames[id] = names[id] ?? '';
      return { from, to, workflowId: workflowId ?? null, ...usage, workflowNames };
    },

    async csv(workspaceId, groupBy, from, to) {
      const q = { workspaceId, from, to };
      if (groupBy === 'memory') {
        const [usage, names] = await Promise.all([
          deps.memoryUsage.report(workspaceId, { from, to }),
          deps.workflowNames(workspaceId),
        ]);
        return toCsv(
          ['day', 'workflow_id', 'workflow_name', 'memory_reads', 'memory_reads_with_hits', 'memory_writes'],
          usage.daily.map((d) => [
            isoDay(d.day),
            d.workflowId,
            names[d.workflowId] ?? '',
            d.reads,
            d.readsWithHits,
            d.writes,
          ]),
        );
      }
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
