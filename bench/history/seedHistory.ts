import type { Sql } from '@synapse/db';

export interface SeedShape {
  workspaceId: string;
  runs: number;
  /** Runs of another workspace mixed in, so the workspace filter has to select. */
  otherRuns: number;
  workflows: number;
  people: number;
  nodesPerRun: number;
  /** Runs are spread evenly over this many days, ending now. */
  days: number;
}

export const SHAPE: SeedShape = {
  workspaceId: 'default',
  runs: 10_000,
  otherRuns: 2_000,
  workflows: 20,
  people: 5,
  nodesPerRun: 4,
  days: 90,
};

const MODELS = [
  ['local', 'local-demo'],
  ['openai', 'gpt-4o-mini'],
  ['anthropic', 'claude-3-5-haiku'],
] as const;

/** Deterministic pseudo-random numbers, so every run of the bench seeds the same data. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function statusOf(r: number): string {
  if (r < 0.85) return 'succeeded';
  if (r < 0.95) return 'failed';
  if (r < 0.98) return 'cancelled';
  return 'running';
}

async function insertRows(sql: Sql, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  // Postgres caps a statement at 65,535 parameters.
  const perStatement = Math.floor(60_000 / columns.length);
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const values = chunk.map((row) => {
      const placeholders = row.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await sql.query(`insert into ${table} (${columns.join(', ')}) values ${values.join(', ')}`, params);
  }
}

/**
 * `shape.runs` finished runs of `shape.workflows` workflows by `shape.people` people over `shape.days`
 * days, each with `shape.nodesPerRun` node checkpoints on one of three models, plus runs of another
 * workspace. Inserted in bulk through the same tables the product writes.
 */
export async function seedHistory(
  sql: Sql,
  shape: SeedShape,
  now: number,
): Promise<{ ms: number; checkpoints: number }> {
  const started = performance.now();
  const random = lcg(42);
  const span = shape.days * 86_400_000;
  const versions: unknown[][] = [];
  for (const ws of [shape.workspaceId, 'elsewhere'])
    for (let w = 0; w < shape.workflows; w++)
      versions.push([`v-${ws}-${w}`, ws, `wf-${w}`, new Uint8Array([0]), {}, 'run', 'seed', now - span]);
  await insertRows(
    sql,
    'workflow_versions',
    ['id', 'workspace_id', 'workflow_id', 'state', 'graph', 'reason', 'created_by', 'created_at_ms'],
    versions,
  );
  const runs: unknown[][] = [];
  const checkpoints: unknown[][] = [];
  const total = shape.runs + shape.otherRuns;
  for (let i = 0; i < total; i++) {
    const ws = i < shape.runs ? shape.workspaceId : 'elsewhere';
    const w = Math.floor(random() * shape.workflows);
    const createdAt = now - span + Math.floor((i / total) * span) + Math.floor(random() * 1000);
    const status = statusOf(random());
    const startedAt = createdAt + 50 + Math.floor(random() * 200);
    const duration = 2_000 + Math.floor(random() * 30_000);
    const finishedAt = status === 'running' ? null : startedAt + duration;
    let inputTokens = 0;
    let outputTokens = 0;
    let cost = 0;
    const id = `run-${String(i).padStart(6, '0')}`;
    for (let n = 0; n < shape.nodesPerRun; n++) {
      const [provider, model] = MODELS[Math.floor(random() * MODELS.length)] as readonly [string, string];
      const tin = 100 + Math.floor(random() * 900);
      const tout = 200 + Math.floor(random() * 1800);
      const c = provider === 'local' ? 0 : (tin * 0.15 + tout * 0.6) / 1_000_000;
      inputTokens += tin;
      outputTokens += tout;
      cost += c;
      const nodeStart = startedAt + n * (duration / shape.nodesPerRun);
      const nodeStatus = status === 'failed' && n === shape.nodesPerRun - 1 ? 'failed' : 'succeeded';
      if (finishedAt !== null)
        checkpoints.push([
          id,
          `node-${n}`,
          nodeStatus,
          'output text of a node, as it was streamed',
          null,
          1,
          provider,
          model,
          tin,
          tout,
          c,
          null,
          Math.round(nodeStart),
          Math.round(nodeStart + duration / shape.nodesPerRun),
          1,
        ]);
    }
    runs.push([
      id,
      ws,
      `wf-${w}`,
      `v-${ws}-${w}`,
      status,
      `user-${Math.floor(random() * shape.people)}`,
      { topic: `topic ${i}` },
      status === 'failed' ? 'a node failed' : null,
      inputTokens,
      outputTokens,
      createdAt,
      startedAt,
      finishedAt,
      1,
      cost,
    ]);
  }
  await insertRows(
    sql,
    'runs',
    [
      'id',
      'workspace_id',
      'workflow_id',
      'version_id',
      'status',
      'requested_by',
      'inputs',
      'error',
      'input_tokens',
      'output_tokens',
      'created_at_ms',
      'started_at_ms',
      'finished_at_ms',
      'fencing_token',
      'cost_usd',
    ],
    runs,
  );
  await insertRows(
    sql,
    'run_node_checkpoints',
    [
      'run_id',
      'node_id',
      'status',
      'output',
      'branch',
      'attempt',
      'provider',
      'model',
      'input_tokens',
      'output_tokens',
      'cost_usd',
      'error',
      'started_at_ms',
      'finished_at_ms',
      'fencing_token',
    ],
    checkpoints,
  );
  await sql.query('analyze runs');
  await sql.query('analyze run_node_checkpoints');
  return { ms: performance.now() - started, checkpoints: checkpoints.length };
}
