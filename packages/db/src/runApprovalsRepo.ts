import { requeueWaitingRun } from './requeueWaitingRun';
import type { Sql } from './Sql';

export type ApprovalDecisionKind = 'approved' | 'rejected' | 'timeout';

/** A Human approval node's request in a run, and its decision once someone (or the timeout) made it. */
export interface RunApproval {
  runId: string;
  nodeId: string;
  requestedAt: number;
  timeoutAt: number | null;
  decision: ApprovalDecisionKind | null;
  /** The approved (possibly edited) value; null when the approver kept the proposed one. */
  value: string | null;
  comment: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: number | null;
}

export interface ApprovalDecisionInput {
  decision: ApprovalDecisionKind;
  value?: string | null;
  comment?: string | null;
  decidedBy?: string | null;
  decidedByName?: string | null;
  decidedAt: number;
}

/**
 * - `resume`: recorded, and the run was waiting: it is queued again and a run job must be sent;
 * - `recorded`: recorded while a runner still holds the run (it sees the decision before parking);
 * - `not_pending`: the node has not asked (not reached yet, or no such approval), or the run ended;
 * - `already_decided`: someone (or the timeout) decided first; `approval` is that decision.
 */
export type DecideOutcome = 'resume' | 'recorded' | 'not_pending' | 'already_decided';

/** A run queued again (by a decision or an ended child run) and the resume job id that was sent for it. */
export interface UnclaimedResume {
  runId: string;
  workspaceId: string;
  jobId: string;
}

export interface RunApprovalsRepo {
  /** Records that the node waits (idempotent: a resumed runner asking again keeps the first request). */
  request(r: {
    runId: string;
    nodeId: string;
    requestedAt: number;
    timeoutAt: number | null;
  }): Promise<RunApproval>;
  get(runId: string, nodeId: string): Promise<RunApproval | null>;
  list(runId: string): Promise<RunApproval[]>;
  /**
   * Parks the run as `waiting` if `token` still holds it and none of `nodeIds` has been decided or has an
   * ended child run (under the run's row lock, so a decision either lands before — `decided`, keep
   * running — or after, and then sees `waiting` and queues the run). `cancelled`: a cancel was requested
   * while the runner held the run (its notice may arrive after this); the runner ends the run instead.
   */
  park(
    runId: string,
    token: number,
    nodeIds: readonly string[],
    now: number,
  ): Promise<'parked' | 'decided' | 'fenced' | 'cancelled'>;
  /**
   * Runs queued again (a decision's `resume`, or a child run's ending — ADR 0024) at or before
   * `queuedBefore` that no runner has claimed since, with the resume job id recorded when they were
   * queued (a claim clears it). The server sends exactly that job again in case the first send was lost
   * (a crash or a failed send between commit and send); pg-boss keeps one job per id.
   */
  listUnclaimedResumes(queuedBefore: number, limit?: number): Promise<UnclaimedResume[]>;
  /**
   * The first decision wins; see `DecideOutcome`. On `resume`, `resumeJobId` is the job id to send the
   * run's job under (recorded on the run row, see `listUnclaimedResumes`).
   */
  decide(
    runId: string,
    nodeId: string,
    input: ApprovalDecisionInput,
  ): Promise<{ outcome: DecideOutcome; approval: RunApproval | null; resumeJobId?: string }>;
}

const COLUMNS = `run_id as "runId", node_id as "nodeId", requested_at_ms as "requestedAt",
  timeout_at_ms as "timeoutAt", decision, value, comment, decided_by as "decidedBy",
  decided_by_name as "decidedByName", decided_at_ms as "decidedAt"`;

type Row = RunApproval & Record<string, unknown>;

const ACTIVE = ['queued', 'running', 'waiting'];

export function createRunApprovalsRepo(sql: Sql): RunApprovalsRepo {
  async function get(runId: string, nodeId: string): Promise<RunApproval | null> {
    const [row] = await sql.query<Row>(
      `select ${COLUMNS} from run_approvals where run_id = $1 and node_id = $2`,
      [runId, nodeId],
    );
    return row ?? null;
  }

  return {
    async request(r) {
      await sql.query(
        `insert into run_approvals (run_id, node_id, requested_at_ms, timeout_at_ms) values ($1, $2, $3, $4)
         on conflict (run_id, node_id) do nothing`,
        [r.runId, r.nodeId, r.requestedAt, r.timeoutAt],
      );
      return (await get(r.runId, r.nodeId)) as RunApproval;
    },

    get,

    async list(runId) {
      return sql.query<Row>(`select ${COLUMNS} from run_approvals where run_id = $1 order by node_id`, [
        runId,
      ]);
    },

    async listUnclaimedResumes(queuedBefore, limit = 100) {
      return sql.query<UnclaimedResume & Record<string, unknown>>(
        `select id as "runId", workspace_id as "workspaceId", resume_job_id as "jobId" from runs
          where resume_job_id is not null and resume_queued_at_ms <= $1 and status = 'queued'
          order by resume_queued_at_ms, id
          limit $2`,
        [queuedBefore, limit],
      );
    },

    async park(runId, token, nodeIds, now) {
      return sql.transaction(async (tx) => {
        const [run] = await tx.query<{ token: number; cancelRequested: boolean }>(
          `select fencing_token as token, cancel_requested_at_ms is not null as "cancelRequested"
           from runs where id = $1 for update`,
          [runId],
        );
        if (!run || Number(run.token) !== token) return 'fenced';
        // Parked, a run whose cancel was requested while it ran would wait on: nobody cancels it again.
        if (run.cancelRequested) return 'cancelled';
        // Decided: an approval of these nodes, or the child run of a Sub-workflow node among them ended
        // (ADR 0024; the child's resume of its parent takes this same row lock).
        const decided = await tx.query(
          `select node_id from run_approvals where run_id = $1 and node_id = any($2::text[]) and decision is not null
           union all
           select parent_node_id from runs where parent_run_id = $1 and parent_node_id = any($2::text[])
             and status in ('succeeded', 'failed', 'cancelled')`,
          [runId, [...nodeIds]],
        );
        if (decided.length > 0) return 'decided';
        await tx.query(`update runs set status = 'waiting', waiting_since_ms = $2 where id = $1`, [
          runId,
          now,
        ]);
        return 'parked';
      });
    },

    async decide(runId, nodeId, input) {
      return sql.transaction(async (tx) => {
        const [run] = await tx.query<{ status: string }>(`select status from runs where id = $1 for update`, [
          runId,
        ]);
        const [current] = await tx.query<Row>(
          `select ${COLUMNS} from run_approvals where run_id = $1 and node_id = $2`,
          [runId, nodeId],
        );
        if (!run || !current || !ACTIVE.includes(run.status))
          return { outcome: 'not_pending', approval: current ?? null };
        if (current.decision !== null) return { outcome: 'already_decided', approval: current };
        const [approval] = await tx.query<Row>(
          `update run_approvals set decision = $3, value = $4, comment = $5, decided_by = $6,
             decided_by_name = $7, decided_at_ms = $8
           where run_id = $1 and node_id = $2 returning ${COLUMNS}`,
          [
            runId,
            nodeId,
            input.decision,
            input.value ?? null,
            input.comment ?? null,
            input.decidedBy ?? null,
            input.decidedByName ?? null,
            input.decidedAt,
          ],
        );
        if (run.status !== 'waiting') return { outcome: 'recorded', approval: approval ?? null };
        const resumeJobId = await requeueWaitingRun(
          tx,
          runId,
          input.decidedAt,
          `approval:${runId}:${nodeId}:${input.decidedAt}`,
        );
        return { outcome: 'resume', approval: approval ?? null, resumeJobId };
      });
    },
  };
}
