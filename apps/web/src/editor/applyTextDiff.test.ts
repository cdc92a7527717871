import { USER_ORIGIN } from '@synapse/schema';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyTextDiff } from './applyTextDiff';
import { mapIndexThroughDelta } from './mapIndexThroughDelta';

function textWith(content: string): Y.Text {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.insert(0, content);
  return text;
}

describe('applyTextDiff', () => {
  it('replaces only the changed middle, in one user transaction', () => {
    const text = textWith('You are a researcher.');
    const origins: unknown[] = [];
    const deltas: unknown[] = [];
    // Only transactions that changed something (reading event.delta opens an empty one).
    text.doc?.on('afterTransaction', (tr) => {
      if (tr.changed.size > 0) origins.push(tr.origin);
    });
    text.observe((event) => deltas.push(event.delta));
    applyTextDiff(text, 'You are a careful researcher.');
    expect(text.toString()).toBe('You are a careful researcher.');
    expect(origins).toEqual([USER_ORIGIN]);
    expect(deltas).toEqual([[{ retain: 10 }, { insert: 'careful ' }]]);
  });

  it('keeps a concurrent remote edit elsewhere in the text', () => {
    const a = textWith('alpha beta');
    const docB = new Y.Doc();
    Y.applyUpdate(docB, Y.encodeStateAsUpdate(a.doc as Y.Doc));
    const b = docB.getText('t');
    applyTextDiff(a, 'alpha beta gamma');
    applyTextDiff(b, 'ALPHA beta');
    Y.applyUpdate(docB, Y.encodeStateAsUpdate(a.doc as Y.Doc));
    Y.applyUpdate(a.doc as Y.Doc, Y.encodeStateAsUpdate(docB));
    expect(a.toString()).toBe('ALPHA beta gamma');
    expect(b.toString()).toBe(a.toString());
  });

  it('does not split a surrogate pair', () => {
    const text = textWith('a😀b');
    applyTextDiff(text, 'a😃b');
    expect(text.toString()).toBe('a😃b');
  });
});

describe('mapIndexThroughDelta', () => {
  it('shifts a caret after an insert or delete before it, and not one before the change', () => {
    expect(mapIndexThroughDelta(5, [{ retain: 2 }, { insert: 'xyz' }])).toBe(8);
    expect(mapIndexThroughDelta(1, [{ retain: 2 }, { insert: 'xyz' }])).toBe(1);
    expect(mapIndexThroughDelta(5, [{ retain: 1 }, { delete: 2 }])).toBe(3);
    expect(mapIndexThroughDelta(2, [{ retain: 1 }, { delete: 4 }])).toBe(1);
  });
});
