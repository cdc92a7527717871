import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database as DatabaseExtension } from '@hocuspocus/extension-database';
import { Server } from '@hocuspocus/server';
import { type Database, type DocumentStore, openDatabase } from '@synapse/db';
import { startServer } from '@synapse/server';
import { createTestDatabase, type TestDatabase } from '@synapse/testkit';

export type SideKey = 'S' | 'A' | 'B';
export type DatabaseKind = 'pglite' | 'postgres';

export const SIDE_LABELS: Record<SideKey, string> = {
  S: 'Synapse (update log + compaction; ack is meant to wait for the commit)',
  A: 'Hocuspocus + extension-database (full state upsert, debounced, ack NOT durable)',
  B: 'Hocuspocus, no persistence (ack NOT durable)',
};

/** Bytes that reached the database for documents; only successful writes count. */
export interface WriteCounter {
  /** S: log rows appended (one per update) and their update bytes. */
  rows: number;
  rowBytes: number;
  /** Group-commit INSERTs (S) or store calls (A). */
  writeCalls: number;
  /** Full-document writes: S compaction snapshots (V2), A stored states (V1). */
  fullWrites: number;
  fullBytes: number;
  /** Size of the latest full-document write. */
  lastFullBytes: number;
  /** Wall time of every log append (S) or store (A), ms, in order. */
  writeMs: number[];
  /** S: when each appended log row was committed (performance.now()), in append order. */
  rowCommittedAt: number[];
  /** Writes started and not yet finished, and when the last one finished (performance.now()). */
  inFlight: number;
  lastWriteAt: number;
}

export interface SideHandle {
  key: SideKey;
  syncUrl: string;
  token: string;
  /** Whether it writes to a database at all (B does not, so there is no store to wait for). */
  persists: boolean;
  /** Hocuspocus store debounce, so the bench knows how long to wait for a flush. */
  debounceMs: number;
  counter: WriteCounter;
  /** The database this side writes documents to (null: B, which persists nothing), for footprint queries. */
  database: Database | null;
  stop(): Promise<void>;
}

const SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const DEBOUNCE_MS = 2000;
const MAX_DEBOUNCE_MS = 10_000;
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

function newCounter(): WriteCounter {
  return {
    rows: 0,
    rowBytes: 0,
    writeCalls: 0,
    fullWrites: 0,
    fullBytes: 0,
    lastFullBytes: 0,
    writeMs: [],
    rowCommittedAt: [],
    inFlight: 0,
    lastWriteAt: 0,
  };
}

async function tracked<T>(counter: WriteCounter, write: () => Promise<T>, timed = true): Promise<T> {
  counter.inFlight += 1;
  const start = performance.now();
  try {
    return await write();
  } finally {
    counter.inFlight -= 1;
    counter.lastWriteAt = performance.now();
    if (timed) counter.writeMs.push(counter.lastWriteAt - start);
  }
}

/** The Synapse store as is, counting what it writes. */
function countingStore(inner: DocumentStore, counter: WriteCounter): DocumentStore {
  return {
    load: (docName) => inner.load(docName),
    loadChanges: (docName, since) => inner.loadChanges(docName, since),
    stats: (docName) => inner.stats(docName),
    appendUpdates: (rows) =>
      tracked(counter, async () => {
        const seqs = await inner.appendUpdates(rows);
        const committedAt = performance.now();
        for (const _ of rows) counter.rowCommittedAt.push(committedAt);
        counter.writeCalls += 1;
        counter.rows += rows.length;
        for (const row of rows) counter.rowBytes += row.update.byteLength;
        return seqs;
      }),
    compact: (docName, mergeState, deleteSeqs) =>
      tracked(
        counter,
        async () => {
          let written = 0;
          const result = await inner.compact(
            docName,
            (previous) => {
              const state = mergeState(previous);
              written = state.byteLength;
              return state;
            },
            deleteSeqs,
          );
          counter.fullWrites += 1;
          counter.fullBytes += written;
          counter.lastFullBytes = written;
          return result;
        },
        false,
      ),
  };
}

/** A throwaway database of the requested kind: a fresh PGlite directory or a fresh Postgres database. */
async function throwawayDatabase(
  kind: DatabaseKind,
  postgresUrl: string | undefined,
): Promise<{ url?: string; dataDir: string; cleanup(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'synapse-bench-'));
  let testDb: TestDatabase | null = null;
  if (kind === 'postgres') {
    if (!postgresUrl) throw new Error('postgres needs BENCH_DATABASE_URL');
    testDb = await createTestDatabase(postgresUrl);
  }
  return {
    url: testDb?.url,
    dataDir,
    async cleanup() {
      await testDb?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Extra Synapse settings for multi-server runs (bench/scale): Redis fan-out and one database for all. */
export interface SynapseOptions {
  redisUrl?: string;
  /** Use this Postgres database as is (shared by several servers) instead of a throwaway one. */
  sharedDatabaseUrl?: string;
}

async function startSynapse(
  kind: DatabaseKind,
  postgresUrl?: string,
  options: SynapseOptions = {},
): Promise<SideHandle> {
  const db = options.sharedDatabaseUrl
    ? { ...(await throwawayDatabase('pglite', undefined)), url: options.sharedDatabaseUrl }
    : await throwawayDatabase(kind, postgresUrl);
  const counter = newCounter();
  const database = await openDatabase({ url: db.url, dataDir: join(db.dataDir, 'pgdata') });
  const handle = await startServer({
    database,
    port: 0,
    host: '127.0.0.1',
    dataDir: db.dataDir,
    databaseUrl: db.url,
    redisUrl: options.redisUrl,
    secret: SECRET,
    logLevel: 'silent',
    pretty: false,
    maxMessageBytes: MAX_MESSAGE_BYTES,
    maxDocumentBytes: 64 * 1024 * 1024,
    webDist: undefined,
    // Requests without a session act as the install's owner: the bench measures sync, not sign-in.
    devAuth: true,
    decorateStore: (store) => countingStore(store, counter),
  });
  const response = await fetch(`${handle.url}/api/sync-token`, { method: 'POST' });
  if (!response.ok) throw new Error(`sync token: HTTP ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  return {
    key: 'S',
    persists: true,
    syncUrl: handle.syncUrl,
    token,
    debounceMs: DEBOUNCE_MS,
    counter,
    database,
    async stop() {
      await handle.stop();
      await database.close();
      await db.cleanup();
    },
  };
}

async function startHocuspocus(
  key: 'A' | 'B',
  kind: DatabaseKind,
  postgresUrl?: string,
): Promise<SideHandle> {
  const counter = newCounter();
  let database: Database | null = null;
  let cleanup: () => Promise<void> = async () => {};
  const extensions = [];
  if (key === 'A') {
    const db = await throwawayDatabase(kind, postgresUrl);
    cleanup = db.cleanup;
    const opened = await openDatabase({ url: db.url, dataDir: join(db.dataDir, 'pgdata') });
    database = opened;
    await opened.sql.exec(
      'create table if not exists bench_documents (name text primary key, data bytea not null)',
    );
    extensions.push(
      new DatabaseExtension({
        fetch: async ({ documentName }) => {
          const [row] = await opened.sql.query<{ data: Uint8Array }>(
            'select data from bench_documents where name = $1',
            [documentName],
          );
          return row?.data ?? null;
        },
        store: ({ documentName, state }) =>
          tracked(counter, async () => {
            await opened.sql.query(
              `insert into bench_documents (name, data) values ($1, $2)
               on conflict (name) do update set data = excluded.data`,
              [documentName, state],
            );
            counter.writeCalls += 1;
            counter.fullWrites += 1;
            counter.fullBytes += state.byteLength;
            counter.lastFullBytes = state.byteLength;
          }),
      }),
    );
  }
  const server = new Server({
    port: 0,
    address: '127.0.0.1',
    quiet: true,
    stopOnSignals: false,
    debounce: DEBOUNCE_MS,
    maxDebounce: MAX_DEBOUNCE_MS,
    extensions,
  });
  await server.listen();
  return {
    key,
    persists: key === 'A',
    syncUrl: `ws://127.0.0.1:${server.address.port}`,
    token: 'bench',
    debounceMs: DEBOUNCE_MS,
    counter,
    database,
    async stop() {
      await server.destroy();
      await database?.close();
      await cleanup();
    },
  };
}

export function startSide(
  key: SideKey,
  kind: DatabaseKind,
  postgresUrl?: string,
  synapse?: SynapseOptions,
): Promise<SideHandle> {
  return key === 'S' ? startSynapse(kind, postgresUrl, synapse) : startHocuspocus(key, kind, postgresUrl);
}
