import type { Sql } from './Sql';

/** NOTIFY channel carrying the id of a run whose cancel was requested, so its runner aborts at once. */
export const RUN_CANCEL_CHANNEL = 'synapse_run_cancel';

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
  /** Bumped by every runner that claims the run; writes carrying an older token are refused. */
  fencingToken: number;
  cancelRequestedAt: number | null;
  deadlineAt: number | null;
  costUsd: number | null;
  /** How the version was chosen: 'draft' | 'published' | 'version'; null on runs from before it was recorded. */
  versionSource: string | null;
  /** The saved version's name (published or picked runs). */
  versionName: string | null;
  /** What started the run: 'manual', 'api', 'webhook:<id>'; null on runs from before it was recorded. */
  trigger: string | null;
  /**
   * A finished run's outputs (Output node label → text), stored by the runner as it ends the run; null
   * while it is active, and on runs that ended without a runner (cancelled while queued, swept).
   */
  outputs: Record<string, string> | null;
  /** A sub-workflow run (ADR 0024): the run and node that called it; null on every other run. */
  parentRunId: string | null;
  parentNodeId: string | null;
}

/** A runner's hold on a run: every write it makes carries this token. */
export interface RunClaim {
  run: RunRow;
  token: number;
  /** True when an earlier runner had claimed the run (a re-delivered job after a crash). */
  resumed: boolean;
}

export type RunPatch = Partial<
  Pick<
    RunRow,
    'status' | 'error' | 'inputTokens' | 'outputTokens' | 'startedAt' | 'finishedAt' | 'costUsd' | 'outputs'
  >
>;

/** How long a run may take before the overdue sweep fails it, unless `SYNAPSE_RUN_DEADLINE_MS` says otherwise. */
export const DEFAULT_RUN_DEADLINE_MS = 30 * 60 * 1000;

export interface NewRun {
  id: string;
  workspaceId: string;
  workflowId: string;
  versionId: string;
  requestedBy: string;
  inputs: Record<string, string>;
  createdAt: number;
  /** After this time a sweeper fails the run if no runner finished it. */
  deadlineAt?: number;
  versionSource?: string;
  trigger?: string;
  versionName?: string;
}

export interface RunsRepo {
  /** Inserts the run with status 'queued'. */
  create(r: NewRun): Promise<RunRow>;
  /**
   * `create` unless a run with this id exists: then null, and nothing written. A run id reserved by a
   * run-start key (runStartKeys) is started once this way, however many requests hold the key in turn.
   */
  createOnce(r: NewRun): Promise<RunRow | null>;
  get(id: string): Promise<RunRow | null>;
  /** Sets the given fields (an explicit `null` clears a nullable one); null when the run does not exist. */
  update(id: string, patch: RunPatch): Promise<RunRow | null>;
  /** Newest first; default limit 50. */
  listByWorkflow(workspaceId: string, workflowId: string, limit?: number): Promise<RunRow[]>;
  /**
   * Takes the run for one runner: bumps the fencing token and marks it running, and clears the resume
   * job id a resume recorded (the resume arrived). Null when the run is missing or already terminal
   * (finished, or cancelled while still queued) — or waiting: a job of a parked run has nothing to run.
   */
  claim(id: string, owner: string, now: number): Promise<RunClaim | null>;
  /** `update` that only applies while `token` is the run's current fencing token; false when fenced out. */
  updateFenced(id: string, token: number, patch: RunPatch): Promise<boolean>;
  /**
   * Records a cancel request. A queued or waiting run (no runner holds it) is cancelled on the spot; a
   * running one keeps its status for its runner to finish. Returns the status after the request, or null if the run is not active.
   */
  requestCancel(id: string, now: number): Promise<{ status: string } | null>;
  /** Queued or running runs whose deadline passed: their runners died or hung. A waiting run has no runner to lose. */
  listOverdue(now: number, limit?: number): Promise<RunRow[]>;
}

const PATCH_COLUMNS = {
  status: 'status',
  error: 'error',
  inputTokens: 'input_tokens',
  outputTokens: 'output_tokens',
  startedAt: 'started_at_ms',
  finishedAt: 'finished_at_ms',
  costUsd: 'cost_usd',
  outputs: 'outputs',
} as const satisfies Record<keyof RunPatch, string>;

/** A run row's columns as `RunRow` names them, for every query that returns runs. */
export const RUN_COLUMNS = `id, workspace_id as "workspaceId", workflow_id as "workflowId", version_id as "versionId",
  status, requested_by as "requestedBy", inputs, error, input_tokens as "inputTokens",
  output_tokens as "outputTokens", created_at_ms as "createdAt", started_at_ms as "startedAt",
  finished_at_ms as "finishedAt", fencing_token as "fencingToken",
  cancel_requested_at_ms as "cancelRequestedAt", deadline_at_ms as "deadlineAt", cost_usd as "costUsd",
  version_source as "versionSource", version_name as "versionName", trigger, outputs,
  parent_run_id as "parentRunId", parent_node_id as "parentNodeId"`;
const COLUMNS = RUN_COLUMNS;

/** The SET list and parameters of a patch, numbered after `offset` existing parameters. */
function patchAssignments(patch: RunPatch, offset: number): { assignments: string[]; params: unknown[] } {
  const params: unknown[] = [];
  const assignments: string[] = [];
  for (const [key, column] of Object.entries(PATCH_COLUMNS)) {
    const value = patch[key as keyof RunPatch];
    if (value === undefined) continue;
    params.push(value);
    assignments.push(`${column} = $${offset + params.length}`);
  }
  return { assignments, params };
}

export type RunRecord = RunRow & Record<string, unknown>;

export function createRunsRepo(sql: Sql): RunsRepo {
  async function get(id: string): Promise<RunRow | null> {
    const [row] = await sql.query<RunRecord>(`select ${COLUMNS} from runs where id = $1`, [id]);
    return row ?? null;
  }

  async function insert(r: NewRun, onConflict: string): Promise<RunRow | null> {
    const [row] = await sql.query<RunRecord>(
      `insert into runs (id, workspace_id, workflow_id, version_id, status, requested_by, inputs, created_at_ms,
         deadline_at_ms, version_source, version_name, trigger)
       values ($1, $2, $3, $4, 'queued', $5, $6, $7, $8, $9, $10, $11)
       ${onConflict}
       returning ${COLUMNS}`,
      [
        r.id,
        r.workspaceId,
        r.workflowId,
        r.versionId,
        r.requestedBy,
        r.inputs,
        r.createdAt,
        r.deadlineAt ?? null,
        r.versionSource ?? null,
        r.versionName ?? null,
        r.trigger ?? null,
      ],
    );
    return row ?? null;
  }

  return {
    async create(r) {
      return (await insert(r, ''))!;
    },

    async createOnce(r) {
      return insert(r, 'on conflict (id) do nothing');
    },

    get,

    async update(id, patch) {
      const { assignments, params } = patchAssignments(patch, 1);
      if (assignments.length === 0) return get(id);
      const [row] = await sql.query<RunRecord>(
        `update runs set ${assignments.join(', ')} where id = $1 returning ${COLUMNS}`,
        [id, ...params],
      );
      return row ?? null;
    },

    async claim(id, owner, now) {
      return sql.transaction(async (tx) => {
        const [current] = await tx.query<{ status: string; fencingToken: number }>(
          `select status, fencing_token as "fencingToken" from runs where id = $1 for update`,
          [id],
        );
        if (!current || (current.status !== 'queued' && current.status !== 'running')) return null;
        const [run] = await tx.query<RunRecord>(
          `update runs set fencing_token = fencing_token + 1, lease_owner = $2, status = 'running',
             started_at_ms = coalesce(started_at_ms, $3), resume_job_id = null, resume_queued_at_ms = null
           where id = $1 returning ${COLUMNS}`,
          [id, owner, now],
        );
        return { run: run!, token: run!.fencingToken, resumed: current.fencingToken > 0 };
      });
    },

    async updateFenced(id, token, patch) {
      const { assignments, params } = patchAssignments(patch, 2);
      if (assignments.length === 0) return (await get(id))?.fencingToken === token;
      const rows = await sql.query(
        `update runs set ${assignments.join(', ')} where id = $1 and fencing_token = $2 returning id`,
        [id, token, ...params],
      );
      return rows.length > 0;
    },

    async requestCancel(id, now) {
      const [row] = await sql.query<{ status: string }>(
        `update runs set cancel_requested_at_ms = coalesce(cancel_requested_at_ms, $2),
           status = case when status in ('queued', 'waiting') then 'cancelled' else status end,
           finished_at_ms = case when status in ('queued', 'waiting') then $2 else finished_at_ms end
         where id = $1 and status in ('queued', 'running', 'waiting')
         returning status`,
        [id, now],
      );
      return row ?? null;
    },

    async listOverdue(now, limit = 20) {
      return sql.query<RunRecord>(
        `select ${COLUMNS} from runs where status in ('queued', 'running') and deadline_at_ms < $1
         order by deadline_at_ms limit $2`,
        [now, limit],
      );
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
