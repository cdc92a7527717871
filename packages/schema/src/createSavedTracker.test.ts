import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createSavedTracker, type SavedTrackerProvider } from './createSavedTracker';
import { encodeSavedReply, parseSavedQuery } from './savedQuery';

/** Just enough provider: queries are collected, and the test decides what the server has committed. */
function fakeProvider() {
  const listeners = new Map<string, Set<(data: unknown) => void>>();
  const queries: number[] = [];
  const provider: SavedTrackerProvider & { isSynced: boolean } = {
    document: new Y.Doc(),
    isSynced: false,
    sendStateless(payload) {
      const id = parseSavedQuery(payload);
      if (id === null) throw new Error(`not a saved query: ${payload}`);
      queries.push(id);
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (data: unknown) => void);
      listeners.set(event, set);
    },
    off(event, listener) {
      listeners.get(event)?.delete(listener as (data: unknown) => void);
    },
  };
  const emit = (event: string, data: unknown = {}) => {
    for (const listener of listeners.get(event) ?? []) listener(data);
  };
  const server = new Y.Doc();
  return {
    provider,
    queries,
    server,
    emit,
    /** The server receives what the client has (the wire is not modelled). */
    upload: () =>
      Y.applyUpdate(server, Y.encodeStateAsUpdate(provider.document, Y.encodeStateVector(server))),
    reply: (id: number, snapshot = Y.snapshot(server)) =>
      emit('stateless', { payload: encodeSavedReply(id, snapshot) }),
    connect() {
      provider.isSynced = true;
      emit('synced', { state: true });
    },
  };
}

describe('createSavedTracker', () => {
  it('is saved only once a reply covers the local document', () => {
    const f = fakeProvider();
    const tracker = createSavedTracker(f.provider);
    expect(tracker.saved).toBe(false);
    f.connect();
    expect(f.queries).toEqual([1]);
    f.reply(1);
    expect(tracker.saved).toBe(true);
  });

  it('a local edit clears Saved at once; a reply taken before the server had it does not set it', () => {
    const f = fakeProvider();
    const tracker = createSavedTracker(f.provider);
    f.connect();
    f.reply(1);
    f.provider.document.getMap('nodes').set('a', 1);
    expect(tracker.saved).toBe(false);
    expect(f.queries).toEqual([1, 2]);
    f.reply(2);
    expect(tracker.saved).toBe(false);
    // The ack of the update arrives: ask again; now the server has it.
    f.upload();
    f.emit('unsyncedChanges', { number: 0 });
    expect(f.queries).toEqual([1, 2, 3]);
    f.reply(3);
    expect(tracker.saved).toBe(true);
  });

  it('a delete-only edit is not Saved until the server has the deletion', () => {
    const f = fakeProvider();
    const tracker = createSavedTracker(f.provider);
    f.connect();
    f.provider.document.getText('t').insert(0, 'hello');
    f.upload();
    f.reply(1);
    f.reply(2);
    expect(tracker.saved).toBe(true);
    f.provider.document.getText('t').delete(0, 2);
    f.reply(3);
    expect(tracker.saved).toBe(false);
  });

  it('keeps one query in flight and asks once more for everything that happened meanwhile', () => {
    const f = fakeProvider();
    const tracker = createSavedTracker(f.provider);
    f.connect();
    const whenAsked = Y.snapshot(f.server);
    for (let i = 0; i < 30; i++) f.provider.document.getMap('nodes').set(`n${i}`, i);
    expect(f.queries).toEqual([1]);
    f.upload();
    f.reply(1, whenAsked);
    expect(tracker.saved).toBe(false);
    expect(f.queries).toEqual([1, 2]);
    f.reply(2);
    expect(tracker.saved).toBe(true);
  });

  it('ignores stale and foreign replies, and re-asks after a lost connection', async () => {
    const f = fakeProvider();
    const tracker = createSavedTracker(f.provider);
    f.connect();
    f.emit('stateless', { payload: 'hello' });
    f.reply(99);
    expect(tracker.saved).toBe(false);
    f.emit('close', { event: { code: 1006 } });
    f.provider.isSynced = false;
    f.reply(1);
    expect(tracker.saved).toBe(false);
    const saved = tracker.whenSaved();
    f.connect();
    expect(f.queries).toEqual([1, 2]);
    f.reply(2);
    await saved;
    expect(tracker.saved).toBe(true);
  });

  it('stops listening when destroyed', () => {
    const f = fakeProvider();
    const tracker = createSavedTracker(f.provider);
    tracker.destroy();
    f.connect();
    f.provider.document.getMap('nodes').set('a', 1);
    expect(f.queries).toEqual([]);
  });
});
