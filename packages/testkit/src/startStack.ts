import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EmbeddedHandle, type EmbeddedServerOptions, startEmbedded } from '@synapse/cli';
import type { AddressPolicy } from '@synapse/db';
import { createTestDatabase, type TestDatabase } from './createTestDatabase';
import { createTestUsers, type TestUser, type TestUsers } from './createTestUsers';

export interface StackOptions {
  /** A real Postgres server to create a throwaway database on; PGlite in memory when absent. */
  postgresUrl?: string;
  /** PGlite data directory (embedded, persistent); ignored with postgresUrl. */
  dataDir?: string;
  /** Built web app to serve; defaults to apps/web/dist. */
  webDist?: string;
  /** Delay between local-model tokens; small by default so tests stay fast but streaming is real. */
  tokenDelayMs?: number;
  /** Sync caps (defaults 2 MiB per message, 16 MiB per document); small ones provoke 4413 refusals. */
  maxMessageBytes?: number;
  maxDocumentBytes?: number;
  /**
   * Requests without a session act as an owner of the `default` workspace (default true), for suites that
   * are not about accounts. Security tests pass false and sign up real users (`stack.users`).
   */
  devAuth?: boolean;
  /** Where provider base URLs may point; default: public addresses plus loopback, where the fakes listen. */
  addressPolicy?: AddressPolicy;
  /** Run jobs the runner takes at once (default 4); 1 shows a parked run holds no runner slot. */
  concurrency?: number;
  /** `SYNAPSE_RUN_DEADLINE_MS` (default 30 minutes): every run's deadline, a sub-workflow's children too. */
  runDeadlineMs?: number;
  /** Test seams passed to the server: DNS for the address policy, rate limits, sync limits, a logger. */
  server?: Omit<EmbeddedServerOptions, 'devAuth'>;
}

export interface Stack {
  url: string;
  syncUrl: string;
  /** The running server: database, key store, auth. */
  server: EmbeddedHandle['server'];
  /** Sign up, sign in and invite real accounts over HTTP; each user carries its session cookie. */
  users: TestUsers;
  stop(): Promise<void>;
}

export type { TestUser, TestUsers };

/** Loopback only: the fake LLM and MCP servers listen on 127.0.0.1. */
export const LOOPBACK_ALLOWED: AddressPolicy = { allowPrivate: false, allow: ['127.0.0.0/8', '::1/128'] };

const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../apps/web/dist', import.meta.url));

/** The whole product (server + runner, real sync, real database) on port 0, torn down by `stop()`. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  let testDb: TestDatabase | null = null;
  if (options.postgresUrl) testDb = await createTestDatabase(options.postgresUrl);
  const tempDir = options.dataDir ? null : await mkdtemp(join(tmpdir(), 'synapse-stack-'));
  const handle = await startEmbedded(
    {
      port: 0,
      host: '127.0.0.1',
      databaseUrl: testDb?.url,
      dataDir: options.dataDir ?? (tempDir as string),
      maxMessageBytes: options.maxMessageBytes ?? 2 * 1024 * 1024,
      maxDocumentBytes: options.maxDocumentBytes ?? 16 * 1024 * 1024,
      webDist: options.webDist ?? DEFAULT_WEB_DIST,
      secret: 'test-secret-test-secret-test-secret!',
      logLevel: 'silent',
      pretty: false,
      addressPolicy: options.addressPolicy ?? LOOPBACK_ALLOWED,
      runDeadlineMs: options.runDeadlineMs,
    },
    { concurrency: options.concurrency ?? 4, nodeConcurrency: 4, tokenDelayMs: options.tokenDelayMs ?? 3 },
    { ...options.server, devAuth: options.devAuth ?? true },
  );
  return {
    url: handle.url,
    syncUrl: handle.syncUrl,
    server: handle.server,
    users: createTestUsers(handle.url),
    async stop() {
      await handle.stop();
      await testDb?.drop();
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
    },
  };
}
