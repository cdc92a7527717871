import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createWorkflowEntry,
  indexMaps,
  readWorkflowIndex,
  removeWorkflowEntry,
  updateWorkflowEntry,
  upsertWorkflowEntry,
} from './indexDoc';
import { SERVER_ORIGIN, USER_ORIGIN } from './origins';

describe('workspace index document', () => {
  it('creates entries with defaults, updates them in place, lists newest first', () => {
    const doc = new Y.Doc();
    upsertWorkflowEntry(doc, 'wf1', { name: 'One', createdAt: 10 }, USER_ORIGIN);
    upsertWorkflowEntry(doc, 'wf2', { name: 'Two', createdAt: 20, updatedAt: 30 }, USER_ORIGIN);
    const entry = indexMaps(doc).workflows.get('wf1');
    upsertWorkflowEntry(doc, 'wf1', { updatedAt: 50, archived: true }, SERVER_ORIGIN);
    expect(indexMaps(doc).workflows.get('wf1')).toBe(entry);
    expect(readWorkflowIndex(doc)).toEqual([
      { id: 'wf1', name: 'One', createdAt: 10, updatedAt: 50, archived: true },
      { id: 'wf2', name: 'Two', createdAt: 20, updatedAt: 30, archived: false },
    ]);
  });

  it('breaks updatedAt ties by id and removes entries', () => {
    const doc = new Y.Doc();
    for (const id of ['c', 'a', 'b']) upsertWorkflowEntry(doc, id, { updatedAt: 1 }, USER_ORIGIN);
    expect(readWorkflowIndex(doc).map((e) => e.id)).toEqual(['a', 'b', 'c']);
    removeWorkflowEntry(doc, 'b', USER_ORIGIN);
    removeWorkflowEntry(doc, 'nope', USER_ORIGIN);
    expect(readWorkflowIndex(doc).map((e) => e.id)).toEqual(['a', 'c']);
  });

  it('keeps a concurrent rename and archive', () => {
    const a = new Y.Doc();
    upsertWorkflowEntry(a, 'wf', { name: 'Old', updatedAt: 1 }, USER_ORIGIN);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    upsertWorkflowEntry(a, 'wf', { name: 'New' }, USER_ORIGIN);
    upsertWorkflowEntry(b, 'wf', { archived: true }, USER_ORIGIN);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readWorkflowIndex(a)).toEqual(readWorkflowIndex(b));
    expect(readWorkflowIndex(a)[0]).toMatchObject({ name: 'New', archived: true });
  });

  it('refuses bad ids and values; tolerates odd entries', () => {
    const doc = new Y.Doc();
    expect(() => upsertWorkflowEntry(doc, '../x', {}, USER_ORIGIN)).toThrow(RangeError);
    // @ts-expect-error: wrong type on purpose
    expect(() => upsertWorkflowEntry(doc, 'x', { archived: 'yes' }, USER_ORIGIN)).toThrow(TypeError);
    const { workflows } = indexMaps(doc);
    workflows.set('junk', 5 as unknown as Y.Map<unknown>);
    const odd = new Y.Map<unknown>();
    workflows.set('odd', odd);
    odd.set('name', 1);
    odd.set('createdAt', 7);
    odd.set('archived', 'true');
    expect(readWorkflowIndex(doc)).toEqual([
      { id: 'odd', name: '', createdAt: 7, updatedAt: 7, archived: false },
    ]);
  });

  it('creates an entry only once, and only where none exists', () => {
    const doc = new Y.Doc();
    expect(createWorkflowEntry(doc, 'wf', { name: 'First', createdAt: 5 }, USER_ORIGIN)).toBe(true);
    const entry = indexMaps(doc).workflows.get('wf');
    expect(createWorkflowEntry(doc, 'wf', { name: 'Second', createdAt: 9 }, USER_ORIGIN)).toBe(false);
    expect(indexMaps(doc).workflows.get('wf')).toBe(entry);
    expect(readWorkflowIndex(doc)).toEqual([
      { id: 'wf', name: 'First', createdAt: 5, updatedAt: 5, archived: false },
    ]);
    expect(() => createWorkflowEntry(doc, 'a/b', { name: '', createdAt: 1 }, USER_ORIGIN)).toThrow(
      RangeError,
    );
  });

  it('never creates an entry on update, so an unsynced replica cannot replace the real one', () => {
    const creator = new Y.Doc();
    createWorkflowEntry(creator, 'wf', { name: 'Plan', createdAt: 1 }, USER_ORIGIN);
    updateWorkflowEntry(creator, 'wf', { archived: true }, USER_ORIGIN);

    // A second replica opens the workflow before its copy of the index has synced and touches it.
    const early = new Y.Doc();
    const updates: Uint8Array[] = [];
    early.on('update', (u: Uint8Array) => updates.push(u));
    expect(updateWorkflowEntry(early, 'wf', { updatedAt: 99 }, USER_ORIGIN)).toBe(false);
    expect(updates).toEqual([]);

    Y.applyUpdate(early, Y.encodeStateAsUpdate(creator));
    expect(updateWorkflowEntry(early, 'wf', { updatedAt: 99 }, USER_ORIGIN)).toBe(true);
    Y.applyUpdate(creator, Y.encodeStateAsUpdate(early));
    expect(readWorkflowIndex(creator)).toEqual([
      { id: 'wf', name: 'Plan', createdAt: 1, updatedAt: 99, archived: true },
    ]);
    expect(readWorkflowIndex(early)).toEqual(readWorkflowIndex(creator));
  });

  it('lets a delete win over a concurrent rename (no resurrection)', () => {
    const a = new Y.Doc();
    createWorkflowEntry(a, 'wf', { name: 'Doomed', createdAt: 1 }, USER_ORIGIN);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    removeWorkflowEntry(a, 'wf', USER_ORIGIN);
    expect(updateWorkflowEntry(b, 'wf', { name: 'Renamed', updatedAt: 2 }, USER_ORIGIN)).toBe(true);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readWorkflowIndex(a)).toEqual([]);
    expect(readWorkflowIndex(b)).toEqual([]);
  });

  it('converges for creates, renames, archives and deletes delivered in any order', () => {
    // Three replicas each create their own workflows, then edit and delete each other's.
    for (let seed = 1; seed <= 25; seed++) {
      let state = seed;
      const random = () => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return state / 2147483648;
      };
      const peers = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
      const log: Uint8Array[][] = peers.map(() => []);
      peers.forEach((peer, i) => {
        peer.on('update', (u: Uint8Array, origin: unknown) => {
          if (origin !== 'remote') log[i]?.push(u);
        });
      });
      peers.forEach((peer, i) => {
        createWorkflowEntry(peer, `w${i}`, { name: `W${i}`, createdAt: i }, USER_ORIGIN);
      });
      const deliver = () => {
        for (let from = 0; from < peers.length; from++) {
          for (let to = 0; to < peers.length; to++) {
            if (from === to || random() < 0.3) continue;
            for (const u of log[from] ?? []) Y.applyUpdate(peers[to] as Y.Doc, u, 'remote');
          }
        }
      };
      deliver();
      for (let step = 0; step < 12; step++) {
        const peer = peers[Math.floor(random() * peers.length)] as Y.Doc;
        const id = `w${Math.floor(random() * peers.length)}`;
        const pick = random();
        if (pick < 0.4) updateWorkflowEntry(peer, id, { name: `n${step}`, updatedAt: step }, USER_ORIGIN);
        else if (pick < 0.8) updateWorkflowEntry(peer, id, { archived: random() < 0.5 }, USER_ORIGIN);
        else removeWorkflowEntry(peer, id, USER_ORIGIN);
        if (random() < 0.5) deliver();
      }
      for (const [i, peer] of peers.entries()) {
        for (const [j, other] of peers.entries()) {
          if (i !== j) Y.applyUpdate(peer, Y.encodeStateAsUpdate(other), 'remote');
        }
      }
      const lists = peers.map((peer) => readWorkflowIndex(peer));
      expect(lists[1], `seed ${seed}`).toEqual(lists[0]);
      expect(lists[2], `seed ${seed}`).toEqual(lists[0]);
      // Every surviving entry kept its creator's createdAt: no replica ever replaced an entry.
      for (const entry of lists[0] ?? [])
        expect(entry.createdAt, `seed ${seed}`).toBe(Number(entry.id.slice(1)));
    }
  });

  it('runs every write in one transaction with the given origin', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('beforeTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    createWorkflowEntry(doc, 'wf', { name: 'x', createdAt: 1 }, USER_ORIGIN);
    updateWorkflowEntry(doc, 'wf', { name: 'y' }, SERVER_ORIGIN);
    updateWorkflowEntry(doc, 'missing', { name: 'y' }, USER_ORIGIN);
    expect(origins).toEqual([USER_ORIGIN, SERVER_ORIGIN, USER_ORIGIN]);
  });
});
