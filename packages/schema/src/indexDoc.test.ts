import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { indexMaps, readWorkflowIndex, removeWorkflowEntry, upsertWorkflowEntry } from './indexDoc';
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
});
