// Storage bench (issue #18): bytes on disk for a 10,000-update workflow document written through each
// side's real persistence path, against the document's encoded size (Y.encodeStateAsUpdate), side by side:
//   S  Synapse: the real server (startServer, durable log + snapshot, ack after commit);
//   A  Hocuspocus + @hocuspocus/extension-database: one row per document holding the whole state.
// Each side gets a database of its own, so the tables hold this one document and nothing else.
// Run: TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:storage (PGlite always).
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { connectClient, destroyClient } from '../sync/connectClient';
import { settle } from '../sync/runScenario';
import { type DatabaseKind, SIDE_LABELS, startSide } from '../sync/startSide';
import { editingSession } from './editingSession';
import { documentTables, type Footprint, footprint } from './footprint';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const UPDATES = Number(process.env.BENCH_UPDATES ?? 10_000);
/** Transactions sent before waiting for their acks: a burst of typing or a drag between two acks. */
const ACK_EVERY = 20;
const DOC = 'ws/default/workflow/storage-bench';

interface SideResult {
  side: 'S' | 'A';
  kind: DatabaseKind;
  encodedBytes: number;
  editSeconds: number;
  empty: Footprint;
  /** Right after the last edit is acknowledged and the store debounce has run, the client still connected. */
  open: Footprint;
  /** After the client left and the document was unloaded. */
  closed: Footprint;
  /** After a manual VACUUM of the side's tables (dead rows reclaimed). */
  vacuumed: Footprint;
  logRowsOpen: number | null;
  logRowsClosed: number | null;
}

/** Resolves once every change the provider sent is acknowledged (for S: committed). */
function acked(provider: HocuspocusProvider): Promise<void> {
  if (provider.unsyncedChanges === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const onChange = ({ number }: { number: number }) => {
      if (number !== 0) return;
      provider.off('unsyncedChanges', onChange);
      resolve();
    };
    provider.on('unsyncedChanges', onChange);
  });
}

async function logRows(side: 'S' | 'A', sql: import('@synapse/db').Sql): Promise<number | null> {
  if (side !== 'S') return null;
  const [row] = await sql.query<{ n: number }>('select count(*)::int as n from ydoc_updates');
  return row?.n ?? 0;
}

async function measure(key: 'S' | 'A', kind: DatabaseKind): Promise<SideResult> {
  const side = await startSide(key, kind, DATABASE_URL);
  try {
    const sql = side.database?.sql;
    if (!sql) throw new Error(`side ${key} has no database`);
    const tables = await documentTables(sql);
    const empty = await footprint(sql, tables);
    const client = await connectClient(side, DOC);
    const started = performance.now();
    await editingSession(client.doc, UPDATES, async (done) => {
      if (done % ACK_EVERY === 0) await acked(client.provider);
    });
    await acked(client.provider);
    const editSeconds = (performance.now() - started) / 1000;
    const encodedBytes = Y.encodeStateAsUpdate(client.doc).byteLength;
    await settle(side, performance.now());
    const open = await footprint(sql, tables);
    const logRowsOpen = await logRows(key, sql);
    destroyClient(client);
    await settle(side, performance.now());
    const closed = await footprint(sql, tables);
    const logRowsClosed = await logRows(key, sql);
    await sql.exec(`vacuum ${tables.join(', ')}`);
    const vacuumed = await footprint(sql, tables);
    return {
      side: key,
      kind,
      encodedBytes,
      editSeconds,
      empty,
      open,
      closed,
      vacuumed,
      logRowsOpen,
      logRowsClosed,
    };
  } finally {
    await side.stop();
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function print(results: SideResult[]): void {
  console.log(
    '\ndb        side  encoded    edit s   open: total (heap/toast/index)             ratio   closed      ratio   vacuumed    ratio   log rows open/closed',
  );
  for (const r of results) {
    const f = r.open;
    console.log(
      [
        r.kind.padEnd(9),
        r.side.padEnd(5),
        kb(r.encodedBytes).padStart(9),
        r.editSeconds.toFixed(1).padStart(7),
        `  ${kb(f.total).padStart(10)} (${kb(f.heap)} / ${kb(f.toast)} / ${kb(f.indexes)})`.padEnd(44),
        `${(f.total / r.encodedBytes).toFixed(2)}×`.padStart(6),
        kb(r.closed.total).padStart(10),
        `${(r.closed.total / r.encodedBytes).toFixed(2)}×`.padStart(7),
        kb(r.vacuumed.total).padStart(10),
        `${(r.vacuumed.total / r.encodedBytes).toFixed(2)}×`.padStart(7),
        `   ${r.logRowsOpen ?? '–'} / ${r.logRowsClosed ?? '–'}`,
      ].join(' '),
    );
  }
  console.log(`\nempty tables: ${results.map((r) => `${r.kind} ${r.side} ${kb(r.empty.total)}`).join(', ')}`);
}

async function main(): Promise<void> {
  const kinds: DatabaseKind[] = DATABASE_URL ? ['postgres', 'pglite'] : ['pglite'];
  console.log(
    `storage bench: ${cpus().length} CPUs, Node ${process.version}, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ${UPDATES} updates, acks awaited every ${ACK_EVERY}; databases: ${kinds.join(', ')}`,
  );
  for (const key of ['S', 'A'] as const) console.log(`  ${key}: ${SIDE_LABELS[key]}`);
  const results: SideResult[] = [];
  for (const kind of kinds) {
    for (const key of ['S', 'A'] as const) results.push(await measure(key, kind));
  }
  print(results);
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', 'T');
  await writeFile(
    `${dir}storage-${stamp}.json`,
    `${JSON.stringify({ updates: UPDATES, results }, null, 2)}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
