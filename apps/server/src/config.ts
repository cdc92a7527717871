import { join } from 'node:path';
import {
  type AddressPolicy,
  type Database,
  DEFAULT_RUN_DEADLINE_MS,
  type MasterKeyring,
  openDatabase,
  parseAddressAllowList,
  parseMasterKeyring,
} from '@synapse/db';
import { parseStdioServerList, type StdioServerEntry } from '@synapse/tools';
import { z } from 'zod';
import type { SsoConfig } from './auth/createSsoService';

const bytes = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Comma-separated values, trimmed, empties dropped; absent → []. */
const commaList = z
  .string()
  .optional()
  .transform((text) =>
    (text ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const ServerEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('127.0.0.1'),
  /** Postgres connection string; when absent the embedded PGlite in DATA_DIR is used. */
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('.synapse'),
  /** Shared by every server and runner: document fan-out (ADR 0015), limits and breakers (ADR 0016). */
  REDIS_URL: z.string().url().optional(),
  /** Secret for signing sync tokens (≥ 32 chars). Embedded mode generates one into DATA_DIR. */
  SYNAPSE_SECRET: z.string().min(32).optional(),
  SYNAPSE_MAX_MESSAGE_BYTES: bytes(2 * 1024 * 1024),
  SYNAPSE_MAX_DOCUMENT_BYTES: bytes(16 * 1024 * 1024),
  /** A run still unfinished this long after it was requested is failed (its runner aborts it). */
  SYNAPSE_RUN_DEADLINE_MS: z.coerce.number().int().positive().default(DEFAULT_RUN_DEADLINE_MS),
  WEB_DIST: z.string().optional(),
  /** Master keyring for provider keys: `id:base64key[,id:key…]`, current first. Embedded mode generates one. */
  SYNAPSE_MASTER_KEY: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (!text) return undefined;
      try {
        return parseMasterKeyring(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** Let custom provider base URLs and MCP URLs reach loopback, private and link-local addresses. */
  SYNAPSE_ALLOW_PRIVATE_ADDRESSES: flag,
  /** Comma-separated hostnames (`ollama.lan`, `*.corp.example`) and CIDRs (`127.0.0.0/8`) to allow anyway. */
  SYNAPSE_ALLOWED_ADDRESSES: z
    .string()
    .optional()
    .transform((text, ctx) => {
      try {
        return parseAddressAllowList(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /**
   * MCP servers run as child processes over stdio, fixed by the operator: a JSON array of
   * `{ "id", "label", "command", "args"?, "env"? }`. Users may pick these by id, never define a command.
   */
  SYNAPSE_MCP_STDIO_SERVERS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      try {
        return parseStdioServerList(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** Anyone may sign up (and gets a workspace of their own). Off: after the first account, invites only. */
  SYNAPSE_OPEN_SIGNUP: flag,
  /** Session cookie `Secure` flag: `auto` follows the request's scheme. */
  SYNAPSE_SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
  /** Behind a reverse proxy that overwrites X-Forwarded-For/-Proto/-Host: believe those headers. */
  SYNAPSE_TRUST_PROXY: flag,
  /** Other origins (scheme://host:port, comma-separated) allowed to make state-changing API calls. */
  SYNAPSE_ALLOWED_ORIGINS: commaList,
  /**
   * Host names this server answers to besides IP addresses and localhost (comma-separated;
   * `*.corp.example` wildcards; `*` for any, which gives up the DNS-rebinding defence).
   */
  SYNAPSE_ALLOWED_HOSTS: commaList,
  SYNAPSE_MAX_OPEN_DOCUMENTS: z.coerce.number().int().positive().default(200),
  /** Seed demo workflows (from templates) into the default workspace on its first start. Default on. */
  SYNAPSE_DEMO_DATA: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => v === undefined || v === 'true' || v === '1' || v === 'yes'),
  /** Serve Prometheus /metrics to anyone who reaches the port (otherwise: loopback binds only). */
  SYNAPSE_METRICS_PUBLIC: flag,
  /** Single sign-on: the OpenID Connect provider's issuer URL (SSO is off without it). */
  SYNAPSE_OIDC_ISSUER: z.string().url().optional(),
  SYNAPSE_OIDC_CLIENT_ID: z.string().min(1).optional(),
  /** Absent: a public client (PKCE, no client authentication). */
  SYNAPSE_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The sign-in button says "Sign in with <this>". */
  SYNAPSE_OIDC_NAME: z.string().min(1).max(60).default('single sign-on'),
  /** Role and workspace of an account created at its first SSO sign-in. */
  SYNAPSE_OIDC_DEFAULT_ROLE: z.enum(['owner', 'editor', 'viewer']).default('viewer'),
  SYNAPSE_OIDC_WORKSPACE: z.string().min(1).default('default'),
  /** The origin browsers reach this server at (the SSO redirect URI); absent: each request's own. */
  SYNAPSE_PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
});

export interface ServerConfig {
  port: number;
  host: string;
  databaseUrl?: string;
  /** Redis shared by every server and runner (REDIS_URL): document fan-out, limits, breakers. */
  redisUrl?: string;
  dataDir: string;
  secret?: string;
  maxMessageBytes: number;
  maxDocumentBytes: number;
  runDeadlineMs?: number;
  webDist?: string;
  logLevel: string;
  pretty: boolean;
  /** Provider-key master keys; absent: generated into DATA_DIR (embedded). */
  masterKeys?: MasterKeyring;
  /** Where user-supplied URLs may point; absent: public addresses only. */
  addressPolicy?: AddressPolicy;
  openSignup?: boolean;
  secureCookies?: 'auto' | boolean;
  trustProxy?: boolean;
  allowedOrigins?: string[];
  /** Host names served besides IP addresses and localhost (the origins' hosts are added). */
  allowedHosts?: string[];
  maxOpenDocuments?: number;
  /** Seed demo workflows into an empty default workspace at startup (absent: off, as in tests). */
  demoData?: boolean;
  /** Serve /metrics on a non-loopback bind too (absent: only when bound to loopback). */
  metricsPublic?: boolean;
  /** The operator's stdio MCP allow-list (absent: none). */
  mcpStdioServers?: StdioServerEntry[];
  /** Single sign-on with an OpenID Connect provider (absent: not offered). */
  sso?: SsoConfig;
}

/** Parses the environment once, failing fast with every problem listed. */
export function loadServerConfig(env: Record<string, string | undefined>): ServerConfig {
  const parsed = ServerEnv.refine((e) => !e.SYNAPSE_OIDC_ISSUER || e.SYNAPSE_OIDC_CLIENT_ID, {
    path: ['SYNAPSE_OIDC_CLIENT_ID'],
    message: 'required when SYNAPSE_OIDC_ISSUER is set',
  }).safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid server configuration:\n${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    dataDir: e.DATA_DIR,
    secret: e.SYNAPSE_SECRET,
    maxMessageBytes: e.SYNAPSE_MAX_MESSAGE_BYTES,
    maxDocumentBytes: e.SYNAPSE_MAX_DOCUMENT_BYTES,
    runDeadlineMs: e.SYNAPSE_RUN_DEADLINE_MS,
    webDist: e.WEB_DIST,
    logLevel: e.LOG_LEVEL,
    pretty: e.NODE_ENV !== 'production',
    masterKeys: e.SYNAPSE_MASTER_KEY,
    addressPolicy: { allowPrivate: e.SYNAPSE_ALLOW_PRIVATE_ADDRESSES, allow: e.SYNAPSE_ALLOWED_ADDRESSES },
    openSignup: e.SYNAPSE_OPEN_SIGNUP,
    secureCookies: e.SYNAPSE_SECURE_COOKIES === 'auto' ? 'auto' : e.SYNAPSE_SECURE_COOKIES === 'true',
    trustProxy: e.SYNAPSE_TRUST_PROXY,
    allowedOrigins: e.SYNAPSE_ALLOWED_ORIGINS,
    allowedHosts: e.SYNAPSE_ALLOWED_HOSTS,
    maxOpenDocuments: e.SYNAPSE_MAX_OPEN_DOCUMENTS,
    demoData: e.SYNAPSE_DEMO_DATA,
    metricsPublic: e.SYNAPSE_METRICS_PUBLIC,
    mcpStdioServers: e.SYNAPSE_MCP_STDIO_SERVERS,
    sso:
      e.SYNAPSE_OIDC_ISSUER && e.SYNAPSE_OIDC_CLIENT_ID
        ? {
            issuer: e.SYNAPSE_OIDC_ISSUER,
            clientId: e.SYNAPSE_OIDC_CLIENT_ID,
            clientSecret: e.SYNAPSE_OIDC_CLIENT_SECRET,
            name: e.SYNAPSE_OIDC_NAME,
            defaultRole: e.SYNAPSE_OIDC_DEFAULT_ROLE,
            workspaceId: e.SYNAPSE_OIDC_WORKSPACE,
            publicUrl: e.SYNAPSE_PUBLIC_URL,
          }
        : undefined,
  };
}

/** The database a server configuration names: Postgres at DATABASE_URL, else PGlite in DATA_DIR/pgdata. */
export function openConfiguredDatabase(
  config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>,
): Promise<Database> {
  return openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pgdata') });
}
