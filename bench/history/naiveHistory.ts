import type { Sql } from '@synapse/db';
import { percentile } from './stats';

// What one would write without keyset pagination or SQL aggregation: the alternatives measured against.

export interface PageFilter {
  workspaceId: string;
  status?: string;
  workflowId?: string;
  from?: number;
}

function where(f: PageFilter): { clause: string; params: unknown[] } {
  const params: unknown[] = [f.workspaceId];
  const parts = ['workspace_id = $1'];
  if (f.status) {
    params.push(f.status);
    parts.push(`status = $${params.length}`);
  }
  if (f.workflowId) {
    params.push(f.workflowId);
    parts.push(`workflow_id = $${params.length}`);
  }
  if (f.from !== undefined) {
    params.push(f.from);
    parts.push(`created_at_ms >= $${params.length}`);
  }
  return { clause: parts.join(' and '), params };
}

/** `LIMIT … OFFSET …` over the same order and columns the history API returns. */
export async function offsetPage(sql: Sql, f: PageFilter, offset: number, limit = 50): Promise<unknown[]> {
  const { clause, params } = where(f);
  return sql.query(
    `select id, workspace_id as "workspaceId", workflow_id as "workflowId", version_id as "versionId", status,
       requested_by as "requestedBy", inputs, error, input_tokens as "inputTokens", output_tokens as "outputTokens",
       created_at_ms as "createdAt", started_at_ms as "startedAt", finished_at_ms as "finishedAt",
       fencing_token as "fencingToken", cancel_requested_at_ms as "cancelRequestedAt",
       deadline_at_ms as "deadlineAt", cost_usd as "costUsd"
     from runs where ${clause} order by created_at_ms desc, id desc limit ${limit} offset ${offset}`,
    params,
  );
}

/** The cursor of the row at `offset` in a filter's order, for the keyset page that starts after it. */
export async function cursorAt(
  sql: Sql,
  f: PageFilter,
  offset: number,
): Promise<{ createdAt: number; id: string }> {
  const { clause, params } = where(f);
  const [row] = await sql.query<{ createdAt: number; id: string }>(
    `select created_at_ms as "createdAt", id from runs where ${clause}
     order by created_at_ms desc, id desc limit 1 offset ${offset - 1}`,
    params,
  );
  if (!row) throw new Error(`no row at offset ${offset}`);
  return { createdAt: Number(row.createdAt), id: row.id };
}

const DAY = 86_400_000;

/** Analytics by loading every run and checkpoint of the range and adding up in JavaScript. */
export async function naiveAnalytics(
  sql: Sql,
  workspaceId: string,
  from: number,
  to: number,
): Promise<number> {
  const runs = await sql.query<Record<string, unknown>>(
    `select * from runs where workspace_id = $1 and created_at_ms >= $2 and created_at_ms < $3`,
    [workspaceId, from, to],
  );
  const checkpoints = await sql.query<Record<string, unknown>>(
    `select c.* from run_node_checkpoints c join runs r on r.id = c.run_id
     where r.workspace_id = $1 and c.finished_at_ms >= $2 and c.finished_at_ms < $3 and c.provider is not null`,
    [workspaceId, from, to],
  );
  const groups = new Map<string, { n: number; ok: number; tokens: number; cost: number; ms: number[] }>();
  const add = (key: string, ok: boolean, tokens: number, cost: number, ms: number | null) => {
    let g = groups.get(key);
    if (!g) {
      g = { n: 0, ok: 0, tokens: 0, cost: 0, ms: [] };
      groups.set(key, g);
    }
    g.n += 1;
    if (ok) g.ok += 1;
    g.tokens += tokens;
    g.cost += cost;
    if (ms !== null) g.ms.push(ms);
  };
  for (const r of runs) {
    const day = Math.floor(Number(r.created_at_ms) / DAY) * DAY;
    const ms = r.finished_at_ms === null ? null : Number(r.finished_at_ms) - Number(r.started_at_ms);
    add(
      `w:${day}:${r.workflow_id}`,
      r.status === 'succeeded',
      Number(r.input_tokens) + Number(r.output_tokens),
      Number(r.cost_usd ?? 0),
      ms,
    );
  }
  for (const c of checkpoints) {
    const day = Math.floor(Number(c.finished_at_ms) / DAY) * DAY;
    const ms = Number(c.finished_at_ms) - Number(c.started_at_ms);
    add(
      `m:${day}:${c.provider}/${c.model}`,
      c.status === 'succeeded',
      Number(c.input_tokens) + Number(c.output_tokens),
      Number(c.cost_usd ?? 0),
      ms,
    );
  }
  let checksum = 0;
  for (const g of groups.values()) {
    const sorted = g.ms.sort((a, b) => a - b);
    checksum += percentile(sorted, 50) + percentile(sorted, 95);
  }
  return checksum;
}
