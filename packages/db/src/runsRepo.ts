import type { Sql } from './Sql';

export interface RunRow {
  id: string;
  workspaceId: string;
  workflowId: string;
  versionId: string;
  status: string;
  requestedBy: string;
  inputs: Record<string, string>;
  error: string | null;
  inputTokens: number;
  outputTokens: number;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export type RunPatch = Partial<
  Pick<RunRow, 'status' | 'error' | 'inputTokens' | 'outputTokens' | 'startedAt' | 'finishedAt'>
>;

export interface RunsRepo {
  /** Inserts the run with status 'queued'. */
  create(r: {
    id: string;
    workspaceId: string;
    workflowId: string;
    versionId: string;
    requestedBy: string;
    inputs: Record<string, string>;
    createdAt: number;
  }): Promise<RunRow>;
  get(id: string): Promise<RunRow | null>;
  /** Sets the given fields (an explicit `null` clears a nullable one); null when the run does not exist. */
  update(id: string, patch: RunPatch): Promise<RunRow | null>;
  /** Newest first; default limit 50. */
  listByWorkflow(workspaceId: string, workflowId: string, limit?: number): Promise<RunRow[]>;
}

const PATCH_COLUMNS = {
  status: 'status',
  error: 'error',
  inputTokens: 'input_tokens',
  outputTokens: 'output_tokens',
  startedAt: 'started_at_ms',
  finishedAt: 'finished_at_ms',
} as const satisfies Record<keyof RunPatch, string>;

const COLUMNS = `id, workspace_id as "workspaceId", workflow_id as "workflowId", version_id as "versionId",
  status, requested_by as "requestedBy", inputs, error, input_tokens as "inputTokens",
  output_tokens as "outputTokens", created_at_ms as "createdAt", started_at_ms as "startedAt",
  finished_at_ms as "finishedAt"`;

type RunRecord = RunRow & Record<string, unknown>;

export function createRunsRepo(sql: Sql): RunsRepo {
  async function get(id: string): Promise<RunRow | null> {
    const [row] = await sql.query<RunRecord>(`select ${COLUMNS} from runs where id = $1`, [id]);
    return row ?? null;
  }

  return {
    async create(r) {
      const [row] = await sql.query<RunRecord>(
        `insert into runs (id, workspace_id, workflow_id, version_id, status, requested_by, inputs, created_at_ms)
         values ($1, $2, $3, $4, 'queued', $5, $6, $7)
         returning ${COLUMNS}`,
        [r.id, r.workspaceId, r.workflowId, r.versionId, r.requestedBy, r.inputs, r.createdAt],
      );
      return row!;
    },

    get,

    async update(id, patch) {
      const params: unknown[] = [id];
      const assignments: string[] = [];
      for (const [key, column] of Object.entries(PATCH_COLUMNS)) {
        const value = patch[key as keyof RunPatch];
        if (value === undefined) continue;
        params.push(value);
        assignments.push(`${column} = $${params.length}`);
      }
      if (assignments.length === 0) return get(id);
      const [row] = await sql.query<RunRecord>(
        `update runs set ${assignments.join(', ')} where id = $1 returning ${COLUMNS}`,
        params,
      );
      return row ?? null;
    },

    async listByWorkflow(workspaceId, workflowId, limit = 50) {
      return sql.query<RunRecord>(
        `select ${COLUMNS} from runs where workspace_id = $1 and workflow_id = $2
         order by created_at_ms desc, id desc limit $3`,
        [workspaceId, workflowId, limit],
      );
    },
  };
}
