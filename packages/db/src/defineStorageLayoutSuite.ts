import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createDocumentStore } from './documentStore';
import { migrate } from './migrate';
import type { Database, Sql } from './Sql';

const MIGRATIONS = fileURLToPath(new URL('./migrations/', import.meta.url));

/** A database migrated up to (not including) the storage layout migration, 0020. */
async function migrateBeforeLayout(sql: Sql): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'synapse-migrations-'));
  try {
    const files = (await readdir(MIGRATIONS)).filter((file) => /^\d{4}_.*\.sql$/.test(file));
    for (const file of files.filter((name) => Number(name.slice(0, 4)) < 20)) {
      await copyFile(join(MIGRATIONS, file), join(dir, file));
    }
    await migrate(sql, { migrationsDir: dir });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Bytes of varied lengths: typing-sized, empty, and one large enough to be stored out of line (TOAST). */
function update(seed: number, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (seed * 31 + i * 7) % 256);
}

async function logBytesOnDisk(sql: Sql): Promise<number> {
  const [row] = await sql.query<{ bytes: number }>(
    `select (pg_total_relation_size('ydoc_updates') + pg_total_relation_size('ydoc_snapshots'))::bigint as bytes`,
  );
  return Number(row?.bytes);
}

/** Migration 0020 (ADR 0025) on real rows, and the vacuum that keeps compacted space reusable. */
export function defineStorageLayoutSuite(name: string, open: () => Promise<Database>): void {
  describe(`storage layout: ${name}`, () => {
    it('moves log rows written in the old layout to the new one: each document loads the same bytes, seqs kept', async () => {
      const db = await open();
      try {
        await migrateBeforeLayout(db.sql);
        const docs = ['ws/default/workflow/alpha', 'ws/w2/workflow/beta', 'ws/default/index'];
        const written = new Map<string, { seq: number; update: Uint8Array }[]>(docs.map((doc) => [doc, []]));
        const lengths = [24, 0, 3000, 57, 1];
        for (let i = 0; i < 15; i++) {
          const doc = docs[i % docs.length] as string;
          const bytes = update(i, lengths[i % lengths.length] as number);
          const [row] = await db.sql.query<{ seq: number }>(
            'insert into ydoc_updates (doc_name, update, created_at_ms) values ($1, $2, $3) returning seq',
            [doc, bytes, 1_700_000_000_000 + i],
          );
          written.get(doc)?.push({ seq: Number(row?.seq), update: bytes });
        }
        const snapshot = update(99, 5000);
        await db.sql.query(
          'insert into ydoc_snapshots (doc_name, state, updated_at_ms, byte_size) values ($1, $2, $3, $4)',
          ['ws/default/workflow/alpha', snapshot, 1_700_000_000_500, snapshot.byteLength],
        );
        // A document with a snapshot and no rows left must keep its snapshot too.
        await db.sql.query(
          'insert into ydoc_snapshots (doc_name, state, updated_at_ms, byte_size) values ($1, $2, $3, $4)',
          ['ws/default/workflow/folded', update(5, 10), 1_700_000_000_600, 10],
        );

        expect((await migrate(db.sql)).applied).toContain('0020_storage_layout');
        const store = createDocumentStore(db.sql);
        for (const doc of docs) {
          const loaded = await store.load(doc);
          expect(loaded.updates).toEqual(written.get(doc));
        }
        const alpha = await store.load('ws/default/workflow/alpha');
        expect(alpha.snapshot).toEqual(snapshot);
        expect(alpha.snapshotVersion).toBe(1_700_000_000_500);
        expect((await store.load('ws/default/workflow/folded')).snapshot).toEqual(update(5, 10));
        // The sequence carried over: new rows sort after every migrated one.
        const maxSeq = Math.max(...[...written.values()].flat().map((row) => row.seq));
        const [next] = await store.appendUpdates([
          { docName: 'ws/default/workflow/alpha', update: update(7, 9) },
        ]);
        expect(next).toBeGreaterThan(maxSeq);
        // Compaction still deletes exactly the migrated rows it is given.
        const betaRows = written.get('ws/w2/workflow/beta') ?? [];
        await store.compact('ws/w2/workflow/beta', () => update(8, 12), [betaRows[0]?.seq as number]);
        expect((await store.load('ws/w2/workflow/beta')).updates).toEqual(betaRows.slice(1));
      } finally {
        await db.close();
      }
    });

    it('vacuums after compactions, so a document written and compacted over and over stays the same size on disk', async () => {
      const db = await open();
      try {
        await migrate(db.sql);
        const store = createDocumentStore(db.sql);
        const doc = 'ws/default/workflow/churn';
        const sizes: number[] = [];
        for (let cycle = 0; cycle < 8; cycle++) {
          const seqs = await store.appendUpdates(
            Array.from({ length: 400 }, (_, i) => ({ docName: doc, update: update(cycle * 400 + i, 40) })),
          );
          await store.compact(doc, () => update(cycle, 4000), seqs);
          sizes.push(await logBytesOnDisk(db.sql));
        }
        // Without the vacuum every cycle's 400 dead rows stay in place and the tables grow each time.
        expect(sizes[7]).toBeLessThanOrEqual(sizes[2] as number);
        expect((await store.stats(doc)).updateRows).toBe(0);
      } finally {
        await db.close();
      }
    });
  });
}
