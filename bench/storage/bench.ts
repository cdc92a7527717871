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
/** How often (in transactions, after their acks) the footprint is sampled for the session's peak. */
const SAMPLE_EVERY = 500;
const DOC = 'ws/default/workflow/storage-bench';
/** The documents: a workflow built from scratch, and one pasted in large first (the issue's ~125 KB). */
const DOCUMENTS = [
  { label: 'small', baseNodes: 0 },
  { label: 'large', baseNodes: Number(process.env.BENCH_BASE_NODES ?? 180) },
] as const;

interface SideResult {
  side: 'S' | 'A';
  kind: DatabaseKind;
  document: string;
  encodedBytes: number;
  editSeconds: number;
  empty: Footprint;
  /** Right after the last edit is acknowledged and the store debounce has run, the client still connected. */
  open: Footprint;
  /** After the client left and the document was unloaded. */
  closed: Footprint;
  /** After a manual VACUUM of the side's tables (dead rows reclaimed). */
  vacuumed: Footprint;
  /** The largest of the samples taken every SAMPLE_EVERY transactions during the session, and `open`. */
  peak: { total: number; mainForks: number };
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

async function measure(
  key: 'S' | 'A',
  kind: DatabaseKind,
  document: (typeof DOCUMENTS)[number],
): Promise<SideResult> {
  const side = await startSide(key, kind, DATABASE_URL);
  try {
    const sql = side.database?.sql;
    if (!sql) throw new Error(`side ${key} has no database`);
    const tables = await documentTables(sql);
    const empty = await footprint(sql, tables);
    const client = await connectClient(side, DOC);
    const started = performance.now();
    const peak = { total: 0, mainForks: 0 };
    const sample = async () => {
      const now = await footprint(sql, tables);
      peak.total = Math.max(peak.total, now.total);
      peak.mainForks = Math.max(peak.mainForks, now.mainForks);
    };
    await editingSession(
      client.doc,
      UPDATES,
      async (done) => {
        if (done % ACK_EVERY === 0) await acked(client.provider);
        if (done % SAMPLE_EVERY === 0) await sample();
      },
      document.baseNodes,
    );
    await acked(client.provider);
    const editSeconds = (performance.now() - started) / 1000;
    const encodedBytes = Y.encodeStateAsUpdate(client.doc).byteLength;
    await settle(side, performance.now());
    const open = await footprint(sql, tables);
    await sample();
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
      document: document.label,
      encodedBytes,
      editSeconds,
      empty,
      open,
      closed,
      vacuumed,
      peak,
      logRowsOpen,
      logRowsClosed,
    };
  } finally {
    await side.stop();
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ratio = (bytes: number, of: number) => `${(bytes / of).toFixed(2)}×`;

function print(results: SideResult[]): void {
  console.log(
    '\nAll forks of the tables, TOAST and indexes (pg_total_relation_size), against the encoded size:',
  );
  console.log(
    'db        doc    side  encoded    edit s   open: total (heap / toast / index)            ratio   peak   ratio   closed     ratio   vacuumed   ratio   log rows',
  );
  for (const r of results) {
    const f = r.open;
    console.log(
      [
        r.kind.padEnd(9),
        r.document.padEnd(6),
        r.side.padEnd(5),
        kb(r.encodedBytes).padStart(9),
        r.editSeconds.toFixed(1).padStart(7),
        `  ${kb(f.total).padStart(9)} (${kb(f.heap)} / ${kb(f.toast)} / ${kb(f.indexes)})`.padEnd(46),
        ratio(f.total, r.encodedBytes).padStart(6),
        kb(r.peak.total).padStart(9),
        ratio(r.peak.total, r.encodedBytes).padStart(6),
        kb(r.closed.total).padStart(9),
        ratio(r.closed.total, r.encodedBytes).padStart(7),
        kb(r.vacuumed.total).padStart(9),
        ratio(r.vacuumed.total, r.encodedBytes).padStart(7),
        `   ${r.logRowsOpen ?? '–'} / ${r.logRowsClosed ?? '–'}`,
      ].join(' '),
    );
  }
  console.log(
    "\nThe document's pages: main forks (heap, TOAST, index pages) minus the empty tables' (index metapages);",
  );
  console.log('free-space and visibility maps are per table, whatever number of documents it holds:');
  console.log('db        doc    side  encoded    open        ratio   peak        ratio   closed      ratio');
  for (const r of results) {
    const open = r.open.mainForks - r.empty.mainForks;
    const peak = r.peak.mainForks - r.empty.mainForks;
    const closed = r.closed.mainForks - r.empty.mainForks;
    console.log(
      [
        r.kind.padEnd(9),
        r.document.padEnd(6),
        r.side.padEnd(5),
        kb(r.encodedBytes).padStart(9),
        kb(open).padStart(10),
        ratio(open, r.encodedBytes).padStart(7),
        kb(peak).padStart(10),
        ratio(peak, r.encodedBytes).padStart(7),
        kb(closed).padStart(10),
        ratio(closed, r.encodedBytes).padStart(7),
      ].join(' '),
    );
  }
  console.log(
    `\nempty tables (all forks): ${results
      .filter((r) => r.document === DOCUMENTS[0].label)
      .map((r) => `${r.kind} ${r.side} ${kb(r.empty.total)}`)
      .join(', ')}`,
  );
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
    for (const document of DOCUMENTS) {
      for (const key of ['S', 'A'] as const) results.push(await measure(key, kind, document));
    }
  }
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', 'T');
  await writeFile(
    `${dir}storage-${stamp}.json`,
    `${JSON.stringify({ updates: UPDATES, results }, null, 2)}\n`,
  );
  print(results);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
