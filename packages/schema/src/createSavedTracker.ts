import * as Y from 'yjs';
import { encodeSavedQuery, parseSavedReply } from './savedQuery';
import { snapshotCovers } from './snapshotCovers';

/** The part of a `HocuspocusProvider` the tracker uses (structural, so this package needs no provider). */
export interface SavedTrackerProvider {
  readonly document: Y.Doc;
  readonly isSynced: boolean;
  sendStateless(payload: string): void;
  // biome-ignore lint/suspicious/noExplicitAny: the provider's emitter is untyped
  on(event: string, listener: (data: any) => void): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: the provider's emitter is untyped
  off(event: string, listener: (data: any) => void): unknown;
}

export interface SavedTracker {
  /** True when the server has confirmed that every change in the local document is committed. */
  readonly saved: boolean;
  /** Resolves the next time `saved` is true (at once if it is now). */
  whenSaved(): Promise<void>;
  destroy(): void;
}

export interface SavedTrackerOptions {
  /** Called whenever `saved` flips. */
  onChange?(saved: boolean): void;
}

/**
 * Exact "Saved" for a Hocuspocus client (ADR 0017). The provider's `unsyncedChanges` counter is exact
 * only in steady state: on reconnect it resets to 1 while up to the whole offline queue is in flight, so
 * it reads 0 after the first ack. Instead, after every change, handshake and ack the tracker asks the
 * server for the snapshot it has committed (savedQuery.ts) and compares it with the local document.
 *
 * One query is in flight at a time; anything that happens meanwhile (a change, an ack) asks again once
 * the reply is in. A local change clears `saved` at once; a reply sets it if it covers the document.
 */
export function createSavedTracker(
  provider: SavedTrackerProvider,
  options: SavedTrackerOptions = {},
): SavedTracker {
  const doc = provider.document;
  let saved = false;
  let nextId = 1;
  let inFlight: number | null = null;
  let dirty = false;
  const waiters = new Set<() => void>();

  const set = (value: boolean) => {
    if (value === saved) return;
    saved = value;
    options.onChange?.(value);
    if (value) {
      for (const wake of waiters) wake();
      waiters.clear();
    }
  };

  const ask = () => {
    if (inFlight !== null || !provider.isSynced) {
      // Asked again when the reply is in, or by the next handshake.
      dirty = true;
      return;
    }
    dirty = false;
    inFlight = nextId++;
    provider.sendStateless(encodeSavedQuery(inFlight));
  };

  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    // Content from the server is already there; a local change is not saved until a reply says so.
    if (origin !== provider) set(false);
    ask();
  };
  const onStateless = ({ payload }: { payload: string }) => {
    const reply = parseSavedReply(payload);
    if (!reply || reply.id !== inFlight) return;
    inFlight = null;
    set(snapshotCovers(reply.snapshot, Y.snapshot(doc)));
    if (dirty) ask();
  };
  const onConnectionLost = () => {
    // The reply to a query on the old connection will not come; ask on the next handshake.
    inFlight = null;
    dirty = true;
  };
  const askAgain = () => ask();
  // A handshake or an ack (the counter's event) may mean the server has more now: ask.
  const providerListeners: [string, Parameters<SavedTrackerProvider['on']>[1]][] = [
    ['stateless', onStateless],
    ['synced', askAgain],
    ['unsyncedChanges', askAgain],
    ['close', onConnectionLost],
    ['disconnect', onConnectionLost],
  ];

  doc.on('update', onUpdate);
  for (const [event, listener] of providerListeners) provider.on(event, listener);
  if (provider.isSynced) ask();

  return {
    get saved() {
      return saved;
    },
    whenSaved() {
      if (saved) return Promise.resolve();
      return new Promise((resolve) => waiters.add(resolve));
    },
    destroy() {
      doc.off('update', onUpdate);
      for (const [event, listener] of providerListeners) provider.off(event, listener);
      waiters.clear();
    },
  };
}
