import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentStore } from './documentStore';
import { migrate } from './migrate';
import type { Database, Row, Sql } from './Sql';

let counter = 0;
function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

const u = (...values: number[]) => new Uint8Array(values);

/** Records each statement, to check how many round trips an operation takes. */
function countingSql(sql: Sql): { sql: Sql; statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    sql: {
      ...sql,
      query<T extends Row = Row>(text: string, params?: readonly unknown[]) {
        statements.push(text);
        return sql.query<T>(text, params);
      },
    },
  };
}

/** The Yjs update log and snapshots against a driver. `open` returns a fresh, empty database. */
export function defineDocumentStoreSuite(name: string, open: () => Promise<Database>): void {
  describe(`documentStore: ${name}`, () => {
    let db: Database;
    let sql: Sql;

    beforeAll(async () => {
      db = await open();
      sql = db.sql;
      await migrate(sql);
    });
    afterAll(async () => {
      await db?.close();
    });

    it('appends a batch in one INSERT and returns seqs in input order', async () => {
      const [a, b] = [unique('doc'), unique('doc')];
      const counting = countingSql(sql);
      const store = createDocumentStore(counting.sql);
      // The first write to a document registers its id (one statement for all new names, once).
      await store.appendUpdates([
        { docName: a, update: u(0) },
        { docName: b, update: u(0) },
      ]);
      expect(counting.statements).toHaveLength(2);
      const first = await store.load(a);
      const rows = [
        { docName: a, update: u(1) },
        { docName: b, update: u(2) },
        { docName: a, update: u(3) },
        { docName: a, update: new Uint8Array(0) },
      ];
      counting.statements.length = 0;
      const seqs = await store.appendUpdates(rows);
      expect(counting.statements).toHaveLength(1);
      expect(seqs).toHaveLength(4);
      expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
      expect(new Set(seqs).size).toBe(4);
      // Each seq points at the row given at the same index.
      const docA = await store.load(a);
      const docB = await store.load(b);
      expect(docA.updates).toEqual([
        ...first.updates,
        { seq: seqs[0], update: u(1) },
        { seq: seqs[2], update: u(3) },
        { seq: seqs[3], update: new Uint8Array(0) },
      ]);
      expect(docB.updates.slice(1)).toEqual([{ seq: seqs[1], update: u(2) }]);
      expect(await store.appendUpdates([])).toEqual([]);
    });

    it('loads a document as a null snapshot and its updates in seq order', async () => {
      const doc = unique('doc');
      const store = createDocumentStore(sql);
      expect(await store.load(doc)).toEqual({ snapshot: null, snapshotVersion: null, updates: [] });
      const first = await store.appendUpdates([{ docName: doc, update: u(1) }]);
      const second = await store.appendUpdates([
        { docName: doc, update: u(2) },
        { docName: doc, update: u(3) },
      ]);
      const big = new Uint8Array(1 << 20).fill(9);
      const third = await store.appendUpdates([{ docName: doc, update: big }]);
      const loaded = await store.load(doc);
      expect(loaded.snapshot).toBeNull();
      expect(loaded.updates.map((r) => r.seq)).toEqual([...first, ...second, ...third]);
      expect(loaded.updates.map((r) => r.update.byteLength)).toEqual([1, 1, 1, 1 << 20]);
      expect(loaded.updates[3]?.update.constructor).toBe(Uint8Array);
    });

    it('compacts: merges into the previous snapshot and deletes exactly the given seqs', async () => {
      const [doc, other] = [unique('doc'), unique('doc')];
      const store = createDocumentStore(sql, { now: () => 1234 });
      await store.appendUpdates([1, 2, 3].map((n) => ({ docName: doc, update: u(n) })));
      const [otherSeq] = await store.appendUpdates([{ docName: other, update: u(99) }]);
      const seen = (await store.load(doc)).updates.map((r) => r.seq);
      // Another instance appends after this one read the log and before it compacts.
      const [lateSeq] = await store.appendUpdates([{ docName: doc, update: u(4) }]);

      const previous: (Uint8Array | null)[] = [];
      await store.compact(
        doc,
        (prev) => {
          previous.push(prev);
          return u(1, 2, 3);
        },
        [...seen, otherSeq!],
      );
      expect(await store.load(doc)).toEqual({
        snapshot: u(1, 2, 3),
        snapshotVersion: expect.any(Number),
        updates: [{ seq: lateSeq, update: u(4) }],
      });
      // A seq of another document in the list does not touch that document.
      expect((await store.load(other)).updates).toEqual([{ seq: otherSeq, update: u(99) }]);

      await store.compact(
        doc,
        (prev) => {
          previous.push(prev);
          return u(1, 2, 3, 4);
        },
        [lateSeq!],
      );
      expect(previous).toEqual([null, u(1, 2, 3)]);
      expect(await store.load(doc)).toEqual({
        snapshot: u(1, 2, 3, 4),
        snapshotVersion: expect.any(Number),
        updates: [],
      });
      const [row] = await sql.query(
        'select updated_at_ms, byte_size from ydoc_snapshots where doc_name = $1',
        [doc],
      );
      // The second compaction in the same (fixed) millisecond still moves the snapshot's version on.
      expect(row).toEqual({ updated_at_ms: 1235, byte_size: 4 });
    });

    it('keeps the snapshot and the rows when mergeState throws', async () => {
      const doc = unique('doc');
      const store = createDocumentStore(sql);
      const seqs = await store.appendUpdates([{ docName: doc, update: u(1) }]);
      await store.compact(doc, () => u(7), []);
      await expect(
        store.compact(
          doc,
          () => {
            throw new Error('bad update');
          },
          seqs,
        ),
      ).rejects.toThrow('bad update');
      expect(await store.load(doc)).toEqual({
        snapshot: u(7),
        snapshotVersion: expect.any(Number),
        updates: [{ seq: seqs[0], update: u(1) }],
      });
    });

    it('serialises racing first compactions of a document so neither merge is lost', async () => {
      const doc = unique('doc');
      const store = createDocumentStore(sql);
      const append = (marker: number) => (prev: Uint8Array | null) => u(...(prev ?? []), marker);
      // Many at once, so that on Postgres several are between their SELECT and their upsert together.
      const markers = Array.from({ length: 20 }, (_, i) => i + 1);
      await Promise.all(markers.map((marker) => store.compact(doc, append(marker), [])));
      const { snapshot } = await store.load(doc);
      expect([...(snapshot ?? [])].sort((a, b) => a - b)).toEqual(markers);
    });

    it('loadChanges returns the rows a reader does not know, late low seqs included, and a replaced snapshot', async () => {
      const doc = unique('doc');
      // A clock that never moves: compactions within one millisecond must still change the version.
      const store = createDocumentStore(sql, { now: () => 1_000 });
      const seqs = await store.appendUpdates([1, 2, 3].map((n) => ({ docName: doc, update: u(n) })));
      const loaded = await store.load(doc);
      expect(loaded.snapshotVersion).toBeNull();
      // The reader knows rows 1 and 3 only: row 2 stands for one committed after its read with a lower seq.
      const known = [seqs[0]!, seqs[2]!];
      expect(await store.loadChanges(doc, { knownSeqs: known, snapshotVersion: null })).toEqual({
        snapshot: null,
        snapshotVersion: null,
        updates: [{ seq: seqs[1], update: u(2) }],
      });
      expect(await store.loadChanges(doc, { knownSeqs: seqs, snapshotVersion: null })).toEqual({
        snapshot: null,
        snapshotVersion: null,
        updates: [],
      });
      // Another server compacts rows 1–2, then row 3.
      await store.compact(doc, () => u(1, 2), seqs.slice(0, 2));
      const first = await store.loadChanges(doc, { knownSeqs: seqs, snapshotVersion: null });
      expect(first.snapshot).toEqual(u(1, 2));
      expect(first.updates).toEqual([]);
      expect(
        await store.loadChanges(doc, { knownSeqs: seqs, snapshotVersion: first.snapshotVersion }),
      ).toEqual({
        snapshot: null,
        snapshotVersion: first.snapshotVersion,
        updates: [],
      });
      await store.compact(doc, () => u(1, 2, 3), [seqs[2]!]);
      const second = await store.loadChanges(doc, {
        knownSeqs: seqs,
        snapshotVersion: first.snapshotVersion,
      });
      expect(second.snapshot).toEqual(u(1, 2, 3));
      expect(second.snapshotVersion).toBeGreaterThan(first.snapshotVersion!);
    });

    it('keeps a row appended while a compaction runs', async () => {
      const doc = unique('doc');
      const store = createDocumentStore(sql);
      const seqs = await store.appendUpdates([1, 2].map((n) => ({ docName: doc, update: u(n) })));
      const [, appended] = await Promise.all([
        store.compact(doc, () => u(1, 2), seqs),
        store.appendUpdates([{ docName: doc, update: u(3) }]),
      ]);
      expect(await store.load(doc)).toEqual({
        snapshot: u(1, 2),
        snapshotVersion: expect.any(Number),
        updates: [{ seq: appended[0], update: u(3) }],
      });
    });

    it('reports row count and sizes', async () => {
      const doc = unique('doc');
      const store = createDocumentStore(sql);
      expect(await store.stats(doc)).toEqual({ updateRows: 0, updateBytes: 0, snapshotBytes: 0 });
      await store.appendUpdates([
        { docName: doc, update: u(1, 2, 3) },
        { docName: doc, update: u(4) },
      ]);
      await store.compact(doc, () => new Uint8Array(10), []);
      expect(await store.stats(doc)).toEqual({ updateRows: 2, updateBytes: 4, snapshotBytes: 10 });
    });
  });
}
