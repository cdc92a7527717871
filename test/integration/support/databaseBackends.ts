import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@synapse/db';
import { createTestDatabase, type TestDatabase } from '@synapse/testkit';

/** Where a child server keeps its data, and how the test reads it back once the server is dead. */
export interface Backend {
  name: string;
  /** Environment for startChildServer: a fresh data directory (and a fresh Postgres database). */
  env(): Promise<Record<string, string>>;
  open(): ReturnType<typeof openDatabase>;
  cleanup(): Promise<void>;
}

function pgliteBackend(prefix: string): Backend {
  let dir = '';
  return {
    name: 'PGlite',
    async env() {
      dir = await mkdtemp(join(tmpdir(), prefix));
      return { DATA_DIR: dir };
    },
    open: () => openDatabase({ dataDir: join(dir, 'pgdata') }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

function postgresBackend(prefix: string, serverUrl: string): Backend {
  let db: TestDatabase | null = null;
  let dir = '';
  return {
    name: 'Postgres',
    async env() {
      db = await createTestDatabase(serverUrl);
      dir = await mkdtemp(join(tmpdir(), prefix));
      return { DATABASE_URL: db.url, DATA_DIR: dir };
    },
    open: () => openDatabase({ url: db?.url }),
    async cleanup() {
      await db?.drop();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** PGlite always; Postgres too when TEST_DATABASE_URL is set. */
export function databaseBackends(prefix: string): Backend[] {
  const backends = [pgliteBackend(prefix)];
  if (process.env.TEST_DATABASE_URL) backends.push(postgresBackend(prefix, process.env.TEST_DATABASE_URL));
  return backends;
}
