import { HocuspocusProvider, WebSocketStatus } from '@hocuspocus/provider';
import { DexieYProvider } from 'y-dexie';
import type * as Y from 'yjs';
import { describeCloseEvent } from './describeCloseEvent';
import { fetchSyncToken } from './fetchSyncToken';
import { synapseDb } from './synapseDb';
import { syncSocket } from './syncSocket';

export interface SyncState {
  /** The tab's socket is open. */
  connected: boolean;
  /** The handshake for this document finished on the current connection. */
  synced: boolean;
  /** Local updates the server has not acknowledged (acked only after commit). */
  unsyncedChanges: number;
  /** The document has been synced with the server at least once in this session. */
  everSynced: boolean;
  /** The server granted only read access. */
  readOnly: boolean;
  /** Why the server refused or closed this document, if it did. */
  error: string | null;
}

export interface OpenOptions {
  /** Run documents: the runner is the only writer, the UI never writes. No awareness either. */
  readOnly: boolean;
}

export interface SyncedDocument {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly provider: HocuspocusProvider;
  readonly readOnly: boolean;
  getSyncState(): SyncState;
  subscribe(listener: () => void): () => void;
  close(): void;
}

async function docFromDexie(name: string): Promise<Y.Doc> {
  const db = synapseDb();
  // y-dexie keys a Y.Doc to its parent row, so the row has to exist before the doc can be loaded.
  await db.transaction('rw', db.docs, async () => {
    if (!(await db.docs.get(name))) await db.docs.add({ name, updatedAt: Date.now() } as never);
  });
  const row = await db.docs.get(name);
  if (!row) throw new Error(`local replica row for ${name} vanished`);
  return row.doc;
}

/**
 * Opens a document local-first: the IndexedDB replica is loaded BEFORE the Hocuspocus provider is
 * attached, so only the state-vector diff travels on connect (attaching first would re-upload the
 * whole cached state as updates).
 */
export async function openDocument(name: string, options: OpenOptions): Promise<SyncedDocument> {
  const doc = await docFromDexie(name);
  await DexieYProvider.load(doc).whenLoaded;

  const socket = syncSocket();
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name,
    document: doc,
    token: fetchSyncToken,
    // Run viewers need no presence; the workflow/index providers keep the shared socket alive.
    ...(options.readOnly ? { awareness: null } : {}),
  });

  let state: SyncState = {
    connected: socket.status === WebSocketStatus.Connected,
    synced: false,
    unsyncedChanges: provider.unsyncedChanges,
    everSynced: false,
    readOnly: options.readOnly,
    error: null,
  };
  const listeners = new Set<() => void>();
  const update = (patch: Partial<SyncState>) => {
    const next = { ...state, ...patch };
    const changed = (Object.keys(next) as (keyof SyncState)[]).some((k) => next[k] !== state[k]);
    if (!changed) return;
    state = next;
    for (const listener of listeners) listener();
  };

  provider.on('status', ({ status }: { status: WebSocketStatus }) => {
    const connected = status === WebSocketStatus.Connected;
    update({ connected, synced: connected ? provider.isSynced : false });
  });
  provider.on('synced', () => {
    update({ synced: true, everSynced: true, error: null, unsyncedChanges: provider.unsyncedChanges });
  });
  provider.on('unsyncedChanges', ({ number }: { number: number }) => update({ unsyncedChanges: number }));
  provider.on('authenticated', ({ scope }: { scope: string }) => {
    update({ readOnly: options.readOnly || scope === 'readonly' });
  });
  provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
    update({ error: `Sync refused: ${reason || 'not authorised'}`, synced: false });
  });
  provider.on('close', ({ event }: { event: { code: number; reason: string } }) => {
    const error = describeCloseEvent(event);
    update({ synced: false, ...(error ? { error } : {}) });
  });

  provider.attach();

  return {
    name,
    doc,
    provider,
    readOnly: options.readOnly,
    getSyncState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      provider.destroy();
      DexieYProvider.release(doc);
    },
  };
}
