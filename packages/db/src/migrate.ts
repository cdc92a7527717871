import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCodes } from '@synapse/schema';
import type { Sql } from './Sql';

const MIGRATION_FILE = /^(\d{4}_[a-z0-9_]+)\.sql$/;
// Any fixed int8; the two-key advisory locks used per document live in a separate key space.
const MIGRATION_LOCK_KEY = 7_412_980_331;

interface Migration {
  name: string;
  text: string;
  checksum: string;
}

async function readMigrations(dir: URL | string): Promise<Migration[]> {
  const path = dir instanceof URL ? fileURLToPath(dir) : dir;
  const files = (await readdir(path)).filter((file) => MIGRATION_FILE.test(file)).sort();
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(join(path, file), 'utf8');
      const name = file.replace(/\.sql$/, '');
      return { name, text, checksum: createHash('sha256').update(text).digest('hex') };
    }),
  );
}

/**
 * Applies the migrations not yet recorded in `synapse_migrations`, in name order, in one transaction
 * (on Postgres under an advisory lock, so processes starting together apply each migration once).
 * Forward-only: an applied migration whose file changed is an error; add a new migration instead.
 */
export async function migrate(
  sql: Sql,
  opts: { migrationsDir?: URL | string } = {},
): Promise<{ applied: string[] }> {
  const migrations = await readMigrations(opts.migrationsDir ?? new URL('./migrations/', import.meta.url));
  return sql.transaction(async (tx) => {
    if (tx.driver === 'postgres') await tx.query(`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    // Checked rather than `create table if not exists`, which emits a notice every start.
    const [table] = await tx.query<{ exists: boolean }>(
      `select to_regclass('synapse_migrations') is not null as exists`,
    );
    if (!table?.exists) {
      await tx.exec(`create table synapse_migrations (
        name text primary key,
        checksum text not null,
        applied_at_ms bigint not null
      )`);
    }
    const recorded = new Map(
      (
        await tx.query<{ name: string; checksum: string }>('select name, checksum from synapse_migrations')
      ).map((row) => [row.name, row.checksum]),
    );
    const applied: string[] = [];
    for (const migration of migrations) {
      const checksum = recorded.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new Error(
            `${ErrorCodes.dbMigrationChanged}: ${migration.name} was changed after it was applied; migrations are forward-only, add a new one`,
          );
        }
        continue;
      }
      await tx.exec(migration.text);
      await tx.query(
        `insert into synapse_migrations (name, checksum, applied_at_ms)
         values ($1, $2, (extract(epoch from clock_timestamp()) * 1000)::bigint)`,
        [migration.name, migration.checksum],
      );
      applied.push(migration.name);
    }
    return { applied };
  });
}
