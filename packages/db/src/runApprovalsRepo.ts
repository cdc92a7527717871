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

/** A run queued again by a decision (see listUnclaimedResumes) and the decision that queued it. */
export interface UnclaimedResume {
  runId: string;
  workspaceId: string;
  nodeId: string;
  decidedAt: number;
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
   * running — or after, and then sees `waiting` and queues the run).
   */
  park(
    runId: string,
    token: number,
    nodeIds: readonly string[],
    now: number,
  ): Promise<'parked' | 'decided' | 'fenced'>;
  /**
   * Runs a decision queued again (`resume`) that no runner has claimed since, decided at or before
   * `decidedBefore`: queued, claimed before (so not a fresh run), with their latest decision. The server
   * sends their resume job again in case the first send was lost (a crash between commit and send).
   */
  listUnclaimedResumes(decidedBefore: number, limit?: number): Promise<UnclaimedResume[]>;
  /** The first decision wins; see `DecideOutcome`. */
  decide(
    runId: string,
    nodeId: string,
    input: ApprovalDecisionInput,
  ): Promise<{ outcome: DecideOutcome; approval: RunApproval | null }>;
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

    async listUnclaimedResumes(decidedBefore, limit = 100) {
      return sql.query<UnclaimedResume & Record<string, unknown>>(
        `select r.id as "runId", r.workspace_id as "workspaceId", a.node_id as "nodeId",
                a.decided_at_ms as "decidedAt"
           from runs r
           join lateral (
             select node_id, decided_at_ms from run_approvals
              where run_id = r.id and decision is not null
              order by decided_at_ms desc, node_id limit 1
           ) a on true
          where r.status = 'queued' and r.fencing_token > 0 and a.decided_at_ms <= $1
          order by a.decided_at_ms
          limit $2`,
        [decidedBefore, limit],
      );
    },

    async park(runId, token, nodeIds, now) {
      return sql.transaction(async (tx) => {
        const [run] = await tx.query<{ token: number }>(
          `select fencing_token as token from runs where id = $1 for update`,
          [runId],
        );
        if (!run || Number(run.token) !== token) return 'fenced';
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
        // Waiting does not use up the run's time: its deadline moves by how long it waited.
        await tx.query(
          `update runs set status = 'queued',
             deadline_at_ms = deadline_at_ms + greatest(0, $2 - coalesce(waiting_since_ms, $2)),
             waiting_since_ms = null
           where id = $1`,
          [runId, input.decidedAt],
        );
        return { outcome: 'resume', approval: approval ?? null };
      });
    },
  };
}
