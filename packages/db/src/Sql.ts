import type { PGlite } from '@electric-sql/pglite';

export type Row = Record<string, unknown>;

/**
 * The one SQL interface both drivers implement, so repositories and migrations are written once.
 * Values cross it the same way on both: bytea as Uint8Array, int8 as number, jsonb as parsed JSON.
 */
export interface Sql {
  readonly driver: 'pglite' | 'postgres';
  /** One statement with `$1..` placeholders. */
  query<T extends Row = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>;
  /**
   * Runs fn in a transaction and commits when it resolves, rolls back when it throws. Inside fn, use only
   * `tx`: PGlite has one connection, so a query on the outer Sql would wait for this transaction forever.
   * That mistake throws `synapse.db.outside_transaction` on both drivers. `tx.transaction` is a savepoint.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** Resolves once listening; the returned function stops it. Channel names are case-sensitive. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** `pg_notify`; inside a transaction it is delivered on commit. Payloads are limited to ~8000 bytes. */
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

export interface Database {
  sql: Sql;
  /** Present for the embedded driver, e.g. for pg-boss `fromPglite`. */
  pglite?: PGlite;
  close(): Promise<void>;
}
