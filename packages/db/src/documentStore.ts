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
  /** One multi-row INSERT (one commit) for the whole batch; returns each row's seq, in input order. */
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
  ): Promise<void>;
  stats(docName: string): Promise<{ updateRows: number; updateBytes: number; snapshotBytes: number }>;
}

// Postgres caps a statement at 65535 parameters; larger batches are split inside one transaction.
const MAX_ROWS_PER_INSERT = 10_000;
// First key of the two-key advisory lock that serialises compactions of one document (see compact).
const COMPACTION_LOCK_SPACE = 0x5359;

async function insertUpdates(
  sql: Sql,
  rows: { docName: string; update: Uint8Array }[],
  createdAtMs: number,
): Promise<number[]> {
  const params: unknown[] = [createdAtMs];
  const values = rows.map((row) => {
    params.push(row.docName, row.update);
    return `($${params.length - 1}, $${params.length}, $1)`;
  });
  const inserted = await sql.query<{ seq: number }>(
    `insert into ydoc_updates (doc_name, update, created_at_ms) values ${values.join(', ')} returning seq`,
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

export function createDocumentStore(sql: Sql, opts: { now?: () => number } = {}): DocumentStore {
  const now = opts.now ?? Date.now;

  async function load(docName: string): Promise<StoredDocument> {
    const rows = await sql.query<{ seq: number | null; data: Uint8Array | null; version: number | null }>(
      `select null::bigint as seq, state as data, updated_at_ms as version from ydoc_snapshots where doc_name = $1
       union all
       select seq, update, null from ydoc_updates where doc_name = $1
       order by seq nulls first`,
      [docName],
    );
    return splitRows(rows);
  }

  return {
    async appendUpdates(rows) {
      if (rows.length === 0) return [];
      if (rows.length <= MAX_ROWS_PER_INSERT) return insertUpdates(sql, rows, now());
      return sql.transaction(async (tx) => {
        const seqs: number[] = [];
        for (let start = 0; start < rows.length; start += MAX_ROWS_PER_INSERT) {
          seqs.push(...(await insertUpdates(tx, rows.slice(start, start + MAX_ROWS_PER_INSERT), now())));
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
          where doc_name = $1 and seq not in (select unnest($3::bigint[]))
         order by seq nulls first`,
        [docName, since.snapshotVersion, since.knownSeqs],
      );
      return splitRows(rows);
    },

    async compact(docName, mergeState, deleteSeqs) {
      await sql.transaction(async (tx) => {
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
        if (deleteSeqs.length > 0) {
          await tx.query('delete from ydoc_updates where doc_name = $1 and seq = any($2::bigint[])', [
            docName,
            deleteSeqs,
          ]);
        }
      });
    },

    async stats(docName) {
      const [row] = await sql.query<{ update_rows: number; update_bytes: number; snapshot_bytes: number }>(
        `select
           (select count(*) from ydoc_updates where doc_name = $1)::bigint as update_rows,
           (select coalesce(sum(octet_length(update)), 0) from ydoc_updates where doc_name = $1)::bigint
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
