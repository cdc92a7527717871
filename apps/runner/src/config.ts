import {
  type AddressPolicy,
  type MasterKeyring,
  parseAddressAllowList,
  parseMasterKeyring,
} from '@synapse/db';
import { parseStdioServerList, type StdioServerEntry } from '@synapse/tools';
import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Parses with a helper that throws, reporting its message as a config issue. */
function parsedWith<T>(parse: (text: string) => T) {
  return z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (!text) return undefined;
      try {
        return parse(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });
}

const RunnerEnv = z.object({
  DATABASE_URL: z
    .string()
    .url({ message: 'the runner needs DATABASE_URL (Postgres shared with the server)' }),
  SYNAPSE_SYNC_URL: z.string().url().default('ws://127.0.0.1:4000/sync'),
  /** The servers' Redis: provider breakers and key cooldowns shared by every runner. */
  REDIS_URL: z.string().url().optional(),
  SYNAPSE_SECRET: z
    .string()
    .min(32, { message: 'SYNAPSE_SECRET must be the same ≥32-character secret the server uses' }),
  RUNNER_PORT: z.coerce.number().int().min(0).max(65535).default(4100),
  RUNNER_HOST: z.string().default('127.0.0.1'),
  RUNNER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  RUN_NODE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  LOCAL_MODEL_TOKEN_DELAY_MS: z.coerce.number().int().min(0).max(1000).default(12),
  /**
   * The server's run deadline (same value): a sub-workflow's child run, created here, gets this long
   * before the overdue sweep fails it, as a run the server queues does.
   */
  SYNAPSE_RUN_DEADLINE_MS: z.coerce.number().int().positive().optional(),
  /** The server's master keyring (same value), so the runner can decrypt workspace provider keys and secrets. */
  SYNAPSE_MASTER_KEY: parsedWith(parseMasterKeyring),
  SYNAPSE_ALLOW_PRIVATE_ADDRESSES: flag,
  SYNAPSE_ALLOWED_ADDRESSES: parsedWith(parseAddressAllowList),
  /** The server's stdio MCP allow-list (same value): agents may use these servers on this runner. */
  SYNAPSE_MCP_STDIO_SERVERS: parsedWith(parseStdioServerList),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
});

export interface RunnerConfig {
  databaseUrl?: string;
  syncUrl: string;
  /** Provider breakers and key cooldowns in Redis, shared by every runner; absent: per process. */
  redisUrl?: string;
  secret: Uint8Array;
  port: number | null;
  host: string;
  /** Runs this runner executes at once. */
  concurrency: number;
  /** Nodes of one run executing at once. */
  nodeConcurrency: number;
  localModelTokenDelayMs: number;
  /** How long a sub-workflow's child run may take before it is failed (default 30 minutes, as intake's). */
  runDeadlineMs?: number;
  /** Decrypts workspace provider keys; without it only the local model is available. */
  masterKeys?: MasterKeyring;
  /** Which addresses provider base URLs may reach (the server's policy). */
  addressPolicy?: AddressPolicy;
  /** The operator's stdio MCP allow-list (the server's); absent: none. */
  mcpStdioServers?: StdioServerEntry[];
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
    redisUrl: e.REDIS_URL,
    secret: new TextEncoder().encode(e.SYNAPSE_SECRET),
    port: e.RUNNER_PORT,
    host: e.RUNNER_HOST,
    concurrency: e.RUNNER_CONCURRENCY,
    nodeConcurrency: e.RUN_NODE_CONCURRENCY,
    localModelTokenDelayMs: e.LOCAL_MODEL_TOKEN_DELAY_MS,
    runDeadlineMs: e.SYNAPSE_RUN_DEADLINE_MS,
    masterKeys: e.SYNAPSE_MASTER_KEY,
    addressPolicy: {
      allowPrivate: e.SYNAPSE_ALLOW_PRIVATE_ADDRESSES,
      allow: e.SYNAPSE_ALLOWED_ADDRESSES ?? [],
    },
    mcpStdioServers: e.SYNAPSE_MCP_STDIO_SERVERS ?? [],
    logLevel: e.LOG_LEVEL,
    pretty: e.NODE_ENV !== 'production',
  };
}
