import { Hocuspocus } from '@hocuspocus/server';
import { createDocumentStore, type Database, type DocumentStore, migrate, openDatabase } from '@synapse/db';
import { MessageType, SyncStep, WORKFLOW_SCHEMA_VERSION } from '@synapse/schema';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../logger';
import { createDurablePersistence, type DurablePersistence } from './createDurablePersistence';

const NAME = 'ws/default/workflow/compaction';

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
}

describe('durable persistence (PGlite)', () => {
  let database: Database;
  let store: DocumentStore;
  let persistence: DurablePersistence;
  let sync: Hocuspocus;

  beforeEach(async () => {
    database = await openDatabase({});
    await migrate(database.sql);
    store = createDocumentStore(database.sql);
    persistence = createDurablePersistence({
      store,
      maxDocumentBytes: 1024 * 1024,
      logger: createLogger({ level: 'silent', pretty: false }),
      compaction: { rowsOnUnload: 1 },
    });
    sync = new Hocuspocus({ quiet: true, extensions: [persistence] });
  });
  afterEach(async () => {
    await database.close();
  });

  async function edit(change: (doc: Y.Doc) => void): Promise<void> {
    const connection = await sync.openDirectConnection(NAME);
    const doc = connection.document as Y.Doc;
    for (let i = 0; i < 5; i++) doc.transact(() => change(doc));
    await persistence.whenDurable(NAME);
    await connection.disconnect();
  }

  async function loadFresh(): Promise<Y.Doc> {
    const stored = await store.load(NAME);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdateV2(doc, stored.snapshot);
    for (const row of stored.updates) Y.applyUpdate(doc, row.update);
    return doc;
  }

  it('logs a schema migration applied while loading, so edits built on it survive a reload', async () => {
    // A document written by a client that never stamped a schema version: loading migrates it.
    const legacy = new Y.Doc();
    legacy.getMap('nodes').set('n1', new Y.Map());
    await store.appendUpdates([{ docName: NAME, update: Y.encodeStateAsUpdate(legacy) }]);
    const connection = await sync.openDirectConnection(NAME);
    const doc = connection.document as Y.Doc;
    expect(doc.getMap('meta').get('schemaVersion')).toBe(WORKFLOW_SCHEMA_VERSION);
    // An edit that overwrites what the migration wrote depends on the migration's update.
    doc.getMap('meta').set('schemaVersion', WORKFLOW_SCHEMA_VERSION);
    await persistence.whenDurable(NAME);
    // Read the log while the document is still open (closing it compacts the whole state away).
    const reloaded = await loadFresh();
    expect(reloaded.getMap('meta').get('schemaVersion')).toBe(WORKFLOW_SCHEMA_VERSION);
    // Nothing is left pending: every update in the log applies.
    expect(reloaded.store.pendingStructs).toBeNull();
    await connection.disconnect();
  });

  it('catches a loaded document up from rows another server committed, without appending them again', async () => {
    // A second server over the same database, as with Redis (ADR 0015).
    const published: Uint8Array[] = [];
    const peer = createDurablePersistence({
      store,
      maxDocumentBytes: 1024 * 1024,
      logger: createLogger({ level: 'silent', pretty: false }),
      publish: async (_name, update) => {
        published.push(update);
      },
    });
    const peerSync = new Hocuspocus({ quiet: true, extensions: [peer] });
    const here = await sync.openDirectConnection(NAME);
    const there = await peerSync.openDirectConnection(NAME);
    const local = here.document as Y.Doc;
    (there.document as Y.Doc).getMap('meta').set('written', 'by the peer');
    await peer.whenDurable(NAME);
    await until(() => published.length === 1);
    const rows = (await store.stats(NAME)).updateRows;
    expect(local.getMap('meta').get('written')).toBeUndefined();

    await persistence.catchUp(NAME, local);
    expect(local.getMap('meta').get('written')).toBe('by the peer');
    await persistence.whenDurable(NAME);
    expect((await store.stats(NAME)).updateRows).toBe(rows);
    await there.disconnect();
    await here.disconnect();
  });

  it("catches up by reading only what the document lacks: nothing after a load, a peer's rows and its snapshot", async () => {
    const read: { snapshot: boolean; rows: number }[] = [];
    const watched = createDurablePersistence({
      store: {
        ...store,
        async loadChanges(docName, since) {
          const changes = await store.loadChanges(docName, since);
          read.push({ snapshot: changes.snapshot !== null, rows: changes.updates.length });
          return changes;
        },
      },
      maxDocumentBytes: 1024 * 1024,
      logger: createLogger({ level: 'silent', pretty: false }),
    });
    const watchedSync = new Hocuspocus({ quiet: true, extensions: [watched] });
    const seed = new Y.Doc();
    for (let i = 0; i < 50; i++) {
      seed.getMap('meta').set('counter', i);
    }
    await store.appendUpdates([{ docName: NAME, update: Y.encodeStateAsUpdate(seed) }]);
    const here = await watchedSync.openDirectConnection(NAME);
    const local = here.document as Y.Doc;
    await watched.catchUp(NAME, local);
    expect(read.at(-1)).toEqual({ snapshot: false, rows: 0 });

    // Another server appends a row, then compacts everything (its own row and the seed) into a snapshot.
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(seed));
    const before = Y.encodeStateVector(peer);
    peer.getMap('meta').set('written', 'by the peer');
    const [peerSeq] = await store.appendUpdates([
      { docName: NAME, update: Y.encodeStateAsUpdate(peer, before) },
    ]);
    await watched.catchUp(NAME, local);
    expect(read.at(-1)).toEqual({ snapshot: false, rows: 1 });
    expect(local.getMap('meta').get('written')).toBe('by the peer');

    peer.getMap('meta').set('compacted', 'by the peer');
    const all = (await store.load(NAME)).updates.map((row) => row.seq);
    await store.compact(NAME, () => Y.encodeStateAsUpdateV2(peer), all);
    expect(all).toContain(peerSeq);
    await watched.catchUp(NAME, local);
    expect(read.at(-1)).toEqual({ snapshot: true, rows: 0 });
    expect(local.getMap('meta').get('compacted')).toBe('by the peer');
    await watched.catchUp(NAME, local);
    expect(read.at(-1)).toEqual({ snapshot: false, rows: 0 });
    await here.disconnect();
  });

  it('appends every change to the log, one row per transaction', async () => {
    let n = 0;
    const connection = await sync.openDirectConnection(NAME);
    const doc = connection.document as Y.Doc;
    for (let i = 0; i < 5; i++) doc.getMap('meta').set(`k${n++}`, i);
    await persistence.whenDurable(NAME);
    expect((await store.stats(NAME)).updateRows).toBe(5);
    expect((await loadFresh()).getMap('meta').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2, k3: 3, k4: 4 });
    await connection.disconnect();
  });

  it('compacts into a snapshot when the last client leaves, and the reloaded state is identical', async () => {
    let i = 0;
    await edit((doc) => doc.getMap('meta').set('counter', i++));
    const stats = await store.stats(NAME);
    expect(stats.updateRows).toBe(0);
    expect(stats.snapshotBytes).toBeGreaterThan(0);
    expect((await loadFresh()).getMap('meta').get('counter')).toBe(4);
  });

  it('compacts in the background once the log outweighs the snapshot, with no store or unload to wait for', async () => {
    let compactions = 0;
    const eager = createDurablePersistence({
      store: {
        ...store,
        async compact(docName, mergeState, deleteSeqs) {
          const result = await store.compact(docName, mergeState, deleteSeqs);
          compactions += 1;
          return result;
        },
      },
      maxDocumentBytes: 1024 * 1024,
      logger: createLogger({ level: 'silent', pretty: false }),
      compaction: { minLogBytes: 4096 },
    });
    // The debounced store hook never fires within the test: only the append trigger can compact.
    const eagerSync = new Hocuspocus({
      quiet: true,
      debounce: 600_000,
      maxDebounce: 600_000,
      extensions: [eager],
    });
    const connection = await eagerSync.openDirectConnection(NAME);
    const doc = connection.document as Y.Doc;
    const label = (i: number) => `label ${i} `.padEnd(48, '.');
    for (let i = 0; i < 5; i++) doc.getMap('meta').set('label', label(i));
    await eager.whenDurable(NAME);
    // Five rows are far under the budget: no compaction.
    expect(compactions).toBe(0);
    expect((await store.stats(NAME)).updateRows).toBe(5);

    // Each row is ~60 bytes of update plus ~52 of row: the 4 KiB budget is reached every ~37 rows.
    // Edits arrive over time (a batch committed together counts once): ten bursts of 30.
    for (let burst = 0; burst < 10; burst++) {
      for (let i = 0; i < 30; i++) doc.getMap('meta').set('label', label(5 + burst * 30 + i));
      await eager.whenDurable(NAME);
    }
    await until(() => compactions >= 4);
    await eager.whenDurable(NAME);
    const stats = await store.stats(NAME);
    expect(stats.snapshotBytes).toBeGreaterThan(0);
    expect(stats.updateRows).toBeLessThan(80);
    expect((await loadFresh()).getMap('meta').toJSON()).toEqual(doc.getMap('meta').toJSON());
    await connection.disconnect();
  });

  it('never deletes a log row it did not know about (another instance appended it)', async () => {
    const connection = await sync.openDirectConnection(NAME);
    (connection.document as Y.Doc).getMap('meta').set('mine', true);
    await persistence.whenDurable(NAME);
    // Another server instance appends to the same document behind this one's back.
    const foreign = new Y.Doc();
    foreign.getMap('meta').set('theirs', true);
    await store.appendUpdates([{ docName: NAME, update: Y.encodeStateAsUpdate(foreign) }]);
    await connection.disconnect();
    const after = await store.stats(NAME);
    expect(after.updateRows).toBe(1);
    expect((await loadFresh()).getMap('meta').toJSON()).toEqual({ mine: true, theirs: true });
  });

  it('merges with a snapshot another instance wrote instead of overwriting it', async () => {
    // This instance loads the document first…
    const connection = await sync.openDirectConnection(NAME);
    (connection.document as Y.Doc).getMap('meta').set('fromThisInstance', 2);
    await persistence.whenDurable(NAME);
    // …then another instance compacts its own state, which this one has never seen.
    const other = new Y.Doc();
    other.getMap('meta').set('fromOtherInstance', 1);
    await store.compact(NAME, () => Y.encodeStateAsUpdateV2(other), []);
    // Leaving triggers this instance's compaction: its snapshot must include the other one's content.
    await connection.disconnect();
    expect((await store.stats(NAME)).updateRows).toBe(0);
    expect((await loadFresh()).getMap('meta').toJSON()).toEqual({
      fromOtherInstance: 1,
      fromThisInstance: 2,
    });
  });

  it('refuses writes that would take a document over the size cap, with a 4413 reason', async () => {
    const hook = persistence.beforeHandleMessage as NonNullable<DurablePersistence['beforeHandleMessage']>;
    // A Hocuspocus Sync/Update frame: doc name, type 0 (Sync), sub-type 2 (Update), then the update bytes.
    const frame = (length: number) => {
      const e = encoding.createEncoder();
      encoding.writeVarString(e, NAME);
      encoding.writeVarUint(e, MessageType.Sync);
      encoding.writeVarUint(e, SyncStep.Update);
      encoding.writeVarUint8Array(e, new Uint8Array(length));
      return encoding.toUint8Array(e);
    };
    const fakeConnection = { send: () => undefined } as never;
    const payload = (update: Uint8Array) =>
      ({ connection: fakeConnection, update, document: { name: NAME }, documentName: NAME }) as never;
    await expect(hook(payload(frame(1000)))).resolves.toBeUndefined();
    await expect(hook(payload(frame(2 * 1024 * 1024)))).rejects.toMatchObject({
      code: 4413,
      reason: expect.stringMatching(/^synapse\.sync\.document_too_large \[limit=1048576 actual=\d+\]: /),
    });
  });
});
