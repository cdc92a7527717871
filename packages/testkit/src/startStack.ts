import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbedded } from '@synapse/cli';
import { createTestDatabase, type TestDatabase } from './createTestDatabase';

export interface StackOptions {
  /** A real Postgres server to create a throwaway database on; PGlite in memory when absent. */
  postgresUrl?: string;
  /** PGlite data directory (embedded, persistent); ignored with postgresUrl. */
  dataDir?: string;
  /** Built web app to serve; defaults to apps/web/dist. */
  webDist?: string;
  /** Delay between local-model tokens; small by default so tests stay fast but streaming is real. */
  tokenDelayMs?: number;
}

export interface Stack {
  url: string;
  syncUrl: string;
  stop(): Promise<void>;
}

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
      maxMessageBytes: 2 * 1024 * 1024,
      maxDocumentBytes: 16 * 1024 * 1024,
      webDist: options.webDist ?? DEFAULT_WEB_DIST,
      secret: 'test-secret-test-secret-test-secret!',
      logLevel: 'silent',
      pretty: false,
    },
    { concurrency: 4, nodeConcurrency: 4, tokenDelayMs: options.tokenDelayMs ?? 3 },
  );
  return {
    url: handle.url,
    syncUrl: handle.syncUrl,
    async stop() {
      await handle.stop();
      await testDb?.drop();
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
    },
  };
}
