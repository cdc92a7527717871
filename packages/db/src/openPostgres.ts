import { createPostgresSql } from './createPostgresSql';
import type { Database } from './Sql';

/** Connects to real Postgres and checks the connection, so a bad URL fails here rather than later. */
export async function openPostgres(opts: { url: string; max?: number }): Promise<Database> {
  const sql = createPostgresSql(opts);
  try {
    await sql.query('select 1');
  } catch (error) {
    await sql.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    sql,
    close() {
      closing ??= sql.close();
      return closing;
    },
  };
}
