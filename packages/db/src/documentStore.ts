import type { Sql } from './Sql';

/** A document as stored: the compacted snapshot plus the log rows not yet folded into it. */
export interface StoredDocument {
  /** Full state, Yjs V2 encoding; null before the first compaction. */
  snapshot: Uint8Array | null;
  /** The snapshot's version for a later loadChanges (null: no snapshot yet). */
  snapshotVersion: number | null;
  /** Yjs V1 updates, ordered by seq. */
  updates: { seq: number; update: Uint8Array }[];
}

/** What changed in a document's stored state since a reader loaded it (see DocumentStore.loadChanges). */
export interface DocumentChanges {
  /** The snapshot, only when a compaction (by any server) replaced it since `snapshotVersion`. */
  snapshot: Uint8Array | null;
  /** The stored snapshot's version (null: none yet); strictly increases with every compaction. */
  snapshotVersion: number | null;
  /** Rows the reader does not know, ordered by seq. */
  updates: { seq: number; update: Uint8Array }[];
}

export interface DocumentStore {
  /**
   * One multi-row INSERT (one commit) for the whole batch; returns each row's seq, in input order. A
   * document this store has not written before is first registered (one more statement, once per process).
   */
  appendUpdates(rows: { docName: string; update: Uint8Array }[]): Promise<number[]>;
  /** Snapshot and update rows read in one statement, so a concurrent compaction is never half-seen. */
  load(docName: string): Promise<StoredDocument>;
  /**
   * In one statement: the rows whose seq is not in `knownSeqs` (whatever their seq: sequence numbers are
   * taken before commit, so a row committed late can have a lower seq than one already read), and the
   * snapshot if its version is not `snapshotVersion`. A reader that applies both holds everything stored.
   */
  loadChanges(
    docName: string,
    since: { knownSeqs: number[]; snapshotVersion: number | null },
  ): Promise<DocumentChanges>;
  /**
   * In one transaction: locks the document's snapshot, replaces it with mergeState(previous) and deletes
   * exactly the rows whose seq is in deleteSeqs. Rows appended meanwhile (by any instance) are untouched.
   */
  compact(
    docName: string,
    mergeState: (previousSnapshotV2: Uint8Array | null) => Uint8Array,
    deleteSeqs: number[],
  ): Promise<CompactResult>;
  stats(docName: string): Promise<{ updateRows: number; updateBytes: number; snapshotBytes: number }>;
}

export interface CompactResult {
  /** The new snapshot's size as stored (after TOAST compression): what the log is weighed against. */
  snapshotStoredBytes: number;
}

export interface DocumentStoreOptions {
  now?: () => number;
  /**
   * Compaction leaves dead rows and a dead snapshot behind; until a VACUUM marks their space free, new
   * rows take new pages. The store vacuums its two tables once what it has deleted since its last vacuum
   * reaches this many bytes or a fifth of the tables' size, whichever is more (autovacuum's rule, applied
   * at once; PGlite has no autovacuum at all). Default 32 KiB; 0 turns it off.
   */
  vacuumMinDeadBytes?: number;
  /** A vacuum failed (compaction is unaffected; the next one retries). */
  onVacuumError?: (error: unknown) => void;
}

/**
 * Bytes a log row occupies on disk besides its update: tuple header and line pointer (28), seq and doc_id
 * (12), the update's length (1–4) and its posting in the deduplicated doc_id index (~6), plus alignment.
 */
export const LOG_ROW_OVERHEAD_BYTES = 52;

// Postgres caps a statement at 65535 parameters; larger batches are split inside one transaction.
const MAX_ROWS_PER_INSERT = 10_000;
// First key of the two-key advisory lock that serialises compactions of one document (see compact).
const COMPACTION_LOCK_SPACE = 0x5359;
// Document ids are cached per process (they never change); past this many names the cache starts over.
const MAX_CACHED_IDS = 10_000;
// The share of the tables' size that may be dead before the store vacuums them (autovacuum's default).
const VACUUM_SCALE = 0.2;

async function insertUpdates(sql: Sql, rows: { docId: number; update: Uint8Array }[]): Promise<number[]> {
  const params: unknown[] = [];
  const values = rows.map((row) => {
    params.push(row.docId, row.update);
    return `($${params.length - 1}::int, $${params.length}::bytea)`;
  });
  const inserted = await sql.query<{ seq: number }>(
    `insert into ydoc_updates (doc_id, update) values ${values.join(', ')} returning seq`,
    params,
  );
  // nextval runs once per VALUES row in list order, so ascending seqs are input order whatever order
  // RETURNING reports them in.
  return inserted.map((row) => row.seq).sort((a, b) => a - b);
}

/** The snapshot row (seq null; data null when unchanged) and the update rows of one union query. */
function splitRows(
  rows: { seq: number | null; data: Uint8Array | null; version: number | null }[],
): StoredDocument {
  let snapshot: Uint8Array | null = null;
  let snapshotVersion: number | null = null;
  const updates: StoredDocument['updates'] = [];
  for (const row of rows) {
    if (row.seq === null) {
      snapshot = row.data;
      snapshotVersion = Number(row.version);
    } else updates.push({ seq: row.seq, update: row.data as Uint8Array });
  }
  return { snapshot, snapshotVersion, updates };
}

// The log rows of one document, by name, for queries that start from the name.
const DOC_ID_OF = '(select id from ydoc_documents where name = $1)';

export function createDocumentStore(sql: Sql, opts: DocumentStoreOptions = {}): DocumentStore {
  const now = opts.now ?? Date.now;
  const vacuumMinDeadBytes = opts.vacuumMinDeadBytes ?? 32 * 1024;
  const onVacuumError = opts.onVacuumError ?? (() => undefined);
  const docIds = new Map<string, number>();
  let deadBytes = 0;
  let tableBytes = 0;
  let vacuuming: Promise<void> | null = null;

  /** Ids of the documents named, registering new names (one extra round trip per document and process). */
  async function idsOf(names: string[]): Promise<Map<string, number>> {
    // Cleared before looking up, never between the lookup and the caller's use of the ids.
    if (docIds.size >= MAX_CACHED_IDS) docIds.clear();
    const missing = [...new Set(names)].filter((name) => !docIds.has(name));
    if (missing.length > 0) {
      // The CTE's insert is invisible to the same statement's select, hence the union of both.
      const rows = await sql.query<{ id: number; name: string }>(
        `with added as (
           insert into ydoc_documents (name) select unnest($1::text[]) on conflict (name) do nothing
           returning id, name)
         select id, name from added
         union all
         select id, name from ydoc_documents where name = any($1::text[])`,
        [missing],
      );
      if (rows.length < missing.length) {
        // Another server registered a name meanwhile: our insert skipped it and our statement's snapshot
        // predates its commit. A new statement sees it.
        rows.push(
          ...(await sql.query<{ id: number; name: string }>(
            'select id, name from ydoc_documents where name = any($1::text[])',
            [missing],
          )),
        );
      }
      for (const row of rows) docIds.set(row.name, row.id);
    }
    return docIds;
  }

  async function load(docName: string): Promise<StoredDocument> {
    const rows = await sql.query<{ seq: number | null; data: Uint8Array | null; version: number | null }>(
      `select null::bigint as seq, state as data, updated_at_ms as version from ydoc_snapshots where doc_name = $1
       union all
       select seq, update, null from ydoc_updates where doc_id = ${DOC_ID_OF}
       order by seq nulls first`,
      [docName],
    );
    return splitRows(rows);
  }

  /** Vacuums once enough is dead (see DocumentStoreOptions); one at a time, never inside a transaction. */
  async function vacuumIfDue(): Promise<void> {
    if (vacuumMinDeadBytes <= 0 || vacuuming) return;
    if (deadBytes < Math.max(vacuumMinDeadBytes, tableBytes * VACUUM_SCALE)) return;
    deadBytes = 0;
    vacuuming = (async () => {
      await sql.exec('vacuum ydoc_updates, ydoc_snapshots');
      const [row] = await sql.query<{ bytes: number }>(
        `select (pg_total_relation_size('ydoc_updates') + pg_total_relation_size('ydoc_snapshots'))::bigint
           as bytes`,
      );
      tableBytes = Number(row?.bytes ?? 0);
    })();
    try {
      await vacuuming;
    } catch (error) {
      // The compaction itself committed; a vacuum that failed only leaves the space for the next one.
      deadBytes = Math.max(deadBytes, vacuumMinDeadBytes);
      onVacuumError(error);
    } finally {
      vacuuming = null;
    }
  }

  return {
    async appendUpdates(rows) {
      if (rows.length === 0) return [];
      const ids = await idsOf(rows.map((row) => row.docName));
      const keyed = rows.map((row) => ({ docId: ids.get(row.docName) as number, update: row.update }));
      if (keyed.length <= MAX_ROWS_PER_INSERT) return insertUpdates(sql, keyed);
      return sql.transaction(async (tx) => {
        const seqs: number[] = [];
        for (let start = 0; start < keyed.length; start += MAX_ROWS_PER_INSERT) {
          seqs.push(...(await insertUpdates(tx, keyed.slice(start, start + MAX_ROWS_PER_INSERT))));
        }
        return seqs;
      });
    },

    load,

    async loadChanges(docName, since) {
      // NOT IN over a subquery is a hashed anti-join: linear in rows, whatever the number of known seqs.
      const rows = await sql.query<{ seq: number | null; data: Uint8Array | null; version: number | null }>(
        `select null::bigint as seq,
                case when updated_at_ms is distinct from $2::bigint then state end as data,
                updated_at_ms as version
           from ydoc_snapshots where doc_name = $1
         union all
         select seq, update, null from ydoc_updates
          where doc_id = ${DOC_ID_OF} and seq not in (select unnest($3::bigint[]))
         order by seq nulls first`,
        [docName, since.snapshotVersion, since.knownSeqs],
      );
      return splitRows(rows);
    },

    async compact(docName, mergeState, deleteSeqs) {
      const { deleted, storedBytes } = await sql.transaction(async (tx) => {
        // FOR UPDATE locks nothing while the snapshot row does not exist yet, so two first compactions
        // would both merge from null and one would lose the other's rows. The advisory lock covers that.
        await tx.query(`select pg_advisory_xact_lock(${COMPACTION_LOCK_SPACE}, hashtext($1))`, [docName]);
        const [previous] = await tx.query<{ state: Uint8Array }>(
          'select state from ydoc_snapshots where doc_name = $1 for update',
          [docName],
        );
        const state = mergeState(previous?.state ?? null);
        await tx.query(
          `insert into ydoc_snapshots (doc_name, state, updated_at_ms, byte_size) values ($1, $2, $3, $4)
           on conflict (doc_name) do update
           set state = excluded.state, byte_size = excluded.byte_size,
               -- The snapshot's version for loadChanges: strictly increasing, even within a millisecond.
               updated_at_ms = greatest(excluded.updated_at_ms, ydoc_snapshots.updated_at_ms + 1)`,
          [docName, state, now(), state.byteLength],
        );
        let dead = previous?.state.byteLength ?? 0;
        if (deleteSeqs.length > 0) {
          const [gone] = await tx.query<{ bytes: number }>(
            `with gone as (
               delete from ydoc_updates where doc_id = ${DOC_ID_OF} and seq = any($2::bigint[])
               returning octet_length(update) + ${LOG_ROW_OVERHEAD_BYTES} as bytes)
             select coalesce(sum(bytes), 0)::bigint as bytes from gone`,
            [docName, deleteSeqs],
          );
          dead += Number(gone?.bytes ?? 0);
        }
        const [stored] = await tx.query<{ bytes: number }>(
          'select pg_column_size(state) as bytes from ydoc_snapshots where doc_name = $1',
          [docName],
        );
        return { deleted: dead, storedBytes: Number(stored?.bytes ?? state.byteLength) };
      });
      deadBytes += deleted;
      await vacuumIfDue();
      return { snapshotStoredBytes: storedBytes };
    },

    async stats(docName) {
      const [row] = await sql.query<{ update_rows: number; update_bytes: number; snapshot_bytes: number }>(
        `select
           (select count(*) from ydoc_updates where doc_id = ${DOC_ID_OF})::bigint as update_rows,
           (select coalesce(sum(octet_length(update)), 0) from ydoc_updates where doc_id = ${DOC_ID_OF})::bigint
             as update_bytes,
           coalesce((select byte_size from ydoc_snapshots where doc_name = $1), 0)::bigint as snapshot_bytes`,
        [docName],
      );
      return {
        updateRows: row?.update_rows ?? 0,
        updateBytes: row?.update_bytes ?? 0,
        snapshotBytes: row?.snapshot_bytes ?? 0,
      };
    },
  };
}
