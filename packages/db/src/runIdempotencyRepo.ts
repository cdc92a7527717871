import { createRunStartKeys, type RunStartKeyClaim } from './runStartKeys';
import type { Sql } from './Sql';

/** How long an idempotency key answers with the run it started. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
/**
 * A claim whose run has not started after this long belongs to a request that died or is slow: a retry
 * takes it over, with the run id it reserved.
 */
export const IDEMPOTENCY_PENDING_MS = 60 * 1000;

/**
 * A key's claim (runStartKeys): held, with the run id it reserved; or the run an earlier request with the
 * key started, or is still starting, and the workflow the key is bound to.
 */
export type IdempotencyClaim = RunStartKeyClaim<{ workflowId: string }>;

type Key = { workspaceId: string; caller: string; key: string };

export interface RunIdempotencyRepo {
  /**
   * Takes the key, reserving `runId` as its run's id. A claim released, or IDEMPOTENCY_PENDING_MS old
   * without its run started, is taken over (for the same workflow) with the id it reserved; a key past
   * its window is taken afresh with `runId`.
   */
  claim(k: Key & { workflowId: string; now: number; runId: string }): Promise<IdempotencyClaim>;
  /** Records that the key's reserved run `runId` started: the key answers with it from now on. */
  complete(k: Key & { runId: string }): Promise<void>;
  /**
   * Frees the claim made at `claimedAt` when its run did not start, so a retry may start it at once — with
   * the same run id, unless that run exists and failed.
   */
  release(k: Key & { claimedAt: number }): Promise<void>;
  /** Deletes the keys past their window at `now` (they answer nothing any more); returns how many. */
  prune(now: number): Promise<number>;
}

const PRUNE_BATCH = 5000;

/**
 * Idempotency keys of run starts, claimed before the run starts so two concurrent requests with one key
 * start one run. A key older than the window is free again. A claim whose request died or is slow
 * (older than IDEMPOTENCY_PENDING_MS without its run started) is taken over with its reserved run id, so
 * the two requests start that one run between them.
 */
export function createRunIdempotencyRepo(sql: Sql): RunIdempotencyRepo {
  const keys = createRunStartKeys<{ workflowId: string }>(sql, {
    table: 'run_idempotency_keys',
    keyColumns: ['workspace_id', 'caller', 'idempotency_key'],
    boundColumns: ['workflow_id'],
    windowMs: IDEMPOTENCY_WINDOW_MS,
    pendingMs: IDEMPOTENCY_PENDING_MS,
  });
  return {
    async claim({ workspaceId, caller, key, workflowId, now, runId }) {
      return keys.claim([workspaceId, caller, key], [workflowId], now, runId);
    },
    async complete({ workspaceId, caller, key, runId }) {
      await keys.complete([workspaceId, caller, key], runId);
    },
    async release({ workspaceId, caller, key, claimedAt }) {
      await keys.release([workspaceId, caller, key], claimedAt);
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
