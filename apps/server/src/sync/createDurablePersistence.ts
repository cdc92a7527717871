import type { Connection, Extension } from '@hocuspocus/server';
import { type DocumentStore, LOG_ROW_OVERHEAD_BYTES } from '@synapse/db';
import {
  encodeSavedReply,
  fitCloseReason,
  migrateDoc,
  parseDocName,
  parseSavedQuery,
  syncCloseEvent,
} from '@synapse/schema';
import * as Y from 'yjs';
import type { Logger } from '../logger';
import { createAckGate } from './createAckGate';
import { createGroupCommit } from './createGroupCommit';
import { parsedFrameOf } from './parseIncomingFrame';

export interface CompactionPolicy {
  /**
   * Compact once the log's rows take at least this many bytes on disk (updates plus per-row overhead,
   * LOG_ROW_OVERHEAD_BYTES) and at least as many as the snapshot takes as stored (compressed by TOAST):
   * the log never outweighs the snapshot on disk (ADR 0025).
   */
  minLogBytes: number;
  /** …or once it holds this many rows (scaled up for large documents, see rowBudget). */
  maxLogRows: number;
  /** When the last client leaves, compact if the log holds at least this many rows (also scaled). */
  rowsOnUnload: number;
}

/**
 * The default triggers for a database. PGlite runs a compaction's transaction (and the vacuum after it) on
 * its one connection, so every commit waits behind it — 5–16 ms of stalled acks per compaction for a 6 KB
 * document, measured — while Postgres commits beside it on other connections. A small document on PGlite
 * therefore compacts at a 64 KiB log floor instead of 16 KiB: four times less often, for up to 48 KiB more
 * log per small document (ADR 0029).
 */
export function defaultCompactionPolicy(driver: 'pglite' | 'postgres'): CompactionPolicy {
  return { minLogBytes: (driver === 'pglite' ? 64 : 16) * 1024, maxLogRows: 2000, rowsOnUnload: 64 };
}

/**
 * Row-count triggers grow with the snapshot (one row per 32 snapshot bytes), so a compaction's O(document)
 * write is always spread over enough edits that bytes written per edit stay independent of document size.
 */
function rowBudget(rows: number, snapshotBytes: number): number {
  return Math.max(rows, Math.ceil(snapshotBytes / 32));
}

export interface DurablePersistenceOptions {
  store: DocumentStore;
  maxDocumentBytes: number;
  logger: Logger;
  /** Defaults to defaultCompactionPolicy('postgres'). */
  compaction?: Partial<CompactionPolicy>;
  /**
   * Hands a committed update to the other servers (Redis, ADR 0015). A connection's ack waits for it, so
   * an acknowledged edit has reached every live server or they will catch up from the log. Never rejects.
   */
  publish?: (docName: string, update: Uint8Array) => Promise<void>;
}

interface DocState {
  /** Log rows this process knows the in-memory document includes: loaded or appended here. */
  known: Map<number, number>;
  logBytes: number;
  snapshotBytes: number;
  /** The snapshot's size as stored (compressed), once this process compacted; until then snapshotBytes. */
  snapshotStoredBytes: number | null;
  /** Upper bound of the document's encoded size, for the size cap. */
  approxBytes: number;
  /** The last append that failed, until a compaction has persisted the in-memory state again. */
  failure: unknown;
  /** Version of the stored snapshot the document includes; -1 when unknown (after its own compaction). */
  snapshotVersion: number | null;
  /** The compaction running for this document, if any (one at a time; the next one waits for it). */
  compacting: Promise<void> | null;
}

const LOAD_ORIGIN = Object.freeze({ kind: 'server', purpose: 'load' });
/** Committed rows re-read from the log (another server wrote them): applied, never appended again. */
const CATCH_UP_ORIGIN = Object.freeze({ kind: 'server', purpose: 'catch-up' });

export interface DurablePersistence extends Extension {
  /** Resolves when every change made to the document so far is committed; rejects if one failed. */
  whenDurable(docName: string): Promise<void>;
  /** Resolves when every append made so far, to any document, has settled. */
  drained(): Promise<void>;
  /**
   * Applies everything committed to the document's log (snapshot and rows, by any server) to the loaded
   * document: how a server catches up after it may have missed other servers' updates.
   */
  catchUp(docName: string, document: Y.Doc): Promise<void>;
}

/**
 * Append-only update log plus compacted snapshot, with acknowledged-means-durable.
 *
 * - Every change (any origin but Redis, whose owner persists it) is appended by group commit; the writer's
 *   outbound messages — its SyncStatus ack included — wait until the commit lands (see createAckGate).
 * - Compaction writes a snapshot merged with the previous one and deletes exactly the rows this process
 *   knows the snapshot contains; rows another instance appended meanwhile survive.
 * - Write cost is O(update), compaction is amortised: it runs once the log outgrows the snapshot.
 */
export function createDurablePersistence(options: DurablePersistenceOptions): DurablePersistence {
  const { store, logger } = options;
  const policy: CompactionPolicy = { ...defaultCompactionPolicy('postgres'), ...options.compaction };
  const docs = new Map<string, DocState>();
  const commit = createGroupCommit((rows) => store.appendUpdates(rows));
  const gate = createAckGate((connection, error) => {
    logger.error(
      { err: error, doc: connection.document.name },
      'update could not be persisted; closing connection',
    );
    const event = syncCloseEvent('persistFailed', { message: 'update not saved, reconnect to retry' });
    connection.webSocket.close(event.code, fitCloseReason(event.reason));
  });

  function stateOf(docName: string): DocState {
    let state = docs.get(docName);
    if (!state) {
      state = {
        known: new Map(),
        logBytes: 0,
        snapshotBytes: 0,
        approxBytes: 0,
        failure: null,
        snapshotVersion: null,
        compacting: null,
        snapshotStoredBytes: null,
      };
      docs.set(docName, state);
    }
    return state;
  }

  /** The log's estimated size on disk, what the budget is measured in (see CompactionPolicy.minLogBytes). */
  function logOutgrewSnapshot(state: DocState): boolean {
    const diskBytes = state.logBytes + state.known.size * LOG_ROW_OVERHEAD_BYTES;
    return diskBytes >= Math.max(policy.minLogBytes, state.snapshotStoredBytes ?? state.snapshotBytes);
  }

  function dueForCompaction(state: DocState): boolean {
    const rows = state.known.size;
    return (
      rows > 0 && (logOutgrewSnapshot(state) || rows >= rowBudget(policy.maxLogRows, state.snapshotBytes))
    );
  }

  /** Runs compactions of one document one after another, so none works from a state the other changes. */
  function compactInTurn(docName: string, document: Y.Doc, state: DocState): Promise<void> {
    // A failed compaction was logged by whoever awaited it; the next one starts regardless.
    const previous = (state.compacting ?? Promise.resolve()).catch(() => undefined);
    const run = previous.then(() => compact(docName, document, state));
    const tracked: Promise<void> = run.finally(() => {
      if (state.compacting === tracked) state.compacting = null;
    });
    state.compacting = tracked;
    return run;
  }

  /**
   * Called after each commit: once the log is over budget, compacts in the background. Nothing waits for
   * it — not the ack, not the next append — so the log stays short however long the store debounce is.
   */
  function compactWhenDue(docName: string, document: Y.Doc, state: DocState): void {
    if (state.compacting || !dueForCompaction(state)) return;
    compactInTurn(docName, document, state).catch((error: unknown) => {
      logger.error({ err: error, doc: docName }, 'compaction failed; the log keeps its rows');
    });
  }

  async function compact(docName: string, document: Y.Doc, state: DocState): Promise<void> {
    await commit.drained();
    const seqs = [...state.known.keys()];
    if (seqs.length === 0) return;
    const current = Y.encodeStateAsUpdateV2(document);
    let written = current;
    const { snapshotStoredBytes } = await store.compact(
      docName,
      (previous) => {
        written = previous ? mergeSnapshots(previous, current) : current;
        return written;
      },
      seqs,
    );
    for (const seq of seqs) {
      state.logBytes -= state.known.get(seq) ?? 0;
      state.known.delete(seq);
    }
    state.snapshotBytes = written.byteLength;
    state.snapshotStoredBytes = snapshotStoredBytes;
    state.approxBytes = written.byteLength + state.logBytes;
    state.failure = null;
    // The store gave the new snapshot a version this process does not know: the next catch-up reads it.
    state.snapshotVersion = -1;
    logger.debug({ doc: docName, rows: seqs.length, snapshotBytes: written.byteLength }, 'compacted');
  }

  async function whenDurable(docName: string): Promise<void> {
    await commit.drained();
    const failure = docs.get(docName)?.failure;
    if (failure) throw failure;
  }

  return {
    extensionName: 'synapse-durable-persistence',

    async onLoadDocument({ documentName, document }) {
      // A document unloaded a moment ago may still have appends in flight; read after they land.
      await commit.drained();
      const stored = await store.load(documentName);
      const state = stateOf(documentName);
      document.transact(() => {
        if (stored.snapshot) Y.applyUpdateV2(document, stored.snapshot);
        for (const row of stored.updates) Y.applyUpdate(document, row.update);
      }, LOAD_ORIGIN);
      for (const row of stored.updates) state.known.set(row.seq, row.update.byteLength);
      state.logBytes = stored.updates.reduce((sum, row) => sum + row.update.byteLength, 0);
      state.snapshotBytes = stored.snapshot?.byteLength ?? 0;
      state.snapshotStoredBytes = null;
      state.snapshotVersion = stored.snapshotVersion;
      state.approxBytes = state.snapshotBytes + state.logBytes;
      const ref = parseDocName(documentName);
      if (ref && (stored.snapshot || stored.updates.length > 0)) {
        // A migration applied while loading is a real change: it must reach the log like any other,
        // or later edits that build on it are lost on the next load (the update listener is only
        // attached after loading).
        const migrated: Uint8Array[] = [];
        const capture = (update: Uint8Array) => migrated.push(update);
        document.on('update', capture);
        try {
          migrateDoc(document, ref.kind);
        } finally {
          document.off('update', capture);
        }
        if (migrated.length > 0) {
          const update = Y.mergeUpdates(migrated);
          const seq = await commit.append(documentName, update);
          state.known.set(seq, update.byteLength);
          state.logBytes += update.byteLength;
          state.approxBytes += update.byteLength;
        }
      }
    },

    async afterLoadDocument({ documentName, document }) {
      // Listen to Yjs's own update event: it fires synchronously inside the apply, before Hocuspocus
      // sends the writer its ack. (Its onChange hook runs a microtask later — after the ack left.)
      document.on('update', (update: Uint8Array, transactionOrigin: unknown) => {
        const origin = transactionOrigin as { source?: string; connection?: Connection } | null;
        if (origin?.source === 'redis' || transactionOrigin === LOAD_ORIGIN) return;
        if (transactionOrigin === CATCH_UP_ORIGIN) return;
        const state = stateOf(documentName);
        state.approxBytes += update.byteLength;
        const appended = commit.append(documentName, update);
        const { publish } = options;
        // Published after the commit (a peer must never hold an edit the log may not have) and before
        // the ack (an acknowledged edit must not depend on this server surviving to tell the others).
        const committed = publish
          ? appended.then((seq) => publish(documentName, update).then(() => seq))
          : appended;
        appended.then(
          (seq) => {
            state.known.set(seq, update.byteLength);
            state.logBytes += update.byteLength;
            if (docs.get(documentName) === state) compactWhenDue(documentName, document, state);
          },
          (error: unknown) => {
            state.failure = error;
            logger.error({ err: error, doc: documentName }, 'append failed');
          },
        );
        if (origin?.source === 'connection' && origin.connection) gate.hold(origin.connection, committed);
        else if (committed !== appended) committed.catch(() => undefined);
      });
    },

    async beforeHandleMessage({ connection, update, document, documentName }) {
      gate.install(connection);
      const parsed = parsedFrameOf(update);
      const writeBytes = parsed.ok ? (parsed.frame.update?.byteLength ?? 0) : 0;
      if (writeBytes === 0) return;
      const state = stateOf(documentName);
      if (state.approxBytes + writeBytes > options.maxDocumentBytes) {
        logger.warn(
          { doc: document.name, bytes: state.approxBytes, writeBytes },
          'document size cap reached',
        );
        throw syncCloseEvent('documentTooLarge', {
          limit: options.maxDocumentBytes,
          actual: state.approxBytes + writeBytes,
          message: 'the document would grow past its size limit',
        });
      }
    },

    // "Is it saved?" (savedQuery.ts): the snapshot is taken now and sent once the appends made so far —
    // which include everything in it — are committed. Not awaited, so the connection's later messages
    // are not held up; the reply still leaves through the ack gate, after the asker's own commits.
    async onStateless({ connection, document, documentName, payload }) {
      const id = parseSavedQuery(payload);
      if (id === null) return;
      const snapshot = Y.snapshot(document);
      whenDurable(documentName).then(
        () => connection.sendStateless(encodeSavedReply(id, snapshot)),
        // A failed append already closed its writer; a client that asks gets no reply and stays unsaved.
        () => undefined,
      );
    },

    async onStoreDocument({ documentName, document }) {
      await commit.drained();
      const state = docs.get(documentName);
      if (!state) return;
      await state.compacting?.catch(() => undefined);
      if (dueForCompaction(state)) await compactInTurn(documentName, document, state);
    },

    // Unload does not always pass through onStoreDocument (nothing pending), so the leaving compaction
    // lives here, where Hocuspocus awaits it before dropping the document.
    async beforeUnloadDocument({ documentName, document }) {
      await commit.drained();
      const state = docs.get(documentName);
      if (!state) return;
      // A background compaction still holds the document: it must finish before the document goes.
      await state.compacting?.catch(() => undefined);
      if (document.getConnectionsCount() > 0) return;
      if (state.known.size >= rowBudget(policy.rowsOnUnload, state.snapshotBytes)) {
        await compactInTurn(documentName, document, state);
      }
    },

    async afterUnloadDocument({ documentName }) {
      docs.delete(documentName);
    },

    whenDurable,

    drained: () => commit.drained(),

    // Reads only what the document does not include yet (ADR 0021): rows this process has not loaded or
    // appended, and the snapshot if another compaction replaced it. Right after a load that is usually
    // nothing, where re-reading and re-applying the whole log cost O(document).
    async catchUp(docName, document) {
      const loaded = docs.get(docName);
      if (!loaded) return;
      const stored = await store.loadChanges(docName, {
        knownSeqs: [...loaded.known.keys()],
        snapshotVersion: loaded.snapshotVersion,
      });
      const state = docs.get(docName);
      if (!state) return;
      if (stored.snapshot) state.snapshotVersion = stored.snapshotVersion;
      if (!stored.snapshot && stored.updates.length === 0) return;
      document.transact(() => {
        if (stored.snapshot) Y.applyUpdateV2(document, stored.snapshot);
        for (const row of stored.updates) Y.applyUpdate(document, row.update);
      }, CATCH_UP_ORIGIN);
      // The document now includes these rows, so a compaction here may delete them (ADR 0002).
      for (const row of stored.updates) {
        if (state.known.has(row.seq)) continue;
        state.known.set(row.seq, row.update.byteLength);
        state.logBytes += row.update.byteLength;
      }
      state.snapshotBytes = Math.max(state.snapshotBytes, stored.snapshot?.byteLength ?? 0);
      if (stored.snapshot) state.snapshotStoredBytes = null;
    },
  };
}

function mergeSnapshots(previous: Uint8Array, current: Uint8Array): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdateV2(doc, previous);
  Y.applyUpdateV2(doc, current);
  const merged = Y.encodeStateAsUpdateV2(doc);
  doc.destroy();
  return merged;
}
