import type { Sql } from './Sql';

/** A finished node of a run, kept so a run handed to another runner reuses it instead of calling again. */
export interface NodeCheckpoint {
  nodeId: string;
  status: 'succeeded' | 'failed' | 'skipped' | 'cancelled';
  output: string;
  /** The branch a router node took. */
  branch: string | null;
  attempt: number;
  provider: string | null;
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  error: string | null;
  startedAt: number | null;
  finishedAt: number;
}

export interface CheckpointRepo {
  /**
   * Saves a node's final state if `token` is still the run's fencing token (row-locked, so a claim by
   * another runner cannot interleave). False means this runner lost the run and must stop writing.
   */
  save(runId: string, token: number, checkpoint: NodeCheckpoint): Promise<boolean>;
  list(runId: string): Promise<NodeCheckpoint[]>;
}

const COLUMNS = `node_id as "nodeId", status, output, branch, attempt, provider, model,
  input_tokens as "inputTokens", output_tokens as "outputTokens", cost_usd as "costUsd", error,
  started_at_ms as "startedAt", finished_at_ms as "finishedAt"`;

export function createCheckpointRepo(sql: Sql): CheckpointRepo {
  return {
    async save(runId, token, c) {
      return sql.transaction(async (tx) => {
        const [run] = await tx.query<{ token: number }>(
          `select fencing_token as token from runs where id = $1 for update`,
          [runId],
        );
        if (!run || run.token !== token) return false;
        await tx.query(
          `insert into run_node_checkpoints (run_id, node_id, status, output, branch, attempt, provider, model,
             input_tokens, output_tokens, cost_usd, error, started_at_ms, finished_at_ms, fencing_token)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
           on conflict (run_id, node_id) do update set status = excluded.status, output = excluded.output,
             branch = excluded.branch, attempt = excluded.attempt, provider = excluded.provider,
             model = excluded.model, input_tokens = excluded.input_tokens,
             output_tokens = excluded.output_tokens, cost_usd = excluded.cost_usd, error = excluded.error,
             started_at_ms = excluded.started_at_ms, finished_at_ms = excluded.finished_at_ms,
             fencing_token = excluded.fencing_token`,
          [
            runId,
            c.nodeId,
            c.status,
            c.output,
            c.branch,
            c.attempt,
            c.provider,
            c.model,
            c.inputTokens,
            c.outputTokens,
            c.costUsd,
            c.error,
            c.startedAt,
            c.finishedAt,
            token,
          ],
        );
        return true;
      });
    },

    async list(runId) {
      return sql.query<NodeCheckpoint & Record<string, unknown>>(
        `select ${COLUMNS} from run_node_checkpoints where run_id = $1 order by node_id`,
        [runId],
      );
    },
  };
}
