import type { PGlite } from '@electric-sql/pglite';
import { createPgliteSql } from './createPgliteSql';
import { acquireDataDirLock } from './dataDirLock';
import type { Database } from './Sql';

/**
 * Opens embedded Postgres in this process. With a dataDir, takes `<dataDir>/synapse.lock` first (PGlite
 * has no lock of its own and two processes on one directory corrupt it) and releases it on close.
 * Without one, the database lives in memory. Runs no migrations. `loadDataDir` starts from a dump
 * (`pglite.dumpDataDir()`), skipping initdb — tests use it to open a migrated database in a fraction of
 * the time.
 */
export async function openPglite(opts: { dataDir?: string; loadDataDir?: Blob }): Promise<Database> {
  const lock = opts.dataDir === undefined ? null : await acquireDataDirLock(opts.dataDir);
  let pglite: PGlite;
  try {
    // Imported here, not at the top: a server on Postgres never loads PGlite (issue #18).
    const { PGlite } = await import('@electric-sql/pglite');
    pglite = await PGlite.create(opts.dataDir, opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const sql = createPgliteSql(pglite);
  let closing: Promise<void> | undefined;
  return {
    sql,
    pglite,
    close() {
      closing ??= (async () => {
        try {
          await sql.close();
        } finally {
          await lock?.release();
        }
      })();
      return closing;
    },
  };
}
