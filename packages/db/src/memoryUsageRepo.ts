import type { Sql } from './Sql';

const DAY_MS = 86_400_000;

/** Memory use of one workflow on one UTC day. */
export interface MemoryUsageDay {
  /** UTC day, epoch ms at 00:00. */
  day: number;
  /** The run's workflow; '' for events without a known run. */
  workflowId: string;
  reads: number;
  /** Reads that found at least one entry. */
  readsWithHits: number;
  writes: number;
}

export interface MemoryUsageEntry {
  entryId: string;
  /** Times a read returned it. */
  uses: number;
  /** The start of its content, or null when it has been deleted since. */
  preview: string | null;
}

export interface MemoryUsageReport {
  /** Per UTC day and workflow, oldest day first. */
  daily: MemoryUsageDay[];
  /** The most read entries, most used first. */
  topEntries: MemoryUsageEntry[];
}

export interface MemoryUsageRepo {
  record(e: {
    workspaceId: string;
    runId: string | null;
    nodeId: string | null;
    kind: 'read' | 'write';
    entryIds: readonly string[];
    now: number;
  }): Promise<void>;
  /** Usage in `[from, to)` by UTC day and workflow, and the `top` most read entries; optionally of one workflow. */
  report(
    workspaceId: string,
    range: { from: number; to: number; top?: number; workflowId?: string },
  ): Promise<MemoryUsageReport>;
}

const PREVIEW_CHARS = 120;

export function createMemoryUsageRepo(sql: Sql): MemoryUsageRepo {
  return {
    async record(e) {
      // Entry ids are base64url, so a comma-joined string splits back exactly (and '' into {}).
      await sql.query(
        `insert into memory_usage_events (workspace_id, run_id, node_id, kind, entry_ids, at_ms)
         values ($1, $2, $3, $4, string_to_array($5, ','), $6)`,
        [e.workspaceId, e.runId, e.nodeId, e.kind, e.entryIds.join(','), e.now],
      );
    },
    async report(workspaceId, { from, to, top = 10, workflowId }) {
      const where = `where e.workspace_id = $1 and e.at_ms >= $2 and e.at_ms < $3
           and ($4::text is null or coalesce(r.workflow_id, '') = $4)`;
      const params = [workspaceId, from, to, workflowId ?? null];
      const daily = await sql.query<MemoryUsageDay & Record<string, unknown>>(
        `select (e.at_ms / ${DAY_MS}) * ${DAY_MS} as day, coalesce(r.workflow_id, '') as "workflowId",
           count(*) filter (where e.kind = 'read')::int as reads,
           count(*) filter (where e.kind = 'read' and cardinality(e.entry_ids) > 0)::int as "readsWithHits",
           count(*) filter (where e.kind = 'write')::int as writes
         from memory_usage_events e left join runs r on r.id = e.run_id
         ${where}
         group by 1, 2 order by 1, 2`,
        params,
      );
      const topEntries = await sql.query<MemoryUsageEntry & Record<string, unknown>>(
        `select u.entry_id as "entryId", count(*)::int as uses, left(m.content, ${PREVIEW_CHARS}) as preview
         from memory_usage_events e cross join unnest(e.entry_ids) as u(entry_id)
           left join runs r on r.id = e.run_id
           left join memory_entries m on m.id = u.entry_id and m.workspace_id = e.workspace_id
         ${where} and e.kind = 'read'
         group by u.entry_id, m.content order by uses desc, u.entry_id limit $5`,
        [...params, Math.max(1, Math.min(100, top))],
      );
      return { daily: daily.map((d) => ({ ...d, day: Number(d.day) })), topEntries };
    },
  };
}
