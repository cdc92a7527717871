import { HocuspocusProvider, WebSocketStatus } from '@hocuspocus/provider';
import { createSavedTracker } from '@synapse/schema';
import { DexieYProvider } from 'y-dexie';
import type * as Y from 'yjs';
import { blamedDocuments } from './blamedDocuments';
import { type CloseLike, classifyAuthFailure, classifyClose, type SyncRefusal } from './classifyClose';
import { fetchSyncToken } from './fetchSyncToken';
import { logOutgoingFrames, takeFrameLog } from './frameLog';
import { isOnline, subscribeOnline } from './onlineStatus';
import { clearPending, hasPending, markPending } from './pendingDocuments';
import { synapseDb } from './synapseDb';
import { isRejected, markLocalWork, recordRejection, rejectionOf } from './syncRejections';
import { socketCloseCount, syncSocket } from './syncSocket';

export interface SyncState {
  /** The tab's socket is open and the browser believes it is online. */
  connected: boolean;
  /** Not connected yet, but the first attempt of this page is still under way (not "Offline" yet). */
  connecting: boolean;
  /** The handshake for this document finished on the current connection. */
  synced: boolean;
  /** Local updates the server has not acknowledged (acked only after commit). */
  unsyncedChanges: number;
  /**
   * The server confirmed that everything in the local document is committed (ADR 0017). Exact where
   * `unsyncedChanges === 0` is not: after a reconnect that counter reads 0 while offline edits are
   * still being committed.
   */
  committed: boolean;
  /** The document has been synced with the server at least once in this session. */
  everSynced: boolean;
  /** The server granted only read access. */
  readOnly: boolean;
  /** The server refused this document; its provider is stopped until the page is reloaded. */
  rejected: boolean;
  /** Why the server refused or closed this document, in plain words, if it did. */
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

// A change made while connected is normally acknowledged within milliseconds; only one still
// unacknowledged after this long is remembered for the background upload.
const PENDING_MARK_DELAY_MS = 2_000;
const TOKEN_RETRY_MAX_MS = 30_000;

type Rejection = Extract<SyncRefusal, { kind: 'reject' }>;

// A per-document CLOSE that blames one frame is followed by the socket closing (the server closes the
// whole socket and says so to every document first); wait this long to tell the two apart.
const SOCKET_CLOSE_GRACE_MS = 300;

/** Open documents by name, so a whole-socket refusal can stop exactly the document at fault. */
const openDocuments = new Map<string, (refusal: Rejection) => void>();
let socketWatched = false;

function watchSocketCloses(): void {
  if (socketWatched) return;
  socketWatched = true;
  syncSocket().on('close', ({ event }: { event: CloseLike }) => {
    const log = takeFrameLog();
    const refusal = classifyClose(event);
    if (refusal.kind !== 'reject' || !refusal.blame) return;
    for (const name of blamedDocuments(refusal.blame, log)) openDocuments.get(name)?.(refusal);
  });
}

async function docFromDexie(name: string): Promise<Y.Doc> {
  const db = synapseDb();
  const existing = await db.docs.get(name);
  if (existing) return existing.doc;
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
 * whole cached state as updates). A document the server refused earlier in this session is opened
 * from IndexedDB only.
 */
export async function openDocument(name: string, options: OpenOptions): Promise<SyncedDocument> {
  const doc = await docFromDexie(name);
  await DexieYProvider.load(doc).whenLoaded;
  // For bench/editor: when the local replica was ready, before any network.
  performance.mark('synapse:replica-loaded', { detail: { name } });

  const socket = syncSocket();
  watchSocketCloses();
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name,
    document: doc,
    token: fetchSyncToken,
    // Run viewers need no presence; the workflow/index providers keep the shared socket alive.
    ...(options.readOnly ? { awareness: null } : {}),
  });
  const stopFrameLog = logOutgoingFrames(provider, name);

  const earlier = rejectionOf(name);
  const connectingNow = () =>
    isOnline() && socket.status !== WebSocketStatus.Connected && socketCloseCount() === 0;
  let state: SyncState = {
    connected: socket.status === WebSocketStatus.Connected && isOnline(),
    connecting: connectingNow(),
    synced: false,
    unsyncedChanges: provider.unsyncedChanges,
    // Run documents are never written here: nothing of ours can be unsaved.
    committed: options.readOnly,
    everSynced: false,
    readOnly: options.readOnly,
    rejected: earlier !== null,
    error: earlier?.message ?? null,
  };
  const listeners = new Set<() => void>();
  let closed = false;
  let markTimer: ReturnType<typeof setTimeout> | null = null;
  let tokenRetry: ReturnType<typeof setTimeout> | null = null;
  let tokenRetryDelay = 1_000;

  const isSaved = () => state.connected && state.synced && state.committed && !state.rejected;
  const update = (patch: Partial<SyncState>) => {
    const next = { ...state, ...patch };
    const changed = (Object.keys(next) as (keyof SyncState)[]).some((k) => next[k] !== state[k]);
    if (!changed) return;
    state = next;
    if (!options.readOnly && isSaved()) clearPending(name);
    for (const listener of listeners) listener();
  };

  const reject = (refusal: Rejection) => {
    if (state.rejected || closed) return;
    // Stop this document only: detaching removes it from the socket, so reconnects do not resend the
    // refused change, while the other documents on the socket carry on.
    provider.detach();
    update({ rejected: true, synced: false, error: refusal.message });
    // The banner with "Download a copy" is for local work the server will not take; a document this
    // device never changed (no access, say) only needs the screen's own message.
    recordRejection(name, refusal.message, refusal.detail, refusal.refusedChange);
    if (!refusal.refusedChange) {
      hasPending(name).then(
        (pending) => pending && markLocalWork(name),
        () => undefined,
      );
    }
  };
  const retryLater = (refusal: Extract<SyncRefusal, { kind: 'retry' }>) => {
    update({ synced: false, error: refusal.message });
  };
  const handle = (refusal: SyncRefusal) => {
    if (refusal.kind === 'reject') reject(refusal);
    else if (refusal.kind === 'retry') retryLater(refusal);
  };

  const onDocUpdate = (_update: Uint8Array, origin: unknown) => {
    // Local edits only: not what the server sent (the provider), nor what IndexedDB replayed (y-dexie,
    // also for other tabs' edits, which those tabs track). Undo steps count: their origin is the manager.
    if (options.readOnly || origin === provider || origin instanceof DexieYProvider) return;
    if (!state.connected || !state.synced || state.rejected) {
      markPending(name);
      return;
    }
    if (markTimer) return;
    markTimer = setTimeout(() => {
      markTimer = null;
      if (!isSaved()) markPending(name);
    }, PENDING_MARK_DELAY_MS);
  };
  doc.on('update', onDocUpdate);

  const refreshConnected = () => {
    const connected = socket.status === WebSocketStatus.Connected && isOnline();
    update({
      connected,
      connecting: connectingNow(),
      synced: connected && !state.rejected ? provider.isSynced : false,
    });
  };
  const stopOnline = subscribeOnline(refreshConnected);

  socket.on('status', refreshConnected);
  provider.on('synced', () => {
    tokenRetryDelay = 1_000;
    update({
      synced: true,
      everSynced: true,
      error: state.rejected ? state.error : null,
      unsyncedChanges: provider.unsyncedChanges,
    });
  });
  provider.on('unsyncedChanges', ({ number }: { number: number }) => update({ unsyncedChanges: number }));
  const savedTracker = options.readOnly
    ? null
    : createSavedTracker(provider, { onChange: (committed) => update({ committed }) });
  provider.on('authenticated', ({ scope }: { scope: string }) => {
    update({ readOnly: options.readOnly || scope === 'readonly' });
  });
  provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
    const refusal = classifyAuthFailure(reason);
    handle(refusal);
    if (refusal.kind !== 'retry' || tokenRetry) return;
    // The provider only re-authenticates on the next socket open; ask again, backing off, meanwhile.
    tokenRetry = setTimeout(() => {
      tokenRetry = null;
      if (!closed && !state.rejected && provider.isAttached && socket.status === WebSocketStatus.Connected) {
        void provider.sendToken();
      }
    }, tokenRetryDelay);
    tokenRetryDelay = Math.min(tokenRetryDelay * 2, TOKEN_RETRY_MAX_MS);
  });
  provider.on('close', ({ event }: { event: CloseLike }) => {
    const refusal = classifyClose(event);
    update({ synced: false });
    if (refusal.kind !== 'reject' || !refusal.blame) {
      handle(refusal);
      return;
    }
    // A refusal of one frame closes the whole socket; the socket watcher finds whose frame it was. The
    // server announces it to every document first (code 1000): only act if the socket then stays up.
    if (event.code !== 1000) return;
    const closesBefore = socketCloseCount();
    setTimeout(() => {
      if (socketCloseCount() === closesBefore) reject(refusal);
    }, SOCKET_CLOSE_GRACE_MS);
  });

  if (!isRejected(name)) {
    openDocuments.set(name, reject);
    provider.attach();
  }

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
      if (closed) return;
      closed = true;
      if (openDocuments.get(name) === reject) openDocuments.delete(name);
      if (markTimer) {
        clearTimeout(markTimer);
        if (!isSaved()) markPending(name);
      }
      if (tokenRetry) clearTimeout(tokenRetry);
      stopOnline();
      stopFrameLog();
      socket.off('status', refreshConnected);
      doc.off('update', onDocUpdate);
      savedTracker?.destroy();
      listeners.clear();
      provider.destroy();
      DexieYProvider.release(doc);
    },
  };
}
