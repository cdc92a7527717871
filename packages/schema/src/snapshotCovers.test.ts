import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { snapshotCovers } from './snapshotCovers';

function pair() {
  const local = new Y.Doc();
  const server = new Y.Doc();
  const upload = () => Y.applyUpdate(server, Y.encodeStateAsUpdate(local, Y.encodeStateVector(server)));
  return { local, server, upload };
}

describe('snapshotCovers', () => {
  it('an empty document is covered by anything', () => {
    expect(snapshotCovers(Y.snapshot(new Y.Doc()), Y.snapshot(new Y.Doc()))).toBe(true);
  });

  it('is false while the server lacks an insert, true once it has it', () => {
    const { local, server, upload } = pair();
    local.getMap('nodes').set('a', 1);
    expect(snapshotCovers(Y.snapshot(server), Y.snapshot(local))).toBe(false);
    upload();
    expect(snapshotCovers(Y.snapshot(server), Y.snapshot(local))).toBe(true);
  });

  it('catches a deletion the server lacks even though the state vectors are equal', () => {
    const { local, server, upload } = pair();
    local.getText('t').insert(0, 'hello world');
    upload();
    local.getText('t').delete(2, 5);
    expect(Y.encodeStateVector(local)).toEqual(Y.encodeStateVector(server));
    expect(snapshotCovers(Y.snapshot(server), Y.snapshot(local))).toBe(false);
    upload();
    expect(snapshotCovers(Y.snapshot(server), Y.snapshot(local))).toBe(true);
  });

  it('a server ahead of the client (other writers, more deletes) still covers it', () => {
    const { local, server, upload } = pair();
    local.getText('t').insert(0, 'abcdefghij');
    local.getText('t').delete(1, 1);
    upload();
    server.getText('t').delete(3, 4);
    server.getMap('other').set('x', 2);
    expect(snapshotCovers(Y.snapshot(server), Y.snapshot(local))).toBe(true);
    expect(snapshotCovers(Y.snapshot(local), Y.snapshot(server))).toBe(false);
  });

  it('a deleted run split differently on both sides is covered by adjacent ranges', () => {
    const durable = Y.createSnapshot(
      deleteSet([
        [1, 0, 3],
        [1, 3, 4],
      ]),
      new Map([[1, 10]]),
    );
    const local = Y.createSnapshot(deleteSet([[1, 2, 4]]), new Map([[1, 10]]));
    expect(snapshotCovers(durable, local)).toBe(true);
    const partial = Y.createSnapshot(deleteSet([[1, 5, 4]]), new Map([[1, 10]]));
    expect(snapshotCovers(durable, partial)).toBe(false);
  });

  it('random edits: covered exactly when the server has applied everything the client has', () => {
    for (let seed = 1; seed <= 50; seed++) {
      let state = seed;
      const random = () => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return state / 2147483648;
      };
      const { local, server, upload } = pair();
      const text = local.getText('t');
      for (let step = 0; step < 30; step++) {
        if (text.length > 0 && random() < 0.4) {
          const at = Math.floor(random() * text.length);
          text.delete(at, Math.min(1 + Math.floor(random() * 3), text.length - at));
        } else {
          text.insert(Math.floor(random() * (text.length + 1)), 'xy');
        }
        if (random() < 0.3) upload();
        const missing = Y.encodeStateAsUpdate(local, Y.encodeStateVector(server));
        const before = Y.snapshot(server);
        Y.applyUpdate(server, missing);
        const complete = Y.equalSnapshots(before, Y.snapshot(server));
        expect(snapshotCovers(before, Y.snapshot(local)), `seed ${seed} step ${step}`).toBe(complete);
      }
    }
  });
});

function deleteSet(items: [client: number, clock: number, len: number][]) {
  const ds = Y.createDeleteSet();
  const clients = ds.clients as Map<number, { clock: number; len: number }[]>;
  for (const [client, clock, len] of items) {
    const list = clients.get(client) ?? [];
    list.push({ clock, len });
    clients.set(client, list);
  }
  return ds;
}
