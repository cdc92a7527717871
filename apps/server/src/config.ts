import { join } from 'node:path';
import { type Database, openDatabase } from '@synapse/db';
import { z } from 'zod';

const bytes = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const ServerEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('127.0.0.1'),
  /** Postgres connection string; when absent the embedded PGlite in DATA_DIR is used. */
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('.synapse'),
  /** Secret for signing sync tokens (≥ 32 chars). Embedded mode generates one into DATA_DIR. */
  SYNAPSE_SECRET: z.string().min(32).optional(),
  SYNAPSE_MAX_MESSAGE_BYTES: bytes(2 * 1024 * 1024),
  SYNAPSE_MAX_DOCUMENT_BYTES: bytes(16 * 1024 * 1024),
  WEB_DIST: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
});

export interface ServerConfig {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  secret?: string;
  maxMessageBytes: number;
  maxDocumentBytes: number;
  webDist?: string;
  logLevel: string;
  pretty: boolean;
}

/** Parses the environment once, failing fast with every problem listed. */
export function loadServerConfig(env: Record<string, string | undefined>): ServerConfig {
  const parsed = ServerEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid server configuration:\n${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    secret: e.SYNAPSE_SECRET,
    maxMessageBytes: e.SYNAPSE_MAX_MESSAGE_BYTES,
    maxDocumentBytes: e.SYNAPSE_MAX_DOCUMENT_BYTES,
    webDist: e.WEB_DIST,
    logLevel: e.LOG_LEVEL,
    pretty: e.NODE_ENV !== 'production',
  };
}

/** The database a server configuration names: Postgres at DATABASE_URL, else PGlite in DATA_DIR/pgdata. */
export function openConfiguredDatabase(
  config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>,
): Promise<Database> {
  return openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pgdata') });
}
