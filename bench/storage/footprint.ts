import type { Sql } from '@synapse/db';

/** On-disk bytes of a set of tables: every fork of heap, TOAST and indexes (what `du` would count). */
export interface Footprint {
  /** Heap main forks plus free-space and visibility maps. */
  heap: number;
  /** TOAST heap and its index (large values, compressed, stored out of line). */
  toast: number;
  indexes: number;
  total: number;
  /** Main forks only (heap, TOAST, indexes): the pages rows live in, without the per-table free-space and
   * visibility maps, which a table has once however many documents it holds. */
  mainForks: number;
}

/**
 * Sums pg_total_relation_size over the given tables (the bench gives each side a database of its own, so
 * the tables hold only the benchmarked document and nothing is shared with other documents).
 */
export async function footprint(sql: Sql, tables: readonly string[]): Promise<Footprint> {
  const rows = await sql.query<{ heap: number; toast: number; indexes: number; total: number }>(
    `select coalesce(sum(pg_relation_size(c.oid, 'main') + pg_relation_size(c.oid, 'fsm')
                         + pg_relation_size(c.oid, 'vm')), 0)::bigint as heap,
            coalesce(sum(case when c.reltoastrelid <> 0 then pg_total_relation_size(c.reltoastrelid) else 0 end),
                     0)::bigint as toast,
            coalesce(sum(pg_indexes_size(c.oid)), 0)::bigint as indexes,
            coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint as total
       from pg_class c
      where c.relkind = 'r' and c.relnamespace = 'public'::regnamespace and c.relname = any($1::text[])`,
    [tables],
  );
  const [main] = await sql.query<{ bytes: number }>(
    `with t as (
       select oid, reltoastrelid from pg_class
        where relkind = 'r' and relnamespace = 'public'::regnamespace and relname = any($1::text[])),
     rels as (
       select oid from t
       union all select reltoastrelid from t where reltoastrelid <> 0
       union all select indexrelid from pg_index where indrelid in (select oid from t)
       union all select indexrelid from pg_index where indrelid in (select reltoastrelid from t))
     select coalesce(sum(pg_relation_size(oid, 'main')), 0)::bigint as bytes from rels`,
    [tables],
  );
  const row = rows[0] ?? { heap: 0, toast: 0, indexes: 0, total: 0 };
  return {
    heap: Number(row.heap),
    toast: Number(row.toast),
    indexes: Number(row.indexes),
    total: Number(row.total),
    mainForks: Number(main?.bytes ?? 0),
  };
}

/** The tables a side keeps documents in: Synapse's log and snapshots, extension-database's one table. */
export async function documentTables(sql: Sql): Promise<string[]> {
  const rows = await sql.query<{ relname: string }>(
    `select relname from pg_class
      where relkind = 'r' and relnamespace = 'public'::regnamespace
        and (relname like 'ydoc\\_%' or relname = 'bench_documents')
      order by relname`,
  );
  return rows.map((row) => row.relname);
}
