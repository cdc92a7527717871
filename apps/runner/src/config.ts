import { z } from 'zod';

const RunnerEnv = z.object({
  DATABASE_URL: z
    .string()
    .url({ message: 'the runner needs DATABASE_URL (Postgres shared with the server)' }),
  SYNAPSE_SYNC_URL: z.string().url().default('ws://127.0.0.1:4000/sync'),
  SYNAPSE_SECRET: z
    .string()
    .min(32, { message: 'SYNAPSE_SECRET must be the same ≥32-character secret the server uses' }),
  RUNNER_PORT: z.coerce.number().int().min(0).max(65535).default(4100),
  RUNNER_HOST: z.string().default('127.0.0.1'),
  RUNNER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  RUN_NODE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  LOCAL_MODEL_TOKEN_DELAY_MS: z.coerce.number().int().min(0).max(1000).default(12),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
});

export interface RunnerConfig {
  databaseUrl?: string;
  syncUrl: string;
  secret: Uint8Array;
  port: number | null;
  host: string;
  /** Runs this runner executes at once. */
  concurrency: number;
  /** Nodes of one run executing at once. */
  nodeConcurrency: number;
  localModelTokenDelayMs: number;
  logLevel: string;
  pretty: boolean;
}

/** Parses the environment of a standalone runner (`synapse runner`), failing fast with every problem. */
export function loadRunnerConfig(env: Record<string, string | undefined>): RunnerConfig {
  const parsed = RunnerEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid runner configuration:\n${problems}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    syncUrl: e.SYNAPSE_SYNC_URL,
    secret: new TextEncoder().encode(e.SYNAPSE_SECRET),
    port: e.RUNNER_PORT,
    host: e.RUNNER_HOST,
    concurrency: e.RUNNER_CONCURRENCY,
    nodeConcurrency: e.RUN_NODE_CONCURRENCY,
    localModelTokenDelayMs: e.LOCAL_MODEL_TOKEN_DELAY_MS,
    logLevel: e.LOG_LEVEL,
    pretty: e.NODE_ENV !== 'production',
  };
}
