import type { Sql } from './Sql';

/** How long an idempotency key answers with the run it started. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** A claim still without a run after this long belongs to a request that died: the key is free again. */
export const IDEMPOTENCY_PENDING_MS = 60 * 1000;

export type IdempotencyClaim =
  /** This request holds the key: start the run, then `complete` (or `release` on failure). */
  | { kind: 'claimed' }
  /** An earlier request with the key started this run (of this workflow). */
  | { kind: 'existing'; runId: string; workflowId: string }
  /** An earlier request with the key is still starting its run. */
  | { kind: 'pending' };

export interface RunIdempotencyRepo {
  claim(k: {
    workspaceId: string;
    caller: string;
    key: string;
    workflowId: string;
    now: number;
  }): Promise<IdempotencyClaim>;
  complete(k: { workspaceId: string; caller: string; key: string; runId: string }): Promise<void>;
  release(k: { workspaceId: string; caller: string; key: string }): Promise<void>;
  /** Deletes the keys past their window at `now` (they answer nothing any more); returns how many. */
  prune(now: number): Promise<number>;
}

const PRUNE_BATCH = 5000;

/**
 * Idempotency keys of run starts, claimed before the run starts so two concurrent requests with one key
 * start one run. A key older than the window is free again, and so is a claim whose request died before
 * it started its run (older than IDEMPOTENCY_PENDING_MS without one).
 */
export function createRunIdempotencyRepo(sql: Sql): RunIdempotencyRepo {
  return {
    async claim({ workspaceId, caller, key, workflowId, now }) {
      // Takes the key when it is new, expired or abandoned; otherwise returns nothing and the row is read.
      const taken = await sql.query(
        `insert into run_idempotency_keys
           (workspace_id, caller, idempotency_key, workflow_id, run_id, created_at_ms)
         values ($1, $2, $3, $4, null, $5)
         on conflict (workspace_id, caller, idempotency_key) do update
           set run_id = null, workflow_id = excluded.workflow_id, created_at_ms = excluded.created_at_ms
           where run_idempotency_keys.created_at_ms <= $6
              or (run_idempotency_keys.run_id is null and run_idempotency_keys.created_at_ms <= $7)
         returning created_at_ms`,
        [
          workspaceId,
          caller,
          key,
          workflowId,
          now,
          now - IDEMPOTENCY_WINDOW_MS,
          now - IDEMPOTENCY_PENDING_MS,
        ],
      );
      if (taken.length > 0) return { kind: 'claimed' };
      const [row] = await sql.query<{ runId: string | null; workflowId: string }>(
        `select run_id as "runId", workflow_id as "workflowId" from run_idempotency_keys
         where workspace_id = $1 and caller = $2 and idempotency_key = $3`,
        [workspaceId, caller, key],
      );
      return row?.runId
        ? { kind: 'existing', runId: row.runId, workflowId: row.workflowId }
        : { kind: 'pending' };
    },
    async complete({ workspaceId, caller, key, runId }) {
      await sql.query(
        `update run_idempotency_keys set run_id = $4
         where workspace_id = $1 and caller = $2 and idempotency_key = $3`,
        [workspaceId, caller, key, runId],
      );
    },
    async release({ workspaceId, caller, key }) {
      await sql.query(
        `delete from run_idempotency_keys
         where workspace_id = $1 and caller = $2 and idempotency_key = $3 and run_id is null`,
        [workspaceId, caller, key],
      );
    },
    async prune(now) {
      // In batches, so a backlog never holds one long transaction (or one huge lock) on the table.
      let deleted = 0;
      for (;;) {
        const rows = await sql.query(
          `delete from run_idempotency_keys where (workspace_id, caller, idempotency_key) in (
             select workspace_id, caller, idempotency_key from run_idempotency_keys
             where created_at_ms <= $1 limit ${PRUNE_BATCH})
           returning 1 as gone`,
          [now - IDEMPOTENCY_WINDOW_MS],
        );
        deleted += rows.length;
        if (rows.length < PRUNE_BATCH) return deleted;
      }
    },
  };
}
