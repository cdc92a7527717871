import { isTerminalRunStatus, type RunStatus } from '@synapse/schema';
import { CHILD_RESUME_CAUSE, requeueWaitingRun, resumeJobIdSql } from './requeueWaitingRun';
import { RUN_COLUMNS, type RunRecord, type RunRow } from './runsRepo';
import type { Sql } from './Sql';

/** The trigger a child run carries: the run that called it (`subworkflow:<parent run id>`). */
export function subworkflowTrigger(parentRunId: string): string {
  return `subworkflow:${parentRunId}`;
}

export interface ChildRunInput {
  id: string;
  workspaceId: string;
  workflowId: string;
  versionId: string;
  requestedBy: string;
  inputs: Record<string, string>;
  createdAt: number;
  deadlineAt: number;
  versionSource: 'published' | 'version';
  versionName?: string;
  parentRunId: string;
  parentNodeId: string;
}

/**
 * A parent whose child ended without its resume job arriving: still waiting (a crash between the child's
 * ending and the parent's resume), or queued by the child but unclaimed (the job send failed).
 */
export interface StrandedParent {
  runId: string;
  workspaceId: string;
  childRunId: string;
}

/**
 * Sub-workflow runs (ADR 0024): child runs linked to the run and node that called them, and the resume of
 * a parked parent when its child ends.
 */
export interface SubworkflowRunsRepo {
  /**
   * Creates the node's child run (queued), or finds the one the node already has — a node never starts
   * two children (the unique index decides a race). `created` says which.
   */
  createChild(r: ChildRunInput): Promise<{ run: RunRow; created: boolean }>;
  childOf(parentRunId: string, nodeId: string): Promise<RunRow | null>;
  /** The run and the runs that called it, root first (`runId`'s own row last); empty when it does not exist. */
  ancestry(runId: string): Promise<{ runId: string; workflowId: string }[]>;
  /**
   * When `childRunId` has ended and its parent waits, queues the parent again (its deadline moved by the
   * time it waited, as an approval's resume does) and returns it with the job id (derived from the child)
   * for the caller to send its run job under. When the parent is still queued, unclaimed, by this very
   * child's resume, returns the same again: the send may have failed, and a second send of that id is the
   * same job. Null otherwise: no parent, the child still active, or the parent neither parked nor awaiting
   * this resume (a runner holding it sees the ended child when it tries to park).
   */
  resumeParent(
    childRunId: string,
    now: number,
  ): Promise<{ runId: string; workspaceId: string; jobId: string } | null>;
  /** The queued, running or waiting children of a run. */
  activeChildren(parentRunId: string): Promise<RunRow[]>;
  /** The cancelled children of a run (a cancel of its children may have ended a row but not a document). */
  cancelledChildren(parentRunId: string): Promise<RunRow[]>;
  /** Parents with an ended child whose node has no checkpoint yet and no runner took the resume. */
  listStranded(limit?: number): Promise<StrandedParent[]>;
}

const TERMINAL = `('succeeded', 'failed', 'cancelled')`;

export function createSubworkflowRunsRepo(sql: Sql): SubworkflowRunsRepo {
  async function childOf(parentRunId: string, nodeId: string): Promise<RunRow | null> {
    const [row] = await sql.query<RunRecord>(
      `select ${RUN_COLUMNS} from runs where parent_run_id = $1 and parent_node_id = $2`,
      [parentRunId, nodeId],
    );
    return row ?? null;
  }

  async function childrenIn(parentRunId: string, statuses: string[]): Promise<RunRow[]> {
    return sql.query<RunRecord>(
      `select ${RUN_COLUMNS} from runs where parent_run_id = $1 and status = any($2::text[])
       order by created_at_ms, id`,
      [parentRunId, statuses],
    );
  }

  return {
    async createChild(r) {
      const inserted = await sql.query<RunRecord>(
        `insert into runs (id, workspace_id, workflow_id, version_id, status, requested_by, inputs, created_at_ms,
           deadline_at_ms, version_source, version_name, trigger, parent_run_id, parent_node_id)
         values ($1, $2, $3, $4, 'queued', $5, $6, $7, $8, $9, $10, $11, $12, $13)
         on conflict (parent_run_id, parent_node_id) where parent_run_id is not null do nothing
         returning ${RUN_COLUMNS}`,
        [
          r.id,
          r.workspaceId,
          r.workflowId,
          r.versionId,
          r.requestedBy,
          r.inputs,
          r.createdAt,
          r.deadlineAt,
          r.versionSource,
          r.versionName ?? null,
          subworkflowTrigger(r.parentRunId),
          r.parentRunId,
          r.parentNodeId,
        ],
      );
      if (inserted[0]) return { run: inserted[0], created: true };
      const existing = await childOf(r.parentRunId, r.parentNodeId);
      if (!existing) throw new Error(`run ${r.parentRunId}: child of ${r.parentNodeId} vanished`);
      return { run: existing, created: false };
    },

    childOf,

    async ancestry(runId) {
      // Bounded: links only ever point at older runs, but a hand-edited row must not loop forever.
      const rows = await sql.query<{ runId: string; workflowId: string }>(
        `with recursive up (id, workflow_id, parent_run_id, depth) as (
           select id, workflow_id, parent_run_id, 0 from runs where id = $1
           union all
           select r.id, r.workflow_id, r.parent_run_id, up.depth + 1
           from runs r join up on r.id = up.parent_run_id where up.depth < 64
         )
         select id as "runId", workflow_id as "workflowId" from up order by depth desc`,
        [runId],
      );
      return rows;
    },

    async resumeParent(childRunId, now) {
      return sql.transaction(async (tx) => {
        const [child] = await tx.query<{ parentRunId: string | null; status: string }>(
          `select parent_run_id as "parentRunId", status from runs where id = $1`,
          [childRunId],
        );
        if (!child?.parentRunId || !isTerminalRunStatus(child.status as RunStatus)) return null;
        // Under the parent's row lock, like an approval's decision: a runner parking it either saw the
        // ended child first (and went on) or parked before, and then this queues it.
        const cause = `${CHILD_RESUME_CAUSE}${childRunId}`;
        const [parent] = await tx.query<{
          status: string;
          workspaceId: string;
          jobId: string;
          ours: boolean;
        }>(
          `select status, workspace_id as "workspaceId", resume_job_id as "jobId",
             resume_job_id is not distinct from ${resumeJobIdSql('$2::text')} as ours
           from runs where id = $1 for update`,
          [child.parentRunId, cause],
        );
        if (!parent) return null;
        const resumed = { runId: child.parentRunId, workspaceId: parent.workspaceId };
        // Queued by this child and not claimed since (a claim clears the id): send the same job again.
        if (parent.status === 'queued' && parent.ours) return { ...resumed, jobId: parent.jobId };
        if (parent.status !== 'waiting') return null;
        return { ...resumed, jobId: await requeueWaitingRun(tx, child.parentRunId, now, cause) };
      });
    },

    activeChildren: (parentRunId) => childrenIn(parentRunId, ['queued', 'running', 'waiting']),

    cancelledChildren: (parentRunId) => childrenIn(parentRunId, ['cancelled']),

    async listStranded(limit = 20) {
      return sql.query<StrandedParent & Record<string, unknown>>(
        `select p.id as "runId", p.workspace_id as "workspaceId", c.id as "childRunId"
         from runs c join runs p on p.id = c.parent_run_id
         where c.status in ${TERMINAL}
           and (p.status = 'waiting' or (p.status = 'queued'
             and p.resume_job_id = ${resumeJobIdSql(`'${CHILD_RESUME_CAUSE}' || c.id`)}))
           and not exists (
             select 1 from run_node_checkpoints k where k.run_id = p.id and k.node_id = c.parent_node_id
           )
         order by c.finished_at_ms nulls first, c.id limit $1`,
        [limit],
      );
    },
  };
}
