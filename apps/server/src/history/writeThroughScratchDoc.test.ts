import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeThroughScratchDoc } from './writeThroughScratchDoc';

describe('writeThroughScratchDoc', () => {
  it('writes an edit that applies to the stored state even when the live doc holds an unstored edit', () => {
    const stored = new Y.Doc();
    stored.getMap('workflows').set('a', 1);
    const storedUpdate = Y.encodeStateAsUpdate(stored);

    const live = new Y.Doc();
    Y.applyUpdate(live, storedUpdate);
    live.getMap('meta').set('schemaVersion', 1); // a migration on load: never appended to the log
    const log: Uint8Array[] = [];
    live.on('update', (update: Uint8Array) => log.push(update));

    writeThroughScratchDoc(live, (scratch) => scratch.getMap('workflows').set('b', 2), 'server');
    expect(live.getMap('workflows').get('b')).toBe(2);

    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, storedUpdate);
    for (const update of log) Y.applyUpdate(reloaded, update);
    expect(reloaded.getMap('workflows').toJSON()).toEqual({ a: 1, b: 2 });
    expect(reloaded.store.pendingStructs).toBeNull();
  });

  it('passes the origin to the live document', () => {
    const live = new Y.Doc();
    const origins: unknown[] = [];
    live.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
    writeThroughScratchDoc(live, (scratch) => scratch.getMap('m').set('k', 'v'), 'server');
    expect(origins).toEqual(['server']);
  });
});
