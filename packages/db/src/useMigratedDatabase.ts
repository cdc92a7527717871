import { afterAll, beforeAll } from 'vitest';
import { migrate } from './migrate';
import type { Database, Sql } from './Sql';

/**
 * For a dual-driver suite's describe block: opens a fresh database before its tests, migrates it, and
 * closes it after them. Returns the database's Sql (valid once the tests run).
 */
export function useMigratedDatabase(open: () => Promise<Database>): () => Sql {
  let db: Database | undefined;
  beforeAll(async () => {
    db = await open();
    await migrate(db.sql);
  });
  afterAll(async () => {
    await db?.close();
  });
  return () => {
    if (!db) throw new Error('useMigratedDatabase: the database is open only while the tests run');
    return db.sql;
  };
}
